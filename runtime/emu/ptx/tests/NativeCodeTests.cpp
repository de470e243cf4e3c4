// The kernel compiler against the interpreter: each kernel runs once interpreted and once with
// native code on fresh memory, and both must leave the same bytes, the same error code and the
// same fault report. Each test also checks that native code was really published, so a compiler
// that declines everything cannot pass.
#include "NvccPtx.h"
#include "PtxHarness.h"

#include "ptx/NativeCode.h"
#include "ptx/Program.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

struct Outcome {
  int code = 0;
  std::string report;
  std::vector<uint32_t> out;
};

// Runs `kernel` of `body` over `threads` threads in blocks of `block`, with an output array of
// `words` words (pre-filled with `fill`) as the first parameter and `n` as the second.
Outcome runOnce(const std::string &body, bool native, uint32_t threads, uint32_t block,
                uint32_t words, const std::vector<uint32_t> &fill = {}) {
  PtxRunner r;
  // The interpreted run is interpreted whatever QIAO_EXEC says (the jit. variants of these tests
  // set QIAO_EXEC=jit, which would otherwise compile it too and compare native code with itself).
  r.interpretOnly = !native;
  Outcome o;
  if (!r.load(kHeader + body))
    return o;
  const KernelInfo *info = r.module().kernel("k");
  EXPECT_NE(info, nullptr);
  if (!info)
    return o;
  if (native) {
    prepareNative(r.module().program(), info->index);
    EXPECT_NE(r.module().program().native(info->index), nullptr)
        << "the kernel compiler published no code for the kernel";
  }
  auto *out = r.memory.array<uint32_t>(words);
  for (size_t i = 0; i < fill.size() && i < words; ++i)
    out[i] = fill[i];
  LaunchOutcome result =
      r.run("k", {(threads + block - 1) / block}, {block}, ParamPack().add(out).add(threads));
  o.code = result.code;
  o.report = result.report;
  o.out.assign(out, out + words);
  return o;
}

// A fault report without its address (the two runs allocate their memory apart).
std::string withoutAddress(const std::string &report) {
  return report.substr(0, report.rfind(" address 0x"));
}

// `nativeOut`, when given, receives the native run's outcome for further checks.
void expectSame(const std::string &body, uint32_t threads, uint32_t block, uint32_t words,
                const std::vector<uint32_t> &fill = {}, Outcome *nativeOut = nullptr) {
  Outcome interpreted = runOnce(body, false, threads, block, words, fill);
  Outcome native = runOnce(body, true, threads, block, words, fill);
  if (nativeOut)
    *nativeOut = native;
  EXPECT_EQ(native.code, interpreted.code);
  EXPECT_EQ(withoutAddress(native.report), withoutAddress(interpreted.report));
  ASSERT_EQ(native.out.size(), interpreted.out.size());
  for (size_t i = 0; i < native.out.size(); ++i)
    ASSERT_EQ(native.out[i], interpreted.out[i]) << "word " << i;
}

// One block of x * y threads, interpreted and native: the same result and the same memory.
void expectSameShape(const std::string &kernel, uint32_t x, uint32_t y, uint32_t n, uint32_t words,
                     const std::vector<uint32_t> &fill) {
  Outcome outcomes[2];
  for (int native = 0; native < 2; ++native) {
    PtxRunner r;
    ASSERT_TRUE(r.load(kHeader + kernel));
    const KernelInfo *info = r.module().kernel("k");
    ASSERT_NE(info, nullptr);
    if (native) {
      prepareNative(r.module().program(), info->index);
      ASSERT_NE(r.module().program().native(info->index), nullptr);
    }
    auto *out = r.memory.array<uint32_t>(words);
    for (uint32_t i = 0; i < words; ++i)
      out[i] = i < fill.size() ? fill[i] : 0;
    LaunchOutcome result = r.run("k", {1}, {x, y}, ParamPack().add(out).add(n));
    outcomes[native].code = result.code;
    outcomes[native].out.assign(out, out + words);
  }
  EXPECT_EQ(outcomes[1].code, outcomes[0].code) << x << "x" << y;
  for (size_t i = 0; i < words; ++i)
    ASSERT_EQ(outcomes[1].out[i], outcomes[0].out[i])
        << "word " << i << ", block " << x << "x" << y;
}

// Integer arithmetic, shifts past the width, comparisons with combined predicates, selects and
// conversions: one result word per operation and thread.
TEST(NativeCode, IntegerFamiliesMatchTheInterpreter) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<40>; .reg .b64 %rd<20>; .reg .pred %p<8>; .reg .b16 %h<4>;
  ld.param.u64 %rd1, [out];
  ld.global.u32 %r10, [%rd1+12];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.lo.s32 %r5, %r4, -7;
  mul.hi.s32 %r6, %r5, 1000003;
  mul.hi.u32 %r7, %r5, 1000003;
  add.s32 %r8, %r5, 0x7fffffff;
  sub.u32 %r9, 3, %r4;
  min.s32 %r10, %r5, %r9;
  max.u32 %r11, %r5, %r9;
  shl.b32 %r12, %r4, %r4;
  shr.s32 %r13, %r5, %r4;
  shr.u32 %r14, %r5, %r4;
  and.b32 %r15, %r5, 0xf0f0;
  or.b32 %r16, %r15, %r4;
  xor.b32 %r17, %r16, %r5;
  not.b32 %r18, %r17;
  setp.lt.s32 %p1, %r5, -20;
  setp.gt.and.u32 %p2|%p3, %r5, 100, %p1;
  setp.ne.and.s32 %p4, %r4, 3, %p1;
  setp.eq.or.b32 %p5|%p6, %r4, 5, !%p1;
  selp.b32 %r19, %r5, %r9, %p4;
  selp.b32 %r20, 1, 2, %p6;
  neg.s32 %r21, %r5;
  mul.wide.s32 %rd2, %r5, 1000;
  mul.wide.u32 %rd3, %r5, 1000;
  mad.wide.s32 %rd4, %r5, %r5, %rd2;
  cvt.s64.s32 %rd5, %r5;
  cvt.u32.u64 %r22, %rd4;
  cvt.u16.u32 %h1, %r5;
  cvt.s32.s16 %r23, %h1;
  shl.b64 %rd6, %rd5, %r4;
  shr.s64 %rd7, %rd5, 65;
  mad.hi.u32 %r24, %r5, %r5, 9;
  selp.u32 %r25, 1, 0, %p2;
  selp.u32 %r26, 1, 0, %p3;
  selp.u32 %r27, 1, 0, %p5;
  mul.wide.u32 %rd8, %r4, 128;
  add.s64 %rd9, %rd1, %rd8;
  st.global.v4.u32 [%rd9], {%r6, %r7, %r8, %r9};
  st.global.v4.u32 [%rd9+16], {%r10, %r11, %r12, %r13};
  st.global.v4.u32 [%rd9+32], {%r14, %r15, %r16, %r17};
  st.global.v4.u32 [%rd9+48], {%r18, %r19, %r20, %r21};
  st.global.v2.u64 [%rd9+64], {%rd2, %rd3};
  st.global.v2.u64 [%rd9+80], {%rd4, %rd6};
  st.global.u64 [%rd9+96], %rd7;
  st.global.v2.u32 [%rd9+104], {%r22, %r23};
  st.global.v2.u32 [%rd9+112], {%r24, %r25};
  st.global.v2.u32 [%rd9+120], {%r26, %r27};
  ret;
})",
             100, 64, 100 * 32);
}

// f32 and f64 arithmetic with NaN, infinities, subnormals and .ftz; conversions to and from
// integers.
TEST(NativeCode, FloatFamiliesMatchTheInterpreter) {
  std::vector<uint32_t> inputs(96 * 4);
  const float specials[] = {0.0f,
                            -0.0f,
                            1.5f,
                            -3.25f,
                            1e-40f,
                            -1e-41f,
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN(),
                            3e38f,
                            7.0f,
                            1e-3f};
  for (size_t i = 0; i < inputs.size(); ++i) {
    float f = specials[i % 12] * static_cast<float>(1 + i / 48);
    std::memcpy(&inputs[i], &f, 4);
  }
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<10>; .reg .f32 %f<30>; .reg .f64 %fd<10>; .reg .b64 %rd<10>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 16;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.v2.f32 {%f1, %f2}, [%rd3];
  ld.global.f32 %f3, [%rd3+8];
  add.f32 %f4, %f1, %f2;
  sub.ftz.f32 %f5, %f1, %f3;
  mul.f32 %f6, %f2, %f3;
  fma.rn.f32 %f7, %f1, %f2, %f3;
  fma.rn.ftz.f32 %f8, %f1, %f2, %f3;
  rsqrt.approx.f32 %f9, %f1;
  rsqrt.approx.ftz.f32 %f10, %f2;
  div.rn.f32 %f11, %f1, %f2;
  sqrt.rn.f32 %f12, %f3;
  mad.rn.f32 %f13, %f3, %f3, %f1;
  sqrt.approx.f32 %f17, %f3;
  sqrt.approx.ftz.f32 %f18, %f1;
  rcp.approx.f32 %f19, %f1;
  rcp.approx.ftz.f32 %f20, %f2;
  ex2.approx.f32 %f21, %f1;
  ex2.approx.ftz.f32 %f22, %f2;
  lg2.approx.f32 %f23, %f3;
  sin.approx.f32 %f24, %f1;
  cos.approx.ftz.f32 %f25, %f2;
  lg2.approx.ftz.f32 %f26, %f1;
  cvt.f64.f32 %fd1, %f1;
  cvt.f64.f32 %fd2, %f2;
  add.f64 %fd3, %fd1, %fd2;
  mul.f64 %fd4, %fd3, %fd1;
  fma.rn.f64 %fd5, %fd4, %fd2, %fd1;
  cvt.rn.f32.s32 %f14, %r1;
  cvt.rn.f64.u32 %fd6, %r1;
  setp.ltu.f32 %p1, %f1, %f2;
  setp.num.f32 %p2, %f1, %f3;
  setp.ge.f64 %p3, %fd1, %fd2;
  selp.f32 %f15, %f4, %f5, %p1;
  selp.f32 %f16, %f6, %f7, %p2;
  selp.f64 %fd7, %fd4, %fd5, %p3;
  mul.wide.u32 %rd4, %r1, 144;
  add.s64 %rd5, %rd1, %rd4;
  add.s64 %rd5, %rd5, 8192;
  st.global.v4.f32 [%rd5], {%f4, %f5, %f6, %f7};
  st.global.v4.f32 [%rd5+16], {%f8, %f9, %f10, %f11};
  st.global.v4.f32 [%rd5+32], {%f12, %f13, %f14, %f15};
  st.global.f32 [%rd5+48], %f16;
  st.global.v2.f64 [%rd5+64], {%fd3, %fd5};
  st.global.f64 [%rd5+80], %fd6;
  st.global.f64 [%rd5+88], %fd7;
  st.global.v4.f32 [%rd5+96], {%f17, %f18, %f19, %f20};
  st.global.v4.f32 [%rd5+112], {%f21, %f22, %f23, %f24};
  st.global.v2.f32 [%rd5+128], {%f25, %f26};
  ret;
})",
             96, 32, 2048 + 96 * 36, inputs);
}

