// The warp scheduler: divergence and reconvergence, loops with early exit, barriers, calls and
// recursion, local memory, faults, printf. Each kernel's results are computed by hand.
#include "NvccPtx.h"
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

std::string ptx(const std::string &body) { return kHeader + body; }

TEST(Interpreter, IfElseReconvergesAtJoin) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out, .param .u64 masks)
{
  .reg .b32 %r<8>; .reg .b64 %rd<8>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  ld.param.u64 %rd4, [masks];
  mov.u32 %r1, %tid.x;
  and.b32 %r2, %r1, 1;
  setp.eq.u32 %p1, %r2, 0;
  @%p1 bra EVEN;
  mul.lo.u32 %r3, %r1, 3;
  bra.uni JOIN;
EVEN:
  mul.lo.u32 %r3, %r1, 5;
JOIN:
  activemask.b32 %r5;
  add.u32 %r3, %r3, 1;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;
  add.u64 %rd5, %rd4, %rd2;
  st.global.u32 [%rd5], %r5;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(64);
  auto *masks = r.memory.array<uint32_t>(64);
  auto result = r.run("k", {1}, {64}, ParamPack().add(out).add(masks));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t i = 0; i < 64; ++i) {
    EXPECT_EQ(out[i], (i % 2 == 0 ? 5 * i : 3 * i) + 1) << i;
    EXPECT_EQ(masks[i], 0xffffffffu) << "not reconverged at the join, thread " << i;
  }
}

TEST(Interpreter, LoopWithDataDependentTripCountAndBreak) {
  // sum = 0; for (i = 0; i < tid; ++i) { sum += i; if (sum > 50) break; } out[tid] = sum
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<8>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, 0;
  mov.u32 %r3, 0;
LOOP:
  setp.ge.u32 %p1, %r3, %r1;
  @%p1 bra DONE;
  add.u32 %r2, %r2, %r3;
  setp.gt.u32 %p2, %r2, 50;
  @%p2 bra DONE;
  add.u32 %r3, %r3, 1;
  bra.uni LOOP;
DONE:
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(40);
  auto result = r.run("k", {1}, {40}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 40; ++t) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < t; ++i) {
      sum += i;
      if (sum > 50)
        break;
    }
    EXPECT_EQ(out[t], sum) << t;
  }
}

TEST(Interpreter, WarpOpInsideDivergentLoopSeesOnlyItsGroup) {
  // Lanes iterate tid%4 times; inside the loop each iteration records activemask. Iteration k runs
  // for the lanes with tid%4 > k.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<8>; .reg .b64 %rd<6>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  and.b32 %r2, %r1, 3;
  mov.u32 %r3, 0;
  mul.wide.u32 %rd2, %r1, 16;
  add.u64 %rd3, %rd1, %rd2;
LOOP:
  setp.ge.u32 %p1, %r3, %r2;
  @%p1 bra DONE;
  activemask.b32 %r4;
  mul.wide.u32 %rd4, %r3, 4;
  add.u64 %rd5, %rd3, %rd4;
  st.global.u32 [%rd5], %r4;
  add.u32 %r3, %r3, 1;
  bra.uni LOOP;
DONE:
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(32 * 4);
  auto result = r.run("k", {1}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  uint32_t expected[3] = {0, 0, 0};
  for (uint32_t t = 0; t < 32; ++t)
    for (uint32_t k = 0; k < t % 4; ++k)
      expected[k] |= 1u << t;
  for (uint32_t t = 0; t < 32; ++t)
    for (uint32_t k = 0; k < t % 4; ++k)
      EXPECT_EQ(out[t * 4 + k], expected[k]) << "thread " << t << " iteration " << k;
}

TEST(Interpreter, BarrierOrdersSharedMemoryAcrossWarps) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.shared .align 4 .b8 buf[512];
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<10>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, buf;
  shl.b32 %r3, %r1, 2;
  add.u32 %r4, %r2, %r3;
  mul.lo.u32 %r5, %r1, 7;
  st.shared.u32 [%r4], %r5;
  bar.sync 0;
  mov.u32 %r6, 127;
  sub.u32 %r6, %r6, %r1;
  shl.b32 %r7, %r6, 2;
  add.u32 %r8, %r2, %r7;
  ld.shared.u32 %r9, [%r8];
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r9;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(128);
  auto result = r.run("k", {2}, {128}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 128; ++t)
    EXPECT_EQ(out[t], (127 - t) * 7) << t;
}

