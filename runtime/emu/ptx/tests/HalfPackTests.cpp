// Packed half conversions (cvt.rn.f16x2.f32 / .bf16x2, .relu, .satfinite), set with half
// destinations and packed half sources, tanh.approx on halves, and the f64 reciprocal seeds
// (rcp/rsqrt.approx.ftz.f64 keep only the upper word). Expected bits by hand.
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

// Runs `body` (PTX using %f1 = a, %f2 = b, %rd1 = out) on one thread; returns out[0..3].
std::vector<uint32_t> runOne(const std::string &body, float a, float b) {
  PtxRunner r;
  std::string ptx = std::string(kHeader) + R"(
.visible .entry k(.param .f32 a, .param .f32 b, .param .u64 out)
{
  .reg .b16 %h<8>; .reg .b32 %r<8>; .reg .f32 %f<8>; .reg .f64 %fd<8>; .reg .b64 %rd<4>;
  ld.param.f32 %f1, [a];
  ld.param.f32 %f2, [b];
  ld.param.u64 %rd1, [out];
)" + body + "\n  ret;\n}";
  if (!r.load(ptx))
    return {};
  auto *out = r.memory.array<uint32_t>(4);
  auto result = r.run("k", {1}, {1}, ParamPack().add(a).add(b).add(out));
  EXPECT_EQ(result.code, 0) << result.report;
  return {out, out + 4};
}

TEST(HalfPack, FloatPairsPackUpperFirst) {
  auto got = runOne(R"(
  cvt.rn.f16x2.f32 %r1, %f1, %f2;
  cvt.rn.bf16x2.f32 %r2, %f1, %f2;
  cvt.rn.relu.f16x2.f32 %r3, %f1, %f2;
  cvt.rn.satfinite.f16x2.f32 %r4, %f2, %f1;
  st.global.v4.u32 [%rd1], {%r1, %r2, %r3, %r4};)",
                    1.5f, -1.0e6f);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], 0x3e00fc00u); // 1.5 | -1e6 overflows to -inf in half
  EXPECT_EQ(got[1], 0x3fc0c974u); // bf16: 1.5 | -1e6 rounded (0xc974 = -999424)
  EXPECT_EQ(got[2], 0x3e000000u); // .relu: the negative half becomes +0
  EXPECT_EQ(got[3], 0xfbff3e00u); // .satfinite: -65504 instead of -inf, then 1.5
}

TEST(HalfPack, SetWritesHalfOnesAndPackedMasks) {
  auto got = runOne(R"(
  cvt.rn.f16x2.f32 %r1, %f1, %f2;
  cvt.rn.f16x2.f32 %r2, %f1, %f1;
  set.eq.f16x2.f16x2 %r3, %r1, %r2;
  set.eq.u32.f16x2 %r4, %r1, %r2;
  cvt.rn.f16.f32 %h1, %f1;
  set.ge.f16.f16 %h2, %h1, %h1;
  cvt.u32.u16 %r5, %h2;
  st.global.v2.u32 [%rd1], {%r3, %r4};
  st.global.u32 [%rd1+8], %r5;)",
                    2.0f, 3.0f);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], 0x3c000000u); // upper halves equal (1.0), lower differ (0)
  EXPECT_EQ(got[1], 0xffff0000u);
  EXPECT_EQ(got[2], 0x3c00u);
}

TEST(HalfPack, TanhOnHalves) {
  auto got = runOne(R"(
  cvt.rn.f16.f32 %h1, %f1;
  tanh.approx.f16 %h2, %h1;
  cvt.f32.f16 %f3, %h2;
  st.global.f32 [%rd1], %f3;)",
                    0.5f, 0.0f);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_NEAR(std::bit_cast<float>(got[0]), std::tanh(0.5f), 1e-3f);
}

TEST(HalfPack, DoubleReciprocalSeedsKeepTheUpperWord) {
  auto got = runOne(R"(
  cvt.f64.f32 %fd1, %f1;
  rcp.approx.ftz.f64 %fd2, %fd1;
  rsqrt.approx.ftz.f64 %fd3, %fd1;
  mov.b64 %rd2, %fd2;
  mov.b64 %rd3, %fd3;
  st.global.v2.u64 [%rd1], {%rd2, %rd3};)",
                    3.0f, 0.0f);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], 0u); // low words zero
  EXPECT_EQ(got[2], 0u);
  uint64_t rcpBits = uint64_t(got[1]) << 32, rsqrtBits = uint64_t(got[3]) << 32;
  // 20 bits of significand survive: within 2^-20 of the true value.
  EXPECT_NEAR(std::bit_cast<double>(rcpBits), 1.0 / 3.0, 1.0 / 3.0 * 0x1p-20);
  EXPECT_NEAR(std::bit_cast<double>(rsqrtBits), 1.0 / std::sqrt(3.0), 0x1p-20);
}

} // namespace
} // namespace qiao::ptx::test
