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
