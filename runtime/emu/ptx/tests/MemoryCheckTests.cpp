// QIAO_MEMCHECK's three rules (Engine.h's MemoryCheck), each interpreted and in native code: by
// default an access faults only outside mapped memory, so a read just before an allocation and a
// write just past its end go on as on hardware; Precise ends the kernel there with memcheck's
// report; Warn reports each such access and goes on. A wild address faults under every rule.
#include "PtxHarness.h"

#include "ptx/NativeCode.h"
#include "ptx/Program.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace qiao::ptx::test {
namespace {

// Thread t copies in[t - 1] to out[t + 1]: thread 0 reads 4 bytes before `in`, thread 31 writes
// the word just past the end of `out` (both 32 words).
constexpr const char *kOffByOne = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [in];
  ld.param.u64 %rd2, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd3, %r1, 4;
  add.s64 %rd4, %rd1, %rd3;
  ld.global.u32 %r2, [%rd4+-4];
  add.s64 %rd5, %rd2, %rd3;
  st.global.u32 [%rd5+4], %r2;
  ret;
})";

constexpr uint32_t kWords = 32;

struct Observed {
  int code = -1;
  std::string report;
  std::vector<std::string> warnings; // the "qiao: memcheck: " lines on stderr
  std::vector<uint32_t> out;         // out[0..32]: the array and the word past its end
};

