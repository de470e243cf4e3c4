// atom, red, membar and fence: the scalar rules of AtomicSemantics.h against hand-computed
// values, hand-written PTX kernels run through the engine, and CUDA kernels of
// kernels/atomics.cu compiled by nvcc at test time.
#include "NvccPtx.h"
#include "PtxHarness.h"
#include "ptx/AtomicSemantics.h"
#include "ptx/InstDecoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";
std::string ptx(const std::string &body) { return kHeader + body; }

uint32_t bitsOf(float f) { return std::bit_cast<uint32_t>(f); }
uint64_t bitsOf(double f) { return std::bit_cast<uint64_t>(f); }


// ---- scalar rules ---------------------------------------------------------------------------

TEST(AtomicSemantics, IncCountsUpToTheLimitThenWrapsToZero) {
  EXPECT_EQ(atomicIncWrap(0, 3), 1u);
  EXPECT_EQ(atomicIncWrap(2, 3), 3u);
  EXPECT_EQ(atomicIncWrap(3, 3), 0u);
  EXPECT_EQ(atomicIncWrap(7, 3), 0u); // above the limit: wraps as well
  EXPECT_EQ(atomicIncWrap(5, 0), 0u);
  EXPECT_EQ(atomicIncWrap(0xfffffffeu, 0xffffffffu), 0xffffffffu);
  EXPECT_EQ(atomicIncWrap(0xffffffffu, 0xffffffffu), 0u);
}

TEST(AtomicSemantics, DecCountsDownToZeroThenWrapsToTheLimit) {
  EXPECT_EQ(atomicDecWrap(3, 3), 2u);
  EXPECT_EQ(atomicDecWrap(1, 3), 0u);
  EXPECT_EQ(atomicDecWrap(0, 3), 3u);
  EXPECT_EQ(atomicDecWrap(9, 3), 3u); // above the limit: restarts at the limit
  EXPECT_EQ(atomicDecWrap(0, 0), 0u);
}

TEST(AtomicSemantics, IntegerOperations) {
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Add, uint32_t>(0xffffffffu, 2)), 1u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Add, uint64_t>(~uint64_t{0}, 3)), 2u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Min, int32_t>(-5, 3)), -5);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Min, uint32_t>(0xfffffffbu, 3)), 3u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Max, int32_t>(-5, 3)), 3);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Max, uint32_t>(0xfffffffbu, 3)), 0xfffffffbu);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Max, int64_t>(int64_t{-1} << 40, -7)), -7);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Min, uint64_t>(uint64_t{1} << 40, 7)), 7u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::And, uint32_t>(0xf0f0u, 0xff00u)), 0xf000u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Or, uint32_t>(0xf0f0u, 0xff00u)), 0xfff0u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Xor, uint64_t>(0xf0f0u, 0xff00u)), 0x0ff0u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Exch, uint32_t>(0x1234u, 0x99u)), 0x99u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Inc, uint32_t>(4, 4)), 0u);
  EXPECT_EQ((atomicIntegerResult<AtomicOp::Dec, uint32_t>(0, 4)), 4u);
}

TEST(AtomicSemantics, CasStoresTheSwapValueOnlyOnAMatch) {
  EXPECT_EQ(atomicCasResult<uint32_t>(5, 5, 9), 9u);
  EXPECT_EQ(atomicCasResult<uint32_t>(5, 4, 9), 5u);
  EXPECT_EQ(atomicCasResult<uint16_t>(0xbeef, 0xbeef, 1), 1u);
}

TEST(AtomicSemantics, AddF32RoundsToNearestEven) {
  EXPECT_EQ(atomicAddF32Bits(bitsOf(1.5f), bitsOf(2.25f), true), bitsOf(3.75f));
  // 1 + 2^-24 is a tie between 1 and 1 + 2^-23: even wins.
  EXPECT_EQ(atomicAddF32Bits(bitsOf(1.0f), bitsOf(0x1p-24f), false), bitsOf(1.0f));
  EXPECT_EQ(atomicAddF32Bits(bitsOf(1.0f), bitsOf(0x1.8p-23f), false), bitsOf(1.0f + 0x1p-22f));
  // inf + -inf: the canonical NaN.
  EXPECT_EQ(atomicAddF32Bits(0x7f800000u, 0xff800000u, false), 0x7fffffffu);
}

