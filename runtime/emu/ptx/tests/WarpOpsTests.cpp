// shfl, vote, match, redux, activemask and elect: the lane rules of WarpSemantics.h against
// hand-computed values, hand-written PTX kernels run through the engine, and CUDA kernels of
// kernels/warp.cu compiled by nvcc at test time.
#include "NvccPtx.h"
#include "PtxHarness.h"
#include "ptx/InstDecoder.h"
#include "ptx/WarpSemantics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";
std::string ptx(const std::string &body) { return kHeader + body; }


// The c operand CUDA's __shfl_*_sync pass for a width: the segment mask in bits 12:8, the clamp
// (0 for up, the last lane of the segment otherwise) in bits 4:0.
constexpr uint32_t shflC(uint32_t width, bool up) { return ((32 - width) << 8) | (up ? 0 : 0x1f); }

void expectSource(ShflSource s, int lane, bool valid) {
  EXPECT_EQ(s.lane, lane);
  EXPECT_EQ(s.valid, valid);
}

// ---- lane rules ------------------------------------------------------------------------------

TEST(WarpSemantics, ShflOverTheWholeWarp) {
  expectSource(shflSource(ShflMode::Down, 5, 3, shflC(32, false)), 8, true);
  expectSource(shflSource(ShflMode::Down, 30, 3, shflC(32, false)), 30, false);
  expectSource(shflSource(ShflMode::Down, 29, 2, shflC(32, false)), 31, true);
  expectSource(shflSource(ShflMode::Up, 5, 3, shflC(32, true)), 2, true);
  expectSource(shflSource(ShflMode::Up, 2, 3, shflC(32, true)), 2, false);
  expectSource(shflSource(ShflMode::Up, 3, 3, shflC(32, true)), 0, true);
  expectSource(shflSource(ShflMode::Bfly, 5, 1, shflC(32, false)), 4, true);
  expectSource(shflSource(ShflMode::Bfly, 5, 16, shflC(32, false)), 21, true);
  expectSource(shflSource(ShflMode::Idx, 5, 17, shflC(32, false)), 17, true);
  // Only b[4:0] counts: 33 is lane 1.
  expectSource(shflSource(ShflMode::Idx, 5, 33, shflC(32, false)), 1, true);
}

TEST(WarpSemantics, ShflWithinSegmentsOfEightLanes) {
  const uint32_t c = shflC(8, false), cUp = shflC(8, true);
  expectSource(shflSource(ShflMode::Idx, 13, 2, c), 10, true);
  expectSource(shflSource(ShflMode::Idx, 13, 20, c), 12, true); // 20 mod 8 = 4 in segment 8..15
  expectSource(shflSource(ShflMode::Down, 12, 3, c), 15, true);
  expectSource(shflSource(ShflMode::Down, 13, 3, c), 13, false); // 16 is past the segment
  expectSource(shflSource(ShflMode::Up, 10, 2, cUp), 8, true);
  expectSource(shflSource(ShflMode::Up, 9, 2, cUp), 9, false); // 7 is before the segment
  expectSource(shflSource(ShflMode::Bfly, 13, 4, c), 9, true);
  // The ISA bounds bfly by the segment's end only: lane 13 ^ 8 = 5 is taken.
  expectSource(shflSource(ShflMode::Bfly, 13, 8, c), 5, true);
  expectSource(shflSource(ShflMode::Bfly, 5, 8, c), 5, false); // 13 > maxLane 7
}

TEST(WarpSemantics, ShflWithAClampAndNoSegments) {
  // c = 3: one segment, lanes up to 3 reachable.
  expectSource(shflSource(ShflMode::Down, 1, 1, 3), 2, true);
  expectSource(shflSource(ShflMode::Down, 3, 1, 3), 3, false);
  expectSource(shflSource(ShflMode::Idx, 9, 2, 3), 2, true);
  expectSource(shflSource(ShflMode::Idx, 9, 6, 3), 9, false);
  // up compares against the clamp as a lower bound.
  expectSource(shflSource(ShflMode::Up, 9, 5, 3), 4, true);
  expectSource(shflSource(ShflMode::Up, 9, 7, 3), 9, false);
}

