// Built with PTX only, for a newer architecture than the device's 8.0 (-gencode
// arch=compute_90,code=compute_90 or compute_100): PTX runs only on its target or newer, so CUDA
// has no image for this device and the launch fails with cudaErrorNoKernelImageForDevice, every
// time, without spoiling the context.
#include "check.h"

__global__ void unreachable(int *p) { *p = 1; }

int main() {
  int *p;
  CHECK(cudaMalloc(&p, sizeof(int)));
  unreachable<<<1, 1>>>(p);
  cudaError_t status = cudaGetLastError();
  std::printf("launch: %s\n", cudaGetErrorName(status));
  EXPECT(status == cudaErrorNoKernelImageForDevice);
  unreachable<<<1, 1>>>(p);
  EXPECT(cudaGetLastError() == status);
  CHECK(cudaMemset(p, 0, sizeof(int)));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaFree(p));
  std::printf("PASS newer_ptx\n");
  return 0;
}
