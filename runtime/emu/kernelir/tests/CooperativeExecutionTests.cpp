// Cooperative launches in Qiao kernel IR: a grid-wide barrier is plain IR (an atomic arrival on
// the workspace that %envreg1 and %envreg2 locate and a spin on it, as nvcc makes of cooperative
// groups' grid.sync()), so the kir driver must give every block of the grid at once and the
// zeroed workspace. The kernel runs through the interpreter and as kernel IR, compared word for
// word.
#include "KirDifferential.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::DeviceArray;
using qiao::ptx::test::ParamPack;
using qiao::ptx::test::PtxRunner;

// Each block writes its part of data, passes a grid barrier, reads the next block's part into
// out, passes a second barrier (the workspace's reuse), and reads the part two blocks on. The
// barrier: thread 0 of block 0 adds 2^31 - (blocks - 1), the others add 1, so the word's top bit
// flips once every block arrived; each waits until the top bit differs from what it found.
const char *kGridExchange = R"(.version 8.0
.target sm_80
.address_size 64
.visible .entry exchange(.param .u64 data, .param .u64 out)
{
  .reg .b32 %r<24>; .reg .b64 %rd<16>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [data];
  ld.param.u64 %rd2, [out];
  mov.u32 %r1, %envreg1;
  mov.u32 %r2, %envreg2;
  mov.b64 %rd3, {%r2, %r1};
  setp.eq.u64 %p1, %rd3, 0;
  @%p1 trap;
  mov.u32 %r3, %ctaid.x;
  mov.u32 %r4, %tid.x;
  mov.u32 %r5, %nctaid.x;
  mov.u32 %r6, %ntid.x;
  mad.lo.u32 %r7, %r3, %r6, %r4;
  mul.wide.u32 %rd4, %r7, 4;
  add.u64 %rd5, %rd1, %rd4;
  mad.lo.u32 %r8, %r3, 1000, %r4;
  st.global.u32 [%rd5], %r8;
  setp.eq.u32 %p2, %r4, 0;
  setp.eq.u32 %p3, %r3, 0;
  sub.u32 %r9, %r5, 1;
  neg.s32 %r9, %r9;
  xor.b32 %r9, %r9, 0x80000000;
  selp.u32 %r10, %r9, 1, %p3;
  bar.sync 0;
  @!%p2 bra FIRST_PASSED;
  atom.add.release.gpu.u32 %r11, [%rd3], %r10;
FIRST_SPIN:
  ld.acquire.gpu.u32 %r12, [%rd3];
  xor.b32 %r13, %r12, %r11;
  setp.gt.s32 %p1, %r13, -1;
  @%p1 bra FIRST_SPIN;
FIRST_PASSED:
  bar.sync 0;
  add.u32 %r14, %r3, 1;
  rem.u32 %r14, %r14, %r5;
  mad.lo.u32 %r15, %r14, %r6, %r4;
  mul.wide.u32 %rd6, %r15, 4;
  add.u64 %rd7, %rd1, %rd6;
  ld.global.u32 %r16, [%rd7];
  mul.wide.u32 %rd8, %r7, 8;
  add.u64 %rd9, %rd2, %rd8;
  st.global.u32 [%rd9], %r16;
  bar.sync 0;
  @!%p2 bra SECOND_PASSED;
  atom.add.release.gpu.u32 %r11, [%rd3], %r10;
SECOND_SPIN:
  ld.acquire.gpu.u32 %r12, [%rd3];
  xor.b32 %r13, %r12, %r11;
  setp.gt.s32 %p1, %r13, -1;
  @%p1 bra SECOND_SPIN;
SECOND_PASSED:
  bar.sync 0;
  add.u32 %r17, %r3, 2;
  rem.u32 %r17, %r17, %r5;
  mad.lo.u32 %r18, %r17, %r6, %r4;
  mul.wide.u32 %rd10, %r18, 4;
  add.u64 %rd11, %rd1, %rd10;
  ld.global.u32 %r19, [%rd11];
  st.global.u32 [%rd9+4], %r19;
  ret;
}
)";

constexpr uint32_t kBlocks = 6, kThreads = 64;

TEST(KernelIrCooperative, GridBarriersMatchTheInterpreter) {
  const size_t words = kBlocks * kThreads;
  PtxRunner r;
  r.interpretOnly = true;
  ASSERT_TRUE(r.load(kGridExchange));
  uint32_t *data = r.memory.array<uint32_t>(words), *out = r.memory.array<uint32_t>(2 * words);
  auto outcome = r.run("exchange", {kBlocks}, {kThreads}, ParamPack().add(data).add(out), 0, true);
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  std::vector<uint32_t> reference(out, out + 2 * words);

  qiao::kir::test::KirModule module(kGridExchange);
  ASSERT_TRUE(module.loaded());
  DeviceArray<uint32_t> ddata(words), dout(2 * words);
  qiaoFunction_t f = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&f, module.handle(), "exchange"), qiaoSuccess);
  void *args[] = {&ddata.pointer(), &dout.pointer()};
  ASSERT_EQ(qiaoModuleLaunchCooperativeKernel(f, kBlocks, 1, 1, kThreads, 1, 1, 0, nullptr, args),
            qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  std::vector<uint32_t> lowered = dout.read();
  EXPECT_EQ(lowered, reference);
  for (uint32_t b = 0; b < kBlocks; ++b)
    for (uint32_t t = 0; t < kThreads; ++t) {
      size_t i = 2 * (b * kThreads + t);
      EXPECT_EQ(lowered[i], (b + 1) % kBlocks * 1000 + t) << "block " << b << " thread " << t;
      EXPECT_EQ(lowered[i + 1], (b + 2) % kBlocks * 1000 + t) << "block " << b << " thread " << t;
    }
}

