// Thread block clusters in the engine (PTX ISA 9.0: the cluster special registers of 10.7-10.13,
// barrier.cluster of 9.7.13.2, mapa and getctarank of 9.7.9.23-24, ld/st/atom on
// .shared::cluster): hand-written kernels run over grids of clusters.
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <string>

namespace qiao::ptx::test {
namespace {

std::string ptx90(const std::string &body) {
  return ".version 9.0\n.target sm_90\n.address_size 64\n" + body;
}

// Per block: %cluster_ctarank, %cluster_nctarank, %cluster_ctaid.x/.y, %cluster_nctaid.x/.y,
// %clusterid.x/.y, %nclusterid.x/.y and %is_explicit_cluster, written by thread 0.
constexpr int kRegisters = 11;
const char *kRegistersKernel = R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<16>; .reg .b64 %rd<4>; .reg .pred %p<2>;
  mov.u32 %r1, %tid.x;
  setp.ne.u32 %p1, %r1, 0;
  @%p1 bra DONE;
  ld.param.u64 %rd1, [out];
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ctaid.y;
  mov.u32 %r4, %nctaid.x;
  mad.lo.u32 %r5, %r3, %r4, %r2;
  mul.lo.u32 %r5, %r5, 44;
  cvt.u64.u32 %rd2, %r5;
  add.u64 %rd3, %rd1, %rd2;
  mov.u32 %r6, %cluster_ctarank;      st.global.u32 [%rd3], %r6;
  mov.u32 %r6, %cluster_nctarank;     st.global.u32 [%rd3+4], %r6;
  mov.u32 %r6, %cluster_ctaid.x;      st.global.u32 [%rd3+8], %r6;
  mov.u32 %r6, %cluster_ctaid.y;      st.global.u32 [%rd3+12], %r6;
  mov.u32 %r6, %cluster_nctaid.x;     st.global.u32 [%rd3+16], %r6;
  mov.u32 %r6, %cluster_nctaid.y;     st.global.u32 [%rd3+20], %r6;
  mov.u32 %r6, %clusterid.x;          st.global.u32 [%rd3+24], %r6;
  mov.u32 %r6, %clusterid.y;          st.global.u32 [%rd3+28], %r6;
  mov.u32 %r6, %nclusterid.x;         st.global.u32 [%rd3+32], %r6;
  mov.u32 %r6, %nclusterid.y;         st.global.u32 [%rd3+36], %r6;
  mov.pred %p1, %is_explicit_cluster; selp.u32 %r6, 1, 0, %p1; st.global.u32 [%rd3+40], %r6;
DONE:
  ret;
})";

// A 6 x 4 grid in clusters of 3 x 2: ranks run x fastest inside each cluster.
TEST(Cluster, SpecialRegistersDescribeTheBlocksCluster) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(kRegistersKernel)));
  auto *out = r.memory.array<uint32_t>(24 * kRegisters);
  r.cluster = {3, 2, 1};
  auto result = r.run("k", {6, 4}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t y = 0; y < 4; ++y)
    for (uint32_t x = 0; x < 6; ++x) {
      const uint32_t *mine = out + (y * 6 + x) * kRegisters;
      SCOPED_TRACE("block " + std::to_string(x) + "," + std::to_string(y));
      EXPECT_EQ(mine[0], x % 3 + 3 * (y % 2));
      EXPECT_EQ(mine[1], 6u);
      EXPECT_EQ(mine[2], x % 3);
      EXPECT_EQ(mine[3], y % 2);
      EXPECT_EQ(mine[4], 3u);
      EXPECT_EQ(mine[5], 2u);
      EXPECT_EQ(mine[6], x / 3);
      EXPECT_EQ(mine[7], y / 2);
      EXPECT_EQ(mine[8], 2u);
      EXPECT_EQ(mine[9], 2u);
      EXPECT_EQ(mine[10], 1u);
    }
}

// Without clusters every block is a cluster of one, whose position is the block's.
TEST(Cluster, BlocksWithoutClustersAreClustersOfOne) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(kRegistersKernel)));
  auto *out = r.memory.array<uint32_t>(4 * kRegisters);
  auto result = r.run("k", {2, 2}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t b = 0; b < 4; ++b) {
    const uint32_t *mine = out + b * kRegisters;
    EXPECT_EQ(mine[0], 0u);
    EXPECT_EQ(mine[1], 1u);
    EXPECT_EQ(mine[4], 1u);
    EXPECT_EQ(mine[6], b % 2);
    EXPECT_EQ(mine[7], b / 2);
    EXPECT_EQ(mine[8], 2u);
    EXPECT_EQ(mine[10], 0u);
  }
}

