// Runtime calls reject bad arguments with their documented codes, and each such error is
// recoverable: the next call succeeds.
// conform: tags=errors,validation
// expect: set device 99 -> cudaErrorInvalidDevice
// expect: copy kind 77 -> cudaErrorInvalidMemcpyDirection
// expect: malloc to null -> cudaErrorInvalidValue
// expect: huge malloc -> cudaErrorMemoryAllocation
// expect: last error -> cudaErrorMemoryAllocation
// expect: PASS invalid_arguments
#include "conform.h"

int main() {
  std::printf("set device 99 -> %s\n", cudaGetErrorName(cudaSetDevice(99)));
  int *d;
  CHECK(cudaMalloc(&d, 64));
  int h[16];
  std::printf("copy kind 77 -> %s\n",
              cudaGetErrorName(cudaMemcpy(h, d, 64, static_cast<cudaMemcpyKind>(77))));
  std::printf("malloc to null -> %s\n", cudaGetErrorName(cudaMalloc(nullptr, 64)));
  void *huge = nullptr;
  std::printf("huge malloc -> %s\n", cudaGetErrorName(cudaMalloc(&huge, size_t(1) << 60)));
  std::printf("last error -> %s\n", cudaGetErrorName(cudaGetLastError()));
  CHECK(cudaMemcpy(h, d, 64, cudaMemcpyDeviceToHost));
  CHECK(cudaFree(d));
  std::printf("PASS invalid_arguments\n");
  return 0;
}