// Outside a cooperative launch there is no workspace: %envreg1 and %envreg2 read 0 and the
// kernel traps, on both.
TEST(KernelIrCooperative, PlainLaunchHasNoWorkspace) {
  PtxRunner r;
  r.interpretOnly = true;
  ASSERT_TRUE(r.load(kGridExchange));
  uint32_t *data = r.memory.array<uint32_t>(64), *out = r.memory.array<uint32_t>(128);
  EXPECT_EQ(r.run("exchange", {1}, {32}, ParamPack().add(data).add(out)).code, 719);

  qiaoModule_t m = nullptr;
  qiaoFunction_t f = nullptr;
  void *buffer = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&m, kGridExchange), qiaoSuccess);
  ASSERT_EQ(qiaoModuleGetFunction(&f, m, "exchange"), qiaoSuccess);
  ASSERT_EQ(qiaoMalloc(&buffer, 1024), qiaoSuccess);
  void *args[] = {&buffer, &buffer};
  ASSERT_EQ(qiaoModuleLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, nullptr, args, nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoErrorLaunchFailure);
  EXPECT_EQ(qiaoDeviceReset(), qiaoSuccess);
}

// The cluster special registers outside a cluster launch: every block is a cluster of one, rank 0
// of 1, at the block's own place in a grid of as many clusters as blocks (PTX ISA, "Special
// registers"), on both. Element i packs them into its word: %clusterid.x, %nclusterid.x and the
// y/z ones in the low 16 bits, the in-cluster ones above.
TEST(KernelIrCooperative, ClusterRegistersDescribeClustersOfOne) {
  const std::string body = R"(
  mov.u32 %r1, %clusterid.x;
  mov.u32 %r2, %nclusterid.x;
  shl.b32 %r2, %r2, 4;
  or.b32 %d, %r1, %r2;
  mov.u32 %r1, %clusterid.y;
  mov.u32 %r2, %clusterid.z;
  add.u32 %r1, %r1, %r2;
  mov.u32 %r2, %nclusterid.y;
  mov.u32 %r3, %nclusterid.z;
  add.u32 %r2, %r2, %r3;
  mad.lo.u32 %r1, %r2, 16, %r1;
  shl.b32 %r1, %r1, 8;
  or.b32 %d, %d, %r1;
  mov.u32 %r1, %cluster_ctaid.x;
  mov.u32 %r2, %cluster_ctaid.y;
  add.u32 %r1, %r1, %r2;
  mov.u32 %r2, %cluster_ctaid.z;
  add.u32 %r1, %r1, %r2;
  mov.u32 %r2, %cluster_ctarank;
  add.u32 %r1, %r1, %r2;
  shl.b32 %r1, %r1, 16;
  or.b32 %d, %d, %r1;
  mov.u32 %r1, %cluster_nctaid.x;
  mov.u32 %r2, %cluster_nctaid.y;
  mad.lo.u32 %r1, %r2, 2, %r1;
  mov.u32 %r2, %cluster_nctaid.z;
  mad.lo.u32 %r1, %r2, 4, %r1;
  mov.u32 %r2, %cluster_nctarank;
  mad.lo.u32 %r1, %r2, 8, %r1;
  shl.b32 %r1, %r1, 20;
  or.b32 %d, %d, %r1;
  mov.pred %p1, %is_explicit_cluster;
  selp.u32 %r1, 0x80000000, 0, %p1;
  or.b32 %d, %d, %r1;
)";
  const uint32_t n = 4 * qiao::kir::test::kThreadsPerBlock;
  std::vector<uint32_t> a(n, 0), b(n, 0), c(n, 0);
  std::vector<uint32_t> words = qiao::kir::test::expectSameAsInterpreter(body, a, b, c);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t block = i / qiao::kir::test::kThreadsPerBlock;
    // clusterid.x = the block, nclusterid.x = 4 blocks, y and z 0 and 1 + 1; rank 0 and
    // cluster_ctaid 0; cluster_nctaid 1 + 2 + 4 and cluster_nctarank 1 (8); not explicit.
    EXPECT_EQ(words[i], block | 4u << 4 | (2u * 16) << 8 | 0u << 16 | 15u << 20) << i;
  }
}

} // namespace