TEST(AtomicSemantics, AddF32FlushesSubnormalsOnlyWhenAsked) {
  // Subnormal input: 2^-149 + 0.
  EXPECT_EQ(atomicAddF32Bits(0x00000001u, 0, true), 0u);
  EXPECT_EQ(atomicAddF32Bits(0x00000001u, 0, false), 1u);
  // Subnormal result: 1.5 * 2^-126 - 2^-126 = 2^-127, and its negative keeps the sign.
  EXPECT_EQ(atomicAddF32Bits(0x00c00000u, 0x80800000u, true), 0x00000000u);
  EXPECT_EQ(atomicAddF32Bits(0x00c00000u, 0x80800000u, false), 0x00400000u);
  EXPECT_EQ(atomicAddF32Bits(0x80c00000u, 0x00800000u, true), 0x80000000u);
  EXPECT_EQ(atomicAddF32Bits(0x80c00000u, 0x00800000u, false), 0x80400000u);
}

TEST(AtomicSemantics, AddF64KeepsSubnormals) {
  EXPECT_EQ(atomicAddF64Bits(bitsOf(1.0), bitsOf(0x1p-52)), bitsOf(1.0 + 0x1p-52));
  EXPECT_EQ(atomicAddF64Bits(1, 1), 2u); // the two smallest subnormals
}

TEST(AtomicSemantics, AddHalfRoundsToNearestEvenAndKeepsSubnormals) {
  EXPECT_EQ(atomicAddHalfBits(0x3c00, 0x3c00, kFormatF16), 0x4000); // 1 + 1 = 2
  EXPECT_EQ(atomicAddHalfBits(0x3c00, 0x1000, kFormatF16), 0x3c00); // 1 + 2^-11: tie, even
  EXPECT_EQ(atomicAddHalfBits(0x3c00, 0x1600, kFormatF16), 0x3c02); // 1 + 3*2^-11: tie, even
  EXPECT_EQ(atomicAddHalfBits(0x0001, 0x0001, kFormatF16), 0x0002); // subnormals kept
  EXPECT_EQ(atomicAddHalfBits(0x7bff, 0x7bff, kFormatF16), 0x7c00); // 65504 * 2 overflows
  EXPECT_EQ(atomicAddHalfBits(0x7c00, 0xfc00, kFormatF16), kCanonicalNanF16);
  EXPECT_EQ(atomicAddHalfBits(0x3f80, 0x3f80, kFormatBF16), 0x4000); // bf16: 1 + 1 = 2
  EXPECT_EQ(atomicAddHalfBits(0x3f80, 0x3b80, kFormatBF16), 0x3f80); // 1 + 2^-8: tie, even
  EXPECT_EQ(atomicAddHalfBits(0x3f80, 0x3c40, kFormatBF16), 0x3f82); // 1 + 3*2^-8: tie, even
  EXPECT_EQ(atomicAddHalf2Bits(0x40003c00u, 0xbc003c00u, kFormatF16), 0x3c004000u);
}

// ---- registration ----------------------------------------------------------------------------

TEST(AtomicOpcodes, FamilyRegistersAtomRedMembarFence) {
  std::vector<OpcodeEntry> table;
  addAtomicOpcodes(table);
  std::vector<std::string_view> names;
  for (const OpcodeEntry &e : table)
    names.push_back(e.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string_view>{"atom", "fence", "membar", "red"}));
  for (std::string_view name : names)
    EXPECT_NE(findDecoder(name), nullptr) << name << " missing from the joined opcode table";
}

// ---- hand-written PTX ------------------------------------------------------------------------

TEST(AtomicPtx, GlobalAddFromManyBlocksHandsOutEveryTicketOnce) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 counter, .param .u64 tickets)
{
  .reg .b32 %r<8>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [counter];
  ld.param.u64 %rd2, [tickets];
  mov.u32 %r1, %tid.x; mov.u32 %r2, %ctaid.x; mov.u32 %r3, %ntid.x;
  mad.lo.u32 %r4, %r2, %r3, %r1;
  atom.global.add.u32 %r5, [%rd1], 1;
  mul.wide.u32 %rd3, %r4, 4;
  add.u64 %rd4, %rd2, %rd3;
  st.global.u32 [%rd4], %r5;
  ret;
})")));
  auto *counter = r.memory.array<uint32_t>(1);
  auto *tickets = r.memory.array<uint32_t>(1024);
  auto result = r.run("k", {8}, {128}, ParamPack().add(counter).add(tickets));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(*counter, 1024u);
  std::vector<uint32_t> sorted(tickets, tickets + 1024);
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t i = 0; i < 1024; ++i)
    ASSERT_EQ(sorted[i], i) << "ticket handed out twice or skipped";
}

