// Driver-API device queries: cuDeviceGetCount, cuDeviceGetName, cuDeviceTotalMem,
// cuDeviceGetAttribute for the warp size and block limits, cuDriverGetVersion >= 13000.
// conform: tags=driver-api,device-query modes=shim,shim-static,native libs=cuda
// expect: 1+ devices, named, memory > 0, warp 32, 1024 threads/block, driver >= 13000
// expect: PASS device_queries
#include <cstdio>
#include <cstring>
#include <cuda.h>

#define CU(call)                                                                                   \
  do {                                                                                             \
    CUresult r_ = (call);                                                                          \
    if (r_ != CUDA_SUCCESS) {                                                                      \
      std::printf("FAIL line %d: %s -> %d\n", __LINE__, #call, (int)r_);                           \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

int main() {
  CU(cuInit(0));
  int count = 0, version = 0, warp = 0, threads = 0;
  CU(cuDeviceGetCount(&count));
  CUdevice device;
  CU(cuDeviceGet(&device, 0));
  char name[256] = {};
  CU(cuDeviceGetName(name, sizeof name, device));
  size_t memory = 0;
  CU(cuDeviceTotalMem(&memory, device));
  CU(cuDeviceGetAttribute(&warp, CU_DEVICE_ATTRIBUTE_WARP_SIZE, device));
  CU(cuDeviceGetAttribute(&threads, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, device));
  CU(cuDriverGetVersion(&version));
  std::printf("%s devices, %s, memory %s, warp %d, %d threads/block, driver %s\n",
              count >= 1 ? "1+" : "no", std::strlen(name) > 0 ? "named" : "unnamed",
              memory > 0 ? "> 0" : "0", warp, threads, version >= 13000 ? ">= 13000" : "older");
  std::printf("PASS device_queries\n");
  return 0;
}