TEST(WarpSemantics, VoteModes) {
  EXPECT_EQ(voteResult(VoteMode::All, 0xf, 0x5), 0u);
  EXPECT_EQ(voteResult(VoteMode::Any, 0xf, 0x5), 1u);
  EXPECT_EQ(voteResult(VoteMode::Uni, 0xf, 0x5), 0u);
  EXPECT_EQ(voteResult(VoteMode::Ballot, 0xf, 0x5), 0x5u);
  // Lanes outside the participants do not count, whatever their predicate.
  EXPECT_EQ(voteResult(VoteMode::All, 0xf, 0xffffffffu), 1u);
  EXPECT_EQ(voteResult(VoteMode::Uni, 0xf, 0xfffffff0u), 1u);
  EXPECT_EQ(voteResult(VoteMode::Any, 0xf, 0xfffffff0u), 0u);
  EXPECT_EQ(voteResult(VoteMode::Ballot, 0xf0, 0xffu), 0xf0u & 0xffu);
  EXPECT_EQ(voteResult(VoteMode::Ballot, 0xf, 0), 0u);
}

TEST(WarpSemantics, MatchAnyAndAll) {
  uint64_t values[kWarpSize];
  for (int l = 0; l < kWarpSize; ++l)
    values[l] = l % 3;
  EXPECT_EQ(matchAnyMask(values, kFullMask, 0), 0x49249249u);
  EXPECT_EQ(matchAnyMask(values, kFullMask, 4), 0x92492492u);
  EXPECT_EQ(matchAnyMask(values, kFullMask, 5), 0x24924924u);
  EXPECT_EQ(matchAnyMask(values, 0xff, 4), 0x92u);
  EXPECT_FALSE(matchAllEqual(values, kFullMask));
  EXPECT_TRUE(matchAllEqual(values, 0x49249249u));
  EXPECT_TRUE(matchAllEqual(values, 0x1u));
  values[31] = uint64_t{1} << 40; // b64 values compare all 64 bits
  values[28] = 0;
  EXPECT_EQ(matchAnyMask(values, 0x90000000u, 31), 0x80000000u);
}

TEST(WarpSemantics, ReduxOperations) {
  uint64_t values[kWarpSize] = {};
  values[0] = 0xffffffffu;
  values[1] = 2;
  values[2] = 0x80000000u;
  values[3] = 7;
  const LaneMask four = 0xf;
  EXPECT_EQ((reduxResult<ReduxOp::Add, false>(values, four)), 0x80000008u); // wraps around
  EXPECT_EQ((reduxResult<ReduxOp::Min, false>(values, four)), 2u);
  EXPECT_EQ((reduxResult<ReduxOp::Min, true>(values, four)), 0x80000000u); // INT_MIN
  EXPECT_EQ((reduxResult<ReduxOp::Max, false>(values, four)), 0xffffffffu);
  EXPECT_EQ((reduxResult<ReduxOp::Max, true>(values, four)), 7u);
  EXPECT_EQ((reduxResult<ReduxOp::And, false>(values, 0x3)), 2u);
  EXPECT_EQ((reduxResult<ReduxOp::Or, false>(values, 0xe)), 0x80000007u);
  EXPECT_EQ((reduxResult<ReduxOp::Xor, false>(values, 0xa)), 5u);
  EXPECT_EQ((reduxResult<ReduxOp::Min, true>(values, 0x8)), 7u); // a single participant
}

TEST(WarpSemantics, ElectPicksTheLowestParticipant) {
  EXPECT_EQ(electLeader(0x14), 2);
  EXPECT_EQ(electLeader(0x80000000u), 31);
  EXPECT_EQ(electLeader(0), -1);
}

// ---- registration ----------------------------------------------------------------------------

TEST(WarpOpcodes, FamilyRegistersItsInstructions) {
  std::vector<OpcodeEntry> table;
  addWarpOpcodes(table);
  std::vector<std::string_view> names;
  for (const OpcodeEntry &e : table)
    names.push_back(e.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string_view>{"activemask", "elect", "match", "redux", "shfl",
                                                  "vote"}));
  for (std::string_view name : names)
    EXPECT_NE(findDecoder(name), nullptr) << name << " missing from the joined opcode table";
}