// Shared-memory addresses are 32 bits: nvcc computes a base below zero (`a - b` in a .u32
// register) and reaches back into the window with a positive offset, which wraps modulo 2^32 on
// hardware.
TEST(Interpreter, SharedAddressesWrapModulo2To32) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.shared .align 4 .b8 buf[512];
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<10>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, buf;
  shl.b32 %r3, %r1, 2;
  add.u32 %r4, %r2, %r3;
  add.u32 %r7, %r1, 100;
  st.shared.u32 [%r4], %r7;
  bar.sync 0;
  sub.u32 %r5, %r4, 68;
  ld.shared.u32 %r6, [%r5+72];
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r6;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(64);
  auto result = r.run("k", {1}, {64}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  // Thread t reads the word thread t + 1 stored (thread 0 through a base of 2^32 - 68).
  for (uint32_t t = 0; t < 63; ++t)
    EXPECT_EQ(out[t], t + 101) << t;
}

TEST(Interpreter, BarrierReductionCountsPredicates) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<6>; .reg .b64 %rd<4>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  rem.u32 %r2, %r1, 3;
  setp.eq.u32 %p1, %r2, 0;
  bar.red.popc.u32 %r3, 0, %p1;
  bar.red.and.pred %p2, 0, %p1;
  selp.u32 %r4, 1, 0, %p2;
  mul.wide.u32 %rd2, %r1, 8;
  add.u64 %rd3, %rd1, %rd2;
  st.global.v2.u32 [%rd3], {%r3, %r4};
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(2 * 100);
  auto result = r.run("k", {1}, {100}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 100; ++t) {
    EXPECT_EQ(out[2 * t], 34u) << t; // 0, 3, ..., 99
    EXPECT_EQ(out[2 * t + 1], 0u) << t;
  }
}

TEST(Interpreter, ExitedThreadsDoNotBlockBarrier) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.ge.u32 %p1, %r1, 40;
  @%p1 exit;
  bar.sync 0;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], 1;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(96);
  auto result = r.run("k", {1}, {96}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 96; ++t)
    EXPECT_EQ(out[t], t < 40 ? 1u : 0u) << t;
}

TEST(Interpreter, BarrierThatCannotCompleteIsReportedNotHung) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k()
{
  .reg .b32 %r<2>; .reg .pred %p<2>;
  mov.u32 %r1, %tid.x;
  setp.lt.u32 %p1, %r1, 32;
  @%p1 bra WAIT;
  bar.sync 1, 64;
  ret;
WAIT:
  bar.sync 0, 64;
  ret;
})")));
  auto result = r.run("k", {1}, {64}, ParamPack());
  EXPECT_EQ(result.code, 719);
  EXPECT_NE(result.report.find("deadlock"), std::string::npos) << result.report;
}