// Every thread stores into its block's shared memory; after the cluster barrier it reads its
// right-hand neighbour's through mapa.shared::cluster and ld.shared::cluster, asks getctarank
// whose the address is, and adds 1 to the neighbour's counter with atom.shared::cluster.
TEST(Cluster, SharedClusterAddressesReachThePeers) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 4 .b32 values[64];
  .shared .align 4 .b32 counter;
  .reg .b32 %r<20>; .reg .b64 %rd<8>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %cluster_ctarank;
  mov.u32 %r4, %cluster_nctarank;
  mad.lo.u32 %r5, %r2, 1000, %r1;
  mov.u32 %r6, values;
  shl.b32 %r7, %r1, 2;
  add.u32 %r8, %r6, %r7;
  st.shared.u32 [%r8], %r5;
  setp.ne.u32 %p1, %r1, 0;
  @!%p1 st.shared.u32 [counter], 0;
  barrier.cluster.arrive.release.aligned;
  barrier.cluster.wait.acquire.aligned;
  add.u32 %r9, %r3, 1;
  rem.u32 %r9, %r9, %r4;
  mapa.shared::cluster.u32 %r10, %r8, %r9;
  ld.shared::cluster.u32 %r11, [%r10];
  getctarank.shared::cluster.u32 %r12, %r10;
  mapa.shared::cluster.u32 %r13, counter, %r9;
  atom.shared::cluster.add.u32 %r14, [%r13], 1;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  mad.lo.u32 %r15, %r2, 64, %r1;
  mul.wide.u32 %rd2, %r15, 12;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r11;
  st.global.u32 [%rd3+4], %r12;
  ld.shared.u32 %r16, [counter];
  st.global.u32 [%rd3+8], %r16;
  ret;
})")));
  for (uint32_t size : {2u, 4u}) {
    SCOPED_TRACE("clusters of " + std::to_string(size));
    auto *out = r.memory.array<uint32_t>(8 * 64 * 3);
    r.cluster = {size, 1, 1};
    auto result = r.run("k", {8}, {64}, ParamPack().add(out));
    ASSERT_EQ(result.code, 0) << result.report;
    for (uint32_t b = 0; b < 8; ++b) {
      uint32_t first = b / size * size, right = first + (b - first + 1) % size;
      for (uint32_t t = 0; t < 64; ++t) {
        const uint32_t *mine = out + (b * 64 + t) * 3;
        ASSERT_EQ(mine[0], right * 1000 + t) << "block " << b << " thread " << t;
        ASSERT_EQ(mine[1], right - first) << "block " << b << " thread " << t;
        ASSERT_EQ(mine[2], 64u) << "block " << b << " thread " << t;
      }
    }
  }
}

// The generic forms: mapa.u64 of a generic shared address, generic loads and stores into the
// peer, getctarank.u64, and cvta.to.shared of the peer's generic address (a .shared::cluster
// address).
TEST(Cluster, GenericAddressesReachThePeers) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 4 .b32 cell;
  .reg .b32 %r<12>; .reg .b64 %rd<12>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.ne.u32 %p1, %r1, 0;
  @%p1 bra DONE;
  mov.u32 %r2, %cluster_ctarank;
  mov.u32 %r3, %ctaid.x;
  mov.u64 %rd2, cell;
  cvta.shared.u64 %rd3, %rd2;
  st.u32 [%rd3], 0;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  xor.b32 %r4, %r2, 1;
  mapa.u64 %rd4, %rd3, %r4;
  add.u32 %r5, %r3, 500;
  st.u32 [%rd4], %r5;
  getctarank.u64 %r6, %rd4;
  cvta.to.shared.u64 %rd5, %rd4;
  ld.shared::cluster.u32 %r7, [%rd5];
  barrier.cluster.arrive;
  barrier.cluster.wait;
  ld.u32 %r8, [%rd3];
  mul.wide.u32 %rd6, %r3, 12;
  add.u64 %rd7, %rd1, %rd6;
  st.global.u32 [%rd7], %r8;
  st.global.u32 [%rd7+4], %r6;
  st.global.u32 [%rd7+8], %r7;
