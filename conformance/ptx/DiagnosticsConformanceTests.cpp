// Device printf and device assert: what a kernel tells the host besides its results.
#include "ConformanceHarness.h"

#include <cstdio>
#include <cstdlib>

namespace qiao::conformance {
namespace {

TEST(PtxDiagnostics, DevicePrintfReachesStdoutOncePerCall) {
  PtxModule module("device_printf");
  ASSERT_TRUE(module.loaded());
  const int every = 7, block = 64, blocks = 2;
  const double scale = 0.5;
  testing::internal::CaptureStdout();
  qiaoError_t error = module.launch("print_values", blocks, block, 0, every, scale);
  std::fflush(stdout);
  std::string printed = testing::internal::GetCapturedStdout();
  QIAO_ASSERT_OK(error);
  int lines = 0;
  for (size_t at = printed.find("qiao-printf"); at != std::string::npos;
       at = printed.find("qiao-printf", at + 1))
    ++lines;
  int expectedLines = 0;
  for (int i = 0; i < blocks * block; ++i) {
    if (i % every)
      continue;
    ++expectedLines;
    char line[128];
    std::snprintf(line, sizeof line, "qiao-printf thread %d block %u value %.2f hex %x\n", i,
                  unsigned(i / block), i * scale, unsigned(i * 0x101));
    EXPECT_NE(printed.find(line), std::string::npos) << "missing line: " << line;
  }
  EXPECT_EQ(lines, expectedLines) << printed;
}

TEST(PtxDiagnostics, KernelWithoutFailingAssertRuns) {
  PtxModule module("device_assert");
  ASSERT_TRUE(module.loaded());
  std::vector<int> in(300);
  for (int i = 0; i < 300; ++i)
    in[i] = i == 13 ? 12 : i;
  DeviceArray<int> din(in), dout(in.size());
  int n = in.size();
  QIAO_ASSERT_OK(
      module.launch("assert_not_13", blocksFor(n, 128), 128, 0, din.get(), dout.get(), n));
  auto out = dout.read();
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(out[i], in[i] + 1) << "i=" << i;
}

// Exit codes of the child process that runs the failing assert.
enum AssertOutcome { kAsExpected = 0, kWrongError = 1, kNotSticky = 2, kNoModule = 3 };

int runFailingAssert() {
  PtxModule module("device_assert");
  if (!module.loaded())
    return kNoModule;
  std::vector<int> in(200);
  for (int i = 0; i < 200; ++i)
    in[i] = i;
  DeviceArray<int> din(in), dout(in.size());
  int n = in.size();
  qiaoError_t error =
      module.launch("assert_not_13", blocksFor(n, 64), 64, 0, din.get(), dout.get(), n);
  std::fprintf(stderr, "assert kernel returned %s\n", qiaoGetErrorName(error));
  if (error != qiaoErrorAssert)
    return kWrongError;
  // A kernel fault is sticky for the context, as on hardware.
  qiaoError_t after = qiaoDeviceSynchronize();
  std::fprintf(stderr, "next synchronize returned %s\n", qiaoGetErrorName(after));
  return after == qiaoErrorAssert ? kAsExpected : kNotSticky;
}

// The failing assert poisons the context, so it runs in a child process of its own.
TEST(PtxDiagnostics, FailingAssertIsErrorAssert710AndSticky) {
  static_assert(qiaoErrorAssert == 710);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(std::exit(runFailingAssert()), testing::ExitedWithCode(kAsExpected),
              "assert kernel returned qiaoErrorAssert");
}

} // namespace
} // namespace qiao::conformance
