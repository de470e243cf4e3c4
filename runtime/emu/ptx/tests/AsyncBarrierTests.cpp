// mbarrier, cp.async, cp.async.bulk and the shared-memory special registers: the phase rules of
// MbarrierState.h against the ISA's, hand-written PTX kernels run through the engine, and the
// CUDA kernels of kernels/async_barrier.cu and kernels/large_tiles.cu compiled by nvcc.
#include "NvccPtx.h"
#include "PtxHarness.h"
#include "ptx/MbarrierState.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader80 = ".version 9.0\n.target sm_80\n.address_size 64\n";
constexpr const char *kHeader90 = ".version 9.0\n.target sm_90\n.address_size 64\n";
std::string ptx(const std::string &body) { return kHeader80 + body; }
std::string ptx90(const std::string &body) { return kHeader90 + body; }

// ---- phase rules -----------------------------------------------------------------------------

TEST(MbarrierState, PhaseCompletesWhenEveryArrivalIsIn) {
  uint64_t word = 0, token = 0;
  ASSERT_EQ(mbarrier::init(word, 3), mbarrier::Outcome::Ok);
  ASSERT_EQ(mbarrier::arrive(word, 1, false, token), mbarrier::Outcome::Ok);
  EXPECT_EQ(mbarrier::pendingCount(token), 3u); // as the arrival found it
  EXPECT_FALSE(mbarrier::tokenPhaseComplete(word, token));
  EXPECT_FALSE(mbarrier::parityPhaseComplete(word, 0));
  EXPECT_TRUE(mbarrier::parityPhaseComplete(word, 1)); // "phase -1" counts as complete
  uint64_t last = 0;
  ASSERT_EQ(mbarrier::arrive(word, 2, false, last), mbarrier::Outcome::Ok);
  EXPECT_EQ(mbarrier::pendingCount(last), 2u);
  EXPECT_TRUE(mbarrier::tokenPhaseComplete(word, token));
  EXPECT_TRUE(mbarrier::tokenPhaseComplete(word, last));
  EXPECT_TRUE(mbarrier::parityPhaseComplete(word, 0));
  EXPECT_FALSE(mbarrier::parityPhaseComplete(word, 1));
  // The next phase expects three arrivals again.
  EXPECT_EQ(mbarrier::unpack(word).pending, 3u);
  EXPECT_EQ(mbarrier::unpack(word).parity, 1u);
}

TEST(MbarrierState, ArriveDropLowersLaterPhases) {
  uint64_t word = 0, token = 0;
  ASSERT_EQ(mbarrier::init(word, 2), mbarrier::Outcome::Ok);
  ASSERT_EQ(mbarrier::arrive(word, 1, true, token), mbarrier::Outcome::Ok);
  ASSERT_EQ(mbarrier::arrive(word, 1, false, token), mbarrier::Outcome::Ok);
  EXPECT_EQ(mbarrier::unpack(word).parity, 1u);
  EXPECT_EQ(mbarrier::unpack(word).pending, 1u); // one participant left
  ASSERT_EQ(mbarrier::arrive(word, 1, false, token), mbarrier::Outcome::Ok);
  EXPECT_EQ(mbarrier::unpack(word).parity, 0u);
}

TEST(MbarrierState, TransactionsHoldThePhaseOpen) {
  uint64_t word = 0, token = 0;
  ASSERT_EQ(mbarrier::init(word, 1), mbarrier::Outcome::Ok);
  // A copy that completes before its expect-tx leaves the tx-count below zero for a while.
  ASSERT_EQ(mbarrier::addTx(word, -64), mbarrier::Outcome::Ok);
  EXPECT_EQ(mbarrier::unpack(word).tx, -64);
  ASSERT_EQ(mbarrier::addTx(word, 96), mbarrier::Outcome::Ok); // expect-tx of both copies
  ASSERT_EQ(mbarrier::arrive(word, 1, false, token), mbarrier::Outcome::Ok);
  EXPECT_FALSE(mbarrier::tokenPhaseComplete(word, token)) << "32 bytes are still outstanding";
  ASSERT_EQ(mbarrier::addTx(word, -32), mbarrier::Outcome::Ok);
  EXPECT_TRUE(mbarrier::tokenPhaseComplete(word, token));
  EXPECT_EQ(mbarrier::unpack(word).tx, 0);
}