// Float arithmetic leaves NaNs as the host computes them until something other than such
// arithmetic reads the row (Row::rawNaN): NaNs with payloads and both signs go through chains of
// add/mul/fma, guarded writes, an if-then, and out through stores, bit moves, a shuffle, neg (an
// exec function), a widening, a select and the row the interpreter reads after a barrier; every
// result must be the interpreter's canonical NaN.
TEST(NativeCode, NaNPayloadsComeOutCanonicalFromChainsOfArithmetic) {
  const uint32_t nans[] = {0x7fc00001u, 0xffc12345u, 0x7fa00000u, 0xff800001u};
  std::vector<uint32_t> inputs(64 * 2);
  for (size_t i = 0; i < inputs.size(); ++i) {
    float f = 1.25f * static_cast<float>(i + 1);
    std::memcpy(&inputs[i], &f, 4);
    if (i % 3 == 0)
      inputs[i] = nans[i % 4];
  }
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<10>; .reg .f32 %f<20>; .reg .f64 %fd<2>; .reg .b64 %rd<6>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 8;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.v2.f32 {%f1, %f2}, [%rd3];
  add.f32 %f3, %f1, %f2;
  mul.f32 %f4, %f3, %f2;
  fma.rn.f32 %f5, %f4, %f1, %f3;
  and.b32 %r2, %r1, 1;
  setp.eq.u32 %p1, %r2, 0;
  @%p1 add.f32 %f5, %f5, %f4;
  @%p1 bra EVEN;
  mul.f32 %f6, %f5, %f5;
  sub.f32 %f5, %f6, %f1;
EVEN:
  mov.b32 %r3, %f4;
  shfl.sync.bfly.b32 %r4, %r3, 1, 31, -1;
  neg.f32 %f7, %f5;
  cvt.f64.f32 %fd1, %f3;
  setp.nan.f32 %p2, %f5, %f5;
  selp.f32 %f8, %f4, %f5, %p2;
  mul.wide.u32 %rd4, %r1, 40;
  add.s64 %rd5, %rd1, %rd4;
  add.s64 %rd5, %rd5, 1024;
  st.global.v4.f32 [%rd5], {%f3, %f4, %f5, %f7};
  st.global.v2.b32 [%rd5+16], {%r3, %r4};
  st.global.f32 [%rd5+24], %f8;
  st.global.f64 [%rd5+32], %fd1;
  add.f32 %f9, %f5, %f3;
  bar.sync 0;
  st.global.f32 [%rd3], %f9;
  ret;
})",
             64, 64, 256 + 64 * 10, inputs);
}

// A shuffle tree of sums (the warp reduction) moves raw NaNs between lanes without making them
// canonical at each step: through mov.b32 to a b32 row, shfl (in a partly live warp, whose
// missing lanes come from memory), mov.b32 back and the next add. What leaves as bits (a store
// of the shuffled b32 row, of the sum, an atomic add) must be the interpreter's canonical NaN.
TEST(NativeCode, ShuffledRawNaNsComeOutCanonical) {
  const uint32_t nans[] = {0x7fc00001u, 0xffc12345u, 0x7fa00000u, 0xff800001u};
  std::vector<uint32_t> inputs(48);
  for (size_t i = 0; i < inputs.size(); ++i) {
    float f = 0.5f * static_cast<float>(i + 1);
    std::memcpy(&inputs[i], &f, 4);
    if (i % 5 == 0)
      inputs[i] = nans[i % 4];
  }
  const char *body = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<12>; .reg .f32 %f<12>; .reg .b64 %rd<6>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.f32 %f1, [%rd3];
  mul.f32 %f2, %f1, 0f3FC00000;
  mov.b32 %r2, %f2;
  shfl.sync.down.b32 %r3, %r2, 4, 31, -1;
  mov.b32 %f3, %r3;
  add.f32 %f4, %f2, %f3;
  mov.b32 %r4, %f4;
  shfl.sync.bfly.b32 %r5, %r4, 1, 31, -1;
  mov.b32 %f5, %r5;
  add.f32 %f6, %f4, %f5;
  mov.b32 %r6, %f6;
  shfl.sync.idx.b32 %r7, %r6, 3, 31, -1;
  add.s64 %rd4, %rd1, 256;
  add.s64 %rd5, %rd4, %rd2;
  st.global.u32 [%rd5], %r5;
  st.global.f32 [%rd5+256], %f6;
  st.global.u32 [%rd5+512], %r7;
  atom.global.add.f32 %f7, [%rd1+1024], %f6;
  ret;
})";
  Outcome native;
  expectSame(body, 48, 48, 64 + 3 * 64 + 1, inputs, &native);
  EXPECT_EQ(native.code, 0);
  EXPECT_EQ(native.out[64 + 4], 0x7fffffffu) << "a shuffled NaN leaves canonical";
}

// Rows computed before a divergent if-then-else that the sides only read and that die where the
// sides meet go into both sides from registers, unstored; a row a side writes, or one read after
// the join, still goes through memory. Each side reads them under its own mask, also through an
// exec function (brev, popc), in a partly live warp.
TEST(NativeCode, RowsTheSidesOnlyReadEnterThemFromRegisters) {
  const char *body = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<12>; .reg .f32 %f<4>; .reg .b64 %rd<6>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.u32 %r10, [%rd3+512];
  mul.lo.u32 %r2, %r10, 3;
  xor.b32 %r3, %r10, 85;
  mul.lo.u32 %r9, %r10, 5;
  cvt.rn.f32.u32 %f1, %r10;
  mul.f32 %f2, %f1, 0f3FC00000;
  and.b32 %r4, %r1, 3;
  setp.eq.u32 %p1, %r4, 0;
  @%p1 bra ELSE;
  add.u32 %r5, %r9, %r3;
  mov.b32 %r7, %f2;
  add.u32 %r5, %r5, %r7;
  add.u32 %r3, %r3, 7;
  st.global.u32 [%rd3], %r5;
  bra.uni JOIN;
ELSE:
  mul.lo.u32 %r5, %r9, %r3;
  popc.b32 %r8, %r10;
  add.u32 %r5, %r5, %r8;
  add.u32 %r5, %r5, %r2;
  st.global.u32 [%rd3], %r5;
JOIN:
  st.global.u32 [%rd3+256], %r2;
  ret;
})";
  std::vector<uint32_t> inputs(192);
  for (uint32_t i = 0; i < 64; ++i)
    inputs[128 + i] = 1000 + 7 * i;
  Outcome native;
  expectSame(body, 60, 64, 192, inputs, &native);
  ASSERT_EQ(native.code, 0);
  const uint32_t v = 1000 + 7 * 4; // lane 4 takes the else side
  EXPECT_EQ(native.out[4], v * 5 * (v ^ 85) + std::popcount(v) + v * 3);
  EXPECT_EQ(native.out[64 + 59], (1000 + 7 * 59) * 3u) << "a row read after the join";

  // An if-then: a row read in the side and after the join reaches memory for the lanes that
  // skip the side too.
  const char *ifThen = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<12>; .reg .b64 %rd<6>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.u32 %r10, [%rd3+512];
  mul.lo.u32 %r2, %r10, 3;
  mul.lo.u32 %r9, %r10, 5;
  and.b32 %r4, %r1, 3;
  setp.eq.u32 %p1, %r4, 0;
  @%p1 bra JOIN;
  add.u32 %r5, %r9, %r2;
  st.global.u32 [%rd3], %r5;
JOIN:
  st.global.u32 [%rd3+256], %r2;
  ret;
})";
  expectSame(ifThen, 60, 64, 192, inputs, &native);
  ASSERT_EQ(native.code, 0);
  EXPECT_EQ(native.out[64 + 8], (1000 + 7 * 8) * 3u) << "a lane that skipped the side";
}

