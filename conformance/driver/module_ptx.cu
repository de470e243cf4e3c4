// The driver API end to end with PTX written by hand: cuInit, the primary context, a module
// loaded from PTX text, a function looked up by name, memory, and cuLaunchKernel with parameters.
// conform: tags=driver-api,modules modes=shim,shim-static,native libs=cuda
// expect: kernel 'add_scaled' added 3*i to 64 values: out[63] = 189
// expect: unknown name -> CUDA_ERROR_NOT_FOUND
// expect: PASS module_ptx
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

// out[i] += scale * i, one thread per element.
static const char kPtx[] = R"(
.version 7.0
.target sm_50
.address_size 64
.visible .entry add_scaled(.param .u64 out, .param .u32 scale)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [scale];
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
  CUfunction kernel;
  CU(cuModuleGetFunction(&kernel, module, "add_scaled"));
  CUdeviceptr out;
  CU(cuMemAlloc(&out, 64 * sizeof(unsigned)));
  unsigned scale = 3;
  void *params[] = {&out, &scale};
  CU(cuLaunchKernel(kernel, 1, 1, 1, 64, 1, 1, 0, nullptr, params, nullptr));
  CU(cuCtxSynchronize());
  unsigned h[64];
  CU(cuMemcpyDtoH(h, out, sizeof h));
  for (unsigned i = 0; i < 64; ++i)
    if (h[i] != 3 * i) {
      std::printf("FAIL out[%u] = %u\n", i, h[i]);
      return 1;
    }
  std::printf("kernel 'add_scaled' added 3*i to 64 values: out[63] = %u\n", h[63]);
  CUfunction missing;
  CUresult r = cuModuleGetFunction(&missing, module, "no_such_kernel");
  const char *name = "?";
  cuGetErrorName(r, &name);
  std::printf("unknown name -> %s\n", name);
  CU(cuMemFree(out));
  CU(cuModuleUnload(module));
  CU(cuDevicePrimaryCtxRelease(device));
  std::printf("PASS module_ptx\n");
  return 0;
}
