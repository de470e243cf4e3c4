// What CUDA refuses or stops instead of crashing (issue 10): a fatbin whose container size
// reaches past the memory holding it (CUDA_ERROR_INVALID_IMAGE), local data over 512 KiB per
// thread (CUDA_ERROR_INVALID_PTX at load, as ptxas refuses it) and endless recursion without local
// data (CUDA_ERROR_HARDWARE_STACK_ERROR within moments). The process lives through all of them.
// argv[1]: a fatbin built by nvcc (kernels.fatbin).
#include "driver_check.h"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

static const char *kHeader = ".version 8.0\n.target sm_80\n.address_size 64\n";

static std::string bigLocalPtx() {
  return std::string(kHeader) + R"(
.visible .entry big(.param .u64 out)
{
  .local .align 8 .b8 depot[67108864];
  .reg .b32 %r<2>; .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  st.local.u32 [depot+67108860], %r1;
  st.global.u32 [%rd1], %r1;
  ret;
})";
}

static std::string recursionPtx() {
  return std::string(kHeader) + R"(
.func forever()
{
  call.uni forever, ();
  ret;
}
.visible .entry recurse()
{
  call.uni forever, ();
  ret;
})";
}

// The fatbin's bytes, ending where readable memory ends (an inaccessible page follows).
static unsigned char *beforeGuardPage(const std::vector<char> &bytes) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t pages = (bytes.size() + page - 1) / page;
  void *mapped =
      mmap(nullptr, (pages + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED)
    return nullptr;
  auto *guard = static_cast<unsigned char *>(mapped) + pages * page;
  mprotect(guard, page, PROT_NONE);
  std::memcpy(guard - bytes.size(), bytes.data(), bytes.size());
  return guard - bytes.size();
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::printf("usage: resource_limits kernels.fatbin\n");
    return 2;
  }
  CU_CHECK(cuInit(0));
  CUdevice device;
  CU_CHECK(cuDeviceGet(&device, 0));
  CUcontext context;
  CU_CHECK(cuDevicePrimaryCtxRetain(&context, device));
  CU_CHECK(cuCtxSetCurrent(context));

  std::ifstream file(argv[1], std::ios::binary);
  std::vector<char> fatbin((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
  EXPECT(fatbin.size() > 16);
  unsigned char *held = beforeGuardPage(fatbin);
  EXPECT(held != nullptr);
  CUmodule module;
  CU_CHECK(cuModuleLoadData(&module, held));
  CU_CHECK(cuModuleUnload(module));
  uint64_t size = 0;
  std::memcpy(&size, held + 8, sizeof size);
  size += 4096; // the container now claims a page past its end
  std::memcpy(held + 8, &size, sizeof size);
  CU_EXPECT_ERROR(cuModuleLoadData(&module, held), CUDA_ERROR_INVALID_IMAGE);
  std::printf("oversized container: CUDA_ERROR_INVALID_IMAGE\n");

  CU_EXPECT_ERROR(cuModuleLoadData(&module, bigLocalPtx().c_str()), CUDA_ERROR_INVALID_PTX);
  std::printf("64 MiB of local data: CUDA_ERROR_INVALID_PTX\n");

  CU_CHECK(cuModuleLoadData(&module, recursionPtx().c_str()));
  CUfunction recurse;
  CU_CHECK(cuModuleGetFunction(&recurse, module, "recurse"));
  auto started = std::chrono::steady_clock::now();
  CU_CHECK(cuLaunchKernel(recurse, 64, 1, 1, 256, 1, 1, 0, nullptr, nullptr, nullptr));
  CU_EXPECT_ERROR(cuCtxSynchronize(), CUDA_ERROR_HARDWARE_STACK_ERROR);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT(seconds < 10.0);
  std::printf("endless recursion: CUDA_ERROR_HARDWARE_STACK_ERROR\n");
  std::printf("PASS resource_limits\n");
  return 0;
}
