// Driver-API memory and streams: cuMemsetD32Async and cuMemcpyHtoDAsync/DtoHAsync ordered in a
// CUstream, cuMemGetAddressRange for an interior pointer, cuMemAllocHost, and events.
// conform: tags=driver-api,memory,streams modes=shim,shim-static,native libs=cuda
// expect: memset then partial copy: 7 7 100 101 7
// expect: address range base ok, size 4096
// expect: PASS memory_and_streams
#include <cstdio>
#include <cuda.h>

#define CU(call)                                                                                   \
  do {                                                                                             \
    CUresult r_ = (call);                                                                          \
    if (r_ != CUDA_SUCCESS) {                                                                      \
      const char *n_ = "?";                                                                        \
      cuGetErrorName(r_, &n_);                                                                     \
      std::printf("FAIL line %d: %s -> %s\n", __LINE__, #call, n_);                                \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

int main() {
  CU(cuInit(0));
  CUdevice device;
  CU(cuDeviceGet(&device, 0));
  CUcontext context;
  CU(cuCtxCreate(&context, nullptr, 0, device));
  CUstream stream;
  CU(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  CUdeviceptr d;
  CU(cuMemAlloc(&d, 4096));
  unsigned *host;
  CU(cuMemAllocHost((void **)&host, 4096));
  host[0] = 100, host[1] = 101;
  CU(cuMemsetD32Async(d, 7, 1024, stream));
  CU(cuMemcpyHtoDAsync(d + 2 * sizeof(unsigned), host, 2 * sizeof(unsigned), stream));
  CUevent done;
  CU(cuEventCreate(&done, CU_EVENT_DEFAULT));
  CU(cuEventRecord(done, stream));
  CU(cuMemcpyDtoHAsync(host, d, 5 * sizeof(unsigned), stream));
  CU(cuStreamSynchronize(stream));
  CU(cuEventQuery(done));
  std::printf("memset then partial copy: %u %u %u %u %u\n", host[0], host[1], host[2], host[3],
              host[4]);
  CUdeviceptr base;
  size_t size;
  CU(cuMemGetAddressRange(&base, &size, d + 100));
  std::printf("address range base %s, size %zu\n", base == d ? "ok" : "wrong", size);
  CU(cuEventDestroy(done));
  CU(cuMemFreeHost(host));
  CU(cuMemFree(d));
  CU(cuStreamDestroy(stream));
  CU(cuCtxDestroy(context));
  std::printf("PASS memory_and_streams\n");
  return 0;
}
