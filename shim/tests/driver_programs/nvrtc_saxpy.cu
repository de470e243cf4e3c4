// A driver-API program as NVRTC users write them: compile a kernel to PTX at run time, load it
// with cuModuleLoadDataEx, launch it with cuLaunchKernel (kernelParams form), check the result.
#include "driver_check.h"

#include <nvrtc.h>

#include <cstring>
#include <string>
#include <vector>

static const char *kSource = R"(
extern "C" __global__ void saxpy(float a, const float *x, const float *y, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = a * x[i] + y[i];
}
)";

#define NVRTC_CHECK(call)                                                                          \
  do {                                                                                             \
    nvrtcResult nvrtcStatus_ = (call);                                                             \
    if (nvrtcStatus_ != NVRTC_SUCCESS) {                                                           \
      std::printf("FAIL %s: %s\n", #call, nvrtcGetErrorString(nvrtcStatus_));                      \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

int main() {
  nvrtcProgram program;
  NVRTC_CHECK(nvrtcCreateProgram(&program, kSource, "saxpy.cu", 0, nullptr, nullptr));
  const char *options[] = {"--gpu-architecture=compute_80"};
  nvrtcResult compiled = nvrtcCompileProgram(program, 1, options);
  if (compiled != NVRTC_SUCCESS) {
    size_t logSize = 0;
    nvrtcGetProgramLogSize(program, &logSize);
    std::string log(logSize, '\0');
    nvrtcGetProgramLog(program, log.data());
    std::printf("FAIL nvrtc: %s\n", log.c_str());
    return 1;
  }
  size_t ptxSize = 0;
  NVRTC_CHECK(nvrtcGetPTXSize(program, &ptxSize));
  std::string ptx(ptxSize, '\0');
  NVRTC_CHECK(nvrtcGetPTX(program, ptx.data()));
  NVRTC_CHECK(nvrtcDestroyProgram(&program));
  EXPECT(ptx.find(".entry saxpy") != std::string::npos);
  std::printf("nvrtc ptx ok\n");

  CU_CHECK(cuInit(0));
  CUdevice device;
  CU_CHECK(cuDeviceGet(&device, 0));
  CUcontext context;
  CU_CHECK(cuCtxCreate(&context, nullptr, 0, device));

  CUmodule module;
  CU_CHECK(cuModuleLoadDataEx(&module, ptx.c_str(), 0, nullptr, nullptr));
  CUfunction saxpy;
  CU_CHECK(cuModuleGetFunction(&saxpy, module, "saxpy"));

  const int n = 1000;
  std::vector<float> x(n), y(n), out(n, 0.0f);
  for (int i = 0; i < n; ++i) {
    x[i] = float(i);
    y[i] = float(2 * i);
  }
  CUdeviceptr dx, dy, dout;
  CU_CHECK(cuMemAlloc(&dx, n * sizeof(float)));
  CU_CHECK(cuMemAlloc(&dy, n * sizeof(float)));
  CU_CHECK(cuMemAlloc(&dout, n * sizeof(float)));
  CU_CHECK(cuMemcpyHtoD(dx, x.data(), n * sizeof(float)));
  CU_CHECK(cuMemcpyHtoD(dy, y.data(), n * sizeof(float)));

  float a = 3.0f;
  int count = n;
  void *params[] = {&a, &dx, &dy, &dout, &count};
  CU_CHECK(cuLaunchKernel(saxpy, (n + 127) / 128, 1, 1, 128, 1, 1, 0, nullptr, params, nullptr));
  CU_CHECK(cuCtxSynchronize());
  CU_CHECK(cuMemcpyDtoH(out.data(), dout, n * sizeof(float)));
  for (int i = 0; i < n; ++i)
    EXPECT(out[i] == 5.0f * float(i));
  std::printf("saxpy out[999] = %.1f\n", out[999]);

  CU_CHECK(cuMemFree(dx));
  CU_CHECK(cuMemFree(dy));
  CU_CHECK(cuMemFree(dout));
  CU_CHECK(cuModuleUnload(module));
  CU_CHECK(cuCtxDestroy(context));
  std::printf("PASS driver_nvrtc\n");
  return 0;
}