DONE:
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(4 * 3);
  r.cluster = {2, 1, 1};
  auto result = r.run("k", {4}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t b = 0; b < 4; ++b) {
    uint32_t peer = b ^ 1;
    EXPECT_EQ(out[b * 3], peer + 500) << b;   // the peer wrote into this block
    EXPECT_EQ(out[b * 3 + 1], peer % 2) << b; // the rank of the peer's address
    EXPECT_EQ(out[b * 3 + 2], b + 500) << b;  // read back through the .shared::cluster address
  }
}

// Rank 1 writes into rank 0's shared memory only after a long loop and then arrives; rank 0,
// which the scheduler runs first, must not get past its wait before that.
TEST(Cluster, WaitHoldsUntilEveryBlockArrived) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 4 .b32 cell;
  .reg .b32 %r<12>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %cluster_ctarank;
  mov.u32 %r9, %tid.x;
  setp.ne.u32 %p3, %r9, 0;
  st.shared.u32 [cell], 0;
  barrier.cluster.arrive.relaxed;
  barrier.cluster.wait;
  setp.eq.u32 %p1, %r1, 0;
  @%p1 bra ARRIVE;
  mov.u32 %r2, 0;
LOOP:
  add.u32 %r2, %r2, 1;
  setp.lt.u32 %p2, %r2, 20000;
  @%p2 bra LOOP;
  mov.u32 %r3, cell;
  mapa.shared::cluster.u32 %r4, %r3, 0;
  @!%p3 st.shared::cluster.u32 [%r4], 77;
ARRIVE:
  barrier.cluster.arrive.release;
  barrier.cluster.wait.acquire;
  ld.shared.u32 %r5, [cell];
  mov.u32 %r6, %ctaid.x;
  mul.wide.u32 %rd2, %r6, 4;
  add.u64 %rd3, %rd1, %rd2;
  @!%p3 st.global.u32 [%rd3], %r5;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(2);
  r.cluster = {2, 1, 1};
  auto result = r.run("k", {2}, {64}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[0], 77u);
  EXPECT_EQ(out[1], 0u);
}

// A thread that waits without having arrived waits for itself: the launch fails as a barrier
// deadlock instead of hanging.
TEST(Cluster, WaitWithoutArrivalIsADeadlock) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k()
{
  barrier.cluster.wait;
  ret;
})")));
  r.cluster = {2, 1, 1};
  auto result = r.run("k", {2}, {32}, ParamPack());
  EXPECT_EQ(result.code, 719) << result.report;
  EXPECT_NE(result.report.find("barrier deadlock"), std::string::npos) << result.report;
}

TEST(Cluster, MapaToARankOutsideTheClusterFaults) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k()
{
  .shared .align 4 .b32 cell;
  .reg .b32 %r<4>;
  mov.u32 %r1, cell;
  mapa.shared::cluster.u32 %r2, %r1, 2;
  ret;
})")));
  r.cluster = {2, 1, 1};
  auto result = r.run("k", {2}, {32}, ParamPack());
  EXPECT_EQ(result.code, 700) << result.report;
  EXPECT_NE(result.report.find("mapa to rank 2 of a cluster of 2 blocks"), std::string::npos)
      << result.report;
}

// .reqnctapercluster and .maxclusterrank reach the kernel's facts, and a launch that names no
// cluster shape runs the compiled one.
TEST(Cluster, CompiledShapeIsTheLaunchsDefault) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 out)
.explicitcluster
.reqnctapercluster 2, 1, 1
.maxclusterrank 4
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %cluster_ctarank;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
})")));
  const KernelInfo *info = r.module().kernel("k");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->clusterDims[0], 2u);
  EXPECT_EQ(info->clusterDims[1], 1u);
  EXPECT_EQ(info->clusterDims[2], 1u);
  EXPECT_EQ(info->clusterBlocks, 2u);
  EXPECT_EQ(info->maxClusterRank, 4u);
  EXPECT_TRUE(info->explicitCluster);
  auto *out = r.memory.array<uint32_t>(4);
  auto result = r.run("k", {4}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[0], 0u);
  EXPECT_EQ(out[1], 1u);
  EXPECT_EQ(out[2], 0u);
  EXPECT_EQ(out[3], 1u);
}

