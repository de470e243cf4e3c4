// A driver-API program that loads kernels built ahead of time: a fatbin (argv[1]) and a PTX file
// (argv[2]) via cuModuleLoad, the fatbin's bytes via cuModuleLoadFatBinary. It writes a
// __constant__ found with cuModuleGetGlobal, launches with the `extra` parameter-buffer form on
// its own stream, times with events, fills with cuMemsetD32, and checks the error paths.
#include "driver_check.h"

#include <cstddef>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

struct ScaleAddArgs { // the parameter buffer of scaleAdd(int *out, const int *in, int n)
  CUdeviceptr out;
  CUdeviceptr in;
  int n;
};

static int runScaleAdd(CUmodule module, CUstream stream, const char *label) {
  CUdeviceptr coefficients;
  size_t bytes = 0;
  CU_CHECK(cuModuleGetGlobal(&coefficients, &bytes, module, "coefficients"));
  EXPECT(bytes == 2 * sizeof(int));
  int values[2] = {3, 7};
  CU_CHECK(cuMemcpyHtoD(coefficients, values, sizeof values));

  CUfunction scaleAdd;
  CU_CHECK(cuModuleGetFunction(&scaleAdd, module, "scaleAdd"));
  const int n = 300;
  std::vector<int> in(n), out(n, -1);
  for (int i = 0; i < n; ++i)
    in[i] = i;
  CUdeviceptr din, dout;
  CU_CHECK(cuMemAlloc(&din, n * sizeof(int)));
  CU_CHECK(cuMemAlloc(&dout, n * sizeof(int)));
  CU_CHECK(cuMemcpyHtoDAsync(din, in.data(), n * sizeof(int), stream));

  ScaleAddArgs args{dout, din, n};
  size_t argsSize = sizeof args;
  void *extra[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, &args, CU_LAUNCH_PARAM_BUFFER_SIZE, &argsSize,
                   CU_LAUNCH_PARAM_END};
  CU_CHECK(cuLaunchKernel(scaleAdd, 3, 1, 1, 128, 1, 1, 0, stream, nullptr, extra));
  CU_CHECK(cuMemcpyDtoHAsync(out.data(), dout, n * sizeof(int), stream));
  CU_CHECK(cuStreamSynchronize(stream));
  for (int i = 0; i < n; ++i)
    EXPECT(out[i] == 3 * i + 7);
  std::printf("%s: out[299] = %d\n", label, out[299]);
  CU_CHECK(cuMemFree(din));
  CU_CHECK(cuMemFree(dout));
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    std::printf("FAIL usage: driver_module KERNELS.fatbin KERNELS.ptx\n");
    return 1;
  }
  // Before cuInit every call but a few reports CUDA_ERROR_NOT_INITIALIZED.
  int count = -1;
  CU_EXPECT_ERROR(cuDeviceGetCount(&count), CUDA_ERROR_NOT_INITIALIZED);
  int version = 0;
  CU_CHECK(cuDriverGetVersion(&version));
  EXPECT(version == 13000);
  CU_CHECK(cuInit(0));
  CU_CHECK(cuDeviceGetCount(&count));
  EXPECT(count == 1);

  CUdevice device;
  CU_CHECK(cuDeviceGet(&device, 0));
  int major = 0, minor = 0;
  CU_CHECK(cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
  CU_CHECK(cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device));
  EXPECT(major >= 8);
  int warp = 0;
  CU_CHECK(cuDeviceGetAttribute(&warp, CU_DEVICE_ATTRIBUTE_WARP_SIZE, device));
  EXPECT(warp == 32);

  // Without a context, context-bound calls fail.
  CUdeviceptr none;
  CU_EXPECT_ERROR(cuMemAlloc(&none, 16), CUDA_ERROR_INVALID_CONTEXT);

  CUcontext primary;
  CU_CHECK(cuDevicePrimaryCtxRetain(&primary, device));
  CU_CHECK(cuCtxSetCurrent(primary));
  CUcontext current = nullptr;
  CU_CHECK(cuCtxGetCurrent(&current));
  EXPECT(current == primary);
  std::printf("primary context ok\n");

  CUstream stream;
  CU_CHECK(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));

  // The fatbin and the PTX file through cuModuleLoad.
  CUmodule fromFatbin, fromPtx;
  CU_CHECK(cuModuleLoad(&fromFatbin, argv[1]));
  if (runScaleAdd(fromFatbin, stream, "fatbin") != 0)
    return 1;
  CU_CHECK(cuModuleLoad(&fromPtx, argv[2]));
  if (runScaleAdd(fromPtx, stream, "ptx") != 0)
    return 1;

  // The fatbin's bytes through cuModuleLoadFatBinary; kernelParams form; events around it.
  std::ifstream file(argv[1], std::ios::binary);
  std::vector<char> image((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  CUmodule fromMemory;
  CU_CHECK(cuModuleLoadFatBinary(&fromMemory, image.data()));
  CUfunction fill;
  CU_CHECK(cuModuleGetFunction(&fill, fromMemory, "fill"));
  const int n = 1000;
  CUdeviceptr words;
  CU_CHECK(cuMemAlloc(&words, n * sizeof(unsigned)));
  CU_CHECK(cuMemsetD32(words, 0xdeadbeefu, n));
  std::vector<unsigned> host(n);
  CU_CHECK(cuMemcpyDtoH(host.data(), words, n * sizeof(unsigned)));
  EXPECT(host[0] == 0xdeadbeefu && host[n - 1] == 0xdeadbeefu);
  CUevent start, stop;
  CU_CHECK(cuEventCreate(&start, CU_EVENT_DEFAULT));
  CU_CHECK(cuEventCreate(&stop, CU_EVENT_DEFAULT));
  unsigned base = 100;
  int count2 = n;
  void *params[] = {&words, &base, &count2};
  CU_CHECK(cuEventRecord(start, stream));
  CU_CHECK(cuLaunchKernel(fill, 4, 1, 1, 256, 1, 1, 0, stream, params, nullptr));
  CU_CHECK(cuEventRecord(stop, stream));
  CU_CHECK(cuEventSynchronize(stop));
  CU_CHECK(cuEventQuery(stop));
  float ms = -1.0f;
  CU_CHECK(cuEventElapsedTime(&ms, start, stop));
  EXPECT(ms >= 0.0f);
  CU_CHECK(cuMemcpyDtoH(host.data(), words, n * sizeof(unsigned)));
  EXPECT(host[0] == 100 && host[999] == 1099);
  std::printf("fill ok, events ok\n");

  // Error paths, each with the code CUDA's driver gives.
  CUfunction missing;
  CU_EXPECT_ERROR(cuModuleGetFunction(&missing, fromMemory, "noSuchKernel"), CUDA_ERROR_NOT_FOUND);
  CUmodule nothing;
  CU_EXPECT_ERROR(cuModuleLoad(&nothing, "/nonexistent/kernels.fatbin"), CUDA_ERROR_FILE_NOT_FOUND);
  CU_EXPECT_ERROR(cuLaunchKernel(fill, 1, 1, 1, 4096, 1, 1, 0, stream, params, nullptr),
                  CUDA_ERROR_INVALID_VALUE);
  const char *name = nullptr;
  const char *text = nullptr;
  CU_CHECK(cuGetErrorName(CUDA_ERROR_INVALID_CONTEXT, &name));
  CU_CHECK(cuGetErrorString(CUDA_ERROR_INVALID_CONTEXT, &text));
  std::printf("%s: %s\n", name, text);
  std::printf("error paths ok\n");

  CU_CHECK(cuEventDestroy(start));
  CU_CHECK(cuEventDestroy(stop));
  CU_CHECK(cuMemFree(words));
  CU_CHECK(cuModuleUnload(fromFatbin));
  CU_CHECK(cuModuleUnload(fromPtx));
  CU_CHECK(cuModuleUnload(fromMemory));
  CU_CHECK(cuStreamDestroy(stream));
  CU_CHECK(cuDevicePrimaryCtxRelease(device));
  std::printf("PASS driver_module\n");
  return 0;
}
