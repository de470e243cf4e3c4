// Where native code may start: runs at leaders, and forward branches a region begins with.
#include "PtxHarness.h"
#include "RunFinder.h"

#include <gtest/gtest.h>

#include <string>

namespace qiao::jit::test {
namespace {

using ptx::test::PtxRunner;

// After the first barrier an if-then; after the second a branch whose then side is another
// branch (no run: the scheduler's); after the third a backward branch.
constexpr const char *kKernel = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>;
  .reg .pred %p;
  ld.param.u32 %r2, [n];
  mov.u32 %r1, %tid.x;
  setp.ge.u32 %p, %r1, %r2;
  bar.sync 0;
  @%p bra A;
  add.u32 %r1, %r1, 1;
A:
  bar.sync 0;
  @%p bra C;
  @%p bra C;
  add.u32 %r1, %r1, 2;
C:
  bar.sync 0;
  @%p bra C;
  ret;
}
)";

TEST(RunFinder, RegionsMayStartAtForwardBranchesThatStayNative) {
  PtxRunner runner;
  ASSERT_TRUE(runner.load(kKernel));
  const ptx::Function &function =
      runner.module().program().functions[runner.module().kernel("k")->index];
  std::vector<uint32_t> barriers;
  for (uint32_t pc = 0; pc < function.code.size(); ++pc)
    if (function.code[pc].control == ptx::Control::Barrier)
      barriers.push_back(pc);
  ASSERT_EQ(barriers.size(), 3u);
  std::vector<qiao::jit::Run> runs = findRuns(function);
  const uint32_t ifThen = barriers[0] + 1, twoBranches = barriers[1] + 1, back = barriers[2] + 1;
  ASSERT_NE(runStartingAt(runs, ifThen + 1), nullptr);
  EXPECT_EQ(runStartingAt(runs, ifThen + 1)->end, barriers[1]);
  EXPECT_EQ(runStartingAt(runs, ifThen), nullptr);
  EXPECT_TRUE(divergenceStaysNative(function, runs, ifThen));
  EXPECT_FALSE(divergenceStaysNative(function, runs, twoBranches));
  EXPECT_FALSE(divergenceStaysNative(function, runs, back));
  // The second branch of the pair follows a branch, not a scheduler instruction.
  EXPECT_EQ(findBranchEntries(function, runs), std::vector<uint32_t>{ifThen});
}

} // namespace
} // namespace qiao::jit::test