// ---- hand-written PTX ------------------------------------------------------------------------

// Runs kernel k(out) over one block of `threads`, out holding `words` u32 zeros.
std::vector<uint32_t> runWithOutput(const std::string &body, uint32_t threads, size_t words) {
  PtxRunner r;
  if (!r.load(ptx(body)))
    return {};
  auto *out = r.memory.array<uint32_t>(words);
  auto result = r.run("k", {1}, {threads}, ParamPack().add(out));
  EXPECT_EQ(result.code, 0) << result.report;
  return std::vector<uint32_t>(out, out + words);
}

// A prologue that loads out and computes %rd3 = &out[tid] and %r1 = tid.
constexpr const char *kPrologue = R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<24>; .reg .b64 %rd<8>; .reg .pred %p<8>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
)";

TEST(WarpOpsPtx, ShflDownTreeSumsTheWarp) {
  auto out = runWithOutput(std::string(kPrologue) + R"(
  mov.u32 %r2, %r1;
  shfl.sync.down.b32 %r3, %r2, 16, 0x1f, 0xffffffff; add.u32 %r2, %r2, %r3;
  shfl.sync.down.b32 %r3, %r2, 8, 0x1f, 0xffffffff;  add.u32 %r2, %r2, %r3;
  shfl.sync.down.b32 %r3, %r2, 4, 0x1f, 0xffffffff;  add.u32 %r2, %r2, %r3;
  shfl.sync.down.b32 %r3, %r2, 2, 0x1f, 0xffffffff;  add.u32 %r2, %r2, %r3;
  shfl.sync.down.b32 %r3, %r2, 1, 0x1f, 0xffffffff;  add.u32 %r2, %r2, %r3;
  st.global.u32 [%rd3], %r2;
  ret;
})",
                           64, 64);
  ASSERT_EQ(out.size(), 64u);
  EXPECT_EQ(out[0], 496u);       // 0 + 1 + ... + 31
  EXPECT_EQ(out[32], 1520u);     // 32 + ... + 63
  EXPECT_EQ(out[31], 31u * 32u); // the last lane only ever adds itself: 31 * 2^5
}

TEST(WarpOpsPtx, ShflUpWithPredicateComputesAnInclusiveScan) {
  // The ISA's own example: shfl.up with the valid predicate guarding the add.
  auto out = runWithOutput(std::string(kPrologue) + R"(
  add.u32 %r2, %r1, 1;
  shfl.sync.up.b32 %r3|%p1, %r2, 1, 0, 0xffffffff;  @%p1 add.u32 %r2, %r2, %r3;
  shfl.sync.up.b32 %r3|%p1, %r2, 2, 0, 0xffffffff;  @%p1 add.u32 %r2, %r2, %r3;
  shfl.sync.up.b32 %r3|%p1, %r2, 4, 0, 0xffffffff;  @%p1 add.u32 %r2, %r2, %r3;
  shfl.sync.up.b32 %r3|%p1, %r2, 8, 0, 0xffffffff;  @%p1 add.u32 %r2, %r2, %r3;
  shfl.sync.up.b32 %r3|%p1, %r2, 16, 0, 0xffffffff; @%p1 add.u32 %r2, %r2, %r3;
  st.global.u32 [%rd3], %r2;
  ret;
})",
                           32, 32);
  ASSERT_EQ(out.size(), 32u);
  for (uint32_t l = 0; l < 32; ++l)
    EXPECT_EQ(out[l], (l + 1) * (l + 2) / 2) << l;
}

