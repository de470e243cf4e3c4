// Atomics on shared memory: a per-block histogram built with atomicAdd on __shared__ counters,
// then merged into global memory.
// conform: tags=atomics,shared,histogram
// expect: histogram of 4096 values in 16 bins: 256 each
// expect: PASS shared_memory_atomics
#include "conform.h"

__global__ void histogram(const int *v, int n, unsigned *bins) {
  __shared__ unsigned local[16];
  if (threadIdx.x < 16)
    local[threadIdx.x] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    atomicAdd(&local[v[i] % 16], 1u);
  __syncthreads();
  if (threadIdx.x < 16)
    atomicAdd(&bins[threadIdx.x], local[threadIdx.x]);
}

int main() {
  const int n = 4096;
  int h[n], *v;
  for (int i = 0; i < n; ++i)
    h[i] = i * 7;
  unsigned *bins, hb[16];
  CHECK(cudaMalloc(&v, sizeof h));
  CHECK(cudaMalloc(&bins, sizeof hb));
  CHECK(cudaMemcpy(v, h, sizeof h, cudaMemcpyHostToDevice));
  CHECK(cudaMemset(bins, 0, sizeof hb));
  histogram<<<8, 128>>>(v, n, bins);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(hb, bins, sizeof hb, cudaMemcpyDeviceToHost));
  for (int b = 0; b < 16; ++b)
    EXPECT(hb[b] == 256);
  std::printf("histogram of %d values in 16 bins: %u each\n", n, hb[0]);
  std::printf("PASS shared_memory_atomics\n");
  return 0;
}