TEST(MbarrierState, OutOfRangeUpdatesAreReported) {
  uint64_t word = 0, token = 0;
  EXPECT_EQ(mbarrier::init(word, 0), mbarrier::Outcome::CountOutOfRange);
  EXPECT_EQ(mbarrier::init(word, 1u << 20), mbarrier::Outcome::CountOutOfRange);
  ASSERT_EQ(mbarrier::init(word, mbarrier::kMaxCount), mbarrier::Outcome::Ok);
  EXPECT_EQ(mbarrier::unpack(word).expected, mbarrier::kMaxCount);
  ASSERT_EQ(mbarrier::init(word, 2), mbarrier::Outcome::Ok);
  EXPECT_EQ(mbarrier::arrive(word, 3, false, token), mbarrier::Outcome::TooManyArrivals);
  EXPECT_EQ(mbarrier::addTx(word, 1 << 20), mbarrier::Outcome::TxOutOfRange);
  EXPECT_EQ(mbarrier::addTx(word, -(1 << 20)), mbarrier::Outcome::TxOutOfRange);
}

// ---- hand-written PTX ------------------------------------------------------------------------

// Warp 0 waits (try_wait.parity with a suspend-time hint) on an mbarrier that only warp 7
// arrives on, after writing the value warp 0 then reads: the block must finish, and warp 0 must
// see the write.
TEST(Mbarrier, WaitingWarpLetsTheArrivingWarpRun) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 8 .b64 bar;
  .shared .align 4 .b32 value;
  .reg .b32 %r<8>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, bar;
  setp.ne.u32 %p1, %r1, 0;
  @%p1 bra AFTER_INIT;
  mov.u32 %r3, 32;
  mbarrier.init.shared::cta.b64 [%r2], %r3;
AFTER_INIT:
  bar.sync 0;
  shr.u32 %r4, %r1, 5;
  setp.eq.u32 %p2, %r4, 7;
  @%p2 bra ARRIVE;
  setp.ne.u32 %p3, %r4, 0;
  @%p3 bra DONE;
WAIT:
  mbarrier.try_wait.parity.shared::cta.b64 %p1, [%r2], 0, 1000;
  @!%p1 bra WAIT;
  ld.shared.u32 %r5, [value];
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r5;
  bra DONE;
ARRIVE:
  setp.ne.u32 %p3, %r1, 224;
  @%p3 bra ARRIVE_ONLY;
  mov.u32 %r6, 4242;
  st.shared.u32 [value], %r6;
ARRIVE_ONLY:
  mbarrier.arrive.release.cta.shared::cta.b64 _, [%r2];
DONE:
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(32);
  auto result = r.run("k", {3}, {256}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (int t = 0; t < 32; ++t)
    EXPECT_EQ(out[t], 4242u) << t;
}

// Counts, tokens and tx-counts through the instructions: a barrier of 4 expected arrivals; lane
// 0 arrives with count 2 and keeps its token, lane 1 arrives once (state into a register), lane 2
// raises the tx-count by 16 with arrive.expect_tx, and complete_tx of 16 bytes finishes the phase.
TEST(Mbarrier, CountsTokensAndTransactions) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 8 .b64 bar;
  .reg .b32 %r<16>; .reg .b64 %rd<8>; .reg .pred %p<8>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u64 %rd2, bar;
  cvta.shared.u64 %rd3, %rd2;
  setp.eq.u32 %p1, %r1, 0;
  @%p1 mbarrier.init.b64 [%rd3], 4;
  @%p1 mbarrier.arrive.shared.b64 %rd4, [bar], 2;
  @%p1 mbarrier.pending_count.b64 %r2, %rd4;
  @%p1 st.global.u32 [%rd1], %r2;
  setp.eq.u32 %p2, %r1, 1;
  @%p2 mbarrier.arrive.shared::cta.b64 %rd5, [bar];
  @%p2 mbarrier.pending_count.b64 %r3, %rd5;
  @%p2 st.global.u32 [%rd1+4], %r3;
  setp.eq.u32 %p3, %r1, 2;
  @%p3 mbarrier.arrive.expect_tx.release.cta.shared::cta.b64 _, [bar], 16;
  mbarrier.test_wait.shared.b64 %p4, [bar], %rd4;
  selp.u32 %r4, 1, 0, %p4;
  @%p1 st.global.u32 [%rd1+8], %r4;
  @%p1 mbarrier.complete_tx.relaxed.cta.shared::cta.b64 [bar], 16;
  @%p1 mbarrier.test_wait.shared.b64 %p5, [bar], %rd4;
  selp.u32 %r5, 1, 0, %p5;
  @%p1 st.global.u32 [%rd1+12], %r5;
  mbarrier.test_wait.parity.shared::cta.b64 %p6, [%rd2], 0;
  selp.u32 %r6, 1, 0, %p6;
  @%p1 st.global.u32 [%rd1+16], %r6;
  @%p1 mbarrier.expect_tx.shared.b64 [bar], 32;
  @%p1 mbarrier.arrive_drop.shared.b64 _, [bar], 4;
  mbarrier.test_wait.parity.shared.b64 %p7, [bar], 1;
  selp.u32 %r7, 1, 0, %p7;
  @%p1 st.global.u32 [%rd1+20], %r7;
  @%p1 mbarrier.inval.shared.b64 [bar];
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(6);
  auto result = r.run("k", {1}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[0], 4u) << "lane 0's token: four arrivals pending before it";
  EXPECT_EQ(out[1], 2u) << "lane 1's token: two pending before it";
  EXPECT_EQ(out[2], 0u) << "16 bytes outstanding keep phase 0 open";
  EXPECT_EQ(out[3], 1u) << "complete_tx finishes phase 0";
  EXPECT_EQ(out[4], 1u) << "phase 0 (parity 0) is complete";
  EXPECT_EQ(out[5], 0u) << "phase 1 waits for its 32 expected bytes";
}

