// Arrive/wait barriers (mbarrier), cp.async.mbarrier.arrive and the bulk copies of sm_90 in Qiao
// kernel IR: each kernel runs through the interpreter and as kernel IR through the kir driver,
// and every output word must agree (and be what the PTX ISA says). The waits spin on a phase
// that other warps complete, so these also prove that the kir driver's waits let them run.
#include "KirDifferential.h"
#include "NvccPtx.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::DeviceArray;
using qiao::kir::test::KirModule;
using qiao::ptx::test::nvccPtx;
using qiao::ptx::test::ParamPack;
using qiao::ptx::test::PtxRunner;

std::string module(const std::string &target, const std::string &body) {
  return ".version 8.0\n.target " + target + "\n.address_size 64\n" + body;
}

struct Run {
  int code = -1;
  std::vector<uint32_t> out;
};

// Kernel `name(in, out)` on `grid` blocks of `block` threads through the interpreter.
Run interpreted(const std::string &ptx, const char *name, uint32_t grid, uint32_t block,
                const std::vector<uint32_t> &in, size_t outWords) {
  PtxRunner r;
  r.interpretOnly = true;
  Run run;
  if (!r.load(ptx))
    return run;
  uint32_t *din = r.memory.array<uint32_t>(in), *dout = r.memory.array<uint32_t>(outWords);
  auto outcome = r.run(name, {grid}, {block}, ParamPack().add(din).add(dout));
  run.code = outcome.code;
  run.out.assign(dout, dout + outWords);
  return run;
}

// The same as Qiao kernel IR through the kir driver.
Run lowered(const std::string &ptx, const char *name, uint32_t grid, uint32_t block,
            const std::vector<uint32_t> &in, size_t outWords) {
  Run run;
  KirModule m(ptx);
  if (!m.loaded())
    return run;
  DeviceArray<uint32_t> din(in), dout(outWords);
  void *args[] = {&din.pointer(), &dout.pointer()};
  run.code = m.run(name, grid, block, args);
  if (run.code == qiaoSuccess)
    run.out = dout.read();
  return run;
}

// The error a one-thread launch of kernel `k(in, out)` as kernel IR ends with. The error is
// sticky, as on hardware: the device is reset afterwards, which frees the module and memory.
int loweredFault(const std::string &ptx) {
  qiaoModule_t m = nullptr;
  qiaoFunction_t f = nullptr;
  void *buffer = nullptr;
  EXPECT_EQ(qiaoModuleLoadData(&m, ptx.c_str()), qiaoSuccess);
  EXPECT_EQ(qiaoModuleGetFunction(&f, m, "k"), qiaoSuccess);
  EXPECT_EQ(qiaoMalloc(&buffer, 64), qiaoSuccess);
  void *args[] = {&buffer, &buffer};
  EXPECT_EQ(qiaoModuleLaunchKernel(f, 1, 1, 1, 1, 1, 1, 0, nullptr, args, nullptr), qiaoSuccess);
  int code = qiaoDeviceSynchronize();
  EXPECT_EQ(qiaoDeviceReset(), qiaoSuccess);
  return code;
}

// Runs both ways; both must succeed with the same words, which are returned.
std::vector<uint32_t> expectSame(const std::string &ptx, const char *name, uint32_t grid,
                                 uint32_t block, const std::vector<uint32_t> &in, size_t outWords) {
  Run reference = interpreted(ptx, name, grid, block, in, outWords);
  Run kir = lowered(ptx, name, grid, block, in, outWords);
  EXPECT_EQ(reference.code, 0) << name;
  EXPECT_EQ(kir.code, qiaoSuccess) << name;
  EXPECT_EQ(kir.out, reference.out) << name;
  return reference.out;
}