// neg/abs/copysign and the conversions from floats compiled (to integers in each integral rounding,
// f32 to f32 rounded to integers or saturated, f64 to f32), with and without .ftz, over NaNs
// with payloads, signed zeros, infinities, subnormals, halves and values past every integer
// range: the interpreter's bits in every lane.
TEST(NativeCode, FloatNegAbsAndConversionsMatchTheInterpreter) {
  const uint32_t specials[] = {0x7fc00001u, 0xffc12345u, 0x7f800000u, 0xff800000u, 0x00000000u,
                               0x80000000u, 0x00000001u, 0x807fffffu, 0x3f000000u, 0xbf000000u,
                               0x3fc00000u, 0xc0200000u, 0x3f7fffffu, 0x3f800001u, 0x4f000000u,
                               0xcf000001u, 0x4f800000u, 0x5f000000u, 0xdf000001u, 0x5f800000u};
  std::vector<uint32_t> inputs(64);
  for (size_t i = 0; i < inputs.size(); ++i) {
    float f = (static_cast<float>(i) - 20.0f) * 0.75f;
    std::memcpy(&inputs[i], &f, 4);
    if (i < std::size(specials))
      inputs[i] = specials[i];
  }
  const char *body = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<16>; .reg .f32 %f<16>; .reg .f64 %fd<8>; .reg .b64 %rd<12>;
  .reg .f32 %g<2>; .reg .f64 %gd<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.f32 %f1, [%rd3];
  mul.f32 %f2, %f1, 0f3FC00000;
  neg.f32 %f3, %f1;
  abs.f32 %f4, %f2;
  neg.ftz.f32 %f5, %f1;
  abs.ftz.f32 %f6, %f1;
  cvt.f64.f32 %fd1, %f1;
  mul.f64 %fd2, %fd1, 0d4008000000000000;
  neg.f64 %fd3, %fd2;
  abs.f64 %fd4, %fd3;
  cvt.rzi.s32.f32 %r2, %f1;
  cvt.rni.s32.f32 %r3, %f2;
  cvt.rmi.u32.f32 %r4, %f1;
  cvt.rzi.ftz.s32.f32 %r5, %f1;
  cvt.rni.s32.f64 %r6, %fd2;
  cvt.rzi.u32.f64 %r7, %fd2;
  cvt.rpi.s64.f32 %rd4, %f1;
  cvt.rzi.u64.f32 %rd5, %f2;
  cvt.rni.f32.f32 %f7, %f2;
  cvt.rmi.f32.f32 %f8, %f1;
  cvt.rpi.ftz.f32.f32 %f9, %f1;
  cvt.rzi.sat.f32.f32 %f10, %f2;
  cvt.sat.f32.f32 %f11, %f1;
  cvt.ftz.sat.f32.f32 %f12, %f2;
  cvt.ftz.f32.f32 %f13, %f1;
  cvt.rn.f32.f64 %f14, %fd2;
  cvt.rn.ftz.sat.f32.f64 %f15, %fd2;
  copysign.f32 %g1, %f2, %f1;
  copysign.f64 %gd1, %fd3, %fd1;
  mul.wide.u32 %rd6, %r1, 128;
  add.s64 %rd7, %rd1, %rd6;
  add.s64 %rd7, %rd7, 256;
  st.global.v4.f32 [%rd7], {%f3, %f4, %f5, %f6};
  st.global.v2.f64 [%rd7+16], {%fd3, %fd4};
  st.global.v4.b32 [%rd7+32], {%r2, %r3, %r4, %r5};
  st.global.v2.b32 [%rd7+48], {%r6, %r7};
  st.global.v2.b64 [%rd7+64], {%rd4, %rd5};
  st.global.v4.f32 [%rd7+80], {%f7, %f8, %f9, %f10};
  st.global.v4.f32 [%rd7+96], {%f11, %f12, %f13, %f14};
  st.global.f32 [%rd7+112], %f15;
  st.global.f32 [%rd7+116], %g1;
  st.global.f64 [%rd7+120], %gd1;
  ret;
})";
  Outcome native;
  expectSame(body, 64, 64, 64 + 64 * 32, inputs, &native);
  ASSERT_EQ(native.code, 0);
  EXPECT_EQ(native.out[64], 0xffc00001u) << "neg flips a loaded NaN's sign, payload kept";
  EXPECT_EQ(native.out[65], 0x7fffffffu) << "abs of an arithmetic NaN: the canonical NaN";
}

// ex2.approx.f32 and lg2.approx.f32 compiled as the interpreter computes them (polynomials in
// double, FloatSemantics.h): the same bits on every lane, with and without .ftz, over NaNs,
// infinities, zeros, negative and subnormal inputs, subnormal results, the ends of the float
// range, the reduction's boundaries and ordinary values; within an ulp of the correctly rounded
// result wherever that is a normal float.
TEST(NativeCode, Ex2AndLg2ApproxMatchTheInterpreter) {
  const float specials[] = {
      NAN,     INFINITY,   -INFINITY,  0.0f,       -0.0f,      0x1p-149f, -150.5f,   -149.2f,
      -149.0f, -126.5f,    -126.0f,    -125.99f,   127.99f,    128.0f,    128.5f,    1e30f,
      -1e30f,  0.5f,       -0.5f,      1.5f,       2.5f,       0.1f,      -7.3f,     31.75f,
      1.0f,    1.0000001f, 0.9999999f, 1.4142135f, 1.4142137f, 3e38f,     0x1p-130f, 0x1.8p-127f};
  std::vector<uint32_t> inputs(96);
  for (size_t i = 0; i < inputs.size(); ++i) {
    float f = i < std::size(specials) ? specials[i] : (static_cast<float>(i) - 60.0f) * 0.37f;
    std::memcpy(&inputs[i], &f, 4);
  }
  const char *body = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .f32 %f<8>; .reg .b64 %rd<6>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.f32 %f1, [%rd3];
  ex2.approx.f32 %f2, %f1;
  ex2.approx.ftz.f32 %f3, %f1;
  lg2.approx.f32 %f4, %f1;
  lg2.approx.ftz.f32 %f5, %f1;
  st.global.f32 [%rd3+384], %f2;
  st.global.f32 [%rd3+768], %f3;
  st.global.f32 [%rd3+1152], %f4;
  st.global.f32 [%rd3+1536], %f5;
  ret;
})";
  Outcome native;
  expectSame(body, 96, 96, 96 * 5, inputs, &native);
  ASSERT_EQ(native.code, 0);
  auto within = [&](size_t word, double exact, float x, const char *what) {
    float r, expected = static_cast<float>(exact);
    std::memcpy(&r, &native.out[word], 4);
    if (x != x || exact != exact) {
      EXPECT_EQ(native.out[word], 0x7fffffffu) << what << x;
    } else if (std::isinf(expected)) {
      EXPECT_EQ(r, expected) << what << x;
    } else if (std::isnormal(expected)) {
      EXPECT_LE(std::fabs(r - expected), std::fabs(std::nextafter(expected, 0.0f) - expected))
          << what << x;
    }
  };
  for (size_t i = 0; i < inputs.size(); ++i) {
    float x;
    std::memcpy(&x, &inputs[i], 4);
    within(96 + i, std::exp2(static_cast<double>(x)), x, "2^");
    within(288 + i, std::log2(static_cast<double>(x)), x, "log2 ");
  }
}

// sin.approx.f32 and cos.approx.f32 compiled as the interpreter computes them (a reduction by
// pi/2 and two polynomials in double, FloatSemantics.h): the same bits on every lane, with and
// without .ftz (nvcc's __sinf, __cosf and sincosf under -use_fast_math), over NaNs, infinities,
// zeros, subnormals, multiples of pi/2, arguments up to the float range and ordinary values; the
// special values as PTX documents them and the error within the ISA's bound: 2^-20.5 absolute
// over [-2pi, 2pi], 2^-14.7 over [-100pi, 100pi] (best effort outside, where the results must
// still be in [-1, 1]).
TEST(NativeCode, SinAndCosApproxMatchTheInterpreter) {
  // NaN, infinities, zeros, subnormals (flushed under .ftz), tiny values, multiples of pi/4 and
  // pi/2, the ends of the documented ranges, integers past 2^24, the switch of reductions at
  // 2^48, the largest floats.
  std::vector<float> specials = {
      NAN,         INFINITY,       -INFINITY, 0.0f,       -0.0f,       0x1p-149f,  -0x1p-149f,
      0x1.8p-127f, -0x1p-130f,     0x1p-126f, 1e-20f,     -3e-8f,      1.5707964f, -1.5707963f,
      3.1415927f,  -3.141592f,     4.712389f, 6.2831855f, -6.2831855f, 0.7853982f, 2.3561945f,
      314.15927f,  -314.1593f,     355.0f,    1e4f,       -1.2345e5f,  1e6f,       0x1p24f,
      16777215.0f, 0x1.921fb6p30f, 0x1p48f,   1e20f,      -1e30f,      3.4e38f,    -3.4028e38f,
      1.0f,        -1.0f,          0.5f};
  specials.push_back(std::nextafter(0x1p48f, 0.0f));
  specials.push_back(-std::nextafter(0x1p48f, INFINITY));
  std::vector<uint32_t> inputs(320);
  uint32_t seed = 12345;
  for (size_t i = 0; i < inputs.size(); ++i) {
    float f;
    if (i < specials.size())
      f = specials[i];
    else if (i < 128)
      f = (static_cast<float>(i) - 84.0f) * 0.1496f; // [-2pi, 2pi]
    else if (i < 224)
      f = (static_cast<float>(i) - 176.0f) * 6.545f; // [-100pi, 100pi]
    else {
      seed = seed * 1664525u + 1013904223u; // any bit pattern: every exponent, NaN payloads
      std::memcpy(&f, &seed, 4);
    }
    std::memcpy(&inputs[i], &f, 4);
  }
  const char *body = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .f32 %f<8>; .reg .b64 %rd<6>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %ntid.x;
  mov.u32 %r3, %tid.x;
  mad.lo.s32 %r1, %r1, %r2, %r3;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.f32 %f1, [%rd3];
  sin.approx.f32 %f2, %f1;
  sin.approx.ftz.f32 %f3, %f1;
  cos.approx.f32 %f4, %f1;
  cos.approx.ftz.f32 %f5, %f1;
  st.global.f32 [%rd3+1280], %f2;
  st.global.f32 [%rd3+2560], %f3;
  st.global.f32 [%rd3+3840], %f4;
  st.global.f32 [%rd3+5120], %f5;
  ret;
})";
  Outcome native;
  expectSame(body, 320, 64, 320 * 5, inputs, &native);
  ASSERT_EQ(native.code, 0);
  auto result = [&](size_t fn, size_t i) {
    float r;
    std::memcpy(&r, &native.out[320 * (fn + 1) + i], 4);
    return r;
  };
  for (size_t i = 0; i < inputs.size(); ++i) {
    float x;
    std::memcpy(&x, &inputs[i], 4);
    const bool subnormal = std::fpclassify(x) == FP_SUBNORMAL;
    for (size_t fn = 0; fn < 4; ++fn) {
      const bool cosine = fn >= 2, ftz = fn % 2 == 1;
      const float r = result(fn, i);
      const char *what = cosine ? (ftz ? "cos.ftz " : "cos ") : (ftz ? "sin.ftz " : "sin ");
      if (!std::isfinite(x)) {
        EXPECT_EQ(native.out[320 * (fn + 1) + i], 0x7fffffffu) << what << x;
        continue;
      }
      const float arg = ftz && subnormal ? std::copysign(0.0f, x) : x;
      if (arg == 0.0f) { // sin(+-0) = +-0, cos(+-0) = 1; .ftz flushes subnormals to signed zero
        EXPECT_EQ(std::bit_cast<uint32_t>(r), std::bit_cast<uint32_t>(cosine ? 1.0f : arg))
            << what << x;
        continue;
      }
      const double exact = cosine ? std::cos(double{arg}) : std::sin(double{arg});
      const double error = std::fabs(double{r} - exact), magnitude = std::fabs(x);
      if (magnitude <= 6.2831855f)
        EXPECT_LE(error, std::exp2(-20.5)) << what << x;
      else if (magnitude <= 314.15927f)
        EXPECT_LE(error, std::exp2(-14.7)) << what << x;
      else
        EXPECT_LE(std::fabs(r), 1.0f) << what << x;
    }
  }
}