TEST(AtomicPtx, LanesOfAWarpUpdateInLaneOrder) {
  // One warp: lane l adds l to a global counter and gets the sum of the lanes below it.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 counter, .param .u64 olds)
{
  .reg .b32 %r<8>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [counter];
  ld.param.u64 %rd2, [olds];
  mov.u32 %r1, %tid.x;
  atom.add.u32 %r2, [%rd1], %r1;
  mul.wide.u32 %rd3, %r1, 4;
  add.u64 %rd4, %rd2, %rd3;
  st.global.u32 [%rd4], %r2;
  ret;
})")));
  auto *counter = r.memory.array<uint32_t>(std::vector<uint32_t>{100});
  auto *olds = r.memory.array<uint32_t>(32);
  auto result = r.run("k", {1}, {32}, ParamPack().add(counter).add(olds));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(*counter, 100u + 496u);
  for (uint32_t l = 0; l < 32; ++l)
    EXPECT_EQ(olds[l], 100 + l * (l - 1) / 2) << l;
}

TEST(AtomicPtx, SharedAtomicsAndGlobalReductionsBuildAHistogram) {
  // bins[tid % 8] counted in shared memory, then red.global.add by 8 threads per block.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 bins)
{
  .shared .align 4 .b8 local[32];
  .reg .b32 %r<12>; .reg .b64 %rd<8>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [bins];
  mov.u32 %r1, %tid.x;
  setp.lt.u32 %p1, %r1, 8;
  mov.u32 %r9, local;
  shl.b32 %r2, %r1, 2;
  add.u32 %r3, %r9, %r2;
  @%p1 st.shared.u32 [%r3], 0;
  bar.sync 0;
  and.b32 %r4, %r1, 7;
  shl.b32 %r5, %r4, 2;
  add.u32 %r6, %r9, %r5;
  atom.shared.add.u32 %r7, [%r6], 1;
  bar.sync 0;
  @!%p1 bra DONE;
  ld.shared.u32 %r8, [%r3];
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  red.global.add.u32 [%rd3], %r8;
DONE:
  ret;
})")));
  auto *bins = r.memory.array<uint32_t>(8);
  auto result = r.run("k", {3}, {128}, ParamPack().add(bins));
  ASSERT_EQ(result.code, 0) << result.report;
  for (int b = 0; b < 8; ++b)
    EXPECT_EQ(bins[b], 3u * 16u) << b;
}

TEST(AtomicPtx, CasLoopAddsEveryThreadsValueDespiteContention) {
  // Each thread adds tid+1 with a compare-and-swap loop: in a warp only one lane wins each round.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 total, .param .u64 rounds)
{
  .reg .b32 %r<12>; .reg .b64 %rd<8>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [total];
  ld.param.u64 %rd2, [rounds];
  mov.u32 %r1, %tid.x;
  add.u32 %r2, %r1, 1;
  mov.u32 %r8, 0;
  ld.global.u32 %r3, [%rd1];
RETRY:
  add.u32 %r8, %r8, 1;
  add.u32 %r4, %r3, %r2;
  atom.global.cas.b32 %r5, [%rd1], %r3, %r4;
  setp.ne.u32 %p1, %r5, %r3;
  mov.u32 %r3, %r5;
  @%p1 bra RETRY;
  mul.wide.u32 %rd3, %r1, 4;
  add.u64 %rd4, %rd2, %rd3;
  st.global.u32 [%rd4], %r8;
  ret;
})")));
  auto *total = r.memory.array<uint32_t>(1);
  auto *rounds = r.memory.array<uint32_t>(64);
  auto result = r.run("k", {1}, {64}, ParamPack().add(total).add(rounds));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(*total, 64u * 65u / 2u);
  // Within a warp the lowest contending lane wins each round.
  for (uint32_t t = 0; t < 32; ++t)
    EXPECT_EQ(rounds[t], t + 1) << t;
}

