// Error semantics: a bad launch configuration is reported at launch and is not sticky; an
// out-of-bounds access makes the context fail with cudaErrorIllegalAddress, which stays.
#include "check.h"

__global__ void write(int *p, long long index) { p[index] = 1; }

int main() {
  int *p;
  CHECK(cudaMalloc(&p, 16 * sizeof(int)));
  write<<<1, 2048>>>(p, 0);
  EXPECT(cudaGetLastError() == cudaErrorInvalidConfiguration);
  EXPECT(cudaGetLastError() == cudaSuccess);
  write<<<1, 1>>>(p, 3);
  CHECK(cudaDeviceSynchronize());
  std::printf("recoverable error cleared\n");

  write<<<1, 1>>>(p, 1LL << 40);
  cudaError_t synced = cudaDeviceSynchronize();
  EXPECT(synced == cudaErrorIllegalAddress);
  EXPECT(cudaGetLastError() == cudaErrorIllegalAddress);
  // Sticky: the context stays unusable.
  int *q = nullptr;
  EXPECT(cudaMalloc(&q, 4) == cudaErrorIllegalAddress);
  EXPECT(cudaDeviceSynchronize() == cudaErrorIllegalAddress);
  std::printf("sticky %s\n", cudaGetErrorName(synced));
  std::printf("PASS errors\n");
  return 0;
}