TEST(Interpreter, RecursiveDeviceFunction) {
  // fib(n) = n < 2 ? n : fib(n-1) + fib(n-2), called with n = tid % 12.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.func (.param .b32 ret) fib(.param .b32 n)
{
  .reg .b32 %r<8>; .reg .pred %p<2>;
  ld.param.u32 %r1, [n];
  setp.lt.u32 %p1, %r1, 2;
  @%p1 bra BASE;
  add.u32 %r2, %r1, -1;
  {
  .param .b32 a0;
  st.param.b32 [a0+0], %r2;
  .param .b32 r0;
  call.uni (r0), fib, (a0);
  ld.param.b32 %r3, [r0+0];
  }
  add.u32 %r4, %r1, -2;
  {
  .param .b32 a0;
  st.param.b32 [a0+0], %r4;
  .param .b32 r0;
  call.uni (r0), fib, (a0);
  ld.param.b32 %r5, [r0+0];
  }
  add.u32 %r6, %r3, %r5;
  st.param.b32 [ret+0], %r6;
  ret;
BASE:
  st.param.b32 [ret+0], %r1;
  ret;
}
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  rem.u32 %r2, %r1, 12;
  {
  .param .b32 a0;
  st.param.b32 [a0+0], %r2;
  .param .b32 r0;
  call.uni (r0), fib, (a0);
  ld.param.b32 %r3, [r0+0];
  }
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(48);
  auto result = r.run("k", {1}, {48}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  uint32_t fib[12] = {0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89};
  for (uint32_t t = 0; t < 48; ++t)
    EXPECT_EQ(out[t], fib[t % 12]) << t;
}

TEST(Interpreter, LocalArrayIndexedPerThread) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .local .align 4 .b8 depot[32];
  .reg .b32 %r<8>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [out];
  mov.u64 %rd2, depot;
  mov.u32 %r1, %tid.x;
  st.local.u32 [%rd2], %r1;
  add.u32 %r2, %r1, 100;
  st.local.u32 [depot+4], %r2;
  and.b32 %r3, %r1, 1;
  mul.wide.u32 %rd3, %r3, 4;
  add.u64 %rd4, %rd2, %rd3;
  ld.local.u32 %r4, [%rd4];
  cvta.local.u64 %rd5, %rd4;
  ld.u32 %r5, [%rd5];
  add.u32 %r6, %r4, %r5;
  mul.wide.u32 %rd6, %r1, 4;
  add.u64 %rd7, %rd1, %rd6;
  st.global.u32 [%rd7], %r6;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(64);
  auto result = r.run("k", {1}, {64}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 64; ++t)
    EXPECT_EQ(out[t], 2 * (t % 2 ? t + 100 : t)) << t;
}

TEST(Interpreter, OutOfBoundsStoreFaultsWithReport) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<2>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r1;
  ret;
})")));
  // Thread 16 stores just past the end, in mapped slack, which only memcheck treats as outside.
  r.memoryCheck = MemoryCheck::Precise;
  auto *out = r.memory.array<uint32_t>(16);
  auto result = r.run("k", {1}, {32}, ParamPack().add(out));
  EXPECT_EQ(result.code, 700);
  EXPECT_NE(result.report.find("st.global.u32"), std::string::npos) << result.report;
  EXPECT_NE(result.report.find("thread (16,0,0)"), std::string::npos) << result.report;
  EXPECT_NE(result.report.find("kernel 'k'"), std::string::npos) << result.report;
  for (uint32_t t = 0; t < 16; ++t)
    EXPECT_EQ(out[t], t);
}

TEST(Interpreter, MisalignedLoadFaults) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 in)
{
  .reg .b32 %r<2>; .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [in];
  add.u64 %rd2, %rd1, 2;
  ld.global.u32 %r1, [%rd2];
  ret;
})")));
  auto *in = r.memory.array<uint32_t>(16);
  auto result = r.run("k", {1}, {1}, ParamPack().add(in));
  EXPECT_EQ(result.code, 716) << result.report;
}

TEST(Interpreter, TrapEndsKernel) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(".visible .entry k()\n{\n  trap;\n  ret;\n}\n")));
  auto result = r.run("k", {2}, {32}, ParamPack());
  EXPECT_EQ(result.code, 719) << result.report;
}