// Local memory compiled: mov of the depot, ld.local/st.local (scalars and vectors, at addresses
// every lane shares and at indices each lane computes), a named .local variable, cvta.local and
// cvta.to.local, and a generic load and store at a converted address. Each thread writes its own
// words, so any lane reading another's stack or the wrong slot shows in the output.
TEST(NativeCode, LocalMemoryMatchesTheInterpreter) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .local .align 16 .b8 __local_depot0[64];
  .local .align 8 .b8 named[8];
  .reg .b64 %SPL; .reg .b32 %r<24>; .reg .b64 %rd<24>; .reg .pred %p<4>;
  mov.u64 %SPL, __local_depot0;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.lo.s32 %r5, %r4, 100;
  mov.u32 %r6, 0;
  mov.u64 %rd2, %SPL;
$fill:
  add.s32 %r7, %r5, %r6;
  st.local.u32 [%rd2], %r7;
  add.s64 %rd2, %rd2, 4;
  add.s32 %r6, %r6, 1;
  setp.lt.u32 %p1, %r6, 16;
  @%p1 bra $fill;
  mul.lo.s32 %r8, %r4, 7;
  and.b32 %r8, %r8, 15;
  mul.wide.u32 %rd3, %r8, 4;
  add.s64 %rd4, %SPL, %rd3;
  ld.local.u32 %r9, [%rd4];
  st.local.u32 [%rd4], %r4;
  and.b32 %r10, %r4, 3;
  mul.wide.u32 %rd5, %r10, 16;
  add.s64 %rd6, %SPL, %rd5;
  ld.local.v4.u32 {%r11, %r12, %r13, %r14}, [%rd6];
  ld.local.v2.u32 {%r15, %r16}, [%SPL+56];
  ld.local.s8 %r17, [%rd4+1];
  st.local.u32 [named+4], %r5;
  st.local.u16 [named], %r4;
  ld.local.u64 %rd7, [named];
  cvta.local.u64 %rd8, %rd4;
  ld.u32 %r18, [%rd8];
  add.s32 %r22, %r18, 1;
  st.u32 [%rd8], %r22;
  ld.local.u32 %r23, [%rd4];
  cvta.to.local.u64 %rd9, %rd8;
  sub.s64 %rd10, %rd9, %rd4;
  cvt.u32.u64 %r19, %rd10;
  cvta.local.u64 %rd11, named;
  cvta.to.local.u64 %rd12, %rd11;
  cvt.u32.u64 %r20, %rd12;
  cvta.to.local.u64 %rd13, %rd1;
  cvt.u32.u64 %r21, %rd13;
  mul.wide.u32 %rd14, %r4, 64;
  add.s64 %rd15, %rd1, %rd14;
  st.global.v4.u32 [%rd15], {%r9, %r11, %r12, %r13};
  st.global.v4.u32 [%rd15+16], {%r14, %r15, %r16, %r17};
  st.global.u64 [%rd15+32], %rd7;
  st.global.v2.u32 [%rd15+40], {%r18, %r19};
  st.global.v2.u32 [%rd15+48], {%r20, %r21};
  st.global.v2.u32 [%rd15+56], {%r22, %r23};
  ret;
})",
             96, 96, 96 * 16);
}

// An access outside the thread's local window (a lane indexing past its stack, or below it) runs
// through the exec function: the same fault, the same report, as interpreted.
TEST(NativeCode, LocalMemoryFaultsAsInterpreted) {
  for (const char *access :
       {"st.local.u32 [%rd3], %r1;", "ld.local.u32 %r2, [%rd3];", "ld.local.u32 %r2, [%rd4+-4];"}) {
    std::string body = std::string(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .local .align 4 .b8 __local_depot0[16];
  .reg .b64 %SPL; .reg .b32 %r<4>; .reg .b64 %rd<6>;
  mov.u64 %SPL, __local_depot0;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 1048576;
  add.s64 %rd3, %SPL, %rd2;
  mov.u64 %rd4, %SPL;
  mov.u32 %r2, 7;
  )") + access + R"(
  mul.wide.u32 %rd5, %r1, 4;
  add.s64 %rd5, %rd1, %rd5;
  st.global.u32 [%rd5], %r2;
  ret;
})";
    Outcome native;
    expectSame(body, 64, 64, 64, {}, &native);
    EXPECT_NE(native.code, 0) << access;
    EXPECT_NE(native.report.find("local-memory address out of range"), std::string::npos)
        << access << ": " << native.report;
  }
}

// Kernels nvcc compiled (kernels/local_memory.cu): per-thread counts in a local array indexed
// by the data, and sinf/cosf, whose reduction of large arguments keeps a product in a local
// array; the same bytes interpreted and compiled, and the sines within the library's bounds.
// Not in the NativeCode suites, which jit.cache_reuse runs twice over one cache: sinf reads a
// global table whose address, part of a kernel's cache key, differs from process to process.
TEST(NvccLocalMemory, NativeCodeMatchesTheInterpreter) {
  const std::string text = nvccPtx("local_memory.cu");
  ASSERT_NE(text.find("ld.local"), std::string::npos) << "nvcc no longer uses local memory here";
  const uint32_t n = 160;
  std::vector<uint32_t> data(n);
  uint32_t seed = 7;
  for (uint32_t i = 0; i < n; ++i) {
    seed = seed * 1664525u + 1013904223u;
    data[i] = seed;
  }
  std::vector<float> angles(n);
  for (uint32_t i = 0; i < n; ++i) {
    // Small, medium and large arguments in every warp: the slow path runs for some lanes only.
    const float scale[] = {1.0f, 1e3f, 1e6f, 1e20f, 3e38f};
    angles[i] = (static_cast<float>(i % 37) - 18.3f) / 18.0f * scale[i % 5];
  }
  auto run = [&](const char *kernel, bool native, const void *in, size_t inBytes, size_t outWords) {
    PtxRunner r;
    r.interpretOnly = !native;
    EXPECT_TRUE(r.load(text));
    const KernelInfo *info = r.module().kernel(kernel);
    EXPECT_NE(info, nullptr);
    if (native && info) {
      prepareNative(r.module().program(), info->index);
      EXPECT_NE(r.module().program().native(info->index), nullptr);
    }
    auto *din = r.memory.array<uint32_t>(inBytes / 4);
    std::memcpy(din, in, inBytes);
    auto *dout = r.memory.array<uint32_t>(outWords);
    LaunchOutcome result =
        r.run(kernel, {(n + 63) / 64}, {64}, ParamPack().add(dout).add(din).add(n));
    EXPECT_EQ(result.code, 0) << result.report;
    return std::vector<uint32_t>(dout, dout + outWords);
  };
  std::vector<uint32_t> counts[2], sines[2];
  for (int native = 0; native < 2; ++native) {
    counts[native] = run("localCounts", native, data.data(), n * 4, n * 16);
    sines[native] = run("sines", native, angles.data(), n * 4, n * 2);
  }
  EXPECT_EQ(counts[1], counts[0]);
  EXPECT_EQ(sines[1], sines[0]);
  for (uint32_t t = 0; t < n; ++t)
    for (uint32_t d = 0; d < 16; ++d) {
      uint32_t expected = 0;
      for (uint32_t i = 0; i < 8; ++i)
        expected += ((data[t] >> (4 * i)) & 15) == d ? i + 1 : 0;
      ASSERT_EQ(counts[1][t * 16 + d], expected) << "thread " << t << " digit " << d;
    }
  for (uint32_t t = 0; t < n; ++t) {
    // sinf/cosf: at most 2 ulp from the exact value over the whole range (CUDA's math library).
    for (int c = 0; c < 2; ++c) {
      float r = std::bit_cast<float>(sines[1][c * n + t]);
      double exact = c ? std::cos(double{angles[t]}) : std::sin(double{angles[t]});
      float nearest = static_cast<float>(exact);
      float ulp = std::fabs(std::nextafter(nearest, INFINITY) - nearest);
      EXPECT_LE(std::fabs(double{r} - exact), 2.0 * ulp) << (c ? "cosf " : "sinf ") << angles[t];
    }
  }
}

