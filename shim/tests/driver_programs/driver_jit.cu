// JIT loading and linking through the driver API, as CUDA documents them:
//   - cuModuleLoadDataEx and cuLinkCreate fill CU_JIT_ERROR_LOG_BUFFER / CU_JIT_INFO_LOG_BUFFER
//     (NUL-terminated) and write back how much they filled through the _SIZE_BYTES options;
//   - PTX whose .target is newer than the device (sm_100 on compute capability 8.0) is refused
//     with CUDA_ERROR_UNSUPPORTED_PTX_VERSION, by the module loader and by cuLinkAddData;
//   - PTX that does not compile is CUDA_ERROR_INVALID_PTX;
//   - cuLinkAddData + cuLinkComplete link two translation units (one calls the other's function)
//     into an image cuModuleLoadData loads; a call left unresolved fails cuLinkComplete.
#include "driver_check.h"

#include <cstdint>
#include <cstring>

namespace {

const char *kNewer = R"(.version 8.0
.target sm_100
.address_size 64
.visible .entry k(.param .u64 p)
{
  ret;
}
)";

const char *kBroken = R"(.version 8.0
.target sm_80
.address_size 64
.visible .entry k()
{
  frobnicate.u32 %r1;
  ret;
}
)";

const char *kTwice = R"(.version 8.0
.target sm_80
.address_size 64
.visible .func (.param .b32 ret) twice(.param .b32 x)
{
  .reg .b32 %r<3>;
  ld.param.b32 %r1, [x];
  add.s32 %r2, %r1, %r1;
  st.param.b32 [ret], %r2;
  ret;
}
)";

const char *kCaller = R"(.version 8.0
.target sm_80
.address_size 64
.extern .func (.param .b32 ret) twice(.param .b32 x);
.visible .entry k(.param .u64 p)
{
  .reg .b32 %r<3>;
  .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [p];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r1, 21;
  {
  .param .b32 a;
  .param .b32 r;
  st.param.b32 [a], %r1;
  call.uni (r), twice, (a);
  ld.param.b32 %r2, [r];
  }
  st.global.u32 [%rd2], %r2;
  ret;
}
)";

// Log buffers as a program hands them over: filled with garbage first, so that the test sees
// what the driver wrote.
struct Logs {
  char info[512];
  char error[512];
  CUjit_option options[4] = {CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
                             CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[4];
  Logs() { reset(); }
  void reset() {
    std::memset(info, 'x', sizeof info);
    std::memset(error, 'x', sizeof error);
    values[0] = info;
    values[1] = reinterpret_cast<void *>(uintptr_t(sizeof info));
    values[2] = error;
    values[3] = reinterpret_cast<void *>(uintptr_t(sizeof error));
  }
  size_t infoBytes() const { return size_t(reinterpret_cast<uintptr_t>(values[1])); }
  size_t errorBytes() const { return size_t(reinterpret_cast<uintptr_t>(values[3])); }
  // Both logs are strings, and the sizes written back say how long.
  bool consistent() const {
    return std::memchr(info, 0, sizeof info) && std::memchr(error, 0, sizeof error) &&
           std::strlen(info) == infoBytes() && std::strlen(error) == errorBytes();
  }
};

} // namespace