TEST(Interpreter, GridGeometryIn3D) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<20>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;  mov.u32 %r2, %tid.y;  mov.u32 %r3, %tid.z;
  mov.u32 %r4, %ctaid.x; mov.u32 %r5, %ctaid.y; mov.u32 %r6, %ctaid.z;
  mov.u32 %r7, %ntid.x; mov.u32 %r8, %ntid.y; mov.u32 %r9, %nctaid.x; mov.u32 %r10, %nctaid.y;
  // block linear = (z*ny + y)*nx + x ; thread linear = (tz*by + ty)*bx + tx
  mad.lo.u32 %r11, %r6, %r10, %r5;
  mad.lo.u32 %r11, %r11, %r9, %r4;
  mad.lo.u32 %r12, %r3, %r8, %r2;
  mad.lo.u32 %r12, %r12, %r7, %r1;
  mul.lo.u32 %r13, %r7, %r8;
  mov.u32 %r14, %ntid.z;
  mul.lo.u32 %r13, %r13, %r14;
  mad.lo.u32 %r15, %r11, %r13, %r12;
  shl.b32 %r16, %r6, 16;
  shl.b32 %r17, %r2, 8;
  or.b32 %r16, %r16, %r17;
  or.b32 %r16, %r16, %r3;
  mul.wide.u32 %rd2, %r15, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r16;
  ret;
})")));
  Dim grid{2, 3, 2}, block{4, 2, 3};
  uint32_t total = 2 * 3 * 2 * 4 * 2 * 3;
  auto *out = r.memory.array<uint32_t>(total);
  auto result = r.run("k", grid, block, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t bz = 0; bz < 2; ++bz)
    for (uint32_t by = 0; by < 3; ++by)
      for (uint32_t bx = 0; bx < 2; ++bx)
        for (uint32_t tz = 0; tz < 3; ++tz)
          for (uint32_t ty = 0; ty < 2; ++ty)
            for (uint32_t tx = 0; tx < 4; ++tx) {
              uint32_t blockLinear = (bz * 3 + by) * 2 + bx;
              uint32_t threadLinear = (tz * 2 + ty) * 4 + tx;
              EXPECT_EQ(out[blockLinear * 24 + threadLinear], (bz << 16) | (ty << 8) | tz);
            }
}

TEST(Interpreter, DynamicSharedMemoryFollowsStatic) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.shared .align 4 .b8 fixed[12];
.extern .shared .align 16 .b8 dyn[];
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<8>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, dyn;
  shl.b32 %r3, %r1, 2;
  add.u32 %r4, %r2, %r3;
  st.shared.u32 [%r4], %r1;
  bar.sync 0;
  mov.u32 %r5, %dynamic_smem_size;
  ld.shared.u32 %r6, [%r2+4];
  add.u32 %r6, %r6, %r5;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r6;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(64);
  auto result = r.run("k", {1}, {64}, ParamPack().add(out), 256);
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 64; ++t)
    EXPECT_EQ(out[t], 1u + 256u) << t;
  // One past the dynamic area faults.
  auto overflow = r.run("k", {1}, {64}, ParamPack().add(out), 128);
  EXPECT_EQ(overflow.code, 700) << overflow.report;
}

TEST(Interpreter, PrintfFormatsArgumentsInThreadOrder) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.extern .func (.param .b32 func_retval0) vprintf(.param .b64 vprintf_param_0, .param .b64 vprintf_param_1);
.global .align 1 .b8 fmt[20] = {116, 61, 37, 100, 32, 120, 61, 37, 46, 49, 102, 32, 37, 115, 10, 0};
.global .align 1 .b8 word[3] = {111, 107, 0};
.visible .entry k()
{
  .local .align 8 .b8 depot[24];
  .reg .b32 %r<4>; .reg .b64 %rd<8>; .reg .f64 %fd<2>; .reg .f32 %f<2>;
  mov.u64 %rd1, depot;
  cvta.local.u64 %rd2, %rd1;
  mov.u32 %r1, %tid.x;
  st.local.u32 [%rd1], %r1;
  cvt.rn.f32.u32 %f1, %r1;
  cvt.f64.f32 %fd1, %f1;
  st.local.f64 [%rd1+8], %fd1;
  mov.u64 %rd3, word;
  cvta.global.u64 %rd4, %rd3;
  st.local.u64 [%rd1+16], %rd4;
  mov.u64 %rd5, fmt;
  cvta.global.u64 %rd6, %rd5;
  {
  .param .b64 p0;
  st.param.b64 [p0+0], %rd6;
  .param .b64 p1;
  st.param.b64 [p1+0], %rd2;
  .param .b32 rv;
  call.uni (rv), vprintf, (p0, p1);
  ld.param.b32 %r2, [rv+0];
  }
  ret;
})")));
  auto result = r.run("k", {1}, {3}, ParamPack());
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(result.printf, "t=0 x=0.0 ok\nt=1 x=1.0 ok\nt=2 x=2.0 ok\n");
}