TEST(WarpOpsPtx, ShflIdxAndBflyWithSegmentsAndValidFlags) {
  // out[3t] = idx of lane 2 within 8-lane segments; out[3t+1] = bfly 1; out[3t+2] = the valid
  // flag of down 3 within 8-lane segments.
  auto out = runWithOutput(std::string(kPrologue) + R"(
  mul.lo.u32 %r2, %r1, 10;
  shfl.sync.idx.b32 %r3, %r2, 2, 0x181f, 0xffffffff;
  shfl.sync.bfly.b32 %r4, %r2, 1, 0x1f, 0xffffffff;
  shfl.sync.down.b32 %r5|%p1, %r2, 3, 0x181f, 0xffffffff;
  selp.u32 %r6, 1, 0, %p1;
  mul.wide.u32 %rd4, %r1, 12;
  add.u64 %rd5, %rd1, %rd4;
  st.global.u32 [%rd5], %r3;
  st.global.u32 [%rd5+4], %r4;
  st.global.u32 [%rd5+8], %r6;
  ret;
})",
                           32, 96);
  ASSERT_EQ(out.size(), 96u);
  for (uint32_t l = 0; l < 32; ++l) {
    EXPECT_EQ(out[3 * l], ((l & ~7u) + 2) * 10) << l;
    EXPECT_EQ(out[3 * l + 1], (l ^ 1) * 10) << l;
    EXPECT_EQ(out[3 * l + 2], (l % 8) + 3 < 8 ? 1u : 0u) << l;
  }
}

TEST(WarpOpsPtx, ShflDestinationMayBeItsSource) {
  auto out = runWithOutput(std::string(kPrologue) + R"(
  mov.u32 %r2, %r1;
  shfl.sync.idx.b32 %r2, %r2, %r2, 0x1f, 0xffffffff;
  shfl.sync.bfly.b32 %r2, %r2, 31, 0x1f, 0xffffffff;
  st.global.u32 [%rd3], %r2;
  ret;
})",
                           32, 32);
  ASSERT_EQ(out.size(), 32u);
  for (uint32_t l = 0; l < 32; ++l)
    EXPECT_EQ(out[l], 31 - l) << l;
}

TEST(WarpOpsPtx, VotesInDivergentCode) {
  // Odd lanes vote among themselves, even lanes among themselves; p = tid % 4 == 1.
  auto out = runWithOutput(std::string(kPrologue) + R"(
  and.b32 %r2, %r1, 3;
  setp.eq.u32 %p1, %r2, 1;
  and.b32 %r3, %r1, 1;
  setp.eq.u32 %p2, %r3, 1;
  mov.u32 %r10, 0;
  @!%p2 bra EVEN;
  activemask.b32 %r4;
  vote.sync.ballot.b32 %r5, %p1, %r4;
  vote.sync.any.pred %p3, %p1, %r4;
  vote.sync.all.pred %p4, %p1, %r4;
  vote.sync.uni.pred %p5, !%p2, %r4;
  bra.uni JOIN;
EVEN:
  activemask.b32 %r4;
  vote.sync.ballot.b32 %r5, %p1, %r4;
  vote.sync.any.pred %p3, %p1, %r4;
  vote.sync.all.pred %p4, !%p1, %r4;
  vote.sync.uni.pred %p5, %p1, %r4;
JOIN:
  selp.u32 %r6, 1, 0, %p3;
  selp.u32 %r7, 2, 0, %p4;
  selp.u32 %r8, 4, 0, %p5;
  or.b32 %r9, %r6, %r7;
  or.b32 %r9, %r9, %r8;
  mul.wide.u32 %rd4, %r1, 12;
  add.u64 %rd5, %rd1, %rd4;
  st.global.u32 [%rd5], %r4;
  st.global.u32 [%rd5+4], %r5;
  st.global.u32 [%rd5+8], %r9;
  ret;
})",
                           32, 96);
  ASSERT_EQ(out.size(), 96u);
  for (uint32_t l = 0; l < 32; ++l) {
    const bool odd = l % 2 == 1;
    EXPECT_EQ(out[3 * l], odd ? 0xaaaaaaaau : 0x55555555u) << l;
    // Odd: p holds on lanes 1, 5, 9...: ballot 0x22222222, any, not all, !%p2 uniformly false.
    // Even: p never holds: ballot 0, not any, all of !p, uniformly false.
    EXPECT_EQ(out[3 * l + 1], odd ? 0x22222222u : 0u) << l;
    EXPECT_EQ(out[3 * l + 2], odd ? 1u | 4u : 2u | 4u) << l;
  }
}

