// The kernel cache's key: the same decoded kernel gets the same key, in this process and in
// another; anything that changes what the kernel compiles to changes the key.
#include "BoundedKernel.h"
#include "KernelKey.h"
#include "PtxHarness.h"
#include "TempDirectory.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace qiao::jit::test {
namespace {

using ptx::test::PtxRunner;

// out[tid] = f(tid) + ADD for the threads below n, where f(x) = x * MUL.
std::string kernelText(const std::string &add = "7", const std::string &mul = "3",
                       const std::string &extraParam = "") {
  const std::string f = R"(
.func (.param .b32 y) f(.param .b32 x)
{
  .reg .b32 %a;
  ld.param.b32 %a, [x];
  mul.lo.u32 %a, %a, )" +
                        mul + R"(;
  st.param.b32 [y], %a;
  ret;
}
)";
  return boundedKernel(R"(
  {
    .param .b32 px;
    .param .b32 py;
    st.param.b32 [px], %r1;
    call (py), f, (px);
    ld.param.b32 %r4, [py];
  }
  add.u32 %r3, %r4, )" + add +
                           R"(;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;)",
                       f, extraParam);
}

struct KeyParts {
  std::string compiler = "build-id:0123", cpu = "skylake-avx512", features = "+avx512f";
};

std::string keyIn(PtxRunner &runner, const std::string &ptx, const KeyParts &parts = {}) {
  if (!runner.load(ptx))
    return {};
  const ptx::KernelInfo *kernel = runner.module().kernel("k");
  EXPECT_NE(kernel, nullptr);
  if (!kernel)
    return {};
  return kernelKey(runner.module().program(), kernel->index, parts.compiler, parts.cpu,
                   parts.features);
}

std::string keyOf(const std::string &ptx, const KeyParts &parts = {}) {
  PtxRunner runner;
  return keyIn(runner, ptx, parts);
}

TEST(KernelKey, TheSameKernelLoadedTwiceHasOneKey) {
  std::string first = keyOf(kernelText());
  EXPECT_EQ(first.size(), 64u); // 256 bits in hex: a file name
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(keyOf(kernelText()), first);
}

TEST(KernelKey, OneImmediateChangesTheKey) {
  EXPECT_NE(keyOf(kernelText("7")), keyOf(kernelText("8")));
}

// The kernel's own instructions are the same; only the body of the function it calls differs.
TEST(KernelKey, TheBodyOfACalledFunctionChangesTheKey) {
  EXPECT_NE(keyOf(kernelText("7", "3")), keyOf(kernelText("7", "5")));
}

// Loads of kernel parameters below the declared size are unchecked in native code.
TEST(KernelKey, TheDeclaredParameterBytesChangeTheKey) {
  EXPECT_NE(keyOf(kernelText()), keyOf(kernelText("7", "3", ", .param .u64 unused")));
}

// A module variable's address is resolved into the instructions that use it, so the code of two
// loads at different addresses differs.
TEST(KernelKey, TheAddressOfAModuleVariableChangesTheKey) {
  const std::string text = std::string(kPtxHeader) + R"(
.global .u32 counter;
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b64 %rd<2>;
  mov.u64 %rd1, counter;
  st.global.u32 [%rd1], 1;
  ret;
}
)";
  PtxRunner first, second; // both alive: the variable lives at two addresses
  EXPECT_NE(keyIn(first, text), keyIn(second, text));
}

TEST(KernelKey, TheCompilerAndTheCpuAreInTheKey) {
  const std::string text = kernelText();
  const std::string base = keyOf(text);
  KeyParts otherCompiler, otherCpu, otherFeatures;
  otherCompiler.compiler = "build-id:0124";
  otherCpu.cpu = "znver4";
  otherFeatures.features = "+avx512f,-avx512vl";
  EXPECT_NE(keyOf(text, otherCompiler), base);
  EXPECT_NE(keyOf(text, otherCpu), base);
  EXPECT_NE(keyOf(text, otherFeatures), base);
}

// The test program holds the compiler's code, LLVM is the shared libLLVM: two build-ids, the same
// on every call.
TEST(KernelKey, TheCompilerIsNamedByTheBuildIdsOfItsObjects) {
  const std::string &identity = compilerIdentity();
  ASSERT_EQ(identity.rfind("build-id:", 0), 0u) << identity;
  size_t space = identity.find(' ');
  ASSERT_NE(space, std::string::npos) << identity;
  EXPECT_EQ(identity.compare(space + 1, 9, "build-id:"), 0) << identity;
  EXPECT_NE(identity.substr(0, space), identity.substr(space + 1));
  EXPECT_EQ(&compilerIdentity(), &identity);
}

// Run by SamePtxInAnotherProcessHasTheSameKey in a child process: writes the kernel's key with
// the child's own compiler identity to the file QIAO_TEST_KEY_FILE names.
TEST(KernelKey, ChildWritesItsKey) {
  const char *file = std::getenv("QIAO_TEST_KEY_FILE");
  if (!file)
    GTEST_SKIP() << "runs as the child of SamePtxInAnotherProcessHasTheSameKey";
  KeyParts parts;
  parts.compiler = compilerIdentity();
  std::ofstream(file) << keyOf(kernelText(), parts);
}

TEST(KernelKey, SamePtxInAnotherProcessHasTheSameKey) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string file = dir.path() + "/key";
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string command = "QIAO_TEST_KEY_FILE='" + file + "' '" + self +
                              "' --gtest_filter=KernelKey.ChildWritesItsKey > /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::string childKey;
  std::ifstream(file) >> childKey;
  KeyParts parts;
  parts.compiler = compilerIdentity();
  EXPECT_EQ(childKey, keyOf(kernelText(), parts));
}

} // namespace
} // namespace qiao::jit::test
