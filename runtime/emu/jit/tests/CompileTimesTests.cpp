// The compiler's account of where a compile's CPU time goes (JitCompiler::counts().times, and
// one line per compile on stderr under QIAO_JIT_TIMES=1): a cold compile spends time lowering,
// optimising and generating code; one that links its object from the disk cache spends none there.
#include "BoundedKernel.h"
#include "JitCompiler.h"
#include "PtxHarness.h"
#include "TempDirectory.h"
#include "UnusedHelpers.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace qiao::jit::test {
namespace {

using ptx::test::PtxRunner;

const std::string kKernel = boundedKernel(R"(
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.f32 %f1, [%rd3];
  mul.f32 %f2, %f1, 0f40000000;
  st.global.f32 [%rd3], %f2;)");

// A compiler over the cache in `dir`, reporting its times on stderr when `report`.
std::unique_ptr<JitCompiler> compilerOver(const std::string &dir, bool report) {
  setenv("QIAO_CACHE_DIR", dir.c_str(), 1);
  if (report)
    setenv("QIAO_JIT_TIMES", "1", 1);
  else
    unsetenv("QIAO_JIT_TIMES");
  auto compiler = std::make_unique<JitCompiler>(kUnusedHelpers);
  unsetenv("QIAO_JIT_TIMES");
  EXPECT_TRUE(compiler->start()) << "no LLVM backend for this CPU";
  return compiler;
}

TEST(CompileTimes, AColdCompileSpendsCpuInEveryPhaseACachedOneOnlyInTheLink) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  PtxRunner runner;
  ASSERT_TRUE(runner.load(kKernel));
  const uint32_t index = runner.module().kernel("k")->index;

  auto cold = compilerOver(dir.path(), false);
  EXPECT_EQ(cold->counts().times.total(), 0.0);
  ASSERT_TRUE(cold->compile(runner.module().program(), index));
  const JitCompiler::PhaseTimes coldTimes = cold->counts().times;
  EXPECT_GT(coldTimes.lower, 0.0);
  EXPECT_GT(coldTimes.verify, 0.0);
  EXPECT_GT(coldTimes.optimize, 0.0);
  EXPECT_GT(coldTimes.codegen, 0.0);
  EXPECT_GT(coldTimes.link, 0.0);
  // The code generator is most of a cold compile, even of a kernel this small.
  EXPECT_GT(coldTimes.codegen, coldTimes.lower + coldTimes.verify);

  auto warm = compilerOver(dir.path(), false);
  ASSERT_TRUE(warm->compile(runner.module().program(), index));
  ASSERT_EQ(warm->counts().cacheHits, 1u);
  const JitCompiler::PhaseTimes warmTimes = warm->counts().times;
  EXPECT_EQ(warmTimes.verify, 0.0);
  EXPECT_EQ(warmTimes.optimize, 0.0);
  EXPECT_EQ(warmTimes.codegen, 0.0);
  EXPECT_GT(warmTimes.link, 0.0);
  EXPECT_LT(warmTimes.total(), coldTimes.total());
}

TEST(CompileTimes, QiaoJitTimesPrintsOneLinePerCompile) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  PtxRunner runner;
  ASSERT_TRUE(runner.load(kKernel));
  const uint32_t index = runner.module().kernel("k")->index;

  auto cold = compilerOver(dir.path(), true);
  testing::internal::CaptureStderr();
  ASSERT_TRUE(cold->compile(runner.module().program(), index));
  std::string line = testing::internal::GetCapturedStderr();
  EXPECT_EQ(line.rfind("qiao: compiled 'k' (", 0), 0u) << line;
  EXPECT_EQ(line.find("from the cache"), std::string::npos) << line;
  for (const char *phase : {"lower ", "verify ", "optimize ", "codegen ", "link "})
    EXPECT_NE(line.find(phase), std::string::npos) << phase << " missing in " << line;
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;

  auto warm = compilerOver(dir.path(), true);
  testing::internal::CaptureStderr();
  ASSERT_TRUE(warm->compile(runner.module().program(), index));
  line = testing::internal::GetCapturedStderr();
  EXPECT_NE(line.find("from the cache"), std::string::npos) << line;

  auto quiet = compilerOver(dir.path(), false);
  testing::internal::CaptureStderr();
  ASSERT_TRUE(quiet->compile(runner.module().program(), index));
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

} // namespace
} // namespace qiao::jit::test