// Arithmetic in the directed rounding modes (.rz, .rm, .rp: compiled with the rounding mode in
// the instruction where the host has AVX-512) gives the interpreter's correctly rounded bits:
// inexact sums, products, quotients and roots, overflow to infinity or the largest finite value,
// subnormal results with and without .ftz, x - x (-0 rounding down), NaNs, in f32 and f64.
TEST(NativeCode, DirectedRoundingMatchesTheInterpreter) {
  const uint32_t specials[] = {0x7fc00001u, 0x7f800000u, 0xff800000u, 0x00000000u, 0x80000000u,
                               0x00000001u, 0x80000003u, 0x007fffffu, 0x7f7fffffu, 0xff7ffffeu,
                               0x3f800001u, 0x3eaaaaabu, 0x40490fdbu, 0xbf800000u, 0x00800000u};
  std::vector<uint32_t> inputs(64);
  for (size_t i = 0; i < inputs.size(); ++i) {
    float f = (static_cast<float>(i) - 31.0f) / 7.0f;
    std::memcpy(&inputs[i], &f, 4);
    if (i < std::size(specials))
      inputs[i] = specials[i];
  }
  const char *body = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .f32 %f<24>; .reg .f64 %fd<12>; .reg .b64 %rd<10>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.f32 %f1, [%rd3];
  xor.b32 %r2, %r1, 5;
  mul.wide.u32 %rd4, %r2, 4;
  add.s64 %rd5, %rd1, %rd4;
  ld.global.f32 %f2, [%rd5];
  add.rz.f32 %f3, %f1, %f2;
  add.rm.f32 %f4, %f1, %f2;
  sub.rm.f32 %f5, %f1, %f1;
  sub.rp.ftz.f32 %f6, %f2, %f1;
  mul.rp.f32 %f7, %f1, %f2;
  mul.rz.ftz.f32 %f8, %f1, 0f3EAAAAAB;
  fma.rm.f32 %f9, %f1, %f2, 0f3F800000;
  fma.rz.f32 %f10, %f1, 0f437C0000, 0f4B400001;
  fma.rp.ftz.f32 %f11, %f2, %f2, %f1;
  div.rz.f32 %f12, %f1, %f2;
  div.rp.ftz.f32 %f13, %f2, 0f40490FDB;
  sqrt.rm.f32 %f14, %f1;
  sqrt.rp.ftz.f32 %f15, %f2;
  cvt.f64.f32 %fd1, %f1;
  cvt.f64.f32 %fd2, %f2;
  mul.f64 %fd2, %fd2, 0d3FD5555555555555;
  add.rm.f64 %fd3, %fd1, %fd2;
  mul.rp.f64 %fd4, %fd1, %fd2;
  fma.rz.f64 %fd5, %fd1, %fd2, %fd1;
  div.rm.f64 %fd6, %fd1, %fd2;
  sqrt.rp.f64 %fd7, %fd1;
  mul.wide.u32 %rd6, %r1, 128;
  add.s64 %rd7, %rd1, %rd6;
  add.s64 %rd7, %rd7, 256;
  st.global.v4.f32 [%rd7], {%f3, %f4, %f5, %f6};
  st.global.v4.f32 [%rd7+16], {%f7, %f8, %f9, %f10};
  st.global.v4.f32 [%rd7+32], {%f11, %f12, %f13, %f14};
  st.global.f32 [%rd7+48], %f15;
  st.global.v2.f64 [%rd7+64], {%fd3, %fd4};
  st.global.v2.f64 [%rd7+80], {%fd5, %fd6};
  st.global.f64 [%rd7+96], %fd7;
  ret;
})";
  Outcome native;
  expectSame(body, 64, 64, 64 + 64 * 32, inputs, &native);
  ASSERT_EQ(native.code, 0);
  EXPECT_EQ(native.out[64 + 32 * 20 + 2], 0x80000000u) << "x - x rounded down is -0";
}

// Directed rounding of random operands: every class of float (any bits, NaNs and infinities
// included), operands of one exponent (cancellation: exact zeros and their signs, long TwoSum
// errors) and tiny ones (subnormal results, the step from a zero), where rounding to odd, the
// zero's sign and the one-ulp step each decide results. The jit-avx2. variant runs it compiled
// without AVX-512's embedded rounding.
TEST(NativeCode, DirectedRoundingOfRandomOperandsMatchesTheInterpreter) {
  constexpr uint32_t kThreads = 2048;
  std::vector<uint32_t> inputs(3 * kThreads);
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 32);
  };
  for (uint32_t i = 0; i < kThreads; ++i) {
    uint32_t a = next(), b = next(), c = next();
    if (i % 3 == 1) { // one exponent
      b = (b & 0x807fffffu) | (a & 0x7f800000u);
      c = (c & 0x807fffffu) | (a & 0x7f800000u);
    } else if (i % 3 == 2) { // exponents 0..7: subnormal and tiny normal values
      a &= 0x83ffffffu, b = (b & 0x807fffffu) | 0x3f800000u, c &= 0x83ffffffu;
    }
    inputs[3 * i] = a, inputs[3 * i + 1] = b, inputs[3 * i + 2] = c;
  }
  // Threads 0 and 1: 1 * 1 + 2^-60 and 1 * 1 - 2^-60, below double's precision at 1: only the
  // sticky bit tells which way the exact value lies.
  inputs[0] = inputs[1] = inputs[3] = inputs[4] = 0x3f800000u;
  inputs[2] = 0x21800000u, inputs[5] = 0xa1800000u;
  const std::string body = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .f32 %f<24>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %ntid.x;
  mov.u32 %r3, %tid.x;
  mad.lo.s32 %r1, %r1, %r2, %r3;
  mul.wide.u32 %rd2, %r1, 12;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.f32 %f1, [%rd3];
  ld.global.f32 %f2, [%rd3+4];
  ld.global.f32 %f3, [%rd3+8];
  fma.rm.f32 %f4, %f1, %f2, %f3;
  fma.rp.f32 %f5, %f1, %f2, %f3;
  fma.rz.f32 %f6, %f1, %f2, %f3;
  add.rm.f32 %f7, %f1, %f3;
  add.rp.f32 %f8, %f1, %f3;
  sub.rz.f32 %f9, %f1, %f3;
  mul.rm.f32 %f10, %f1, %f2;
  mul.rp.f32 %f11, %f1, %f2;
  mul.rz.ftz.f32 %f12, %f1, %f2;
  div.rm.f32 %f13, %f1, %f2;
  div.rp.f32 %f14, %f3, %f2;
  div.rz.f32 %f15, %f1, %f3;
  sqrt.rm.f32 %f16, %f1;
  sqrt.rp.f32 %f17, %f2;
  sqrt.rz.f32 %f18, %f3;
  fma.rm.ftz.f32 %f19, %f1, %f2, %f3;
  mul.wide.u32 %rd4, %r1, 64;
  add.s64 %rd5, %rd1, %rd4;
  add.s64 %rd5, %rd5, )" + std::to_string(12 * kThreads) +
                           R"(;
  st.global.v4.f32 [%rd5], {%f4, %f5, %f6, %f7};
  st.global.v4.f32 [%rd5+16], {%f8, %f9, %f10, %f11};
  st.global.v4.f32 [%rd5+32], {%f12, %f13, %f14, %f15};
  st.global.v4.f32 [%rd5+48], {%f16, %f17, %f18, %f19};
  ret;
})";
  Outcome native;
  expectSame(body, kThreads, 256, 3 * kThreads + 16 * kThreads, inputs, &native);
  ASSERT_EQ(native.code, 0);
  // fma rounded down, up and toward zero; the sum 1 - 2^-60 rounded down.
  const uint32_t *results = &native.out[3 * kThreads];
  EXPECT_EQ(results[0], 0x3f800000u);
  EXPECT_EQ(results[1], 0x3f800001u);
  EXPECT_EQ(results[2], 0x3f800000u);
  EXPECT_EQ(results[16], 0x3f7fffffu);
  EXPECT_EQ(results[17], 0x3f800000u);
  EXPECT_EQ(results[18], 0x3f7fffffu);
  EXPECT_EQ(results[19], 0x3f7fffffu);
}

