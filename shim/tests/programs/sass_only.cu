// Built with SASS only (-gencode arch=compute_80,code=sm_80): nothing the Qiao device can run.
// The launch must fail with cudaErrorNoKernelImageForDevice and one clear message, not crash.
#include "check.h"

__global__ void unreachable(int *p) { *p = 1; }

int main() {
  int *p;
  CHECK(cudaMalloc(&p, sizeof(int)));
  unreachable<<<1, 1>>>(p);
  cudaError_t status = cudaGetLastError();
  std::printf("launch: %s\n", cudaGetErrorName(status));
  unreachable<<<1, 1>>>(p);
  EXPECT(cudaGetLastError() == status);
  return status == cudaErrorNoKernelImageForDevice ? 0 : 1;
}