// A bulk copy from the executing block's shared memory into rank 0's
// (cp.async.bulk.shared::cluster.shared::cta) completes on rank 0's mbarrier, which rank 0 waits
// on; rank 0 announces the bytes with arrive.expect_tx, before or after the copy landed.
TEST(Cluster, BulkCopyIntoAPeerCompletesOnItsMbarrier) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b32 source[4];
  .shared .align 16 .b32 target[4];
  .reg .b32 %r<16>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.ne.u32 %p1, %r1, 0;
  mov.u32 %r2, %cluster_ctarank;
  mov.u32 %r3, bar;
  @!%p1 mbarrier.init.shared::cta.b64 [%r3], 1;
  mad.lo.u32 %r4, %r2, 100, %r1;
  mov.u32 %r5, source;
  shl.b32 %r6, %r1, 2;
  add.u32 %r7, %r5, %r6;
  setp.lt.u32 %p2, %r1, 4;
  @%p2 st.shared.u32 [%r7], %r4;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  @%p1 bra JOIN;
  setp.eq.u32 %p3, %r2, 0;
  @%p3 bra RECEIVE;
  mov.u32 %r8, target;
  mapa.shared::cluster.u32 %r9, %r8, 0;
  mapa.shared::cluster.u32 %r10, %r3, 0;
  cp.async.bulk.shared::cluster.shared::cta.mbarrier::complete_tx::bytes [%r9], [%r5], 16, [%r10];
  bra JOIN;
RECEIVE:
  mbarrier.arrive.expect_tx.shared::cta.b64 _, [%r3], 16;
WAIT:
  mbarrier.try_wait.parity.shared::cta.b64 %p2, [%r3], 0;
  @!%p2 bra WAIT;
  ld.shared.v4.u32 {%r11, %r12, %r13, %r14}, [target];
  st.global.v4.u32 [%rd1], {%r11, %r12, %r13, %r14};
JOIN:
  barrier.cluster.arrive;
  barrier.cluster.wait;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(4);
  r.cluster = {2, 1, 1};
  auto result = r.run("k", {2}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t i = 0; i < 4; ++i)
    EXPECT_EQ(out[i], 100 + i) << i;
}

// cp.async.bulk .multicast::cluster (PTX ISA 9.0, cp.async.bulk): rank 1 copies 64 bytes of
// global memory into `tile` of every block whose rank's bit is set in ctaMask, each completing
// on the mbarrier at the same CTA-relative offset in its own shared memory, on which the named
// blocks (and only they) announced the bytes; a block not named keeps what it held. With
// `mapped` the destination operand is a .shared::cluster address of rank 3 (from mapa): only its
// CTA-relative offset counts.
const char *kMulticastKernel = R"(
.visible .entry k(.param .u64 in, .param .u64 out, .param .u32 mask, .param .u32 mapped)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b32 tile[16];
  .reg .b32 %r<16>; .reg .b16 %rs<2>; .reg .b64 %rd<8>; .reg .pred %p<8>;
  ld.param.u64 %rd1, [in];
  ld.param.u64 %rd2, [out];
  ld.param.u32 %r1, [mask];
  ld.param.u32 %r2, [mapped];
  cvt.u16.u32 %rs1, %r1;
  mov.u32 %r3, %tid.x;
  mov.u32 %r4, %cluster_ctarank;
  mov.u32 %r5, %ctaid.x;
  setp.lt.u32 %p1, %r3, 16;
  mov.u32 %r6, tile;
  shl.b32 %r7, %r3, 2;
  add.u32 %r8, %r6, %r7;
  add.u32 %r9, %r5, 0xdead0000;
  @%p1 st.shared.u32 [%r8], %r9;
  shr.b32 %r10, %r1, %r4;
  and.b32 %r10, %r10, 1;
  setp.eq.u32 %p2, %r10, 1;
  setp.eq.u32 %p3, %r3, 0;
  and.pred %p4, %p2, %p3;
  mov.u32 %r11, bar;
  @%p3 mbarrier.init.shared::cta.b64 [%r11], 1;
  @%p4 mbarrier.arrive.expect_tx.shared::cta.b64 _, [%r11], 64;
  fence.mbarrier_init.release.cluster;
  barrier.cluster.arrive.release.aligned;
  barrier.cluster.wait.acquire.aligned;
  setp.eq.u32 %p5, %r4, 1;
  and.pred %p5, %p5, %p3;
  setp.ne.u32 %p6, %r2, 0;
  mov.u32 %r12, %r6;
  @%p6 mapa.shared::cluster.u32 %r12, %r6, 3;
  @%p5 cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster [%r12], [%rd1], 64, [%r11], %rs1;
  @!%p2 bra DONE;