// QIAO_EXEC=auto compiles before a launch of kAutoCompileNowThreads threads or more: the first
// launch of a large grid runs compiled. Here 2^22 threads leave a 988-instruction kernel at once,
// a launch the interpreter ends long before a compile would, so only a compile made before the
// launch has published code when it returns.
TEST(NativeCode, AutoCompilesBeforeALaunchTooLargeToInterpret) {
  if (execMode() != ExecMode::Auto)
    GTEST_SKIP() << "QIAO_EXEC is not auto";
  // A compile from the disk cache would finish within the launch even in the background; ctest
  // runs each test in a process of its own, which has not started the compiler yet.
  setenv("QIAO_CACHE_DIR", "off", 1);
  std::string body = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .b64 %rd<2>; .reg .pred %p;
  ld.param.u32 %r1, [n];
  setp.ne.u32 %p, %r1, 12345;
  @%p bra done;
  mov.u32 %r2, %tid.x;
)";
  for (int i = 0; i < 490; ++i)
    body += "  mul.lo.u32 %r2, %r2, 3;\n  xor.b32 %r2, %r2, " + std::to_string(i) + ";\n";
  body += "  ld.param.u64 %rd1, [out];\n  st.global.u32 [%rd1], %r2;\ndone:\n  ret;\n}\n";
  PtxRunner r;
  ASSERT_TRUE(r.load(kHeader + body));
  const KernelInfo *info = r.module().kernel("k");
  ASSERT_NE(info, nullptr);
  ASSERT_LE(r.module().program().functions[info->index].code.size(), kAutoCompileNowInstructions);
  static_assert(uint64_t{4096} * 1024 >= kAutoCompileNowThreads);
  auto *out = r.memory.array<uint32_t>(1);
  LaunchOutcome result = r.run("k", {4096}, {1024}, ParamPack().add(out).add(0u));
  ASSERT_EQ(result.code, 0);
  EXPECT_NE(r.module().program().native(info->index), nullptr);
}

// min/max.f32 over every pair of specials (signed zeros, NaNs with payloads, infinities,
// subnormals with and without .ftz, equal values): a NaN gives the other operand, min(-0, +0) is
// -0, as the interpreter has it.
TEST(NativeCode, FloatMinMaxMatchTheInterpreter) {
  const uint32_t specials[] = {0x00000000u, 0x80000000u, 0x3fc00000u, 0xbfc00000u,
                               0x7f800000u, 0xff800000u, 0x7fc00001u, 0xffc12345u,
                               0x00000003u, 0x80000005u, 0x3fc00000u, 0x7f7fffffu};
  const uint32_t count = sizeof(specials) / sizeof(specials[0]);
  std::vector<uint32_t> inputs(2 * count * count);
  for (uint32_t i = 0; i < count * count; ++i) {
    inputs[2 * i] = specials[i / count];
    inputs[2 * i + 1] = specials[i % count];
  }
  const std::string kernel = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .f32 %f<12>; .reg .b64 %rd<6>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r2, [n];
  mov.u32 %r1, %tid.x;
  setp.ge.u32 %p1, %r1, %r2;
  @%p1 bra DONE;
  mul.wide.u32 %rd2, %r1, 8;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.v2.f32 {%f1, %f2}, [%rd3];
  min.f32 %f3, %f1, %f2;
  max.f32 %f4, %f1, %f2;
  min.ftz.f32 %f5, %f1, %f2;
  max.ftz.f32 %f6, %f2, %f1;
  add.f32 %f7, %f1, %f2;
  max.f32 %f8, %f7, %f3;
  mul.wide.u32 %rd4, %r1, 32;
  add.s64 %rd5, %rd1, %rd4;
  add.s64 %rd5, %rd5, 2048;
  st.global.v4.f32 [%rd5], {%f3, %f4, %f5, %f6};
  st.global.f32 [%rd5+16], %f8;
DONE:
  ret;
})";
  const uint32_t words = 512 + count * count * 8;
  ASSERT_EQ(runOnce(kernel, false, count * count, 64, words, inputs).code, 0); // no fault
  expectSame(kernel, count * count, 64, words, inputs);
}

// Loops with uniform and divergent trip counts, a shared-memory tree reduction with barriers,
// and lanes that leave early: the scheduler and native code hand over at every kind of exit.
TEST(NativeCode, LoopsBarriersAndDivergenceMatchTheInterpreter) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .shared .align 4 .b32 buf[128];
  .reg .b32 %r<20>; .reg .b64 %rd<10>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r9, [n];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %ctaid.x;
  mad.lo.s32 %r3, %r2, 128, %r1;
  setp.ge.u32 %p3, %r3, %r9;
  mov.u32 %r4, 0;
  mov.u32 %r5, 0;
LOOP:
  add.s32 %r5, %r5, %r4;
  mul.lo.s32 %r5, %r5, 3;
  add.s32 %r4, %r4, 1;
  and.b32 %r6, %r1, 7;
  add.s32 %r6, %r6, 4;
  setp.lt.u32 %p1, %r4, %r6;
  @%p1 bra LOOP;
  shl.b32 %r7, %r1, 2;
  mov.u32 %r8, buf;
  add.s32 %r8, %r8, %r7;
  st.shared.u32 [%r8], %r5;
  bar.sync 0;
  mov.u32 %r10, 64;
RED:
  setp.ge.u32 %p2, %r1, %r10;
  @%p2 bra SKIP;
  shl.b32 %r11, %r10, 2;
  add.s32 %r12, %r8, %r11;
  ld.shared.u32 %r13, [%r12];
  ld.shared.u32 %r14, [%r8];
  add.s32 %r14, %r14, %r13;
  st.shared.u32 [%r8], %r14;
SKIP:
  bar.sync 0;
  shr.u32 %r10, %r10, 1;
  setp.ne.u32 %p1, %r10, 0;
  @%p1 bra RED;
  @%p3 bra DONE;
  ld.shared.u32 %r15, [buf];
  add.s32 %r15, %r15, %r5;
  mul.wide.u32 %rd2, %r3, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r15;
DONE:
  ret;
})",
             300, 128, 384);
}

// Lanes of one warp take a spin lock in turn: the lane that wins leaves the loop while the others
// keep spinning on it, so native code must park the winner and let it run (NativeWarpState::
// parkMask) or the warp never ends. Each lane adds its id to a shared total under the lock.
TEST(NativeCode, LanesSpinningOnALockHeldInTheirOwnWarpFinish) {
  const char *kernel = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .shared .align 4 .b32 lock[1];
  .shared .align 4 .b32 total[1];
  .reg .b32 %r<8>; .reg .b64 %rd<4>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.eq.u32 %p1, %r1, 0;
  @%p1 st.shared.u32 [lock], 0;
  @%p1 st.shared.u32 [total], 0;
  bar.sync 0;
SPIN:
  atom.shared.cas.b32 %r2, [lock], 0, 1;
  setp.ne.u32 %p2, %r2, 0;
  @%p2 bra SPIN;
  ld.volatile.shared.u32 %r3, [total];
  add.s32 %r3, %r3, %r1;
  st.volatile.shared.u32 [total], %r3;
  atom.shared.exch.b32 %r4, [lock], 0;
  bar.sync 0;
  ld.shared.u32 %r5, [total];
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r5;
  ret;
})";
  Outcome native = runOnce(kernel, true, 64, 64, 64);
  ASSERT_EQ(native.code, 0) << native.report;
  for (uint32_t t = 0; t < 64; ++t)
    ASSERT_EQ(native.out[t], 64u * 63u / 2u) << "thread " << t;
  expectSame(kernel, 64, 64, 64);
}

// Float atomic adds: subnormal operands (the bit patterns of small integers) flush on global
// f32 adds and not on shared ones, a NaN operand gives the canonical NaN, f64 keeps subnormals;
// every lane gets the old value the interpreter's lane order gives it.
TEST(NativeCode, FloatAtomicAddsMatchTheInterpreter) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .shared .align 8 .b8 sums[16];
  .reg .b32 %r<12>; .reg .f32 %f<8>; .reg .f64 %fd<4>; .reg .b64 %rd<8>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.eq.u32 %p1, %r1, 0;
  @%p1 st.shared.u32 [sums], 0;
  @%p1 st.shared.u64 [sums+8], 0;
  bar.sync 0;
  mov.b32 %f1, %r1;
  cvt.rn.f32.u32 %f2, %r1;
  mul.f32 %f2, %f2, 0f3E800000;
  setp.eq.u32 %p2, %r1, 37;
  selp.f32 %f3, 0f7FC00001, %f2, %p2;
  // The first global access of a warp misses the allocation cache and runs interpreted.
  red.global.add.f32 [%rd1+12], %f2;
  atom.global.add.f32 %f4, [%rd1], %f1;
  atom.shared.add.f32 %f5, [sums], %f1;
  atom.global.add.f32 %f6, [%rd1+4], %f3;
  cvt.f64.f32 %fd1, %f2;
  mul.f64 %fd1, %fd1, 0d0010000000000000;
  atom.shared.add.f64 %fd2, [sums+8], %fd1;
  red.global.add.f32 [%rd1+8], %f2;
  bar.sync 0;
  ld.shared.f32 %f7, [sums];
  ld.shared.f64 %fd3, [sums+8];
  mul.wide.u32 %rd2, %r1, 32;
  add.s64 %rd3, %rd1, %rd2;
  st.global.v4.f32 [%rd3+32], {%f4, %f5, %f6, %f7};
  st.global.f64 [%rd3+48], %fd2;
  st.global.f64 [%rd3+56], %fd3;
  ret;
})",
             64, 64, 8 + 64 * 8);
}

// Divergent if-then and if-then-else around straight-line code run inside native code under
// each side's mask: warp operations on either side see only that side's lanes, a side's writes
// leave the other lanes' registers alone, and atomics and stores happen once per executing lane.
TEST(NativeCode, MaskedIfThenElseMatchesTheInterpreter) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<30>; .reg .b64 %rd<10>; .reg .pred %p<6>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 16;
  add.s64 %rd3, %rd1, %rd2;
  mov.u32 %r2, 100;
  mov.u32 %r3, 200;
  and.b32 %r4, %r1, 3;
  setp.eq.u32 %p1, %r4, 0;
  @%p1 bra SKIP;
  activemask.b32 %r2;
  add.s32 %r3, %r3, %r1;
  vote.sync.ballot.b32 %r5, %p1, %r2;
  add.s32 %r3, %r3, %r5;
