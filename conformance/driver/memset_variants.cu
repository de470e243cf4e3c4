// Driver-API memsets of every width: cuMemsetD8, cuMemsetD16, cuMemsetD32 and the 2D variant
// cuMemsetD2D32 on a pitched allocation from cuMemAllocPitch.
// conform: tags=driver-api,memory,memset modes=shim,shim-static,native libs=cuda
// expect: D8 0xabababab D16 0x12341234 D32 0xdeadbeef
// expect: D2D32 filled 3 of 4 rows: 7 7 0
// expect: PASS memset_variants
#include <cstdio>
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
  CUdevice device;
  CU(cuDeviceGet(&device, 0));
  CUcontext context;
  CU(cuDevicePrimaryCtxRetain(&context, device));
  CU(cuCtxSetCurrent(context));
  CUdeviceptr d;
  CU(cuMemAlloc(&d, 12));
  CU(cuMemsetD8(d, 0xab, 4));
  CU(cuMemsetD16(d + 4, 0x1234, 2));
  CU(cuMemsetD32(d + 8, 0xdeadbeef, 1));
  unsigned h[3];
  CU(cuMemcpyDtoH(h, d, sizeof h));
  std::printf("D8 0x%08x D16 0x%08x D32 0x%08x\n", h[0], h[1], h[2]);
  CUdeviceptr p;
  size_t pitch = 0;
  CU(cuMemAllocPitch(&p, &pitch, 16, 4, 4));
  CU(cuMemsetD2D32(p, pitch, 0, 4, 4));
  CU(cuMemsetD2D32(p, pitch, 7, 4, 3));
  unsigned rows[4][4];
  CUDA_MEMCPY2D copy = {};
  copy.srcMemoryType = CU_MEMORYTYPE_DEVICE;
  copy.srcDevice = p;
  copy.srcPitch = pitch;
  copy.dstMemoryType = CU_MEMORYTYPE_HOST;
  copy.dstHost = rows;
  copy.dstPitch = sizeof rows[0];
  copy.WidthInBytes = sizeof rows[0];
  copy.Height = 4;
  CU(cuMemcpy2D(&copy));
  std::printf("D2D32 filled 3 of 4 rows: %u %u %u\n", rows[0][0], rows[2][3], rows[3][0]);
  CU(cuMemFree(d));
  CU(cuMemFree(p));
  std::printf("PASS memset_variants\n");
  return 0;
}
