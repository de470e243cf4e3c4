// Integer arithmetic whose edge cases CUDA defines: signed division truncates toward zero, the
// remainder takes the dividend's sign; bit intrinsics.
// out[f * n + i] as 32-bit values, f in the order below.
extern "C" __global__ void int_ops(const int *a, const int *b, unsigned *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  int x = a[i], y = b[i]; // y is never 0
  unsigned ux = x, uy = y;
  unsigned *o = out + i;
  o[0 * n] = x / y;
  o[1 * n] = x % y;
  o[2 * n] = ux / uy;
  o[3 * n] = ux % uy;
  o[4 * n] = __clz(x);
  o[5 * n] = __popc(ux);
  o[6 * n] = __brev(ux);
  o[7 * n] = __byte_perm(ux, uy, uy & 0x7777);
  o[8 * n] = __funnelshift_l(ux, uy, y & 63);
  o[9 * n] = __funnelshift_r(ux, uy, y & 63);
  o[10 * n] = __funnelshift_lc(ux, uy, y & 63);
  o[11 * n] = __ffs(x);
  o[12 * n] = __mulhi(x, y);
  o[13 * n] = __umulhi(ux, uy);
  o[14 * n] = abs(x) + min(x, y) - max(x, y);
  o[15 * n] = (x >> (y & 31)) ^ (ux >> (uy & 31)) ^ (ux << (uy & 31));
}

// 64-bit division and modulo with negatives, and 64-bit bit counts.
extern "C" __global__ void int64_ops(const long long *a, const long long *b,
                                     unsigned long long *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  long long x = a[i], y = b[i];
  unsigned long long ux = x, uy = y;
  unsigned long long *o = out + i;
  o[0 * n] = x / y;
  o[1 * n] = x % y;
  o[2 * n] = ux / uy;
  o[3 * n] = ux % uy;
  o[4 * n] = __clzll(x);
  o[5 * n] = __popcll(ux);
  o[6 * n] = __brevll(ux);
  o[7 * n] = __umul64hi(ux, uy);
}