SKIP:
  st.global.u32 [%rd3], %r2;
  st.global.u32 [%rd3+4], %r3;
  setp.lt.u32 %p2, %r1, 37;
  @%p2 bra ELSE;
  activemask.b32 %r6;
  shfl.sync.down.b32 %r7, %r1, 1, 31, %r6;
  bra.uni JOIN;
ELSE:
  activemask.b32 %r6;
  mul.lo.s32 %r7, %r1, 7;
  atom.global.add.u32 %r8, [%rd1+1020], 1;
JOIN:
  st.global.u32 [%rd3+8], %r6;
  st.global.u32 [%rd3+12], %r7;
  ret;
})",
             60, 64, 256);
}

// Dense accesses load all 32 lanes' elements but keep the executing lanes'; a store writes
// plainly only for a whole warp, else only the executing lanes' elements: every word starts
// nonzero, so a store into another lane's element shows. 40 threads: the second warp has 8.
TEST(NativeCode, DenseAccessesOfPartWarpsTouchOnlyTheirLanes) {
  std::vector<uint32_t> fill(256);
  for (uint32_t i = 0; i < fill.size(); ++i)
    fill[i] = 7 * i + 1;
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<8>; .reg .b64 %rd<6>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  ld.global.u32 %r2, [%rd3];
  add.u32 %r3, %r2, 1000;
  st.global.u32 [%rd3+512], %r3;
  and.b32 %r4, %r1, 3;
  setp.eq.u32 %p1, %r4, 0;
  @%p1 bra SKIP;
  ld.global.u32 %r5, [%rd3+768];
  add.u32 %r6, %r5, %r2;
  st.global.u32 [%rd3+256], %r6;
SKIP:
  ret;
})",
             40, 64, 256, fill);
}

// The sides of an if-then-else run one after the other under their lanes' masks: a row one side
// overwrites unread is still the other side's to read, also across an exec function (elect) that
// stores the rows and forgets them; atomics at one address for the whole warp (a total, a
// counter) take the scalar range check, with and without a result.
TEST(NativeCode, IfSidesKeepTheOtherLanesRows) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<12>; .reg .b64 %rd<6>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 16;
  add.s64 %rd3, %rd1, %rd2;
  mov.u32 %r2, 11;
  add.u32 %r3, %r1, 5;
  mov.u32 %r6, 3;
  and.b32 %r4, %r1, 5;
  setp.eq.u32 %p1, %r4, 1;
  @%p1 bra ELSE;
  elect.sync %r5|%p2, 0xffffffff;
  mov.u32 %r2, 40;
  add.u32 %r3, %r3, %r5;
  red.global.add.u32 [%rd1+1024], %r1;
  bra.uni JOIN;
ELSE:
  add.u32 %r3, %r3, %r2;
  atom.global.add.u32 %r6, [%rd1+1028], %r1;
  mul.lo.u32 %r2, %r2, 3;
JOIN:
  st.global.u32 [%rd3], %r2;
  st.global.u32 [%rd3+4], %r3;
  st.global.u32 [%rd3+8], %r6;
  ret;
})",
             64, 64, 258);
}

// Adds into one total at the end of each thread's work (the result unused, only arithmetic,
// other such adds and exit after): native code defers them to the end of the block (the load
// first puts the array in the warps' allocation cache, which the atomics' fast path needs). Every
// block's contributions land exactly once; an add followed by a load of the total in the same
// thread is not deferred (the thread reads its own add); an add whose old value is used neither.
TEST(NativeCode, TailAddsIntoOneTotalLandOnce) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<12>; .reg .b64 %rd<8>; .reg .f32 %f<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  ld.global.u32 %r10, [%rd1+12];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.wide.u32 %rd2, %r4, 4;
  add.s64 %rd3, %rd1, %rd2;
  add.s64 %rd3, %rd3, 64;
  setp.eq.u32 %p1, %r2, 0;
  @!%p1 bra TAIL;
  atom.global.add.u32 %r5, [%rd1+8], 1;
  ld.global.u32 %r6, [%rd1+8];
  sub.u32 %r7, %r6, %r5;
  st.global.u32 [%rd3], %r7;
TAIL:
  and.b32 %r8, %r1, 31;
  setp.ne.u32 %p2, %r8, 0;
  @%p2 bra DONE;
  cvt.rn.f32.u32 %f1, %r4;
  atom.global.add.f32 %f2, [%rd1], %f1;
  red.global.add.u32 [%rd1+4], %r4;
  cvt.u64.u32 %rd4, %r4;
  red.global.add.u64 [%rd1+16], %rd4;
  add.u32 %r9, %r4, 1;
DONE:
  ret;
})",
             1024, 256, 16 + 1024);
}

// Atomics on shared and global memory: lanes of a warp that hit one word see each other's
// updates in lane order, and the old values they get back are the interpreter's.
TEST(NativeCode, AtomicsMatchTheInterpreter) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .shared .align 4 .b32 bins[8];
  .reg .b32 %r<16>; .reg .b64 %rd<8>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.lt.u32 %p1, %r1, 8;
  @%p1 st.shared.u32 [bins], 0;
  bar.sync 0;
  and.b32 %r2, %r1, 7;
  shl.b32 %r3, %r2, 2;
  mov.u32 %r4, bins;
  add.s32 %r5, %r4, %r3;
  atom.shared.add.u32 %r6, [%r5], %r1;
  mul.lo.s32 %r7, %r1, -3;
  atom.shared.min.s32 %r12, [%r5], %r7;
  atom.shared.max.u32 %r13, [%r5], %r1;
  atom.shared.xor.b32 %r14, [%r5], %r7;
  atom.shared.exch.b32 %r15, [%r5], %r13;
  add.s32 %r6, %r6, %r12;
  xor.b32 %r6, %r6, %r14;
  add.s32 %r6, %r6, %r15;
  atom.global.max.s32 %r8, [%rd1], %r7;
  atom.global.exch.b32 %r9, [%rd1+4], %r1;
  cvt.u64.u32 %rd4, %r1;
  red.global.add.u64 [%rd1+8], %rd4;
  atom.global.or.b32 %r10, [%rd1+16], %r1;
  bar.sync 0;
  ld.shared.u32 %r11, [%r5];
  mul.wide.u32 %rd2, %r1, 16;
  add.s64 %rd3, %rd1, %rd2;
  st.global.v4.u32 [%rd3+32], {%r6, %r8, %r9, %r11};
  ret;
})",
             96, 96, 8 + 96 * 4 + 8);
}

// An out-of-range store faults with the interpreter's code and one-line report.
TEST(NativeCode, FaultReportsMatchTheInterpreter) {
  // Thread t stores 4096 * t bytes into a 64-byte array: thread 1 is the first outside.
  const std::string kernel = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd2, %r1, 4096;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r1;
  ret;
})";
  Outcome native = runOnce(kernel, true, 64, 64, 16);
  EXPECT_EQ(native.code, 700); // cudaErrorIllegalAddress
  EXPECT_NE(native.report.find("address outside every allocation"), std::string::npos)
      << native.report;
  EXPECT_NE(native.report.find("thread (1,0,0)"), std::string::npos) << native.report;
  expectSame(kernel, 64, 64, 16);
}

// Warp 0 spins on a flag that warp 1 sets after a barrier-free delay: native code must give the
// other warp its turn (the branch budget), as the interpreter's quantum does.
TEST(NativeCode, SpinningWarpLetsTheOtherWarpRun) {
  Outcome native = runOnce(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .shared .align 4 .b32 flag[1];
  .reg .b32 %r<6>; .reg .b64 %rd<4>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.lt.u32 %p1, %r1, 32;
  @%p1 bra WAIT;
  mov.u32 %r2, 1;
  st.volatile.shared.u32 [flag], %r2;
  bra.uni DONE;
WAIT:
  ld.volatile.shared.u32 %r3, [flag];
  setp.eq.u32 %p2, %r3, 0;
  @%p2 bra WAIT;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;
DONE:
  ret;
})",
                           true, 64, 64, 64);
  ASSERT_EQ(native.code, 0) << native.report;
  for (int i = 0; i < 32; ++i)
    EXPECT_EQ(native.out[i], 1u) << i;
}

// QIAO_EXEC=check's run: silent when both backends agree, and it names the first differing byte
// when they do not (the global timer differs between the two runs, as a compiler bug would).
TEST(NativeCode, DifferentialCheckAgreesAndReportsADifference) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + R"(
.visible .entry same(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.lo.u32 %r2, %r1, 7;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
}
.visible .entry clock(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .b64 %rd<6>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u64 %rd4, %globaltimer;
  mul.wide.u32 %rd2, %r1, 8;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u64 [%rd3], %rd4;
  ret;
})"));
  auto *out = r.memory.array<uint64_t>(64);
  LaunchOutcome same = r.runChecked("same", {1}, {64}, ParamPack().add(out).add(64u));
  ASSERT_EQ(same.code, 0) << same.report;
  EXPECT_EQ(same.checkDifference, "");
  EXPECT_EQ(reinterpret_cast<uint32_t *>(out)[63], 63u * 7u);
  LaunchOutcome clock = r.runChecked("clock", {1}, {64}, ParamPack().add(out).add(64u));
  ASSERT_EQ(clock.code, 0) << clock.report;
  EXPECT_NE(clock.checkDifference.find("kernel 'clock': the compiled kernel differs"),
            std::string::npos)
      << clock.checkDifference;
  EXPECT_NE(clock.checkDifference.find("offset "), std::string::npos) << clock.checkDifference;
}

} // namespace
} // namespace qiao::ptx::test