TEST(WarpOpsPtx, GuardedVotesCountOnlyLanesWhoseGuardHolds) {
  // Lanes 0..9 execute the ballot (the guard), with the full membermask; old vote forms too.
  auto out = runWithOutput(std::string(kPrologue) + R"(
  setp.lt.u32 %p1, %r1, 10;
  setp.ne.u32 %p2, %r1, 4;
  mov.u32 %r2, 0xdead;
  @%p1 vote.sync.ballot.b32 %r2, %p2, 0xffffffff;
  vote.ballot.b32 %r3, %p2;
  vote.all.pred %p3, %p2;
  vote.any.pred %p4, %p1;
  selp.u32 %r4, 1, 0, %p3;
  selp.u32 %r5, 2, 0, %p4;
  add.u32 %r4, %r4, %r5;
  mul.wide.u32 %rd4, %r1, 12;
  add.u64 %rd5, %rd1, %rd4;
  st.global.u32 [%rd5], %r2;
  st.global.u32 [%rd5+4], %r3;
  st.global.u32 [%rd5+8], %r4;
  ret;
})",
                           40, 120);
  ASSERT_EQ(out.size(), 120u);
  for (uint32_t t = 0; t < 40; ++t) {
    // Second warp: lanes 0..7 exist only (threads 32..39).
    EXPECT_EQ(out[3 * t], t < 10 ? 0x3efu : 0xdeadu) << t;
    EXPECT_EQ(out[3 * t + 1], t < 32 ? 0xffffffefu : 0xffu) << t;
    EXPECT_EQ(out[3 * t + 2], t < 32 ? 2u : 1u) << t;
  }
}

TEST(WarpOpsPtx, MatchAnyAndAllWithPredicate) {
  auto out = runWithOutput(std::string(kPrologue) + R"(
  rem.u32 %r2, %r1, 3;
  match.any.sync.b32 %r3, %r2, 0xffffffff;
  shr.u32 %r4, %r1, 3;
  match.all.sync.b32 %r5|%p1, %r4, 0xff;
  match.all.sync.b32 %r6|%p2, %r4, 0xffffffff;
  cvt.u64.u32 %rd6, %r2;
  match.any.sync.b64 %r7, %rd6, 0x0000ffff;
  selp.u32 %r8, 1, 0, %p1;
  selp.u32 %r9, 2, 0, %p2;
  or.b32 %r8, %r8, %r9;
  mul.wide.u32 %rd4, %r1, 20;
  add.u64 %rd5, %rd1, %rd4;
  st.global.u32 [%rd5], %r3;
  st.global.u32 [%rd5+4], %r5;
  st.global.u32 [%rd5+8], %r6;
  st.global.u32 [%rd5+12], %r7;
  st.global.u32 [%rd5+16], %r8;
  ret;
})",
                           32, 160);
  ASSERT_EQ(out.size(), 160u);
  const uint32_t byResidue[3] = {0x49249249u, 0x92492492u, 0x24924924u};
  for (uint32_t l = 0; l < 32; ++l) {
    EXPECT_EQ(out[5 * l], byResidue[l % 3]) << l;
    // membermask 0xff is undefined for lanes outside it; lanes 0..7 all hold 0.
    if (l < 8) {
      EXPECT_EQ(out[5 * l + 1], 0xffu) << l;
      EXPECT_EQ(out[5 * l + 4] & 1, 1u) << l;
    }
    EXPECT_EQ(out[5 * l + 2], 0u) << l; // tid >> 3 differs across the warp
    EXPECT_EQ(out[5 * l + 4] & 2, 0u) << l;
    if (l < 16) {
      EXPECT_EQ(out[5 * l + 3], byResidue[l % 3] & 0xffffu) << l;
    }
  }
}

