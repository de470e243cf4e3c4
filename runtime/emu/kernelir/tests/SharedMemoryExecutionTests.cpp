// The reserved shared memory in Qiao kernel IR: nvcc's cooperative-groups tiles wider than a warp
// keep their scratch where %reserved_smem_offset_1 points, which the dialect reads through
// qiao.sreg.reserved_smem_offset_*; the kir driver places the region past the block's own shared
// memory. (The tiles themselves spin on that scratch with plain loads until the tile's other
// warp arrives; the kir driver's fibers switch only inside `qiao.*` calls, so those spins do not
// finish there.)
#include "KirDifferential.h"
#include "NvccPtx.h"

#include <string>
#include <vector>

namespace {

using qiao::kir::test::DeviceArray;
using qiao::kir::test::KirModule;
using qiao::ptx::test::nvccPtx;

TEST(KernelIrReservedShared, RegistersDescribeOneKibibytePastTheBlocksSharedMemory) {
  std::string text = nvccPtx("large_tiles.cu");
  KirModule module(text);
  ASSERT_TRUE(module.loaded());
  DeviceArray<uint32_t> out(8);
  void *args[] = {&out.pointer()};
  ASSERT_EQ(module.run("smemRegisters", 1, 40, args, 200), qiaoSuccess);
  std::vector<uint32_t> v = out.read();
  uint32_t begin = v[0], end = v[1];
  EXPECT_EQ(end - begin, 1024u) << "CUDA reserves 1 KiB per block on compute capability 8.0+";
  EXPECT_GE(begin, 160u + 200u) << "past the static (160) and dynamic (200) bytes";
  EXPECT_EQ(v[2], 1024u);
  EXPECT_EQ(v[3], begin);
  EXPECT_GE(v[4], begin);
  EXPECT_LE(v[4] + 288, end) << "cooperative groups need 288 bytes from offset_1";
  EXPECT_EQ(v[5], 200u);
  EXPECT_EQ(v[6], 384u) << "160 static + 200 dynamic bytes in 128-byte units";
  EXPECT_EQ(v[7], 1u);
}

// cp.async through the pipeline primitives: the copies complete by the wait, the partial copy
// (src-size 0 past n) zero-fills its element.
TEST(KernelIrAsyncCopy, StagedCopiesAndZeroFillFromNvcc) {
  std::string text = nvccPtx("async_copy.cu");
  ASSERT_NE(text.find("cp.async"), std::string::npos) << "nvcc no longer emits cp.async here";
  KirModule module(text);
  ASSERT_TRUE(module.loaded());
  const int n = 200, block = 128, blocks = 2;
  std::vector<float> in(4 * n);
  for (int i = 0; i < 4 * n; ++i)
    in[i] = static_cast<float>(i);
  DeviceArray<float> din(in), dout(4 * block * blocks);
  int count = n;
  void *args[] = {&din.pointer(), &dout.pointer(), &count};
  ASSERT_EQ(module.run("staged", blocks, block, args), qiaoSuccess);
  std::vector<float> out = dout.read();
  for (int i = 0; i < n; ++i) {
    int b = i / block, t = i % block;
    int source = b * block + (t + 1) % block; // the neighbour's element, zero past n
    for (int c = 0; c < 4; ++c)
      EXPECT_EQ(out[4 * i + c], source < n ? 2 * in[4 * source + c] : 0.0f) << i << "." << c;
  }
}

TEST(KernelIrAsyncCopy, SourceSizesAndIgnoreSrcMatchTheInterpreter) {
  // Each thread copies the 16 bytes of a from word i rounded down to a multiple of 4 into its
  // slot of shared memory, with src-size b (16 at most counts) or ignoring the source when c is
  // odd, reads the slot's first and last words back, then copies 4 bytes again.
  std::vector<uint32_t> a, b, c;
  for (uint32_t i = 0; i < 128; ++i) {
    a.push_back(0x01010101u * (i + 1));
    b.push_back(i % 20);
    c.push_back(i % 3 == 0);
  }
  qiao::kir::test::expectSameAsInterpreter(R"(
  .shared .align 16 .b8 tile[2048];
  mov.u32 %r1, tile;
  shl.b32 %r2, %i, 4;
  add.u32 %r1, %r1, %r2;
  ld.param.u64 %rd1, [pa];
  and.b32 %r7, %i, 124;
  mul.wide.u32 %rd2, %r7, 4;
  add.s64 %rd1, %rd1, %rd2;
  and.b32 %r3, %c, 1;
  setp.eq.u32 %p1, %r3, 1;
  @%p1 cp.async.ca.shared.global [%r1], [%rd1], 16, %p1;
  @!%p1 cp.async.cg.shared.global [%r1], [%rd1], 16, %b;
  cp.async.commit_group;
  cp.async.wait_all;
  ld.shared.u32 %r4, [%r1];
  ld.shared.u32 %r5, [%r1+12];
  xor.b32 %d, %r4, %r5;
  cp.async.ca.shared.global [%r1], [%rd1], 4;
  cp.async.wait_group 0;
  ld.shared.u32 %r6, [%r1];
  add.u32 %d, %d, %r6;)",
                                           a, b, c);
}

// barrier.cluster.arrive and .wait in a cluster of one block: every thread's store before the
// arrive is visible to every thread after the wait.
TEST(KernelIrClusterBarrier, ArriveAndWaitMatchTheInterpreter) {
  std::vector<uint32_t> a, zero(256, 0);
  for (uint32_t i = 0; i < 256; ++i)
    a.push_back(i * 7 + 1);
  std::vector<uint32_t> out = qiao::kir::test::expectSameAsInterpreter(R"(
  .shared .align 4 .b32 cluster_tile[128];
  mov.u32 %r1, %tid.x;
  mov.u32 %r3, cluster_tile;
  shl.b32 %r2, %r1, 2;
  add.u32 %r4, %r3, %r2;
  st.shared.u32 [%r4], %a;
  barrier.cluster.arrive;
  barrier.cluster.wait;
  xor.b32 %r5, %r1, 127;
  shl.b32 %r6, %r5, 2;
  add.u32 %r7, %r3, %r6;
  ld.shared.u32 %d, [%r7];)",
                                                                       a, zero, zero);
  ASSERT_EQ(out.size(), 256u);
  for (uint32_t i = 0; i < 256; ++i)
    EXPECT_EQ(out[i], a[i / 128 * 128 + (i % 128 ^ 127)]) << i;
}

} // namespace