// Counts, tokens and tx-counts: an object of 4 expected arrivals; thread 0 arrives with count 2
// (its token through a generic address), thread 1 once, thread 2 with arrive.expect_tx of 16
// bytes; complete_tx of 16 finishes phase 0, then expect_tx and arrive_drop leave phase 1 open
// with 32 bytes outstanding.
const char *kCounts = R"(
.visible .entry counts(.param .u64 in, .param .u64 out)
{
  .shared .align 8 .b64 bar;
  .reg .b32 %r<16>; .reg .b64 %rd<8>; .reg .pred %p<8>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u64 %rd2, bar;
  cvta.shared.u64 %rd3, %rd2;
  setp.eq.u32 %p1, %r1, 0;
  @%p1 mbarrier.init.b64 [%rd3], 4;
  @%p1 mbarrier.arrive.b64 %rd4, [%rd3], 2;
  @%p1 mbarrier.pending_count.b64 %r2, %rd4;
  @%p1 st.global.u32 [%rd1], %r2;
  setp.eq.u32 %p2, %r1, 1;
  @%p2 mbarrier.arrive.shared::cta.b64 %rd5, [bar];
  @%p2 mbarrier.pending_count.b64 %r3, %rd5;
  @%p2 st.global.u32 [%rd1+4], %r3;
  setp.eq.u32 %p3, %r1, 2;
  @%p3 mbarrier.arrive.expect_tx.release.cta.shared::cta.b64 _, [bar], 16;
  @%p1 mbarrier.test_wait.shared.b64 %p4, [bar], %rd4;
  selp.u32 %r4, 1, 0, %p4;
  @%p1 st.global.u32 [%rd1+8], %r4;
  @%p1 mbarrier.complete_tx.relaxed.cta.shared::cta.b64 [bar], 16;
  @%p1 mbarrier.test_wait.shared.b64 %p5, [bar], %rd4;
  selp.u32 %r5, 1, 0, %p5;
  @%p1 st.global.u32 [%rd1+12], %r5;
  @%p1 mbarrier.test_wait.parity.shared::cta.b64 %p6, [%rd2], 0;
  selp.u32 %r6, 1, 0, %p6;
  @%p1 st.global.u32 [%rd1+16], %r6;
  @%p1 mbarrier.expect_tx.shared.b64 [bar], 32;
  @%p1 mbarrier.arrive_drop.shared.b64 _, [bar], 4;
  @%p1 mbarrier.test_wait.parity.shared.b64 %p7, [bar], 1;
  selp.u32 %r7, 1, 0, %p7;
  @%p1 st.global.u32 [%rd1+20], %r7;
  @%p1 ld.shared.u32 %r8, [bar];
  @%p1 st.global.u32 [%rd1+24], %r8;
  @%p1 mbarrier.inval.shared.b64 [bar];
  ret;
})";

TEST(KernelIrMbarrier, CountsTokensAndTransactionsMatchTheInterpreter) {
  std::vector<uint32_t> out = expectSame(module("sm_90", kCounts), "counts", 1, 32, {0}, 7);
  ASSERT_EQ(out.size(), 7u);
  EXPECT_EQ(out[0], 4u) << "thread 0's token: four arrivals pending before it";
  EXPECT_EQ(out[1], 2u) << "thread 1's token: two pending before it";
  EXPECT_EQ(out[2], 0u) << "16 bytes outstanding keep phase 0 open";
  EXPECT_EQ(out[3], 1u) << "complete_tx finishes phase 0";
  EXPECT_EQ(out[4], 1u) << "phase 0 (parity 0) is complete";
  EXPECT_EQ(out[5], 0u) << "phase 1 waits for its 32 expected bytes";
}

// Warp 0 spins on the phase that only warp 7 completes, after warp 7's thread 224 wrote the
// value warp 0 then reads: the spin must let warp 7 run, and the write must be visible.
std::string spinningWait(const std::string &wait) {
  return R"(
.visible .entry spin(.param .u64 in, .param .u64 out)
{
  .shared .align 8 .b64 bar;
  .shared .align 4 .b32 value;
  .reg .b32 %r<8>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, bar;
  setp.ne.u32 %p1, %r1, 0;
  @%p1 bra AFTER_INIT;
  mbarrier.init.shared::cta.b64 [%r2], 32;
AFTER_INIT:
  bar.sync 0;
  shr.u32 %r4, %r1, 5;
  setp.eq.u32 %p2, %r4, 7;
  @%p2 bra ARRIVE;
  setp.ne.u32 %p3, %r4, 0;
  @%p3 bra DONE;
WAIT:
)" + wait +
         R"(
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
})";
}

TEST(KernelIrMbarrier, WaitingWarpLetsTheArrivingWarpRun) {
  for (const char *wait : {"  mbarrier.try_wait.parity.shared::cta.b64 %p1, [%r2], 0, 1000;",
                           "  mbarrier.try_wait.parity.shared::cta.b64 %p1, [%r2], 0;",
                           "  mbarrier.test_wait.parity.shared::cta.b64 %p1, [%r2], 0;"}) {
    std::vector<uint32_t> out =
        expectSame(module("sm_90", spinningWait(wait)), "spin", 3, 256, {0}, 32);
    ASSERT_EQ(out.size(), 32u) << wait;
    for (int t = 0; t < 32; ++t)
      EXPECT_EQ(out[t], 4242u) << wait << " thread " << t;
  }
}