TEST(AtomicPtx, IncAndDecWrapAtTheirLimit) {
  // 13 lanes: inc with limit 5 from 0 gives lane l the old value l % 6; dec with limit 5 from 2
  // gives (2 - l) mod 6.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 cells, .param .u64 olds)
{
  .reg .b32 %r<8>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [cells];
  ld.param.u64 %rd2, [olds];
  mov.u32 %r1, %tid.x;
  atom.global.inc.u32 %r2, [%rd1], 5;
  atom.global.dec.u32 %r3, [%rd1+4], 5;
  mul.wide.u32 %rd3, %r1, 8;
  add.u64 %rd4, %rd2, %rd3;
  st.global.v2.u32 [%rd4], {%r2, %r3};
  ret;
})")));
  auto *cells = r.memory.array<uint32_t>(std::vector<uint32_t>{0, 2});
  auto *olds = r.memory.array<uint32_t>(26);
  auto result = r.run("k", {1}, {13}, ParamPack().add(cells).add(olds));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(cells[0], 13u % 6u);
  EXPECT_EQ(cells[1], (2u + 6u * 3u - 13u) % 6u);
  for (int l = 0; l < 13; ++l) {
    EXPECT_EQ(olds[2 * l], static_cast<uint32_t>(l % 6)) << l;
    EXPECT_EQ(olds[2 * l + 1], static_cast<uint32_t>(((2 - l) % 6 + 6) % 6)) << l;
  }
}

TEST(AtomicPtx, MinMaxBitwiseAndExchangeOnEveryWidth) {
  // Lane l contributes v = l - 16 (signed) to each operation; one thread block of 32 lanes.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 c32, .param .u64 c64)
{
  .reg .b32 %r<20>; .reg .b64 %rd<20>;
  ld.param.u64 %rd1, [c32];
  ld.param.u64 %rd2, [c64];
  mov.u32 %r1, %tid.x;
  sub.s32 %r2, %r1, 16;
  cvt.s64.s32 %rd3, %r2;
  atom.global.min.s32 %r3, [%rd1], %r2;
  atom.global.max.s32 %r3, [%rd1+4], %r2;
  atom.global.min.u32 %r3, [%rd1+8], %r2;
  atom.global.max.u32 %r3, [%rd1+12], %r2;
  shl.b32 %r4, 1, %r1;
  atom.global.or.b32 %r3, [%rd1+16], %r4;
  atom.global.and.b32 %r3, [%rd1+20], %r2;
  atom.global.xor.b32 %r3, [%rd1+24], %r4;
  atom.global.exch.b32 %r3, [%rd1+28], %r1;
  atom.global.min.s64 %rd4, [%rd2], %rd3;
  atom.global.max.s64 %rd4, [%rd2+8], %rd3;
  atom.global.min.u64 %rd4, [%rd2+16], %rd3;
  atom.global.max.u64 %rd4, [%rd2+24], %rd3;
  atom.global.add.u64 %rd4, [%rd2+32], %rd3;
  atom.global.and.b64 %rd4, [%rd2+40], %rd3;
  atom.global.or.b64 %rd4, [%rd2+48], %rd3;
  atom.global.xor.b64 %rd4, [%rd2+56], %rd3;
  atom.global.exch.b64 %rd5, [%rd2+64], %rd3;
  mul.wide.u32 %rd6, %r1, 8;
  add.u64 %rd7, %rd2, %rd6;
  st.global.u64 [%rd7+72], %rd5;
  ret;
})")));
  auto *c32 =
      r.memory.array<uint32_t>(std::vector<uint32_t>{0, 0, 0x7fffffffu, 0, 0, 0xffffffffu, 0, 77});
  std::vector<uint64_t> init64(9 + 32, 0);
  init64[2] = ~uint64_t{0};
  init64[5] = ~uint64_t{0};
  init64[8] = 99;
  auto *c64 = r.memory.array<uint64_t>(init64);
  auto result = r.run("k", {1}, {32}, ParamPack().add(c32).add(c64));
  ASSERT_EQ(result.code, 0) << result.report;
  uint32_t andAll = 0xffffffffu;
  uint32_t xorAll = 0;
  uint64_t sum = 0, andAll64 = ~uint64_t{0}, orAll64 = 0, xorAll64 = 0;
  for (int l = 0; l < 32; ++l) {
    andAll &= static_cast<uint32_t>(l - 16);
    xorAll ^= 1u << l;
    uint64_t v = static_cast<uint64_t>(static_cast<int64_t>(l - 16));
    sum += v, andAll64 &= v, orAll64 |= v, xorAll64 ^= v;
  }
  EXPECT_EQ(static_cast<int32_t>(c32[0]), -16);
  EXPECT_EQ(static_cast<int32_t>(c32[1]), 15);
  EXPECT_EQ(c32[2], 0u);                        // unsigned min: lane 16's 0
  EXPECT_EQ(c32[3], static_cast<uint32_t>(-1)); // unsigned max: lane 15's 0xffffffff
  EXPECT_EQ(c32[4], 0xffffffffu);
  EXPECT_EQ(c32[5], andAll);
  EXPECT_EQ(c32[6], xorAll);
  EXPECT_EQ(c32[7], 31u); // the last lane's value stays
  EXPECT_EQ(static_cast<int64_t>(c64[0]), -16);
  EXPECT_EQ(static_cast<int64_t>(c64[1]), 15);
  EXPECT_EQ(c64[2], 0u);
  EXPECT_EQ(c64[3], ~uint64_t{0});
  EXPECT_EQ(c64[4], sum);
  EXPECT_EQ(c64[5], andAll64);
  EXPECT_EQ(c64[6], orAll64);
  EXPECT_EQ(c64[7], xorAll64);
  EXPECT_EQ(c64[8], static_cast<uint64_t>(15)); // exch: lane 31's value
  // exch returns the previous lane's value: 99 for lane 0, then l - 17.
  EXPECT_EQ(c64[9], 99u);
  for (int l = 1; l < 32; ++l)
    EXPECT_EQ(static_cast<int64_t>(c64[9 + l]), l - 17) << l;
}