// Runs kOffByOne under `mode`, interpreted or native, with `in` moved by inShift bytes.
Observed runOffByOne(MemoryCheck mode, bool native, uint64_t inShift = 0) {
  PtxRunner r;
  Observed run;
  if (!r.load(kOffByOne))
    return run;
  r.memoryCheck = mode;
  r.interpretOnly = !native;
  if (native) {
    const KernelInfo *info = r.module().kernel("k");
    prepareNative(r.module().program(), info->index);
    EXPECT_NE(r.module().program().native(info->index), nullptr)
        << "the kernel compiler published no code for the kernel";
  }
  auto *in = r.memory.array<uint32_t>(kWords);
  auto *out = r.memory.array<uint32_t>(kWords);
  for (uint32_t i = 0; i < kWords; ++i)
    in[i] = 100 + i;
  const uint64_t inAddress = reinterpret_cast<uint64_t>(in) + inShift;
  testing::internal::CaptureStderr();
  LaunchOutcome outcome = r.run("k", {1}, {kWords}, ParamPack().add(inAddress).add(out));
  std::istringstream err(testing::internal::GetCapturedStderr());
  for (std::string line; std::getline(err, line);)
    if (line.rfind("qiao: memcheck: ", 0) == 0)
      run.warnings.push_back(line.substr(16));
  run.code = outcome.code;
  run.report = outcome.report;
  run.out.assign(out, out + kWords + 1);
  return run;
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

// A report without its addresses (the runs allocate their memory apart).
std::string withoutAddress(const std::string &report) {
  return report.substr(0, report.rfind(" address 0x"));
}

void expectCopied(const Observed &run) {
  for (uint32_t t = 2; t < kWords; ++t)
    EXPECT_EQ(run.out[t], 100 + t - 2) << "out[" << t << "]";
  EXPECT_EQ(run.out[kWords], 100 + kWords - 2) << "the word past the end of out";
}

TEST(MemoryCheck, ByDefaultAccessesJustOutsideAnAllocationGoOn) {
  for (bool native : {false, true}) {
    SCOPED_TRACE(native ? "native" : "interpreted");
    Observed run = runOffByOne(MemoryCheck::Mapped, native);
    EXPECT_EQ(run.code, 0) << run.report;
    EXPECT_TRUE(run.warnings.empty());
    EXPECT_EQ(run.out[1], 0u) << "the slack before in reads zero here";
    expectCopied(run);
  }
}

TEST(MemoryCheck, PreciseEndsTheKernelWithMemchecksReport) {
  Observed interpreted = runOffByOne(MemoryCheck::Precise, false);
  Observed native = runOffByOne(MemoryCheck::Precise, true);
  for (const Observed *run : {&interpreted, &native}) {
    EXPECT_EQ(run->code, 700); // cudaErrorIllegalAddress
    EXPECT_TRUE(contains(run->report, "kernel 'k': invalid global read of 4 bytes at line 12 "
                                      "'ld.global.u32 %r2, [%rd4+-4];' block (0,0,0) thread "
                                      "(0,0,0) address 0x"))
        << run->report;
    EXPECT_TRUE(contains(run->report, ": 4 bytes before the nearest allocation at 0x"))
        << run->report;
    EXPECT_TRUE(contains(run->report, " of 128 bytes")) << run->report;
    EXPECT_TRUE(run->warnings.empty());
    for (uint32_t t = 0; t <= kWords; ++t)
      EXPECT_EQ(run->out[t], 0u) << "nothing is stored after the fault";
  }
  EXPECT_EQ(withoutAddress(native.report), withoutAddress(interpreted.report));
}

TEST(MemoryCheck, WarnReportsEachInvalidAccessAndGoesOn) {
  for (bool native : {false, true}) {
    SCOPED_TRACE(native ? "native" : "interpreted");
    Observed run = runOffByOne(MemoryCheck::Warn, native);
    EXPECT_EQ(run.code, 0) << run.report;
    expectCopied(run);
    ASSERT_EQ(run.warnings.size(), 2u);
    EXPECT_TRUE(contains(run.warnings[0], "invalid global read of 4 bytes at line 12"));
    EXPECT_TRUE(contains(run.warnings[0], "thread (0,0,0)"));
    EXPECT_TRUE(contains(run.warnings[0], ": 4 bytes before the nearest allocation"));
    EXPECT_TRUE(contains(run.warnings[1], "invalid global write of 4 bytes at line 14 "
                                          "'st.global.u32 [%rd5+4], %r2;'"));
    EXPECT_TRUE(contains(run.warnings[1], "thread (31,0,0)"));
    EXPECT_TRUE(contains(run.warnings[1], ": 0 bytes after the end of the nearest allocation"))
        << run.warnings[1];
  }
}

TEST(MemoryCheck, AWildAddressFaultsUnderEveryRule) {
  for (MemoryCheck mode : {MemoryCheck::Mapped, MemoryCheck::Precise, MemoryCheck::Warn})
    for (bool native : {false, true}) {
      SCOPED_TRACE(std::string(native ? "native" : "interpreted") + " mode " +
                   std::to_string(int(mode)));
      Observed run = runOffByOne(mode, native, uint64_t{1} << 40);
      EXPECT_EQ(run.code, 700) << run.report;
      EXPECT_TRUE(contains(run.report, "thread (0,0,0)")) << run.report;
      EXPECT_TRUE(contains(run.report, mode == MemoryCheck::Mapped
                                           ? "address outside every allocation at line 12"
                                           : "invalid global read of 4 bytes at line 12"))
          << run.report;
      EXPECT_TRUE(run.warnings.empty()) << "a fault is reported once, as the fault";
    }
}

// Native code is the same under every rule (the rule lives in the range the warp caches and in
// the exec functions), so one compiled kernel follows whichever rule each launch has.
TEST(MemoryCheck, OneCompiledKernelFollowsEachLaunchsRule) {
  PtxRunner r;
  ASSERT_TRUE(r.load(kOffByOne));
  const KernelInfo *info = r.module().kernel("k");
  prepareNative(r.module().program(), info->index);
  ASSERT_NE(r.module().program().native(info->index), nullptr);
  auto *in = r.memory.array<uint32_t>(kWords);
  auto *out = r.memory.array<uint32_t>(kWords);
  r.memoryCheck = MemoryCheck::Mapped;
  EXPECT_EQ(r.run("k", {1}, {kWords}, ParamPack().add(in).add(out)).code, 0);
  r.memoryCheck = MemoryCheck::Precise;
  EXPECT_EQ(r.run("k", {1}, {kWords}, ParamPack().add(in).add(out)).code, 700);
  r.memoryCheck = MemoryCheck::Mapped;
  EXPECT_EQ(r.run("k", {1}, {kWords}, ParamPack().add(in).add(out)).code, 0);
}

} // namespace
} // namespace qiao::ptx::test