TEST(WarpOpsPtx, ReduxOverTheWarp) {
  // value = tid * 3 - 40 (as s32); results per lane: add, min.s32, max.u32, and, or, xor.
  auto out = runWithOutput(std::string(kPrologue) + R"(
  mul.lo.u32 %r2, %r1, 3;
  sub.u32 %r2, %r2, 40;
  redux.sync.add.u32 %r3, %r2, 0xffffffff;
  redux.sync.min.s32 %r4, %r2, 0xffffffff;
  redux.sync.max.u32 %r5, %r2, 0xffffffff;
  redux.sync.and.b32 %r6, %r2, 0xffffffff;
  redux.sync.or.b32 %r7, %r2, 0xffffffff;
  redux.sync.xor.b32 %r8, %r2, 0xffffffff;
  redux.sync.max.s32 %r9, %r2, 0x0000000f;
  mul.wide.u32 %rd4, %r1, 28;
  add.u64 %rd5, %rd1, %rd4;
  st.global.u32 [%rd5], %r3;
  st.global.u32 [%rd5+4], %r4;
  st.global.u32 [%rd5+8], %r5;
  st.global.u32 [%rd5+12], %r6;
  st.global.u32 [%rd5+16], %r7;
  st.global.u32 [%rd5+20], %r8;
  st.global.u32 [%rd5+24], %r9;
  ret;
})",
                           32, 7 * 32);
  ASSERT_EQ(out.size(), 7u * 32u);
  uint32_t sum = 0, maxU = 0, andAll = ~0u, orAll = 0, xorAll = 0;
  int32_t minS = INT32_MAX;
  for (int l = 0; l < 32; ++l) {
    uint32_t v = static_cast<uint32_t>(l * 3 - 40);
    sum += v, andAll &= v, orAll |= v, xorAll ^= v;
    maxU = std::max(maxU, v);
    minS = std::min(minS, l * 3 - 40);
  }
  for (int l = 0; l < 32; ++l) {
    const uint32_t *o = &out[7 * l];
    EXPECT_EQ(o[0], sum) << l;
    EXPECT_EQ(static_cast<int32_t>(o[1]), minS) << l;
    EXPECT_EQ(o[2], maxU) << l;
    EXPECT_EQ(o[3], andAll) << l;
    EXPECT_EQ(o[4], orAll) << l;
    EXPECT_EQ(o[5], xorAll) << l;
    if (l < 4) {
      EXPECT_EQ(static_cast<int32_t>(o[6]), 3 * 3 - 40) << l; // lanes 0..3: largest is -31
    }
  }
}

TEST(WarpOpsPtx, ElectChoosesOneLeaderAmongTheExecutingLanes) {
  // Lanes 5..31 execute elect (tid >= 5): the leader is lane 5.
  auto out = runWithOutput(std::string(kPrologue) + R"(
  mov.u32 %r2, 99;
  mov.u32 %r3, 7;
  setp.ge.u32 %p1, %r1, 5;
  @!%p1 bra DONE;
  elect.sync %r2|%p2, 0xffffffff;
  selp.u32 %r3, 1, 0, %p2;
DONE:
  mul.wide.u32 %rd4, %r1, 8;
  add.u64 %rd5, %rd1, %rd4;
  st.global.u32 [%rd5], %r2;
  st.global.u32 [%rd5+4], %r3;
  ret;
})",
                           32, 64);
  ASSERT_EQ(out.size(), 64u);
  for (uint32_t l = 0; l < 32; ++l) {
    EXPECT_EQ(out[2 * l], l < 5 ? 99u : 5u) << l;
    EXPECT_EQ(out[2 * l + 1], l < 5 ? 7u : (l == 5 ? 1u : 0u)) << l;
  }
}

// The load error of a module with one instruction in an otherwise valid kernel.
std::string loadError(const std::string &instruction) {
  HostDeviceMemory memory;
  auto loaded = Module::load(ptx(R"(
.visible .entry k(.param .u64 p)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  )" + instruction + R"(
  ret;
})"),
                             memory);
  return loaded ? std::string() : loaded.error().message;
}