// The object's rules fault the launch as on the interpreter: a count of 0 is an illegal
// instruction, an object in global memory an illegal address.
TEST(KernelIrMbarrier, BadObjectsFaultAsOnTheInterpreter) {
  const std::string zeroCount = module("sm_80", R"(
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .shared .align 8 .b64 bar;
  .reg .b32 %r<2>;
  mov.u32 %r1, 0;
  mbarrier.init.shared.b64 [bar], %r1;
  ret;
})");
  const std::string globalObject = module("sm_80", R"(
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  mbarrier.init.b64 [%rd1], 1;
  ret;
})");
  for (auto [ptx, code] : {std::pair{zeroCount, 715}, std::pair{globalObject, 700}}) {
    EXPECT_EQ(interpreted(ptx, "k", 1, 1, {0}, 2).code, code);
    EXPECT_EQ(loweredFault(ptx), code);
  }
}

// cp.async.mbarrier.arrive.noinc counts as one of the two expected arrivals; the plain form's
// arrive-on is balanced by its own increment, so one more arrival completes the phase.
TEST(KernelIrMbarrier, ArriveOnAsyncCopiesMatchesTheInterpreter) {
  const std::string ptx = module("sm_80", R"(
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[16];
  .reg .b32 %r<8>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [in];
  ld.param.u64 %rd2, [out];
  mbarrier.init.shared.b64 [bar], 2;
  cp.async.ca.shared.global [tile], [%rd1], 16;
  cp.async.mbarrier.arrive.noinc.shared.b64 [bar];
  cp.async.mbarrier.arrive.shared.b64 [bar];
  mbarrier.test_wait.parity.shared.b64 %p1, [bar], 0;
  selp.u32 %r1, 1, 0, %p1;
  st.global.u32 [%rd2], %r1;
  mbarrier.arrive.shared.b64 %rd3, [bar];
  mbarrier.test_wait.parity.shared.b64 %p2, [bar], 0;
  selp.u32 %r2, 1, 0, %p2;
  st.global.u32 [%rd2+4], %r2;
  ld.shared.u32 %r3, [tile+12];
  st.global.u32 [%rd2+8], %r3;
  ret;
})");
  std::vector<uint32_t> out = expectSame(ptx, "k", 1, 1, {5, 6, 7, 8}, 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], 0u) << "one of two arrivals";
  EXPECT_EQ(out[1], 1u) << "the second arrival completes phase 0";
  EXPECT_EQ(out[2], 8u);
}

// sm_90 bulk copies: global to shared completing on the mbarrier's tx-count (every thread spins
// on the phase), then shared to global in a bulk group.
TEST(KernelIrBulkCopy, BothDirectionsMatchTheInterpreter) {
  const std::string ptx = module("sm_90", R"(
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
})");
  std::vector<uint32_t> in(64);
  for (uint32_t i = 0; i < 64; ++i)
    in[i] = i * 3;
  std::vector<uint32_t> out = expectSame(ptx, "k", 2, 64, in, 64);
  ASSERT_EQ(out.size(), 64u);
  for (uint32_t i = 0; i < 64; ++i)
    EXPECT_EQ(out[i], i * 3 + 1000) << i;
}

// What nvcc makes of cuda::barrier, cuda::pipeline and cooperative groups' memcpy_async: each
// kernel reverses a tile of 256 ints per block, out = in[reversed] * 2 + 1.
void expectReversedTiles(const std::string &text) {
  const uint32_t blocks = 3, tile = 256;
  std::vector<uint32_t> in(blocks * tile);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<uint32_t>(i * 5 % 1001);
  for (const char *kernel : {"barrierCopy", "pipelineCopy", "groupCopy", "singleThreadCopy"}) {
    std::vector<uint32_t> out = expectSame(text, kernel, blocks, tile, in, in.size());
    ASSERT_EQ(out.size(), in.size()) << kernel;
    for (uint32_t b = 0; b < blocks; ++b)
      for (uint32_t t = 0; t < tile; ++t)
        ASSERT_EQ(out[b * tile + t], in[b * tile + tile - 1 - t] * 2 + 1)
            << kernel << " block " << b << " thread " << t;
  }
}

TEST(KernelIrAsyncBarrierFromNvcc, Sm80) {
  std::string text = nvccPtx("async_barrier.cu", "-arch=sm_80");
  ASSERT_NE(text.find("mbarrier.test_wait.parity"), std::string::npos);
  ASSERT_NE(text.find("cp.async.mbarrier.arrive"), std::string::npos);
  expectReversedTiles(text);
}

TEST(KernelIrAsyncBarrierFromNvcc, Sm90BulkCopies) {
  std::string text = nvccPtx("async_barrier.cu", "-arch=sm_90");
  ASSERT_NE(text.find("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes"),
            std::string::npos);
  ASSERT_NE(text.find("mbarrier.try_wait.parity"), std::string::npos);
  expectReversedTiles(text);
}

} // namespace