TEST(Mbarrier, BadCountFaultsWithIllegalInstruction) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u32 count)
{
  .shared .align 8 .b64 bar;
  .reg .b32 %r<2>;
  ld.param.u32 %r1, [count];
  mbarrier.init.shared.b64 [bar], %r1;
  ret;
})")));
  auto zero = r.run("k", {1}, {1}, ParamPack().add(0u));
  EXPECT_EQ(zero.code, 715) << zero.report;
  EXPECT_NE(zero.report.find("mbarrier count outside [1, 2^20 - 1]"), std::string::npos)
      << zero.report;
  auto fine = r.run("k", {1}, {1}, ParamPack().add(1u << 19));
  EXPECT_EQ(fine.code, 0) << fine.report;
}

TEST(Mbarrier, ObjectOutsideSharedMemoryFaults) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 p)
{
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [p];
  mbarrier.init.b64 [%rd1], 1;
  ret;
})")));
  auto *global = r.memory.array<uint64_t>(1);
  auto result = r.run("k", {1}, {1}, ParamPack().add(global));
  EXPECT_EQ(result.code, 700) << result.report;
  EXPECT_NE(result.report.find("not in shared memory"), std::string::npos) << result.report;
}

TEST(Mbarrier, UnknownOperationIsRejectedAtLoad) {
  HostDeviceMemory memory;
  auto loaded = Module::load(ptx(R"(
.visible .entry k()
{
  .shared .align 8 .b64 bar;
  mbarrier.wobble.shared.b64 [bar];
  ret;
})"),
                             memory);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("unsupported PTX: mbarrier.wobble"), std::string::npos)
      << loaded.error().message;
}

// cp.async.mbarrier.arrive.noinc counts as one of the phase's arrivals; without .noinc the
// arrive-on is balanced by its own increment and the phase waits for a regular arrival.
TEST(AsyncCopy, MbarrierArriveOnCopies) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[16];
  .reg .b32 %r<8>; .reg .b64 %rd<8>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [in];
  ld.param.u64 %rd2, [out];
  mbarrier.init.shared.b64 [bar], 1;
  mov.u32 %r1, tile;
  cp.async.cg.shared.global [%r1], [%rd1], 16;
  cp.async.mbarrier.arrive.shared.b64 [bar];
  mbarrier.test_wait.parity.shared.b64 %p1, [bar], 0;
  selp.u32 %r2, 1, 0, %p1;
  st.global.u32 [%rd2], %r2;
  cp.async.mbarrier.arrive.noinc.shared::cta.b64 [bar];
  mbarrier.test_wait.parity.shared.b64 %p2, [bar], 0;
  selp.u32 %r3, 1, 0, %p2;
  st.global.u32 [%rd2+4], %r3;
  ld.shared.u32 %r4, [tile+12];
  st.global.u32 [%rd2+8], %r4;
  ret;
})")));
  auto *in = r.memory.array<uint32_t>(std::vector<uint32_t>{1, 2, 3, 77});
  auto *out = r.memory.array<uint32_t>(3);
  auto result = r.run("k", {1}, {1}, ParamPack().add(in).add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[0], 0u);
  EXPECT_EQ(out[1], 1u);
  EXPECT_EQ(out[2], 77u);
}

