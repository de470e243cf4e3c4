// Kernels executed by the emulated device: results a launch must produce, byte for byte.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

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

} // namespace