WAIT:
  mbarrier.try_wait.parity.shared::cta.b64 %p7, [%r11], 0;
  @!%p7 bra WAIT;
DONE:
  @%p1 ld.shared.u32 %r13, [%r8];
  mad.lo.u32 %r14, %r5, 16, %r3;
  mul.wide.u32 %rd3, %r14, 4;
  add.u64 %rd4, %rd2, %rd3;
  @%p1 st.global.u32 [%rd4], %r13;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  ret;
})";

TEST(Cluster, MulticastBulkCopyReachesTheBlocksOfItsMask) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(kMulticastKernel)));
  auto *in = r.memory.array<uint32_t>(16);
  for (uint32_t i = 0; i < 16; ++i)
    in[i] = i * 7 + 1;
  r.cluster = {4, 1, 1};
  for (uint32_t mapped : {0u, 1u})
    for (uint32_t mask : {0xbu, 0xfu, 0x2u, 0x4u}) {
      SCOPED_TRACE("mask " + std::to_string(mask) + (mapped ? ", mapped" : ""));
      auto *out = r.memory.array<uint32_t>(8 * 16);
      auto result = r.run("k", {8}, {32}, ParamPack().add(in).add(out).add(mask).add(mapped));
      ASSERT_EQ(result.code, 0) << result.report;
      for (uint32_t b = 0; b < 8; ++b)
        for (uint32_t i = 0; i < 16; ++i)
          EXPECT_EQ(out[b * 16 + i], (mask >> (b % 4)) & 1 ? in[i] : 0xdead0000u + b)
              << "block " << b << " word " << i;
    }
}

// Without clusters every block is a cluster of one (rank 0): a mask of bit 0 copies into the
// issuing block alone. Such launches may run as native code (QIAO_EXEC=jit), which hands the
// instruction to the interpreter's exec function.
TEST(Cluster, MulticastToAClusterOfOneIsAPlainBulkCopy) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b32 tile[8];
  .reg .b32 %r<8>; .reg .b16 %rs<2>; .reg .b64 %rd<8>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [in];
  ld.param.u64 %rd2, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %ctaid.x;
  mov.u16 %rs1, 1;
  setp.eq.u32 %p1, %r1, 0;
  @%p1 mbarrier.init.shared::cta.b64 [bar], 1;
  bar.sync 0;
  @%p1 mbarrier.arrive.expect_tx.shared::cta.b64 _, [bar], 32;
  mul.wide.u32 %rd3, %r2, 32;
  add.u64 %rd4, %rd1, %rd3;
  @%p1 cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster [tile], [%rd4], 32, [bar], %rs1;
WAIT:
  mbarrier.try_wait.parity.shared::cta.b64 %p2, [bar], 0;
  @!%p2 bra WAIT;
  setp.lt.u32 %p3, %r1, 8;
  shl.b32 %r3, %r1, 2;
  mov.u32 %r6, tile;
  add.u32 %r7, %r6, %r3;
  @%p3 ld.shared.u32 %r4, [%r7];
  mad.lo.u32 %r5, %r2, 8, %r1;
  mul.wide.u32 %rd5, %r5, 4;
  add.u64 %rd6, %rd2, %rd5;
  @%p3 st.global.u32 [%rd6], %r4;
  ret;
})")));
  auto *in = r.memory.array<uint32_t>(4 * 8);
  auto *out = r.memory.array<uint32_t>(4 * 8);
  for (uint32_t i = 0; i < 32; ++i)
    in[i] = 3 * i + 5;
  auto result = r.run("k", {4}, {64}, ParamPack().add(in).add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t i = 0; i < 32; ++i)
    EXPECT_EQ(out[i], 3 * i + 5) << i;
}

