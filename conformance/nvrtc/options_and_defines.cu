// NVRTC options: -D defines reach the source, an extern "C" kernel keeps its name, and
// nvrtcVersion reports a version of 13 or later.
// conform: tags=nvrtc,driver-api modes=shim,shim-static,native libs=cuda,nvrtc
// expect: nvrtc 13+, defined FACTOR=6 reached the kernel: out[5] = 30
// expect: PASS options_and_defines
#include <cstdio>
#include <cuda.h>
#include <nvrtc.h>
#include <string>

#define CHECK_TRUE(condition)                                                                      \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      std::printf("FAIL line %d: %s\n", __LINE__, #condition);                                     \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

static const char kSource[] =
    "extern \"C\" __global__ void times(int *v) { v[threadIdx.x] = threadIdx.x * FACTOR; }\n";

int main() {
  int major = 0, minor = 0;
  CHECK_TRUE(nvrtcVersion(&major, &minor) == NVRTC_SUCCESS);
  nvrtcProgram program;
  CHECK_TRUE(nvrtcCreateProgram(&program, kSource, "times.cu", 0, nullptr, nullptr) ==
             NVRTC_SUCCESS);
  const char *options[] = {"-DFACTOR=6", "--gpu-architecture=compute_80"};
  CHECK_TRUE(nvrtcCompileProgram(program, 2, options) == NVRTC_SUCCESS);
  size_t size = 0;
  CHECK_TRUE(nvrtcGetPTXSize(program, &size) == NVRTC_SUCCESS);
  std::string ptx(size, '\0');
  CHECK_TRUE(nvrtcGetPTX(program, &ptx[0]) == NVRTC_SUCCESS);
  nvrtcDestroyProgram(&program);
  CHECK_TRUE(cuInit(0) == CUDA_SUCCESS);
  CUdevice device;
  CUcontext context;
  CHECK_TRUE(cuDeviceGet(&device, 0) == CUDA_SUCCESS);
  CHECK_TRUE(cuDevicePrimaryCtxRetain(&context, device) == CUDA_SUCCESS);
  CHECK_TRUE(cuCtxSetCurrent(context) == CUDA_SUCCESS);
  CUmodule module;
  CUfunction kernel;
  CHECK_TRUE(cuModuleLoadData(&module, ptx.c_str()) == CUDA_SUCCESS);
  CHECK_TRUE(cuModuleGetFunction(&kernel, module, "times") == CUDA_SUCCESS);
  CUdeviceptr v;
  CHECK_TRUE(cuMemAlloc(&v, 8 * sizeof(int)) == CUDA_SUCCESS);
  void *params[] = {&v};
  CHECK_TRUE(cuLaunchKernel(kernel, 1, 1, 1, 8, 1, 1, 0, nullptr, params, nullptr) == CUDA_SUCCESS);
  int h[8];
  CHECK_TRUE(cuMemcpyDtoH(h, v, sizeof h) == CUDA_SUCCESS);
  std::printf("nvrtc %s, defined FACTOR=6 reached the kernel: out[5] = %d\n",
              major >= 13 ? "13+" : "older", h[5]);
  std::printf("PASS options_and_defines\n");
  return 0;
}