int main() {
  CU_CHECK(cuInit(0));
  CUdevice device;
  CU_CHECK(cuDeviceGet(&device, 0));
  CUcontext context;
  CU_CHECK(cuDevicePrimaryCtxRetain(&context, device));
  CU_CHECK(cuCtxSetCurrent(context));

  Logs logs;
  CUmodule module = nullptr;
  CU_EXPECT_ERROR(cuModuleLoadDataEx(&module, kNewer, 4, logs.options, logs.values),
                  CUDA_ERROR_UNSUPPORTED_PTX_VERSION);
  if (!logs.consistent() || logs.errorBytes() == 0) {
    std::printf("FAIL: newer target: error log not filled\n");
    return 1;
  }
  std::printf("newer target -> CUDA_ERROR_UNSUPPORTED_PTX_VERSION, error log: %s\n", logs.error);

  logs.reset();
  CU_EXPECT_ERROR(cuModuleLoadDataEx(&module, kBroken, 4, logs.options, logs.values),
                  CUDA_ERROR_INVALID_PTX);
  if (!logs.consistent() || logs.errorBytes() == 0) {
    std::printf("FAIL: broken PTX: error log not filled\n");
    return 1;
  }
  std::printf("broken PTX -> CUDA_ERROR_INVALID_PTX, error log: %s\n", logs.error);

  logs.reset();
  CU_CHECK(cuModuleLoadDataEx(&module, kTwice, 4, logs.options, logs.values));
  if (!logs.consistent() || logs.errorBytes() != 0) {
    std::printf("FAIL: a module that loads leaves an error: '%s'\n", logs.error);
    return 1;
  }
  CU_CHECK(cuModuleUnload(module));
  std::printf("module loads, empty error log\n");

  logs.reset();
  CUlinkState link;
  CU_CHECK(cuLinkCreate(4, logs.options, logs.values, &link));
  CU_EXPECT_ERROR(cuLinkAddData(link, CU_JIT_INPUT_PTX, const_cast<char *>(kNewer),
                                std::strlen(kNewer) + 1, "newer.ptx", 0, nullptr, nullptr),
                  CUDA_ERROR_UNSUPPORTED_PTX_VERSION);
  if (!logs.consistent() || logs.errorBytes() == 0) {
    std::printf("FAIL: link of a newer target: error log not filled\n");
    return 1;
  }
  CU_CHECK(cuLinkDestroy(link));
  std::printf("link input for a newer target -> CUDA_ERROR_UNSUPPORTED_PTX_VERSION\n");

  logs.reset();
  CU_CHECK(cuLinkCreate(4, logs.options, logs.values, &link));
  CU_CHECK(cuLinkAddData(link, CU_JIT_INPUT_PTX, const_cast<char *>(kCaller),
                         std::strlen(kCaller) + 1, "caller.ptx", 0, nullptr, nullptr));
  void *image = nullptr;
  size_t imageBytes = 0;
  CU_EXPECT_ERROR(cuLinkComplete(link, &image, &imageBytes), CUDA_ERROR_INVALID_PTX);
  if (!logs.consistent() || logs.errorBytes() == 0) {
    std::printf("FAIL: unresolved call: error log not filled\n");
    return 1;
  }
  CU_CHECK(cuLinkDestroy(link));
  std::printf("unresolved call -> CUDA_ERROR_INVALID_PTX\n");

  logs.reset();
  CU_CHECK(cuLinkCreate(4, logs.options, logs.values, &link));
  CU_CHECK(cuLinkAddData(link, CU_JIT_INPUT_PTX, const_cast<char *>(kCaller),
                         std::strlen(kCaller) + 1, "caller.ptx", 0, nullptr, nullptr));
  CU_CHECK(cuLinkAddData(link, CU_JIT_INPUT_PTX, const_cast<char *>(kTwice),
                         std::strlen(kTwice) + 1, "twice.ptx", 0, nullptr, nullptr));
  CU_CHECK(cuLinkComplete(link, &image, &imageBytes));
  if (!logs.consistent() || logs.errorBytes() != 0 || image == nullptr || imageBytes == 0) {
    std::printf("FAIL: link: no image or an error log\n");
    return 1;
  }
  CU_CHECK(cuModuleLoadData(&module, image));
  CU_CHECK(cuLinkDestroy(link)); // the module keeps what it loaded
  CUfunction kernel;
  CU_CHECK(cuModuleGetFunction(&kernel, module, "k"));
  CUdeviceptr out;
  CU_CHECK(cuMemAlloc(&out, sizeof(unsigned)));
  void *args[] = {&out};
  CU_CHECK(cuLaunchKernel(kernel, 1, 1, 1, 1, 1, 1, 0, nullptr, args, nullptr));
  unsigned value = 0;
  CU_CHECK(cuMemcpyDtoH(&value, out, sizeof value));
  std::printf("linked two units: k wrote %u\n", value);
  if (value != 42)
    return 1;
  CU_CHECK(cuMemFree(out));
  CU_CHECK(cuModuleUnload(module));
  CU_CHECK(cuDevicePrimaryCtxRelease(device));
  std::printf("PASS driver_jit\n");
  return 0;
}