// The operands are checked as the other bulk copies' are, and ctaMask may only name blocks of
// the cluster.
TEST(Cluster, MulticastBulkCopyFaults) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 in, .param .u32 offset, .param .u32 size, .param .u32 mask)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[64];
  .reg .b32 %r<8>; .reg .b16 %rs<2>; .reg .b64 %rd<2>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [in];
  ld.param.u32 %r1, [offset];
  ld.param.u32 %r2, [size];
  ld.param.u32 %r3, [mask];
  cvt.u16.u32 %rs1, %r3;
  mov.u32 %r4, %tid.x;
  mov.u32 %r5, %cluster_ctarank;
  setp.eq.u32 %p2, %r4, 0;
  or.b32 %r6, %r4, %r5;
  setp.eq.u32 %p1, %r6, 0;
  @%p2 mbarrier.init.shared.b64 [bar], 1;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  mov.u32 %r7, tile;
  add.u32 %r7, %r7, %r1;
  @%p1 cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster [%r7], [%rd1], %r2, [bar], %rs1;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  ret;
})")));
  auto *in = r.memory.array<uint32_t>(16);
  r.cluster = {2, 1, 1};
  auto run = [&](uint32_t offset, uint32_t size, uint32_t mask) {
    return r.run("k", {2}, {32}, ParamPack().add(in).add(offset).add(size).add(mask));
  };
  auto good = run(0, 64, 3);
  EXPECT_EQ(good.code, 0) << good.report;
  auto outside = run(0, 64, 5);
  EXPECT_EQ(outside.code, 700) << outside.report; // cudaErrorIllegalAddress
  EXPECT_NE(outside.report.find("ctaMask names rank 2 of a cluster of 2 blocks"), std::string::npos)
      << outside.report;
  auto misaligned = run(8, 32, 3);
  EXPECT_EQ(misaligned.code, 716) << misaligned.report; // cudaErrorMisalignedAddress
  auto oddSize = run(0, 40, 2);
  EXPECT_EQ(oddSize.code, 715) << oddSize.report; // cudaErrorIllegalInstruction
  EXPECT_NE(oddSize.report.find("not a multiple of 16"), std::string::npos) << oddSize.report;
  auto pastTheEnd = run(16, 64, 2); // rank 1's tile ends 16 bytes before the copy would
  EXPECT_EQ(pastTheEnd.code, 700) << pastTheEnd.report;
  EXPECT_NE(pastTheEnd.report.find("out of range"), std::string::npos) << pastTheEnd.report;
}

// Only the global-to-.shared::cluster form completing on an mbarrier multicasts, and it takes a
// ctaMask.
TEST(Cluster, MulticastBulkCopyFormsAreChecked) {
  const char *forms[] = {
      "cp.async.bulk.shared::cta.global.mbarrier::complete_tx::bytes.multicast::cluster "
      "[tile], [%rd1], 64, [bar], %rs1;",
      "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster "
      "[tile], [%rd1], 64, [bar];",
      "cp.async.bulk.shared::cluster.shared::cta.mbarrier::complete_tx::bytes.multicast::cluster "
      "[tile], [tile], 64, [bar], %rs1;"};
  for (const char *form : forms) {
    SCOPED_TRACE(form);
    HostDeviceMemory memory;
    auto loaded = Module::load(ptx90(std::string(R"(
.visible .entry k(.param .u64 in)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[64];
  .reg .b16 %rs<2>; .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [in];
  mov.u16 %rs1, 3;
  )") + form + "\n  ret;\n}"),
                               memory);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("multicast::cluster"), std::string::npos)
        << loaded.error().message;
  }
}

// Each block of a cooperative grid of clusters waits at the grid barrier for the others.
TEST(Cluster, CooperativeGridOfClusters) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx90(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 4 .b32 cell;
  .reg .b32 %r<8>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %cluster_ctarank;
  mov.u32 %r2, %ctaid.x;
  st.shared.u32 [cell], %r2;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  xor.b32 %r3, %r1, 1;
  mov.u32 %r4, cell;
  mapa.shared::cluster.u32 %r5, %r4, %r3;
  ld.shared::cluster.u32 %r6, [%r5];
  barrier.cluster.arrive;
  barrier.cluster.wait;
  mul.wide.u32 %rd2, %r2, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r6;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(6);
  r.cluster = {2, 1, 1};
  auto result = r.run("k", {6}, {32}, ParamPack().add(out), 0, true);
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t b = 0; b < 6; ++b)
    EXPECT_EQ(out[b], b ^ 1) << b;
}

} // namespace
} // namespace qiao::ptx::test