TEST(Interpreter, CallFromDivergentCodeReturnsToTheCallers) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.func (.param .b32 ret) twice(.param .b32 x)
{
  .reg .b32 %r<3>;
  ld.param.u32 %r1, [x];
  add.u32 %r2, %r1, %r1;
  st.param.b32 [ret+0], %r2;
  ret;
}
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<6>; .reg .b64 %rd<4>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r3, 7;
  and.b32 %r2, %r1, 2;
  setp.eq.u32 %p1, %r2, 0;
  @%p1 bra SKIP;
  {
  .param .b32 a;
  st.param.b32 [a+0], %r1;
  .param .b32 b;
  call.uni (b), twice, (a);
  ld.param.b32 %r3, [b+0];
  }
SKIP:
  activemask.b32 %r4;
  add.u32 %r5, %r3, %r4;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r5;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(32);
  auto result = r.run("k", {1}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 32; ++t)
    EXPECT_EQ(out[t], ((t & 2) ? 2 * t : 7u) + 0xffffffffu) << t;
}

TEST(Interpreter, UnsupportedInstructionIsReportedAtLoad) {
  HostDeviceMemory memory;
  auto loaded =
      Module::load(ptx(".visible .entry k()\n{\n  frobnicate.b32 %r1;\n  ret;\n}\n"), memory);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, 218);
  EXPECT_NE(loaded.error().message.find("line 6"), std::string::npos) << loaded.error().message;
  EXPECT_NE(loaded.error().message.find("frobnicate"), std::string::npos) << loaded.error().message;
}

} // namespace
} // namespace qiao::ptx::test

namespace qiao::ptx::test {
namespace {

TEST(Interpreter, VirtualFunctionsAndFunctionPointersFromNvcc) {
  std::string text = nvccPtx("indirect_calls.cu");
  ASSERT_FALSE(text.empty());
  PtxRunner r;
  ASSERT_TRUE(r.load(text));
  auto *areas = r.memory.array<float>(64);
  auto *ops = r.memory.array<int>(64);
  auto result = r.run("k", {1}, {64}, ParamPack().add(areas).add(ops));
  ASSERT_EQ(result.code, 0) << result.report;
  for (int i = 0; i < 64; ++i) {
    float f = static_cast<float>(i);
    EXPECT_EQ(areas[i], (i & 1) ? 3.0f * f * f : f * f) << i;
    EXPECT_EQ(ops[i], (i & 1) ? i * 3 : i + 3) << i;
  }
}

} // namespace
} // namespace qiao::ptx::test