namespace qiao::ptx::test {
namespace {

// The auto mode's compile: on a thread of its own, published into the program while launches
// go on interpreted; the launch after it runs the native code and agrees with the interpreter.
TEST(NativeCode, BackgroundCompilePublishesTheKernel) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mul.lo.u32 %r2, %r1, 3;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
})"));
  const Program &program = r.module().program();
  const KernelInfo *info = r.module().kernel("k");
  ASSERT_NE(info, nullptr);
  program.compileInBackground(info->index);
  program.compileInBackground(info->index); // queued once
  program.joinCompilers();
  ASSERT_NE(program.native(info->index), nullptr);
  auto *out = r.memory.array<uint32_t>(64);
  LaunchOutcome result = r.run("k", {1}, {64}, ParamPack().add(out).add(64u));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t i = 0; i < 64; ++i)
    ASSERT_EQ(out[i], 3 * i) << "word " << i;
}

// Accesses whose lanes the compiler proves consecutive from %tid.x (LinearLanes.cpp), in blocks
// where that proof holds (x a multiple of 32) and where it does not (x of 8 and of 48, whose
// warps wrap round a row): the proof's run-time condition must send the latter down the
// general path, with the interpreter's results either way.
TEST(NativeCode, ThreadIndexProgressionsMatchTheInterpreter) {
  const std::string kernel = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<12>; .reg .b64 %rd<12>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r9, [n];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %tid.y;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  setp.ge.u32 %p1, %r4, %r9;
  @%p1 bra DONE;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  mul.lo.u32 %r5, %r2, 64;
  mul.wide.u32 %rd4, %r5, 4;
  add.s64 %rd5, %rd3, %rd4;
  ld.global.u32 %r6, [%rd5];
  add.s32 %r7, %r6, %r4;
  st.global.u32 [%rd5], %r7;
  and.b32 %r8, %r1, 7;
  mul.wide.u32 %rd6, %r8, 4;
  add.s64 %rd7, %rd1, %rd6;
  ld.global.u32 %r10, [%rd7+2048];
  add.s32 %r11, %r10, %r1;
  st.global.u32 [%rd5+4096], %r11;
DONE:
  ret;
})";
  std::vector<uint32_t> fill(2048);
  for (uint32_t i = 0; i < fill.size(); ++i)
    fill[i] = i * 7 + 1;
  for (auto [x, y] : {std::pair{64u, 2u}, std::pair{8u, 8u}, std::pair{48u, 4u}})
    expectSameShape(kernel, x, y, x * y, 3072, fill);
}

// Registers computed once from the thread index (an address in shared memory, a global address,
// a setp with two destinations) are recomputed in each barrier region rather than loaded; a
// register assigned twice is not. Regions start with uniform and divergent branches, and the
// last threads leave before the final barrier, so some regions take the scheduler's path.
TEST(NativeCode, InvariantRowsAcrossBarrierRegionsMatchTheInterpreter) {
  const std::string kernel = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .shared .align 4 .b32 buf[512];
  .reg .b32 %r<24>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r9, [n];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %tid.y;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  shl.b32 %r5, %r4, 2;
  mov.u32 %r6, buf;
  add.s32 %r7, %r6, %r5;
  setp.lt.u32 %p1|%p2, %r1, 5;
  and.b32 %r8, %r4, 15;
  mul.wide.u32 %rd2, %r4, 4;
  add.s64 %rd3, %rd1, %rd2;
  mov.u32 %r10, 0;
  mov.u32 %r21, %r1;
  st.shared.u32 [%r7], %r4;
  bar.sync 0;
  @%p1 bra SKIP;
  ld.shared.u32 %r11, [%r7+4];
  add.s32 %r10, %r10, %r11;
SKIP:
  xor.b32 %r12, %r4, 1;
  shl.b32 %r13, %r12, 2;
  add.s32 %r14, %r6, %r13;
  ld.shared.u32 %r15, [%r14];
  add.s32 %r10, %r10, %r15;
  add.s32 %r10, %r10, %r21;
  shl.b32 %r21, %r1, 1;
  bar.sync 1;
  st.shared.u32 [%r7], %r10;
  bar.sync 1;
  setp.ge.u32 %p3, %r4, %r9;
  @%p3 bra DONE;
  ld.shared.u32 %r16, [%r7];
  selp.u32 %r17, 100, 200, %p2;
  add.s32 %r18, %r16, %r17;
  add.s32 %r19, %r18, %r8;
  add.s32 %r19, %r19, %r21;
  st.global.u32 [%rd3], %r19;
  bar.sync 0;
  ld.shared.u32 %r20, [%r7+32];
  st.global.u32 [%rd3+2048], %r20;
DONE:
  ret;
})";
  for (auto [x, y] :
       {std::pair{64u, 2u}, std::pair{8u, 8u}, std::pair{48u, 4u}, std::pair{40u, 1u}})
    expectSameShape(kernel, x, y, x * y - 3, 1024, {});
}

// Invariant rows that no barrier or call sees are not stored where they are computed: an exec
// function that reads one (rem is not compiled) finds it in memory all the same (the test fails
// when that store is left out), and so do the lanes of a divergent loop that spends its branch
// budget (odd lanes loop 5000 times, even ones 10) and of an if-then.
TEST(NativeCode, LazyInvariantRowsReachExecFunctionsAndTheScheduler) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<14>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r10, [n];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.wide.u32 %rd2, %r4, 4;
  add.s64 %rd3, %rd1, %rd2;
  mul.lo.u32 %r5, %r4, 13;
  rem.u32 %r6, %r5, 7;
  and.b32 %r11, %r1, 1;
  mad.lo.u32 %r12, %r11, 4990, 10;
  mov.u32 %r9, 0;
LOOP:
  add.u32 %r9, %r9, 1;
  setp.lt.u32 %p3, %r9, %r12;
  @%p3 bra LOOP;
  and.b32 %r7, %r1, 3;
  setp.eq.u32 %p1, %r7, 0;
  @%p1 bra SKIP;
  add.u32 %r6, %r6, %r5;
SKIP:
  add.u32 %r8, %r6, %r4;
  add.u32 %r8, %r8, %r9;
  setp.ge.u32 %p2, %r4, %r10;
  @%p2 bra DONE;
  st.global.u32 [%rd3], %r8;
DONE:
  ret;
})",
             90, 64, 128);
}

// A branch whose divergence hands the warp to the scheduler (its taken side is not straight-line
// code: a loop) does not make the invariant rows live across it stored where they are computed:
// the divergent path stores them (the test fails when it does not), and both groups read the
// element's address and index after they meet again.
TEST(NativeCode, LazyInvariantRowsReachTheSchedulerAtADivergentBranch) {
  expectSame(R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .reg .b32 %r<12>; .reg .b64 %rd<4>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mul.wide.u32 %rd2, %r4, 4;
  add.s64 %rd3, %rd1, %rd2;
  and.b32 %r7, %r1, 3;
  setp.eq.u32 %p1, %r7, 0;
  mov.u32 %r9, 0;
  @%p1 bra ELSE;
  mov.u32 %r8, %r4;
LOOP:
  add.u32 %r9, %r9, %r8;
  shr.u32 %r8, %r8, 1;
  setp.ne.u32 %p3, %r8, 0;
  @%p3 bra LOOP;
  bra.uni JOIN;
ELSE:
  mul.lo.u32 %r9, %r4, 3;
JOIN:
  add.u32 %r9, %r9, %r4;
  st.global.u32 [%rd3], %r9;
  ret;
})",
             96, 64, 128);
}

// Two rows of a 16-wide block in one warp: a row's lanes read one element of a tile row
// (broadcast per row) or 16 consecutive elements of a tile column, as a tiled matrix product
// does; other widths, a partial warp and an odd row count take the other paths.
TEST(NativeCode, TwoRowTileReadsMatchTheInterpreter) {
  const std::string kernel = R"(
.visible .entry k(.param .u64 out, .param .u32 n)
{
  .shared .align 4 .b32 tile[320];
  .reg .b32 %r<30>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u32 %r2, %tid.y;
  mov.u32 %r3, %ntid.x;
  mad.lo.s32 %r4, %r2, %r3, %r1;
  mov.u32 %r5, tile;
  shl.b32 %r6, %r4, 2;
  add.s32 %r7, %r5, %r6;
  mad.lo.s32 %r8, %r4, 3, 1;
  st.shared.u32 [%r7], %r8;
  bar.sync 0;
  shl.b32 %r9, %r2, 6;
  add.s32 %r10, %r5, %r9;
  shl.b32 %r11, %r1, 2;
  add.s32 %r12, %r5, %r11;
  ld.shared.u32 %r13, [%r10];
  ld.shared.u32 %r14, [%r10+4];
  ld.shared.u32 %r15, [%r10+8];
  ld.shared.u32 %r16, [%r12];
  ld.shared.u32 %r17, [%r12+64];
  ld.shared.u32 %r18, [%r12+128];
  mul.lo.s32 %r19, %r13, %r16;
  mad.lo.s32 %r19, %r14, %r17, %r19;
  mad.lo.s32 %r19, %r15, %r18, %r19;
  mul.wide.u32 %rd2, %r4, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r19;
  ret;
})";
  for (auto [x, y] : {std::pair{16u, 16u}, std::pair{16u, 8u}, std::pair{16u, 3u},
                      std::pair{32u, 4u}, std::pair{8u, 8u}})
    expectSameShape(kernel, x, y, x * y, 256, {});
}

} // namespace
} // namespace qiao::ptx::test
