// cuLaunchKernel with its parameters packed in one buffer (CU_LAUNCH_PARAM_BUFFER_POINTER and
// CU_LAUNCH_PARAM_BUFFER_SIZE in `extra`) instead of an array of pointers.
// conform: tags=driver-api,launch modes=shim,shim-static,native libs=cuda
// expect: packed parameters delivered: out = 5 * 8 + 2 = 42
// expect: PASS launch_param_buffer
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

// *out = a * b + c with (u64 out, u32 a, u32 b, u32 c): offsets 0, 8, 12, 16.
static const char kPtx[] = R"(
.version 7.0
.target sm_50
.address_size 64
.visible .entry madd(.param .u64 out, .param .u32 a, .param .u32 b, .param .u32 c)
{
  .reg .b32 %r<5>;
  .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [a];
  ld.param.u32 %r2, [b];
  ld.param.u32 %r3, [c];
  mad.lo.u32 %r4, %r1, %r2, %r3;
  cvta.to.global.u64 %rd2, %rd1;
  st.global.u32 [%rd2], %r4;
  ret;
}
)";

int main() {
  CU(cuInit(0));
  CUdevice device;
  CU(cuDeviceGet(&device, 0));
  CUcontext context;
  CU(cuDevicePrimaryCtxRetain(&context, device));
  CU(cuCtxSetCurrent(context));
  CUmodule module;
  CU(cuModuleLoadData(&module, kPtx));
  CUfunction kernel;
  CU(cuModuleGetFunction(&kernel, module, "madd"));
  CUdeviceptr out;
  CU(cuMemAlloc(&out, 4));
  unsigned char buffer[20] = {};
  unsigned a = 5, b = 8, c = 2;
  std::memcpy(buffer, &out, 8);
  std::memcpy(buffer + 8, &a, 4);
  std::memcpy(buffer + 12, &b, 4);
  std::memcpy(buffer + 16, &c, 4);
  size_t size = sizeof buffer;
  void *extra[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, buffer, CU_LAUNCH_PARAM_BUFFER_SIZE, &size,
                   CU_LAUNCH_PARAM_END};
  CU(cuLaunchKernel(kernel, 1, 1, 1, 1, 1, 1, 0, nullptr, nullptr, extra));
  unsigned h = 0;
  CU(cuMemcpyDtoH(&h, out, sizeof h));
  std::printf("packed parameters delivered: out = 5 * 8 + 2 = %u\n", h);
  CU(cuMemFree(out));
  std::printf("PASS launch_param_buffer\n");
  return 0;
}
