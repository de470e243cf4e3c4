// A kernel that writes through an invalid pointer ends with cudaErrorIllegalAddress, which is
// sticky: the context is unusable, later calls return the same error, and cudaGetLastError
// cannot clear it.
// conform: tags=errors,sticky,faults
// expect: synchronize -> cudaErrorIllegalAddress
// expect: get last error -> cudaErrorIllegalAddress
// expect: malloc afterwards -> cudaErrorIllegalAddress
// expect: still sticky -> cudaErrorIllegalAddress
// expect: PASS sticky_illegal_address
#include "conform.h"

__global__ void writeThrough(int *p) { *p = 1; }

int main() {
  writeThrough<<<1, 1>>>(reinterpret_cast<int *>(0x10));
  std::printf("synchronize -> %s\n", cudaGetErrorName(cudaDeviceSynchronize()));
  std::printf("get last error -> %s\n", cudaGetErrorName(cudaGetLastError()));
  void *p = nullptr;
  std::printf("malloc afterwards -> %s\n", cudaGetErrorName(cudaMalloc(&p, 16)));
  std::printf("still sticky -> %s\n", cudaGetErrorName(cudaDeviceSynchronize()));
  std::printf("PASS sticky_illegal_address\n");
  return 0;
}