TEST(WarpOpsPtx, MalformedWarpInstructionsAreRejectedAtLoad) {
  EXPECT_EQ(loadError("shfl.sync.down.b32 %r1|%p1, %r2, 1, 0x1f, 0xffffffff;"), "");
  EXPECT_NE(loadError("shfl.sync.b32 %r1, %r2, 1, 0x1f, 0xffffffff;"), "");        // no mode
  EXPECT_NE(loadError("shfl.sync.down.b64 %rd1, %rd2, 1, 0x1f, 0xffffffff;"), ""); // type
  EXPECT_NE(loadError("shfl.sync.down.b32 %r1, %r2, 1, 0x1f;"), "");               // no membermask
  EXPECT_EQ(loadError("vote.sync.any.pred %p1, !%p2, 0xffffffff;"), "");
  EXPECT_NE(loadError("vote.sync.any.b32 %r1, %p2, 0xffffffff;"), "");
  EXPECT_NE(loadError("vote.sync.ballot.pred %p1, %p2, 0xffffffff;"), "");
  EXPECT_NE(loadError("match.any.sync.b32 %r1|%p1, %r2, 0xffffffff;"), ""); // any has no p
  EXPECT_NE(loadError("match.all.b32 %r1, %r2, 0xffffffff;"), "");          // .sync required
  EXPECT_NE(loadError("redux.sync.add.b32 %r1, %r2, 0xffffffff;"), "");
  EXPECT_NE(loadError("redux.sync.and.u32 %r1, %r2, 0xffffffff;"), "");
  EXPECT_NE(loadError("redux.sync.min.abs.f32 %r1, %r2, 0xffffffff;"), "");
  EXPECT_NE(loadError("activemask.b32 %r1, %r2;"), "");
  EXPECT_NE(loadError("elect.sync %r1, 0xffffffff;"), ""); // the predicate is required
}

// ---- CUDA kernels compiled by nvcc -----------------------------------------------------------

class WarpOpsCuda : public ::testing::Test {
protected:
  void SetUp() override {
    static const std::string text = nvccPtx("warp.cu");
    ASSERT_FALSE(text.empty());
    ASSERT_TRUE(runner.load(text));
  }
  PtxRunner runner;
};

TEST_F(WarpOpsCuda, ShflDownReductionPerWarp) {
  std::vector<int> values(256);
  for (int i = 0; i < 256; ++i)
    values[i] = (i * 31) % 97 - 40;
  auto *in = runner.memory.array<int>(values);
  auto *sums = runner.memory.array<int>(8);
  auto outcome = runner.run("warpSum", {2}, {128}, ParamPack().add(in).add(sums));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (int w = 0; w < 8; ++w) {
    int expected = 0;
    for (int i = 32 * w; i < 32 * w + 32; ++i)
      expected += values[i];
    EXPECT_EQ(sums[w], expected) << w;
  }
}

TEST_F(WarpOpsCuda, SegmentedScanWithShflUp) {
  for (int width : {4, 8, 32}) {
    std::vector<int> values(64);
    for (int i = 0; i < 64; ++i)
      values[i] = i % 7 + 1;
    auto *in = runner.memory.array<int>(values);
    auto *out = runner.memory.array<int>(64);
    auto outcome = runner.run("segmentScan", {1}, {64}, ParamPack().add(in).add(out).add(width));
    ASSERT_EQ(outcome.code, 0) << outcome.report;
    for (int i = 0; i < 64; ++i) {
      int expected = 0;
      for (int j = i - i % width; j <= i; ++j)
        expected += values[j];
      EXPECT_EQ(out[i], expected) << "width " << width << " thread " << i;
    }
  }
}

TEST_F(WarpOpsCuda, BroadcastWithinGroupsAndXorSwap) {
  std::vector<int> values(32);
  for (int i = 0; i < 32; ++i)
    values[i] = 1000 + i * i;
  auto *in = runner.memory.array<int>(values);
  auto *broadcast = runner.memory.array<int>(32);
  auto *swapped = runner.memory.array<int>(32);
  auto outcome =
      runner.run("broadcastAndSwap", {1}, {32}, ParamPack().add(in).add(broadcast).add(swapped));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (int i = 0; i < 32; ++i) {
    EXPECT_EQ(broadcast[i], values[(i & ~7) + 3]) << i;
    EXPECT_EQ(swapped[i], values[i ^ 1]) << i;
  }
}

