// Atomics of several kinds and warp shuffles / votes.
__global__ void histogram(const unsigned char *in, unsigned int *bins, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    atomicAdd(&bins[in[i]], 1u);
}

__global__ void atomicMix(float *f, int *m, unsigned long long *c) {
  atomicAdd(f, 1.5f);
  atomicMax(m, threadIdx.x);
  atomicCAS(c, 0ull, 7ull);
  atomicExch(m + 1, 3);
}

__global__ void warpReduce(const int *in, int *out) {
  int v = in[threadIdx.x];
  for (int offset = 16; offset > 0; offset /= 2)
    v += __shfl_down_sync(0xffffffffu, v, offset);
  unsigned ballot = __ballot_sync(0xffffffffu, v > 0);
  if ((threadIdx.x & 31) == 0)
    out[threadIdx.x / 32] = v + __popc(ballot);
}