// A cache policy operand (.L2::cache_hint) is not a source size: the whole 16 bytes are copied.
TEST(AsyncCopy, CachePolicyIsNotASourceSize) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .shared .align 16 .b8 tile[16];
  .reg .b32 %r<2>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [in];
  ld.param.u64 %rd2, [out];
  createpolicy.fractional.L2::evict_last.b64 %rd3, 1.0;
  cp.async.cg.shared.global.L2::cache_hint [tile], [%rd1], 16, %rd3;
  cp.async.commit_group;
  cp.async.wait_group 0;
  ld.shared.u32 %r1, [tile+12];
  st.global.u32 [%rd2], %r1;
  ret;
})")));
  auto *in = r.memory.array<uint32_t>(std::vector<uint32_t>{5, 6, 7, 8});
  auto *out = r.memory.array<uint32_t>(1);
  auto result = r.run("k", {1}, {1}, ParamPack().add(in).add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[0], 8u);
}

// sm_90 bulk copies: global to shared completing on an mbarrier's tx-count, then shared to
// global in a bulk group.
TEST(AsyncCopy, BulkCopiesBothWays) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[256];
  .reg .b32 %r<8>; .reg .b64 %rd<8>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [in];
  ld.param.u64 %rd2, [out];
  mov.u32 %r1, %tid.x;
  setp.eq.u32 %p1, %r1, 0;
  mov.u32 %r2, bar;
  mov.u32 %r3, tile;
  @%p1 mbarrier.init.shared::cta.b64 [%r2], 1;
  bar.sync 0;
  @%p1 cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%r3], [%rd1], 256, [%r2];
  @%p1 mbarrier.arrive.expect_tx.release.cta.shared::cta.b64 _, [%r2], 256;
WAIT:
  mbarrier.try_wait.parity.shared::cta.b64 %p2, [%r2], 0;
  @!%p2 bra WAIT;
  shl.b32 %r4, %r1, 2;
  add.u32 %r5, %r3, %r4;
  ld.shared.u32 %r6, [%r5];
  add.u32 %r6, %r6, 1000;
  st.shared.u32 [%r5], %r6;
  fence.proxy.async.shared::cta;
  bar.sync 0;
  @%p1 cp.async.bulk.global.shared::cta.bulk_group [%rd2], [%r3], 256;
  @%p1 cp.async.bulk.commit_group;
  @%p1 cp.async.bulk.wait_group.read 0;
  ret;
})")));
  std::vector<uint32_t> input(64);
  for (uint32_t i = 0; i < 64; ++i)
    input[i] = i * 3;
  auto *in = r.memory.array<uint32_t>(input);
  auto *out = r.memory.array<uint32_t>(64);
  auto result = r.run("k", {2}, {64}, ParamPack().add(in).add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t i = 0; i < 64; ++i)
    EXPECT_EQ(out[i], i * 3 + 1000) << i;
}

TEST(AsyncCopy, BulkSizeMustBeAMultipleOf16) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 in, .param .u32 size)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[64];
  .reg .b32 %r<2>; .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [in];
  ld.param.u32 %r1, [size];
  mbarrier.init.shared.b64 [bar], 1;
  cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [tile], [%rd1], %r1, [bar];
  ret;
})")));
  auto *in = r.memory.array<uint32_t>(16);
  auto bad = r.run("k", {1}, {1}, ParamPack().add(in).add(40u));
  EXPECT_EQ(bad.code, 715) << bad.report;
  EXPECT_NE(bad.report.find("not a multiple of 16"), std::string::npos) << bad.report;
  auto good = r.run("k", {1}, {1}, ParamPack().add(in).add(48u));
  EXPECT_EQ(good.code, 0) << good.report;
}

TEST(AsyncCopy, TensorCopiesAreNamedWhenRejected) {
  HostDeviceMemory memory;
  auto loaded = Module::load(ptx90(R"(
.visible .entry k(.param .u64 map)
{
  .shared .align 8 .b64 bar;
  .shared .align 128 .b8 tile[256];
  .reg .b64 %rd<2>; .reg .b32 %r<2>;
  ld.param.u64 %rd1, [map];
  mov.u32 %r1, 0;
  cp.async.bulk.tensor.1d.shared::cluster.global.mbarrier::complete_tx::bytes [tile], [%rd1, {%r1}], [bar];
  ret;
})"),
                             memory);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("cp.async.bulk.tensor"), std::string::npos)
      << loaded.error().message;
}

// ---- the shared-memory special registers ------------------------------------------------------