TEST(AtomicPtx, F32AddFlushesSubnormalsInGlobalMemoryButNotInShared) {
  // Adds 2^-127 (subnormal) to 0 in global and in shared memory, directly and through generic
  // addresses of each, and once with .noftz on global (sm_90, accepted here).
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 4 .f32 s[2];
  .reg .b32 %r<4>; .reg .f32 %f<8>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [out];
  mov.b32 %f1, 0f00400000;
  st.shared.f32 [s], 0f00000000;
  st.shared.f32 [s+4], 0f00000000;
  atom.global.add.f32 %f2, [%rd1], %f1;
  atom.add.f32 %f2, [%rd1+4], %f1;
  atom.shared.add.f32 %f2, [s], %f1;
  mov.u64 %rd2, s;
  cvta.shared.u64 %rd3, %rd2;
  atom.add.f32 %f2, [%rd3+4], %f1;
  red.global.add.noftz.f32 [%rd1+16], %f1;
  ld.shared.f32 %f3, [s];
  ld.shared.f32 %f4, [s+4];
  st.global.f32 [%rd1+8], %f3;
  st.global.f32 [%rd1+12], %f4;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(5);
  auto result = r.run("k", {1}, {1}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[0], 0u) << "global: flushed";
  EXPECT_EQ(out[1], 0u) << "generic to global: flushed";
  EXPECT_EQ(out[2], 0x00400000u) << "shared: kept";
  EXPECT_EQ(out[3], 0x00400000u) << "generic to shared: kept";
  EXPECT_EQ(out[4], 0x00400000u) << ".noftz: kept";
}

