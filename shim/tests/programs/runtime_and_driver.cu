// A program that uses both APIs, as libraries built on the driver API do inside runtime
// programs: after the runtime's first call the driver is initialised, the runtime device's
// primary context is current, and driver allocations serve runtime kernels and copies.
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
  std::printf("driver sees the runtime's context on %s\n", name);
  std::printf("PASS runtime_and_driver\n");
  return 0;
}
