// Inclusive prefix sum within each 256-thread block (Hillis-Steele), double-buffered in shared
// memory so that each of the 8 steps needs one barrier.
constexpr unsigned kBlock = 256;

extern "C" __global__ void block_scan(const unsigned *in, unsigned *out, unsigned n) {
  __shared__ unsigned buf[2][kBlock];
  unsigned t = threadIdx.x, i = blockIdx.x * kBlock + t;
  unsigned src = 0;
  buf[0][t] = i < n ? in[i] : 0u;
  __syncthreads();
  for (unsigned offset = 1; offset < kBlock; offset *= 2) {
    unsigned v = buf[src][t];
    if (t >= offset)
      v += buf[src][t - offset];
    buf[src ^ 1][t] = v;
    src ^= 1;
    __syncthreads();
  }
  if (i < n)
    out[i] = buf[src][t];
}
