// cudaLaunchKernel and cudaFuncGetAttributes with a pointer that is not a kernel return
// cudaErrorInvalidDeviceFunction.
// conform: tags=errors,launch
// expect: launch of a host function -> cudaErrorInvalidDeviceFunction
// expect: attributes of a host function -> cudaErrorInvalidDeviceFunction
// expect: PASS invalid_device_function
#include "conform.h"

void notAKernel() {}

int main() {
  cudaError_t launch =
      cudaLaunchKernel((const void *)notAKernel, dim3(1), dim3(1), nullptr, 0, nullptr);
  std::printf("launch of a host function -> %s\n", cudaGetErrorName(launch));
  cudaGetLastError();
  cudaFuncAttributes a;
  cudaError_t attributes = cudaFuncGetAttributes(&a, (const void *)notAKernel);
  std::printf("attributes of a host function -> %s\n", cudaGetErrorName(attributes));
  cudaGetLastError();
  std::printf("PASS invalid_device_function\n");
  return 0;
}