TEST_F(WarpOpsCuda, BallotAnyAllInDivergentBranches) {
  // values: lane t holds t * 7 % 23 + 1 in the first warp, 200 + t in the second.
  std::vector<int> values(64);
  for (int t = 0; t < 64; ++t)
    values[t] = t < 32 ? t * 7 % 23 + 1 : 200 + t;
  auto *in = runner.memory.array<int>(values);
  auto *ballots = runner.memory.array<uint32_t>(64);
  auto *anys = runner.memory.array<int>(64);
  auto *alls = runner.memory.array<int>(64);
  auto outcome =
      runner.run("votes", {1}, {64}, ParamPack().add(in).add(ballots).add(anys).add(alls));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (int w = 0; w < 2; ++w) {
    for (int parity = 0; parity < 2; ++parity) {
      uint32_t ballot = 0;
      bool any = false, all = true;
      for (int l = parity; l < 32; l += 2) {
        int v = values[32 * w + l];
        ballot |= (v > 10 ? 1u : 0u) << l;
        any = any || v > 100;
        all = all && v > 0;
      }
      for (int l = parity; l < 32; l += 2) {
        int t = 32 * w + l;
        EXPECT_EQ(ballots[t], parity ? ballot : ballot ^ 0xffffffffu) << t;
        EXPECT_EQ(anys[t], any ? 1 : 0) << t;
        EXPECT_EQ(alls[t], all ? 1 : 0) << t;
      }
    }
  }
}

TEST_F(WarpOpsCuda, MatchAnyAndAllSync) {
  std::vector<int> keys(64);
  for (int t = 0; t < 64; ++t)
    keys[t] = t < 32 ? (t * 5) % 4 : t * 100;
  auto *in = runner.memory.array<int>(keys);
  auto *any = runner.memory.array<uint32_t>(64);
  auto *all = runner.memory.array<uint32_t>(64);
  auto *agree = runner.memory.array<int>(64);
  auto outcome = runner.run("matches", {1}, {64}, ParamPack().add(in).add(any).add(all).add(agree));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (int t = 0; t < 64; ++t) {
    uint32_t same = 0;
    int w = t / 32;
    for (int l = 0; l < 32; ++l)
      same |= (keys[32 * w + l] == keys[t] ? 1u : 0u) << l;
    EXPECT_EQ(any[t], same) << t;
    // keys / 1000: all 0 in the first warp, 3..6 in the second.
    EXPECT_EQ(all[t], w == 0 ? 0xffffffffu : 0u) << t;
    EXPECT_EQ(agree[t], w == 0 ? 1 : 0) << t;
  }
}

TEST_F(WarpOpsCuda, ReduceSyncFamily) {
  std::vector<uint32_t> values(64);
  for (int t = 0; t < 64; ++t)
    values[t] = static_cast<uint32_t>(t * 2654435761u) >> (t % 5);
  auto *in = runner.memory.array<uint32_t>(values);
  auto *out = runner.memory.array<uint32_t>(12);
  auto outcome = runner.run("reduces", {1}, {64}, ParamPack().add(in).add(out));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (int w = 0; w < 2; ++w) {
    uint32_t sum = 0, hi = 0, a = ~0u, o = 0, x = 0;
    int32_t lo = INT32_MAX;
    for (int l = 0; l < 32; ++l) {
      uint32_t v = values[32 * w + l];
      sum += v, a &= v, o |= v, x ^= v;
      hi = std::max(hi, v);
      lo = std::min(lo, static_cast<int32_t>(v));
    }
    const uint32_t *r = out + 6 * w;
    EXPECT_EQ(r[0], sum) << w;
    EXPECT_EQ(static_cast<int32_t>(r[1]), lo) << w;
    EXPECT_EQ(r[2], hi) << w;
    EXPECT_EQ(r[3], a) << w;
    EXPECT_EQ(r[4], o) << w;
    EXPECT_EQ(r[5], x) << w;
  }
}

} // namespace
} // namespace qiao::ptx::test
