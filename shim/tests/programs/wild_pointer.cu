// A pointer far outside any mapping faults on every GPU: the kernel ends with
// cudaErrorIllegalAddress (sticky) and the process lives, whatever QIAO_MEMCHECK says.
#include "check.h"

__global__ void storeThrough(int *p) { *p = 7; }

int main() {
  int *p = nullptr;
  CHECK(cudaMalloc(&p, 64));
  storeThrough<<<1, 1>>>(p + (1LL << 38)); // a terabyte past the allocation
  cudaError_t status = cudaDeviceSynchronize();
  std::printf("wild store %s\n", cudaGetErrorName(status));
  EXPECT(status == cudaErrorIllegalAddress);
  EXPECT(cudaGetLastError() == cudaErrorIllegalAddress);
  std::printf("PASS wild_pointer\n");
  return 0;
}
