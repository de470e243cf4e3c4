// A program that uses both APIs, as libraries built on the driver API do inside runtime
// programs: after the runtime's first call the driver is initialised, the runtime device's
// primary context is current, and driver allocations serve runtime kernels and copies; and both
// APIs answer every device attribute number alike: each number CUDA 13 names (1..147, the
// runtime's enumeration skipping a few that NVIDIA's runtime answers all the same) with one value,
// and numbers past them with an invalid-value error.
#include "check.h"

#include <cuda.h>

__global__ void triple(int *p) { p[threadIdx.x] = threadIdx.x * 3; }

int main() {
  CHECK(cudaFree(nullptr)); // the runtime's first call
  CUcontext context = nullptr;
  EXPECT(cuCtxGetCurrent(&context) == CUDA_SUCCESS && context != nullptr);
  CUdevice device = -1;
  EXPECT(cuCtxGetDevice(&device) == CUDA_SUCCESS && device == 0);
  char name[128];
  EXPECT(cuDeviceGetName(name, sizeof name, device) == CUDA_SUCCESS);
  CUdeviceptr memory = 0;
  EXPECT(cuMemAlloc(&memory, 64 * sizeof(int)) == CUDA_SUCCESS);
  triple<<<1, 64>>>(reinterpret_cast<int *>(memory));
  CHECK(cudaGetLastError());
  int host[64];
  CHECK(cudaMemcpy(host, reinterpret_cast<void *>(memory), sizeof host, cudaMemcpyDeviceToHost));
  EXPECT(host[63] == 189);
  size_t freeBytes = 0, totalBytes = 0;
  EXPECT(cuMemGetInfo(&freeBytes, &totalBytes) == CUDA_SUCCESS && freeBytes <= totalBytes);
  unsigned memoryType = 0;
  EXPECT(cuPointerGetAttribute(&memoryType, CU_POINTER_ATTRIBUTE_MEMORY_TYPE, memory) ==
         CUDA_SUCCESS);
  EXPECT(memoryType == CU_MEMORYTYPE_DEVICE);
  EXPECT(cuMemFree(memory) == CUDA_SUCCESS);
  int answered = 0;
  for (int n = 0; n < CU_DEVICE_ATTRIBUTE_MAX + 10; ++n) {
    int runtimeValue = -12345, driverValue = -54321;
    cudaError_t runtimeCode = cudaDeviceGetAttribute(&runtimeValue, cudaDeviceAttr(n), device);
    cudaGetLastError();
    CUresult driverCode = cuDeviceGetAttribute(&driverValue, CUdevice_attribute(n), device);
    const bool named = n >= 1 && n < CU_DEVICE_ATTRIBUTE_MAX;
    if (named != (runtimeCode == cudaSuccess) || named != (driverCode == CUDA_SUCCESS) ||
        (!named &&
         (runtimeCode != cudaErrorInvalidValue || driverCode != CUDA_ERROR_INVALID_VALUE)) ||
        (named && runtimeValue != driverValue)) {
      std::printf("FAIL attribute %d: runtime %s %d, driver %d %d\n", n,
                  cudaGetErrorName(runtimeCode), runtimeValue, int(driverCode), driverValue);
      return 1;
    }
    answered += named;
  }
  int gather = -1, vmm = -1, decompress = -1;
  EXPECT(cuDeviceGetAttribute(&gather, CU_DEVICE_ATTRIBUTE_CAN_TEX2D_GATHER, device) ==
         CUDA_SUCCESS);
  EXPECT(cuDeviceGetAttribute(&vmm, CU_DEVICE_ATTRIBUTE_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED,
                              device) == CUDA_SUCCESS);
  EXPECT(cuDeviceGetAttribute(&decompress, CU_DEVICE_ATTRIBUTE_MEM_DECOMPRESS_ALGORITHM_MASK,
                              device) == CUDA_SUCCESS);
  EXPECT(gather == 0 && vmm == 0 && decompress == 0); // features the device does not offer
  std::printf("both APIs answer %d device attributes alike\n", answered);
  std::printf("driver sees the runtime's context on %s\n", name);
  std::printf("PASS runtime_and_driver\n");
  return 0;
}
