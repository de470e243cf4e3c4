// NVRTC compiles CUDA C++ source at run time to PTX (with a name expression for a template
// kernel), and the driver API loads and launches it.
// conform: tags=nvrtc,driver-api,jit modes=shim,shim-static,native libs=cuda,nvrtc
// expect: compiled to PTX, lowered name found
// expect: scale<int> by 7: out[9] = 63
// expect: PASS compile_and_launch
#include <cstdio>
#include <cuda.h>
#include <nvrtc.h>
#include <string>

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
#define RTC(call)                                                                                  \
  do {                                                                                             \
    nvrtcResult r_ = (call);                                                                       \
    if (r_ != NVRTC_SUCCESS) {                                                                     \
      std::printf("FAIL line %d: %s -> %s\n", __LINE__, #call, nvrtcGetErrorString(r_));           \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

static const char kSource[] = R"(
template <typename T> __global__ void scale(T *v, T factor) {
  v[threadIdx.x] = threadIdx.x * factor;
}
)";

int main() {
  nvrtcProgram program;
  RTC(nvrtcCreateProgram(&program, kSource, "scale.cu", 0, nullptr, nullptr));
  RTC(nvrtcAddNameExpression(program, "scale<int>"));
  const char *options[] = {"--gpu-architecture=compute_80"};
  RTC(nvrtcCompileProgram(program, 1, options));
  size_t size = 0;
  RTC(nvrtcGetPTXSize(program, &size));
  std::string ptx(size, '\0');
  RTC(nvrtcGetPTX(program, &ptx[0]));
  const char *lowered = nullptr;
  RTC(nvrtcGetLoweredName(program, "scale<int>", &lowered));
  std::printf("compiled to PTX, lowered name %s\n", lowered && *lowered ? "found" : "missing");
  std::string kernelName = lowered;
  RTC(nvrtcDestroyProgram(&program));

  CU(cuInit(0));
  CUdevice device;
  CU(cuDeviceGet(&device, 0));
  CUcontext context;
  CU(cuDevicePrimaryCtxRetain(&context, device));
  CU(cuCtxSetCurrent(context));
  CUmodule module;
  CU(cuModuleLoadData(&module, ptx.c_str()));
  CUfunction kernel;
  CU(cuModuleGetFunction(&kernel, module, kernelName.c_str()));
  CUdeviceptr v;
  CU(cuMemAlloc(&v, 32 * sizeof(int)));
  int factor = 7;
  void *params[] = {&v, &factor};
  CU(cuLaunchKernel(kernel, 1, 1, 1, 32, 1, 1, 0, nullptr, params, nullptr));
  int h[32];
  CU(cuMemcpyDtoH(h, v, sizeof h));
  std::printf("scale<int> by 7: out[9] = %d\n", h[9]);
  CU(cuMemFree(v));
  CU(cuModuleUnload(module));
  std::printf("PASS compile_and_launch\n");
  return 0;
}