TEST(SharedMemoryRegisters, ValuesAndReservedRegion) {
  std::string text = nvccPtx("large_tiles.cu");
  PtxRunner r;
  ASSERT_TRUE(r.load(text));
  auto *out = r.memory.array<uint32_t>(8);
  auto result = r.run("smemRegisters", {1}, {40}, ParamPack().add(out), 200);
  ASSERT_EQ(result.code, 0) << result.report;
  uint32_t begin = out[0], end = out[1];
  EXPECT_EQ(end - begin, 1024u) << "CUDA reserves 1 KiB per block on compute capability 8.0+";
  EXPECT_EQ(out[2], 1024u);
  EXPECT_EQ(out[3], begin);
  EXPECT_GE(out[4], begin);
  EXPECT_LE(out[4] + 288, end) << "cooperative groups need 288 bytes from offset_1";
  EXPECT_EQ(out[5], 200u);
  EXPECT_EQ(out[6], 384u) << "160 static + 200 dynamic bytes in 128-byte units";
  EXPECT_EQ(out[7], 1u);
}

TEST(SharedMemoryRegisters, TilesWiderThanAWarpFromNvcc) {
  std::string text = nvccPtx("large_tiles.cu");
  ASSERT_NE(text.find("%reserved_smem_offset_1"), std::string::npos)
      << "nvcc no longer reads the reserved shared memory here";
  PtxRunner r;
  ASSERT_TRUE(r.load(text));
  const int blocks = 3, threads = 256, n = blocks * threads;
  std::vector<int> in(n);
  for (int i = 0; i < n; ++i)
    in[i] = (i * 7) % 23 - 5;
  auto *din = r.memory.array<int>(in);
  auto *dout = r.memory.array<int>(n);
  auto result = r.run("tileSums", {blocks}, {threads}, ParamPack().add(din).add(dout));
  ASSERT_EQ(result.code, 0) << result.report;
  for (int i = 0; i < n; ++i) {
    int first = i / 64 * 64, sum = 0;
    for (int j = first; j < first + 64; ++j)
      sum += in[j];
    EXPECT_EQ(dout[i], sum + (i % threads) / 64 * 1000000) << i;
  }
}

TEST(SharedMemoryRegisters, TileRanksMeetAtSyncwarp) {
  std::string text = nvccPtx("large_tiles.cu");
  PtxRunner r;
  ASSERT_TRUE(r.load(text));
  auto *out = r.memory.array<int>(256);
  auto result = r.run("tileRankSums", {1}, {256}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (int i = 0; i < 256; ++i)
    EXPECT_EQ(out[i], 64 * 64 * (i / 64) + 63 * 64 / 2) << i;
}

// ---- what nvcc makes of cuda::barrier, cuda::pipeline and cooperative groups --------------------

void runReversingKernels(const std::string &text, const std::vector<std::string> &kernels) {
  PtxRunner r;
  ASSERT_TRUE(r.load(text));
  const int blocks = 3, tile = 256;
  std::vector<int> in(blocks * tile);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<int>(i * 5 % 1001);
  auto *din = r.memory.array<int>(in);
  for (const std::string &kernel : kernels) {
    auto *dout = r.memory.array<int>(blocks * tile);
    auto result = r.run(kernel, {blocks}, {tile}, ParamPack().add(din).add(dout));
    ASSERT_EQ(result.code, 0) << kernel << ": " << result.report;
    for (int b = 0; b < blocks; ++b)
      for (int t = 0; t < tile; ++t)
        ASSERT_EQ(dout[b * tile + t], in[b * tile + tile - 1 - t] * 2 + 1)
            << kernel << " block " << b << " thread " << t;
  }
}

TEST(AsyncBarrierFromNvcc, Sm80) {
  std::string text = nvccPtx("async_barrier.cu", "-arch=sm_80");
  ASSERT_NE(text.find("mbarrier.test_wait.parity"), std::string::npos);
  ASSERT_NE(text.find("cp.async.mbarrier.arrive"), std::string::npos);
  runReversingKernels(text, {"barrierCopy", "pipelineCopy", "groupCopy", "singleThreadCopy"});
}

TEST(AsyncBarrierFromNvcc, Sm90) {
  std::string text = nvccPtx("async_barrier.cu", "-arch=sm_90");
  ASSERT_NE(text.find("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes"),
            std::string::npos);
  ASSERT_NE(text.find("mbarrier.expect_tx"), std::string::npos);
  ASSERT_NE(text.find("mbarrier.try_wait.parity"), std::string::npos);
  runReversingKernels(text, {"barrierCopy", "pipelineCopy", "groupCopy", "singleThreadCopy"});
}

} // namespace
} // namespace qiao::ptx::test
