// bar.warp.sync (__syncwarp) as a meeting point of the lanes of its membermask, as on sm_70 and
// later: a lane that is still elsewhere (spinning on another warp) holds the others back
// (AsyncBarrierTests' TileRanks, cooperative groups' tiles wider than a warp, depends on it).
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <string>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

// Lanes that exited are not waited for; a group whose missing members wait at another
// bar.warp.sync meets them there (if/else with a __syncwarp in each branch).
TEST(WarpSync, ExitedLanesAndSeparateSyncPoints) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<8>; .reg .b64 %rd<4>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.ge.u32 %p1, %r1, 24;
  @%p1 bra EXIT;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  setp.lt.u32 %p2, %r1, 12;
  @%p2 bra LOW;
  mov.u32 %r2, 2;
  bar.warp.sync -1;
  bra STORE;
LOW:
  mov.u32 %r2, 1;
  bar.warp.sync -1;
STORE:
  st.global.u32 [%rd3], %r2;
EXIT:
  ret;
})"));
  auto *out = r.memory.array<uint32_t>(32);
  auto result = r.run("k", {1}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 32; ++t)
    EXPECT_EQ(out[t], t >= 24 ? 0u : t < 12 ? 1u : 2u) << t;
}

} // namespace
} // namespace qiao::ptx::test