namespace qiao::ptx::test {
namespace {

TEST(Interpreter, EachKernelReportsOnlyTheSharedMemoryItReaches) {
  // a and b each use 40000 bytes of their own, plus `common` through a helper both call: their
  // arrays may overlap (they never run together), `common` may not overlap either of them.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.shared .align 4 .b8 common[16];
.func bump()
{
  .reg .b32 %r<3>;
  mov.u32 %r1, common;
  ld.shared.u32 %r2, [%r1];
  add.u32 %r2, %r2, 1;
  st.shared.u32 [%r1], %r2;
  ret;
}
.visible .entry a(.param .u64 out)
{
  .shared .align 4 .b8 bufA[40000];
  .reg .b32 %r<4>; .reg .b64 %rd<2>;
  mov.u32 %r1, bufA;
  st.shared.u32 [%r1+39996], 7;
  call.uni bump, ();
  ld.shared.u32 %r2, [%r1+39996];
  mov.u32 %r3, common;
  ld.shared.u32 %r3, [%r3];
  add.u32 %r2, %r2, %r3;
  ld.param.u64 %rd1, [out];
  st.global.u32 [%rd1], %r2;
  ret;
}
.visible .entry b(.param .u64 out)
{
  .shared .align 4 .b8 bufB[40000];
  .reg .b32 %r<4>; .reg .b64 %rd<2>;
  mov.u32 %r1, bufB;
  st.shared.u32 [%r1], 9;
  call.uni bump, ();
  ld.shared.u32 %r2, [%r1];
  ld.param.u64 %rd1, [out];
  st.global.u32 [%rd1], %r2;
  ret;
}
)")));
  EXPECT_EQ(r.module().kernel("a")->staticSharedBytes, 40016u);
  EXPECT_EQ(r.module().kernel("b")->staticSharedBytes, 40016u);
  auto *out = r.memory.array<uint32_t>(2);
  auto ra = r.run("a", {1}, {1}, ParamPack().add(out));
  ASSERT_EQ(ra.code, 0) << ra.report;
  EXPECT_EQ(out[0], 8u); // 7 + the helper's count of 1
  auto rb = r.run("b", {1}, {1}, ParamPack().add(out + 1));
  ASSERT_EQ(rb.code, 0) << rb.report;
  EXPECT_EQ(out[1], 9u);
}

// cuda_fp16.h and CUB's inline asm declare registers without a leading %: `{.reg .f16 low; cvt...
// low, %f6; mov.b32 %r10, {low,low};}` and `shfl.sync.up.b32 r0|p, ...; @p add.u32 r0, ...`.
// They used to be rejected at load as "operand 1 must be a register, found low".
TEST(Interpreter, RegistersDeclaredWithoutPercentInInlineAsmScopes) {
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<8>; .reg .b64 %rd<4>; .reg .f32 %f<4>;
  ld.param.u64 %rd1, [out];
  mov.f32 %f1, 0f3E800000;
  {.reg .f16 low, high;
  cvt.rn.f16.f32 low, %f1;
  mov.b32 %r1, {low, low};
  mov.b32 {low, high}, %r1;
  cvt.f32.f16 %f2, high;}
  mov.u32 %r2, %laneid;
  {.reg .pred p; .reg .b32 r0;
  shfl.sync.up.b32 r0|p, %r2, 1, 0, -1;
  @p add.u32 r0, r0, 100;
  mov.u32 %r3, r0;}
  mul.wide.u32 %rd2, %r2, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;
  st.global.u32 [%rd1+128], %r1;
  st.global.f32 [%rd1+132], %f2;
  ret;
})")));
  auto *out = r.memory.array<uint32_t>(34);
  auto result = r.run("k", {1}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t lane = 0; lane < 32; ++lane)
    EXPECT_EQ(out[lane], lane == 0 ? 0u : lane - 1 + 100) << lane;
  EXPECT_EQ(out[32], 0x34003400u); // 0.25 in half precision, twice
  float quarter;
  std::memcpy(&quarter, &out[33], 4);
  EXPECT_EQ(quarter, 0.25f);
}

} // namespace
} // namespace qiao::ptx::test

namespace qiao::ptx::test {
namespace {

TEST(GridExecutor, ConcurrentLaunchesFromSeveralThreadsShareThePool) {
  HostDeviceMemory memory;
  auto module = Module::load(ptx(R"(
.visible .entry k(.param .u64 out, .param .u32 v)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [v];
  mov.u32 %r2, %tid.x;
  mov.u32 %r3, %ctaid.x;
  mad.lo.u32 %r2, %r3, 64, %r2;
  mul.wide.u32 %rd2, %r2, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r1;
  ret;
})"),
                             memory);
  ASSERT_TRUE(module) << module.error().message;
  const KernelInfo &kernel = *module.value()->kernel("k");
  GridExecutor executor(3);
  auto worker = [&](uint32_t value, uint32_t *out) {
    for (uint32_t round = 0; round < 20; ++round) {
      uint8_t params[12];
      std::memcpy(params, &out, 8);
      uint32_t v = value + round;
      std::memcpy(params + 8, &v, 4);
      LaunchParams launch;
      launch.grid[0] = 8;
      launch.block[0] = 64;
      launch.params = params;
      launch.paramBytes = sizeof params;
      LaunchOutcome outcome = executor.run(*module.value(), kernel, launch, memory);
      ASSERT_EQ(outcome.code, 0) << outcome.report;
      for (int i = 0; i < 512; ++i)
        ASSERT_EQ(out[i], v) << "thread " << i << " round " << round;
    }
  };
  auto *a = memory.array<uint32_t>(512);
  auto *b = memory.array<uint32_t>(512);
  std::thread first(worker, 1000u, a), second(worker, 2000u, b);
  first.join();
  second.join();
}

} // namespace
} // namespace qiao::ptx::test

