// Kernels executed by the emulated device: results a launch must produce, byte for byte.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

constexpr const char *kFill = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry fill(.param .u64 p, .param .u32 v)
{
  .reg .b64 %rd<4>;
  .reg .b32 %r<4>;
  ld.param.u64 %rd1, [p];
  ld.param.u32 %r1, [v];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r2, %tid.x;
  mul.wide.u32 %rd3, %r2, 4;
  add.s64 %rd2, %rd2, %rd3;
  st.global.u32 [%rd2], %r1;
  ret;
}
)";

TEST(EmuKernels, FillWritesEveryThreadsSlotAndNothingElse) {
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kFill), qiaoSuccess);
  qiaoFunction_t fill = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&fill, module, "fill"), qiaoSuccess);
  unsigned *d = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&d), 128 * sizeof(unsigned)), qiaoSuccess);
  ASSERT_EQ(qiaoMemset(d, 0, 128 * sizeof(unsigned)), qiaoSuccess);
  unsigned value = 0xabcd1234;
  void *args[] = {&d, &value};
  ASSERT_EQ(qiaoModuleLaunchKernel(fill, 1, 1, 1, 100, 1, 1, 0, nullptr, args, nullptr),
            qiaoSuccess);
  std::vector<unsigned> h(128, 1);
  ASSERT_EQ(qiaoMemcpy(h.data(), d, 128 * sizeof(unsigned), qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (int i = 0; i < 128; ++i)
    EXPECT_EQ(h[i], i < 100 ? value : 0u) << i;
  EXPECT_EQ(qiaoFree(d), qiaoSuccess);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
}

// An -rdc program's two translation units, as the shim finds them in a linked fatbin: the kernel
// calls a function and reads a variable that the other unit defines.
constexpr const char *kKernelUnit = R"(.version 9.0
.target sm_80
.address_size 64
.extern .func (.param .b32 result) twice(.param .b32 value);
.extern .global .align 4 .u32 bias;
.visible .entry twice_plus_bias(.param .u64 out)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  { .param .b32 p; st.param.b32 [p], 20;
    .param .b32 r;
    call.uni (r), twice, (p);
    ld.param.b32 %r1, [r]; }
  ld.global.u32 %r2, [bias];
  add.u32 %r3, %r1, %r2;
  st.u32 [%rd1], %r3;
  ret;
}
)";

constexpr const char *kLibraryUnit = R"(.version 9.0
.target sm_80
.address_size 64
.visible .global .align 4 .u32 bias = 2;
.visible .func (.param .b32 result) twice(.param .b32 value)
{
  .reg .b32 %r<3>;
  ld.param.b32 %r1, [value];
  add.u32 %r2, %r1, %r1;
  st.param.b32 [result], %r2;
  ret;
}
)";

TEST(EmuKernels, UnitsLinkedThroughTheLinkSlotRunAsOneProgram) {
  const char *units[] = {kKernelUnit, kLibraryUnit};
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLinkDataEx(&module, 2, units, 0, nullptr, nullptr), qiaoSuccess);
  qiaoFunction_t kernel = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&kernel, module, "twice_plus_bias"), qiaoSuccess);
  unsigned *d = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&d), sizeof(unsigned)), qiaoSuccess);
  void *args[] = {&d};
  ASSERT_EQ(qiaoModuleLaunchKernel(kernel, 1, 1, 1, 1, 1, 1, 0, nullptr, args, nullptr),
            qiaoSuccess);
  unsigned h = 0;
  ASSERT_EQ(qiaoMemcpy(&h, d, sizeof h, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(h, 42u); // twice(20) + bias
  EXPECT_EQ(qiaoFree(d), qiaoSuccess);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
}

TEST(EmuKernels, ALinkMissingAUnitFailsWithTheLinkersMessage) {
  const char *units[] = {kKernelUnit};
  char errors[256] = "";
  // CU_JIT_ERROR_LOG_BUFFER and its size, as qiaoModuleLoadDataEx takes them.
  int options[] = {5, 6};
  void *values[] = {errors, reinterpret_cast<void *>(sizeof errors)};
  qiaoModule_t module = nullptr;
  EXPECT_EQ(qiaoModuleLinkDataEx(&module, 1, units, 2, options, values), qiaoErrorInvalidPtx);
  EXPECT_NE(std::string(errors).find("bias"), std::string::npos) << errors;
  EXPECT_EQ(qiaoModuleLinkDataEx(&module, 0, units, 0, nullptr, nullptr), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

} // namespace
