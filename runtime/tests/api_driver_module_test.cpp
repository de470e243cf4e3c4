// Module loading typed as the driver API types it: cuModuleLoadDataEx's CUjit_option array is a
// qiaoJitOption array, and the error log buffer gets the reason a module did not load.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace {

TEST(DriverModules, JitOptionsAreTypedAsCudas) {
  static_assert(qiaoJitInfoLogBuffer == 3 && qiaoJitErrorLogBufferSizeBytes == 6 &&
                    qiaoJitSplitCompile == 34,
                "numbered as CUjit_option");
  char log[512] = {};
  qiaoJitOption options[] = {qiaoJitErrorLogBuffer, qiaoJitErrorLogBufferSizeBytes,
                             qiaoJitOptimizationLevel};
  void *values[] = {log, reinterpret_cast<void *>(uintptr_t(sizeof log)),
                    reinterpret_cast<void *>(uintptr_t(4))};
  qiaoModule_t module = nullptr;
  testing::internal::CaptureStderr();
  EXPECT_NE(qiaoModuleLoadDataEx(&module, "this is not ptx", 3, options, values), qiaoSuccess);
  testing::internal::GetCapturedStderr();
  auto written = reinterpret_cast<uintptr_t>(values[1]);
  EXPECT_GT(written, 0u);
  EXPECT_EQ(written, std::string(log).size());
  qiaoGetLastError();
  // No options at all: a null array still names the C function.
  EXPECT_EQ(qiaoModuleLoadDataEx(&module, nullptr, 0, nullptr, nullptr), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

} // namespace
