// cuModuleGetGlobal finds a module's .global variable with its size; the host writes it with
// cuMemcpyHtoD and a kernel reads it; cuFuncGetAttribute reports the kernel's limits.
// conform: tags=driver-api,modules,symbols modes=shim,shim-static,native libs=cuda
// expect: global 'scale' of 4 bytes, kernel read 11: out[3] = 33
// expect: max threads per block >= 32
// expect: PASS module_globals
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

// out[tid] = scale * tid, with `scale` a module-scope global.
static const char kPtx[] = R"(
.version 7.0
.target sm_50
.address_size 64
.visible .global .align 4 .u32 scale;
.visible .entry times_scale(.param .u64 out)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  ld.global.u32 %r1, [scale];
  mov.u32 %r2, %tid.x;
  mul.lo.u32 %r3, %r1, %r2;
  cvta.to.global.u64 %rd2, %rd1;
  mul.wide.u32 %rd3, %r2, 4;
  add.s64 %rd2, %rd2, %rd3;
  st.global.u32 [%rd2], %r3;
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
  CUdeviceptr global;
  size_t bytes = 0;
  CU(cuModuleGetGlobal(&global, &bytes, module, "scale"));
  unsigned eleven = 11;
  CU(cuMemcpyHtoD(global, &eleven, sizeof eleven));
  CUfunction kernel;
  CU(cuModuleGetFunction(&kernel, module, "times_scale"));
  CUdeviceptr out;
  CU(cuMemAlloc(&out, 8 * sizeof(unsigned)));
  void *params[] = {&out};
  CU(cuLaunchKernel(kernel, 1, 1, 1, 8, 1, 1, 0, nullptr, params, nullptr));
  unsigned h[8];
  CU(cuMemcpyDtoH(h, out, sizeof h));
  std::printf("global 'scale' of %zu bytes, kernel read %u: out[3] = %u\n", bytes, eleven, h[3]);
  int maxThreads = 0;
  CU(cuFuncGetAttribute(&maxThreads, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, kernel));
  std::printf("max threads per block >= %d\n", maxThreads >= 32 ? 32 : maxThreads);
  CU(cuMemFree(out));
  CU(cuModuleUnload(module));
  std::printf("PASS module_globals\n");
  return 0;
}
