// The module slots of the cudart interface (6bd5fb6c slots 1, 6, 8) load what they are given
// through the fatbin reader; bad images are errors, not crashes.
#include "FakeDriver.h"

#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdint>

using namespace qiao::dark;
using namespace qiao::dark::test;

namespace {

const char kPtx[] = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry fill(.param .u64 out)
{
  .reg .b32 %r<2>;
  .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [out];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r1, 42;
  st.global.u32 [%rd2], %r1;
  ret;
}
)";

using Ext = int (*)(qiaoModule_t *, const void *, void *, void *, unsigned);
using ExtSwapped = int (*)(const void *, qiaoModule_t *, void *, void *, unsigned);

TEST(ModuleSlots, ImageFirstSlotLoadsPtxAndRuns) {
  auto load = slotAs<ExtSwapped>(kCudart, 8);
  qiaoModule_t module = nullptr;
  ASSERT_EQ(load(kPtx, &module, nullptr, nullptr, 0), 0);
  qiaoFunction_t fill = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&fill, module, "fill"), qiaoSuccess);
  int *out = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&out), sizeof(int)), qiaoSuccess);
  void *args[] = {&out};
  ASSERT_EQ(qiaoModuleLaunchKernel(fill, 1, 1, 1, 1, 1, 1, 0, nullptr, args, nullptr), qiaoSuccess);
  int value = 0;
  ASSERT_EQ(qiaoMemcpy(&value, out, sizeof value, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(value, 42);
  qiaoFree(out);
  qiaoModuleUnload(module);
}

TEST(ModuleSlots, ModuleFirstSlotLoadsPtx) {
  auto load = slotAs<Ext>(kCudart, 6);
  qiaoModule_t module = nullptr;
  ASSERT_EQ(load(&module, kPtx, nullptr, nullptr, 0), 0);
  EXPECT_NE(module, nullptr);
  qiaoModuleUnload(module);
}

TEST(ModuleSlots, BadImagesAreErrors) {
  auto load = slotAs<Ext>(kCudart, 6);
  qiaoModule_t module = nullptr;
  // A registration wrapper whose fatbin pointer is null.
  const std::uint32_t wrapper[6] = {0x466243b1, 1, 0, 0, 0, 0};
  testing::internal::CaptureStderr();
  EXPECT_NE(load(&module, wrapper, nullptr, nullptr, 0), 0);
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(load(nullptr, kPtx, nullptr, nullptr, 0), 1);
  EXPECT_EQ(load(&module, nullptr, nullptr, nullptr, 0), 1);
}

} // namespace
