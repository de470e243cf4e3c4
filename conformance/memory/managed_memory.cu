// Managed memory: the host writes, a kernel updates in place, the host reads after synchronising;
// the attach flags and cudaMemAdvise-free path work without prefetching.
// conform: tags=memory,managed
// expect: histogram 250 250 250 250
// expect: PASS managed_memory
#include "conform.h"

__global__ void histogram(const int *values, int n, unsigned *bins) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    atomicAdd(&bins[values[i] % 4], 1u);
}

int main() {
  const int n = 1000;
  int *values;
  unsigned *bins;
  CHECK(cudaMallocManaged(&values, n * sizeof(int)));
  CHECK(cudaMallocManaged(&bins, 4 * sizeof(unsigned), cudaMemAttachGlobal));
  for (int i = 0; i < n; ++i)
    values[i] = i * 5;
  for (int b = 0; b < 4; ++b)
    bins[b] = 0;
  histogram<<<(n + 255) / 256, 256>>>(values, n, bins);
  CHECK_LAUNCH();
  std::printf("histogram %u %u %u %u\n", bins[0], bins[1], bins[2], bins[3]);
  EXPECT(bins[0] + bins[1] + bins[2] + bins[3] == n);
  CHECK(cudaFree(values));
  CHECK(cudaFree(bins));
  std::printf("PASS managed_memory\n");
  return 0;
}