TEST(AtomicPtx, FloatAndHalfAddsAndSixteenBitCas) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 f, .param .u64 d, .param .u64 h, .param .u64 olds)
{
  .reg .b16 %h<8>; .reg .b32 %r<8>; .reg .f32 %f<4>; .reg .f64 %fd<4>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [f];
  ld.param.u64 %rd2, [d];
  ld.param.u64 %rd3, [h];
  ld.param.u64 %rd4, [olds];
  atom.global.add.f32 %f1, [%rd1], 0f3FC00000;
  atom.global.add.f64 %fd1, [%rd2], 0d3FF8000000000000;
  mov.b16 %h1, 0x3C00;
  atom.global.add.noftz.f16 %h2, [%rd3+2], %h1;
  mov.b32 %r1, 0xBC003C00;
  atom.global.add.noftz.f16x2 %r2, [%rd3+4], %r1;
  mov.b16 %h3, 0x3F80;
  atom.global.add.noftz.bf16 %h4, [%rd3+8], %h3;
  mov.b16 %h5, 0x1111;
  mov.b16 %h6, 0x2222;
  atom.global.cas.b16 %h7, [%rd3+10], %h5, %h6;
  atom.global.cas.b16 %h0, [%rd3+12], %h5, %h6;
  st.global.f32 [%rd4], %f1;
  st.global.f64 [%rd4+8], %fd1;
  st.global.b16 [%rd4+16], %h2;
  st.global.b32 [%rd4+20], %r2;
  st.global.b16 [%rd4+24], %h4;
  st.global.b16 [%rd4+26], %h7;
  st.global.b16 [%rd4+28], %h0;
  ret;
})")));
  auto *f = r.memory.array<float>(std::vector<float>{2.25f});
  auto *d = r.memory.array<double>(std::vector<double>{-0.25});
  // Halves: [0] untouched neighbour, [1] f16 1.0, [2..3] f16x2 (2.0, 1.0), [4] bf16 2.0,
  // [5] cas hit, [6] cas miss.
  auto *h = r.memory.array<uint16_t>(
      std::vector<uint16_t>{0xabcd, 0x3c00, 0x4000, 0x3c00, 0x4000, 0x1111, 0x1112, 0xef01});
  auto *olds = r.memory.array<uint8_t>(32);
  auto result = r.run("k", {1}, {1}, ParamPack().add(f).add(d).add(h).add(olds));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(*f, 3.75f);
  EXPECT_EQ(*d, 1.25);
  EXPECT_EQ(h[0], 0xabcd) << "the other half of the word is kept";
  EXPECT_EQ(h[1], 0x4000); // 1 + 1
  EXPECT_EQ(h[2], 0x4200); // 2 + 1 = 3
  EXPECT_EQ(h[3], 0x0000); // 1 + -1 = +0
  EXPECT_EQ(h[4], 0x4040); // bf16 2 + 1 = 3
  EXPECT_EQ(h[5], 0x2222); // cas hit
  EXPECT_EQ(h[6], 0x1112); // cas miss
  EXPECT_EQ(h[7], 0xef01);
  float oldF;
  double oldD;
  uint16_t old16[2];
  uint32_t oldPair;
  std::memcpy(&oldF, olds, 4);
  std::memcpy(&oldD, olds + 8, 8);
  std::memcpy(&oldPair, olds + 20, 4);
  EXPECT_EQ(oldF, 2.25f);
  EXPECT_EQ(oldD, -0.25);
  std::memcpy(old16, olds + 16, 2);
  EXPECT_EQ(old16[0], 0x3c00);
  EXPECT_EQ(oldPair, 0x3c004000u);
  std::memcpy(old16, olds + 24, 4);
  EXPECT_EQ(old16[0], 0x4000);
  EXPECT_EQ(old16[1], 0x1111);
  std::memcpy(old16, olds + 28, 2);
  EXPECT_EQ(old16[0], 0x1112);
}

TEST(AtomicPtx, QualifiersSinkDestinationAndFencesAreAccepted) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 p)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [p];
  atom.relaxed.gpu.global.add.u32 %r1, [%rd1], 1;
  atom.acquire.sys.global.add.u32 %r1, [%rd1], 2;
  atom.release.cta.global.add.u32 _, [%rd1], 4;
  atom.acq_rel.gpu.add.u32 %r2, [%rd1], 8;
  red.release.gpu.global.add.u32 [%rd1], 16;
  red.relaxed.sys.global.or.b32 [%rd1+4], 6;
  membar.cta;
  membar.gl;
  membar.sys;
  fence.sc.gpu;
  fence.acq_rel.cta;
  fence.proxy.alias;
  st.global.u32 [%rd1+8], %r2;
  ret;
})")));
  auto *p = r.memory.array<uint32_t>(3);
  auto result = r.run("k", {1}, {1}, ParamPack().add(p));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(p[0], 31u);
  EXPECT_EQ(p[1], 6u);
  EXPECT_EQ(p[2], 7u); // the value before the fourth add
}