namespace qiao::ptx::test {
namespace {

TEST(Interpreter, AsyncCopiesToSharedMemoryFromNvcc) {
  std::string text = nvccPtx("async_copy.cu");
  ASSERT_NE(text.find("cp.async"), std::string::npos) << "nvcc no longer emits cp.async here";
  PtxRunner r;
  ASSERT_TRUE(r.load(text));
  const int n = 200, block = 128, blocks = 2;
  std::vector<float> in(4 * n);
  for (int i = 0; i < 4 * n; ++i)
    in[i] = static_cast<float>(i);
  auto *din = r.memory.array<float>(in);
  auto *dout = r.memory.array<float>(4 * block * blocks);
  auto result = r.run("staged", {blocks}, {block}, ParamPack().add(din).add(dout).add(n));
  ASSERT_EQ(result.code, 0) << result.report;
  for (int i = 0; i < n; ++i) {
    int b = i / block, t = i % block;
    int source = b * block + (t + 1) % block; // the neighbour's element, zero past n
    for (int c = 0; c < 4; ++c) {
      float expected = source < n ? 2 * in[4 * source + c] : 0.0f;
      EXPECT_EQ(dout[4 * i + c], expected) << i << "." << c;
    }
  }
}

} // namespace
} // namespace qiao::ptx::test

namespace qiao::ptx::test {
namespace {

TEST(Interpreter, AsyncCopySourceSizeAndIgnoreSource) {
  // Thread t copies 8 bytes with src-size t % 9 (the rest zero-filled), then 4 bytes that are
  // ignored (zero) when t is odd.
  PtxRunner r;
  ASSERT_TRUE(r.load(ptx(R"(
.shared .align 8 .b8 tile[512];
.visible .entry k(.param .u64 in, .param .u64 out)
{
  .reg .b32 %r<8>; .reg .b64 %rd<8>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [in];
  ld.param.u64 %rd2, [out];
  mov.u32 %r1, %tid.x;
  rem.u32 %r2, %r1, 9;
  and.b32 %r3, %r1, 1;
  setp.ne.u32 %p1, %r3, 0;
  mov.u32 %r4, tile;
  shl.b32 %r5, %r1, 4;
  add.u32 %r4, %r4, %r5;
  cp.async.ca.shared.global [%r4], [%rd1], 8, %r2;
  cp.async.ca.shared.global [%r4+8], [%rd1], 4, %p1;
  cp.async.wait_all;
  ld.shared.u64 %rd3, [%r4];
  ld.shared.u32 %r6, [%r4+8];
  mul.wide.u32 %rd4, %r1, 16;
  add.u64 %rd5, %rd2, %rd4;
  st.global.u64 [%rd5], %rd3;
  st.global.u32 [%rd5+8], %r6;
  ret;
})")));
  auto *in = r.memory.array<uint64_t>(std::vector<uint64_t>{0x8877665544332211ull});
  auto *out = r.memory.array<uint32_t>(4 * 32);
  auto result = r.run("k", {1}, {32}, ParamPack().add(in).add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < 32; ++t) {
    uint32_t keep = t % 9;
    uint64_t mask = keep >= 8 ? ~0ull : ((1ull << (8 * keep)) - 1);
    uint64_t got = out[4 * t] | (uint64_t(out[4 * t + 1]) << 32);
    EXPECT_EQ(got, 0x8877665544332211ull & mask) << t;
    EXPECT_EQ(out[4 * t + 2], (t & 1) ? 0u : 0x44332211u) << t;
  }
}

} // namespace
} // namespace qiao::ptx::test
