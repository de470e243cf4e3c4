// A compile that finds its object in the disk cache links it without lowering the function; one
// that does not compiles and stores it. Native code from the cache against the interpreter is
// covered by the engine's tests (jit.cache_reuse in CTest).
#include "BoundedKernel.h"
#include "JitCompiler.h"
#include "KernelKey.h"
#include "PtxHarness.h"
#include "TempDirectory.h"
#include "UnusedHelpers.h"

#include <gtest/gtest.h>

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace qiao::jit::test {
namespace {

using ptx::test::PtxRunner;

const std::string kKernel = boundedKernel(R"(
  mul.lo.u32 %r3, %r1, 3;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;)");

// A compiler over the cache in `dir`.
std::unique_ptr<JitCompiler> compilerOver(const std::string &dir) {
  setenv("QIAO_CACHE_DIR", dir.c_str(), 1);
  auto compiler = std::make_unique<JitCompiler>(kUnusedHelpers);
  EXPECT_TRUE(compiler->start()) << "no LLVM backend for this CPU";
  return compiler;
}

std::vector<char> onlyFileIn(const std::string &dir) {
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return {};
}

TEST(CachedCompile, ASecondCompilerLinksTheCachedObjectWithoutLowering) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  PtxRunner runner;
  ASSERT_TRUE(runner.load(kKernel));
  const uint32_t index = runner.module().kernel("k")->index;

  auto cold = compilerOver(dir.path());
  Expected<ptx::NativeFunction> compiled = cold->compile(runner.module().program(), index);
  ASSERT_TRUE(compiled) << compiled.error().message;
  EXPECT_NE(compiled->entry, nullptr);
  EXPECT_EQ(cold->counts().lowered, 1u);
  EXPECT_EQ(cold->counts().cacheHits, 0u);
  ASSERT_EQ(dir.files(), 1u);
  // What the cache holds is what the compiler makes of the function.
  Expected<std::vector<char>> object = cold->emitObject(runner.module().program(), index);
  ASSERT_TRUE(object);
  EXPECT_EQ(onlyFileIn(dir.path()), *object);

  PtxRunner again; // the same PTX loaded anew, as another process would
  ASSERT_TRUE(again.load(kKernel));
  auto warm = compilerOver(dir.path());
  Expected<ptx::NativeFunction> cached = warm->compile(again.module().program(), index);
  ASSERT_TRUE(cached) << cached.error().message;
  EXPECT_NE(cached->entry, nullptr);
  EXPECT_EQ(warm->counts().lowered, 0u);
  EXPECT_EQ(warm->counts().cacheHits, 1u);
  EXPECT_EQ(dir.files(), 1u);
  // The run table comes with it.
  ASSERT_NE(cached->startsRun, nullptr);
  EXPECT_EQ(cached->startsRun[0], 1);
}

// The file is named by the key of this compiler's identity and the host CPU, so a rebuilt
// compiler (another identity: a different key, KernelKeyTests) looks for another file.
TEST(CachedCompile, TheObjectIsFiledUnderThisCompilersKey) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  PtxRunner runner;
  ASSERT_TRUE(runner.load(kKernel));
  const ptx::Program &program = runner.module().program();
  const uint32_t index = runner.module().kernel("k")->index;
  auto compiler = compilerOver(dir.path());
  ASSERT_TRUE(compiler->compile(program, index));

  auto host = llvm::orc::JITTargetMachineBuilder::detectHost();
  ASSERT_TRUE(static_cast<bool>(host));
  const std::string cpu = host->getCPU(), features = host->getFeatures().getString();
  const std::string key = kernelKey(program, index, compilerIdentity(), cpu, features);
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/" + key + ".o"));
  EXPECT_NE(kernelKey(program, index, compilerIdentity() + "-rebuilt", cpu, features), key);
}

} // namespace
} // namespace qiao::jit::test