TEST(AtomicPtx, MisalignedAndOutOfRangeAtomicsFault) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 p)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [p];
  atom.global.add.u32 %r1, [%rd1], 1;
  ret;
})")));
  // Just past the end lies in mapped slack, which only memcheck treats as outside.
  r.memoryCheck = MemoryCheck::Precise;
  auto *p = r.memory.array<uint64_t>(2);
  auto misaligned = r.run("k", {1}, {1}, ParamPack().add(reinterpret_cast<uint8_t *>(p) + 2));
  EXPECT_EQ(misaligned.code, 716) << misaligned.report;
  auto outside = r.run("k", {1}, {1}, ParamPack().add(p + 2));
  EXPECT_EQ(outside.code, 700) << outside.report;
  EXPECT_EQ(p[0], 0u);
}

// The load error of a module with one instruction in an otherwise valid kernel.
std::string loadError(const std::string &instruction) {
  HostDeviceMemory memory;
  auto loaded = Module::load(ptx(R"(
.visible .entry k(.param .u64 p)
{
  .reg .b16 %h<4>; .reg .b32 %r<4>; .reg .f32 %f<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [p];
  )" + instruction + R"(
  ret;
})"),
                             memory);
  return loaded ? std::string() : loaded.error().message;
}

TEST(AtomicPtx, InvalidCombinationsAreRejectedAtLoad) {
  EXPECT_EQ(loadError("atom.global.add.u32 %r1, [%rd1], 1;"), "");
  EXPECT_NE(loadError("atom.global.add.b32 %r1, [%rd1], 1;"), "");
  EXPECT_NE(loadError("atom.global.inc.s32 %r1, [%rd1], 1;"), "");
  EXPECT_NE(loadError("atom.global.and.u32 %r1, [%rd1], 1;"), "");
  EXPECT_NE(loadError("atom.global.add.f16 %h1, [%rd1], %h2;"), ""); // needs .noftz
  EXPECT_NE(loadError("atom.global.min.f32 %f1, [%rd1], %f2;"), "");
  EXPECT_NE(loadError("atom.global.add.s64 %rd2, [%rd1], %rd3;"), "");
  EXPECT_NE(loadError("atom.global.cas.b32 %r1, [%rd1], 1;"), "");    // missing swap value
  EXPECT_NE(loadError("atom.global.add.u32 %r1, [%rd1], 1, 2;"), ""); // one operand too many
  EXPECT_NE(loadError("atom.local.add.u32 %r1, [%rd1], 1;"), "");
  EXPECT_NE(loadError("atom.global.v2.f32.add {%f1, %f2}, [%rd1], {%f2, %f3};"), "");
  EXPECT_NE(loadError("red.global.cas.b32 [%rd1], 1, 2;"), "");
  EXPECT_NE(loadError("atom.global.add.noftz.u32 %r1, [%rd1], 1;"), "");
  EXPECT_NE(loadError("atom.global.u32 %r1, [%rd1], 1;"), "");
  EXPECT_NE(loadError("membar;"), "");
}

// ---- CUDA kernels compiled by nvcc -----------------------------------------------------------

class AtomicCuda : public ::testing::Test {
protected:
  void SetUp() override {
    static const std::string text = nvccPtx("atomics.cu");
    ASSERT_FALSE(text.empty());
    ASSERT_TRUE(runner.load(text));
  }
  PtxRunner runner;
};

TEST_F(AtomicCuda, HistogramWithSharedAndGlobalAtomicAdd) {
  const int n = 5000, bins = 37;
  std::vector<uint32_t> values(n);
  std::vector<uint32_t> expected(bins, 0);
  for (int i = 0; i < n; ++i) {
    values[i] = static_cast<uint32_t>(i * 2654435761u);
    expected[values[i] % bins]++;
  }
  auto *in = runner.memory.array<uint32_t>(values);
  auto *global = runner.memory.array<uint32_t>(bins);
  auto result = runner.run("histogram", {6}, {192},
                           ParamPack().add(in).add(n).add(global).add(bins), bins * 4);
  ASSERT_EQ(result.code, 0) << result.report;
  for (int b = 0; b < bins; ++b)
    EXPECT_EQ(global[b], expected[b]) << b;
}

TEST_F(AtomicCuda, FloatMaxByCompareAndSwap) {
  const int n = 3000;
  std::vector<float> values(n);
  for (int i = 0; i < n; ++i)
    values[i] = static_cast<float>((i * 7919) % 2999) * 0.5f - 700.0f;
  auto *in = runner.memory.array<float>(values);
  auto *result = runner.memory.array<float>(std::vector<float>{-1e30f});
  auto outcome =
      runner.run("floatMax", {(n + 255) / 256}, {256}, ParamPack().add(in).add(n).add(result));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(*result, *std::max_element(values.begin(), values.end()));
  EXPECT_EQ(*result, 2998 * 0.5f - 700.0f);
}

TEST_F(AtomicCuda, TicketsAreAPermutation) {
  const int n = 2000;
  auto *counter = runner.memory.array<uint32_t>(1);
  auto *tickets = runner.memory.array<uint32_t>(n);
  auto outcome = runner.run("tickets", {16}, {128}, ParamPack().add(counter).add(tickets).add(n));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(*counter, static_cast<uint32_t>(n));
  std::vector<uint32_t> sorted(tickets, tickets + n);
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(sorted[i], static_cast<uint32_t>(i));
}

TEST_F(AtomicCuda, DoubleAndSixtyFourBitSumsMinMaxOrXor) {
  const int n = 1000;
  std::vector<int> values(n);
  for (int i = 0; i < n; ++i)
    values[i] = (i * 37) % 501 - 250;
  auto *in = runner.memory.array<int>(values);
  auto *dsum = runner.memory.array<double>(1);
  auto *usum = runner.memory.array<unsigned long long>(1);
  auto *lo = runner.memory.array<int>(std::vector<int>{1 << 30});
  auto *hi = runner.memory.array<int>(std::vector<int>{-(1 << 30)});
  auto *ored = runner.memory.array<uint32_t>(1);
  auto *xored = runner.memory.array<uint32_t>(1);
  auto outcome = runner.run(
      "reductions", {4}, {256},
      ParamPack().add(in).add(n).add(dsum).add(usum).add(lo).add(hi).add(ored).add(xored));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  long long sum = std::accumulate(values.begin(), values.end(), 0LL);
  unsigned long long wideSum = 0;
  uint32_t x = 0;
  for (int v : values) {
    wideSum += static_cast<unsigned long long>(v) << 32;
    x ^= static_cast<uint32_t>(v);
  }
  EXPECT_EQ(*dsum, 0.5 * static_cast<double>(sum)); // halves of integers: every sum is exact
  EXPECT_EQ(*usum, wideSum);
  EXPECT_EQ(*lo, *std::min_element(values.begin(), values.end()));
  EXPECT_EQ(*hi, *std::max_element(values.begin(), values.end()));
  EXPECT_EQ(*ored, 0xffffffffu);
  EXPECT_EQ(*xored, x);
}

TEST_F(AtomicCuda, AtomicIncAndDecWrap) {
  // 103 threads, limit 9: inc from 0 ends at 103 % 10, dec from 0 at (0 - 103) mod 10, and the
  // old values of inc are 0..9 each ten times plus 0, 1, 2 once more.
  const int n = 103;
  auto *up = runner.memory.array<uint32_t>(1);
  auto *down = runner.memory.array<uint32_t>(1);
  auto *olds = runner.memory.array<uint32_t>(n);
  auto outcome = runner.run("ring", {1}, {n}, ParamPack().add(up).add(down).add(9u).add(olds));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(*up, 3u);
  EXPECT_EQ(*down, 7u);
  std::vector<int> seen(10, 0);
  for (int i = 0; i < n; ++i) {
    ASSERT_LT(olds[i], 10u) << i;
    seen[olds[i]]++;
  }
  for (int v = 0; v < 10; ++v)
    EXPECT_EQ(seen[v], v < 3 ? 11 : 10) << v;
}

TEST_F(AtomicCuda, SpinLockAcrossBlocksSerialisesUpdates) {
  auto *lock = runner.memory.array<int>(1);
  auto *total = runner.memory.array<int>(1);
  auto outcome = runner.run("locked", {40}, {64}, ParamPack().add(lock).add(total));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(*total, 40 * 41 / 2);
  EXPECT_EQ(*lock, 0);
}

} // namespace
} // namespace qiao::ptx::test
