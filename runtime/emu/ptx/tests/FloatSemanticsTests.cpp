// The scalar float semantics of FloatSemantics.h: exact conversions to and from the narrow
// formats, correctly rounded f32 operations in every rounding mode, and the special-value rules
// of min/max/copysign/testp/.sat/.ftz. Expected values are worked out by hand from the formats'
// definitions; the randomized checks compare with the host's own IEEE operations under fesetround.
#include "ptx/FloatSemantics.h"

#include <gtest/gtest.h>

#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <random>

namespace qiao::ptx {
namespace {

uint32_t bitsOf(float f) { return std::bit_cast<uint32_t>(f); }
uint64_t bitsOf(double d) { return std::bit_cast<uint64_t>(d); }
float floatOf(uint32_t b) { return std::bit_cast<float>(b); }

TEST(FloatSemantics, HalfToFloatDecodesEveryClass) {
  EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(halfToFloat(0xc000), -2.0f);
  EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), 0x1p-24f);
  EXPECT_EQ(halfToFloat(0x03ff), 1023 * 0x1p-24f);
  EXPECT_EQ(halfToFloat(0x0400), 0x1p-14f);
  EXPECT_EQ(halfToFloat(0x3555), 0x1.554p-2f);
  EXPECT_EQ(halfToFloat(0x7c00), INFINITY);
  EXPECT_EQ(halfToFloat(0xfc00), -INFINITY);
  EXPECT_TRUE(std::isnan(halfToFloat(0x7e00)));
  EXPECT_EQ(bitsOf(halfToFloat(0x8000)), 0x80000000u);
}

TEST(FloatSemantics, FloatToHalfRoundsNearestEven) {
  EXPECT_EQ(floatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(floatToHalf(-2.0f), 0xc000);
  EXPECT_EQ(floatToHalf(65504.0f), 0x7bff);
  EXPECT_EQ(floatToHalf(65519.0f), 0x7bff);            // below the midpoint 65520
  EXPECT_EQ(floatToHalf(65520.0f), 0x7c00);            // the midpoint rounds to even: infinity
  EXPECT_EQ(floatToHalf(1.0f + 0x1p-11f), 0x3c00);     // tie, even below
  EXPECT_EQ(floatToHalf(1.0f + 3 * 0x1p-11f), 0x3c02); // tie, even above
  EXPECT_EQ(floatToHalf(1.0f + 0x1p-11f + 0x1p-20f), 0x3c01);
  EXPECT_EQ(floatToHalf(0x1p-25f), 0x0000); // half the smallest subnormal: even is 0
  EXPECT_EQ(floatToHalf(1.5f * 0x1p-25f), 0x0001);
  EXPECT_EQ(floatToHalf(0x1p-14f - 0x1p-25f), 0x0400); // tie between 0x3ff and 0x400
  EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(floatToHalf(-INFINITY), 0xfc00);
  EXPECT_EQ(floatToHalf(NAN), kCanonicalNanF16);
}

TEST(FloatSemantics, FloatToHalfDirectedModes) {
  EXPECT_EQ(floatToHalf(65520.0f, Rounding::Rz), 0x7bff);
  EXPECT_EQ(floatToHalf(1e10f, Rounding::Rz), 0x7bff);
  EXPECT_EQ(floatToHalf(1e10f, Rounding::Rm), 0x7bff);
  EXPECT_EQ(floatToHalf(1e10f, Rounding::Rp), 0x7c00);
  EXPECT_EQ(floatToHalf(-1e10f, Rounding::Rm), 0xfc00);
  EXPECT_EQ(floatToHalf(-1e10f, Rounding::Rp), 0xfbff);
  EXPECT_EQ(floatToHalf(0x1p-40f, Rounding::Rp), 0x0001);
  EXPECT_EQ(floatToHalf(0x1p-40f, Rounding::Rm), 0x0000);
  EXPECT_EQ(floatToHalf(-0x1p-40f, Rounding::Rm), 0x8001);
  EXPECT_EQ(floatToHalf(-0x1p-40f, Rounding::Rz), 0x8000);
  EXPECT_EQ(floatToHalf(1.0f + 0x1p-20f, Rounding::Rp), 0x3c01);
  EXPECT_EQ(floatToHalf(1.0f + 0x1p-20f, Rounding::Rz), 0x3c00);
  EXPECT_EQ(floatToHalf(-1.0f - 0x1p-20f, Rounding::Rm), 0xbc01);
  EXPECT_EQ(floatToHalf(1.0f + 0x1p-11f, Rounding::Rna), 0x3c01); // tie away from zero
}

TEST(FloatSemantics, HalfRoundTripIsIdentityForEveryNonNan) {
  for (uint32_t h = 0; h <= 0xffff; ++h) {
    bool nan = (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0;
    if (nan)
      continue;
    ASSERT_EQ(floatToHalf(halfToFloat(static_cast<uint16_t>(h))), h) << std::hex << h;
  }
}

TEST(FloatSemantics, Bf16Conversions) {
  EXPECT_EQ(bf16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(bf16ToFloat(0x4049), 3.140625f);
  EXPECT_EQ(floatToBf16(1.0f), 0x3f80);
  EXPECT_EQ(floatToBf16(floatOf(0x3f808000)), 0x3f80); // tie, even below
  EXPECT_EQ(floatToBf16(floatOf(0x3f818000)), 0x3f82); // tie, even above
  EXPECT_EQ(floatToBf16(floatOf(0x3f808001)), 0x3f81);
  EXPECT_EQ(floatToBf16(floatOf(0x7f7fffff)), 0x7f80); // FLT_MAX rounds up to infinity
  EXPECT_EQ(floatToBf16(floatOf(0x7f7fffff), Rounding::Rz), 0x7f7f);
  EXPECT_EQ(floatToBf16(floatOf(0x00000001)), 0x0000); // far below the smallest bf16 subnormal
  EXPECT_EQ(floatToBf16(floatOf(0x00008000)), 0x0000); // tie with 0: even
  EXPECT_EQ(floatToBf16(floatOf(0x00018000)), 0x0002); // tie between 1 and 2: even
  EXPECT_EQ(floatToBf16(floatOf(0x00000001), Rounding::Rp), 0x0001);
  EXPECT_EQ(floatToBf16(NAN), kCanonicalNanBF16);
  for (uint32_t b = 0; b <= 0xffff; ++b) {
    if ((b & 0x7f80) == 0x7f80 && (b & 0x7f) != 0)
      continue;
    ASSERT_EQ(floatToBf16(bf16ToFloat(static_cast<uint16_t>(b))), b) << std::hex << b;
  }
}

TEST(FloatSemantics, DoubleToFloatEveryMode) {
  double justAboveOne = 1.0 + 0x1p-30;
  EXPECT_EQ(doubleToFloat(justAboveOne, Rounding::Rn), 1.0f);
  EXPECT_EQ(doubleToFloat(justAboveOne, Rounding::Rz), 1.0f);
  EXPECT_EQ(doubleToFloat(justAboveOne, Rounding::Rm), 1.0f);
  EXPECT_EQ(doubleToFloat(justAboveOne, Rounding::Rp), 1.0f + 0x1p-23f);
  EXPECT_EQ(doubleToFloat(-justAboveOne, Rounding::Rm), -1.0f - 0x1p-23f);
  EXPECT_EQ(doubleToFloat(-justAboveOne, Rounding::Rp), -1.0f);
  EXPECT_EQ(doubleToFloat(1e39, Rounding::Rn), INFINITY);
  EXPECT_EQ(doubleToFloat(1e39, Rounding::Rz), floatOf(0x7f7fffff));
  EXPECT_EQ(doubleToFloat(1e39, Rounding::Rm), floatOf(0x7f7fffff));
  EXPECT_EQ(doubleToFloat(-1e39, Rounding::Rm), -INFINITY);
  EXPECT_EQ(doubleToFloat(0x1p-150, Rounding::Rn), 0.0f); // tie with 0
  EXPECT_EQ(doubleToFloat(1.5 * 0x1p-150, Rounding::Rn), 0x1p-149f);
  EXPECT_EQ(doubleToFloat(0x1p-200, Rounding::Rp), 0x1p-149f);
  EXPECT_EQ(bitsOf(doubleToFloat(-0x1p-200, Rounding::Rz)), 0x80000000u);
  EXPECT_EQ(bitsOf(doubleToFloat(NAN, Rounding::Rz)), kCanonicalNanF32);
  EXPECT_EQ(bitsOf(doubleToFloat(0x1p-1074, Rounding::Rp)), 0x00000001u); // double subnormal
}

TEST(FloatSemantics, F32AddRoundsInEachMode) {
  EXPECT_EQ(f32Add(1.0f, 0x1p-24f, Rounding::Rn), 1.0f); // tie, even
  EXPECT_EQ(f32Add(1.0f, 0x1p-24f, Rounding::Rp), 1.0f + 0x1p-23f);
  EXPECT_EQ(f32Add(1.0f, 0x1p-24f, Rounding::Rz), 1.0f);
  EXPECT_EQ(f32Add(1.0f, 0x1p-24f, Rounding::Rm), 1.0f);
  // The small addend lies far below double precision too: only round to odd keeps its sign.
  EXPECT_EQ(f32Add(1e30f, 1e-30f, Rounding::Rp), std::nextafter(1e30f, INFINITY));
  EXPECT_EQ(f32Add(1e30f, -1e-30f, Rounding::Rz), std::nextafter(1e30f, 0.0f));
  EXPECT_EQ(f32Add(1e30f, -1e-30f, Rounding::Rn), 1e30f);
  EXPECT_EQ(f32Add(-1.0f, 0x1p-30f, Rounding::Rz), -1.0f + 0x1p-24f);
  EXPECT_EQ(f32Add(-1.0f, 0x1p-30f, Rounding::Rm), -1.0f);
  EXPECT_EQ(bitsOf(f32Add(1.0f, -1.0f, Rounding::Rm)), 0x80000000u);
  EXPECT_EQ(bitsOf(f32Add(1.0f, -1.0f, Rounding::Rz)), 0x00000000u);
  EXPECT_EQ(bitsOf(f32Add(-0.0f, -0.0f, Rounding::Rp)), 0x80000000u);
  EXPECT_EQ(f32Add(floatOf(0x7f7fffff), floatOf(0x7f7fffff), Rounding::Rz), floatOf(0x7f7fffff));
  EXPECT_TRUE(std::isnan(f32Add(INFINITY, -INFINITY, Rounding::Rp)));
  EXPECT_EQ(f32Sub(1.0f, 0x1p-25f, Rounding::Rm), 1.0f - 0x1p-24f);
  EXPECT_EQ(f32Sub(1.0f, 0x1p-25f, Rounding::Rn), 1.0f);
}

TEST(FloatSemantics, F32MulAndFmaRoundOnce) {
  float a = 1.0f + 0x1p-23f; // a*a = 1 + 2^-22 + 2^-46
  EXPECT_EQ(bitsOf(f32Mul(a, a, Rounding::Rn)), 0x3f800002u);
  EXPECT_EQ(bitsOf(f32Mul(a, a, Rounding::Rz)), 0x3f800002u);
  EXPECT_EQ(bitsOf(f32Mul(a, a, Rounding::Rp)), 0x3f800003u);
  EXPECT_EQ(bitsOf(f32Mul(-a, a, Rounding::Rm)), 0xbf800003u);
  // Fused: (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly, where an unfused product gives 0.
  EXPECT_EQ(f32Fma(a, 1.0f - 0x1p-23f, -1.0f, Rounding::Rn), -0x1p-46f);
  EXPECT_EQ(f32Fma(a, a, 0x1p-24f, Rounding::Rn), 1.0f + 3 * 0x1p-23f);
  EXPECT_EQ(bitsOf(f32Fma(1.0f, 1.0f, -1.0f, Rounding::Rm)), 0x80000000u);
  EXPECT_EQ(bitsOf(f32Fma(1.0f, 1.0f, -1.0f, Rounding::Rn)), 0x00000000u);
  EXPECT_EQ(f32Fma(0x1p-100f, 0x1p-100f, 1.0f, Rounding::Rp), 1.0f + 0x1p-23f);
  EXPECT_EQ(fmaNearestF32(a, 1.0f - 0x1p-23f, -1.0f), -0x1p-46f);
  EXPECT_EQ(fmaNearestF32(a, a, 0x1p-24f), 1.0f + 3 * 0x1p-23f);
  EXPECT_EQ(fmaNearestF32(INFINITY, 2.0f, 1.0f), INFINITY);
  EXPECT_EQ(fmaNearestF32(-INFINITY, 2.0f, 1.0f), -INFINITY);
  EXPECT_TRUE(std::isnan(fmaNearestF32(INFINITY, 0.0f, 1.0f)));
  EXPECT_EQ(bitsOf(fmaNearestF32(-0.0f, 1.0f, -0.0f)), 0x80000000u);
  EXPECT_EQ(f32Fma(0x1p-100f, -0x1p-100f, 1.0f, Rounding::Rz), 1.0f - 0x1p-24f);
}

TEST(FloatSemantics, F32DivSqrtRcpDirected) {
  EXPECT_EQ(f32Div(1.0f, 3.0f, Rounding::Rn), 1.0f / 3.0f);
  EXPECT_EQ(bitsOf(f32Div(1.0f, 3.0f, Rounding::Rz)), 0x3eaaaaaau);
  EXPECT_EQ(bitsOf(f32Div(1.0f, 3.0f, Rounding::Rp)), 0x3eaaaaabu);
  EXPECT_EQ(bitsOf(f32Div(-1.0f, 3.0f, Rounding::Rm)), 0xbeaaaaabu);
  EXPECT_EQ(bitsOf(f32Div(1.0f, -3.0f, Rounding::Rp)), 0xbeaaaaaau);
  EXPECT_EQ(f32Div(6.0f, 3.0f, Rounding::Rp), 2.0f);
  EXPECT_EQ(f32Div(1.0f, 0.0f, Rounding::Rz), INFINITY);
  EXPECT_EQ(bitsOf(f32Sqrt(2.0f, Rounding::Rz)), 0x3fb504f3u); // sqrt 2 = 1.41421356: 0x...f3 below
  EXPECT_EQ(bitsOf(f32Sqrt(2.0f, Rounding::Rn)), 0x3fb504f3u);
  EXPECT_EQ(bitsOf(f32Sqrt(2.0f, Rounding::Rp)), 0x3fb504f4u);
  EXPECT_EQ(f32Sqrt(4.0f, Rounding::Rm), 2.0f);
  EXPECT_TRUE(std::isnan(f32Sqrt(-1.0f, Rounding::Rp)));
  EXPECT_EQ(bitsOf(f32Rcp(3.0f, Rounding::Rz)), 0x3eaaaaaau);
  EXPECT_EQ(f32DivApprox(1.0f, 0x1p127f), 0.0f); // the documented large-divisor quirk
  EXPECT_EQ(f32DivApprox(3.0f, 2.0f), 1.5f);
}

// The host's IEEE operations under fesetround are the reference for random operands with few
// significant bits (so that ties and near-ties are common).
float randomFloat(std::mt19937 &rng) {
  std::uniform_int_distribution<int> mantissa(0, (1 << 12) - 1), exponent(-30, 30), sign(0, 1);
  float v = std::ldexp(1.0f + mantissa(rng) * 0x1p-12f, exponent(rng));
  if (rng() % 3 == 0)
    v = std::ldexp(v, -20) + std::ldexp(1.0f, exponent(rng));
  return sign(rng) ? -v : v;
}

TEST(FloatSemantics, F32OperationsMatchHostInEveryMode) {
  std::mt19937 rng(12345);
  const std::pair<Rounding, int> modes[] = {{Rounding::Rn, FE_TONEAREST},
                                            {Rounding::Rz, FE_TOWARDZERO},
                                            {Rounding::Rm, FE_DOWNWARD},
                                            {Rounding::Rp, FE_UPWARD}};
  for (int i = 0; i < 20000; ++i) {
    volatile float a = randomFloat(rng), b = randomFloat(rng), c = randomFloat(rng);
    for (auto [mode, host] : modes) {
      std::fesetround(host);
      volatile float sum = a + b, product = a * b, quotient = a / b;
      volatile float fused = std::fma(a, b, c);
      volatile float root = std::sqrt(std::fabs(a));
      std::fesetround(FE_TONEAREST);
      ASSERT_EQ(bitsOf(f32Add(a, b, mode)), bitsOf(float(sum))) << a << " + " << b;
      ASSERT_EQ(bitsOf(f32Mul(a, b, mode)), bitsOf(float(product))) << a << " * " << b;
      ASSERT_EQ(bitsOf(f32Div(a, b, mode)), bitsOf(float(quotient))) << a << " / " << b;
      ASSERT_EQ(bitsOf(f32Fma(a, b, c, mode)), bitsOf(float(fused))) << a << " " << b << " " << c;
      if (mode == Rounding::Rn) {
        ASSERT_EQ(bitsOf(fmaNearestF32(a, b, c)), bitsOf(float(fused)))
            << a << " " << b << " " << c;
      }
      ASSERT_EQ(bitsOf(f32Sqrt(std::fabs(a), mode)), bitsOf(float(root))) << a;
    }
  }
}

TEST(FloatSemantics, F64DirectedModes) {
  double third = 1.0 / 3.0;
  EXPECT_EQ(f64Div(1.0, 3.0, Rounding::Rn), third);
  EXPECT_EQ(f64Div(1.0, 3.0, Rounding::Rz), third); // 1/3 rounds down
  EXPECT_EQ(f64Div(1.0, 3.0, Rounding::Rp), std::nextafter(third, 1.0));
  EXPECT_EQ(f64Add(1.0, 0x1p-60, Rounding::Rp), 1.0 + 0x1p-52);
  EXPECT_EQ(f64Add(1.0, 0x1p-60, Rounding::Rn), 1.0);
  EXPECT_EQ(f64Sub(1.0, 0x1p-60, Rounding::Rz), 1.0 - 0x1p-53);
  EXPECT_EQ(f64Mul(1.0 + 0x1p-52, 1.0 + 0x1p-52, Rounding::Rp), 1.0 + 3 * 0x1p-52);
  EXPECT_EQ(f64Mul(1.0 + 0x1p-52, 1.0 + 0x1p-52, Rounding::Rz), 1.0 + 2 * 0x1p-52);
  EXPECT_EQ(f64Fma(1.0 + 0x1p-52, 1.0 - 0x1p-52, -1.0, Rounding::Rn), -0x1p-104);
  EXPECT_EQ(f64Fma(0x1p-600, 0x1p-600, 1.0, Rounding::Rp), 1.0 + 0x1p-52);
  EXPECT_EQ(f64Sqrt(2.0, Rounding::Rp), std::sqrt(2.0)); // the nearest double is above
  EXPECT_EQ(f64Sqrt(2.0, Rounding::Rz), std::nextafter(std::sqrt(2.0), 0.0));
  EXPECT_EQ(bitsOf(f64Add(1.0, -1.0, Rounding::Rm)), 0x8000000000000000ull);
  EXPECT_EQ(std::fegetround(), FE_TONEAREST); // the scope restored the host mode
}

TEST(FloatSemantics, FlushAndSaturate) {
  EXPECT_EQ(bitsOf(flushF32(floatOf(0x00000001))), 0x00000000u);
  EXPECT_EQ(bitsOf(flushF32(floatOf(0x807fffff))), 0x80000000u);
  EXPECT_EQ(flushF32(0x1p-126f), 0x1p-126f); // smallest normal stays
  EXPECT_EQ(bitsOf(flushF64(-0x1p-1074)), 0x8000000000000000ull);
  EXPECT_EQ(saturateUnit(1.5f), 1.0f);
  EXPECT_EQ(saturateUnit(0.25f), 0.25f);
  EXPECT_EQ(bitsOf(saturateUnit(-3.0f)), 0u);
  EXPECT_EQ(bitsOf(saturateUnit(-0.0f)), 0u);
  EXPECT_EQ(bitsOf(saturateUnit(NAN)), 0u);
  EXPECT_EQ(saturateUnit(INFINITY), 1.0f);
  EXPECT_EQ(bitsOf(canonicalF32(floatOf(0xffc00001))), kCanonicalNanF32);
}

TEST(FloatSemantics, MinMaxNanAndSignedZero) {
  EXPECT_EQ(floatMin(1.0f, NAN, false), 1.0f);
  EXPECT_EQ(floatMin(NAN, -2.0f, false), -2.0f);
  EXPECT_TRUE(std::isnan(floatMin(NAN, NAN, false)));
  EXPECT_TRUE(std::isnan(floatMin(1.0f, NAN, true)));
  EXPECT_EQ(floatMin(1.0f, 2.0f, true), 1.0f);
  EXPECT_EQ(floatMax(1.0f, NAN, false), 1.0f);
  EXPECT_EQ(floatMax(-1.0f, -2.0f, false), -1.0f);
  EXPECT_EQ(bitsOf(floatMin(0.0f, -0.0f, false)), 0x80000000u);
  EXPECT_EQ(bitsOf(floatMin(-0.0f, 0.0f, false)), 0x80000000u);
  EXPECT_EQ(bitsOf(floatMax(-0.0f, 0.0f, false)), 0x00000000u);
  EXPECT_EQ(bitsOf(floatMax(0.0f, -0.0f, false)), 0x00000000u);
  EXPECT_EQ(floatMinMaxXorSign(-3.0f, 2.0f, false, false), -2.0f);
  EXPECT_EQ(floatMinMaxXorSign(-3.0f, -2.0f, true, false), 3.0f);
  EXPECT_EQ(floatMinMaxXorSign(3.0f, -2.0f, true, false), -3.0f);
  EXPECT_EQ(ptxCopysign(-1.0f, 5.0f), -5.0f);
  EXPECT_EQ(ptxCopysign(1.0, -5.0), 5.0);
}

TEST(FloatSemantics, TestpClasses) {
  const float sub = floatOf(0x00000010);
  EXPECT_TRUE(testFloatClass(1.0f, FloatClass::Finite));
  EXPECT_FALSE(testFloatClass(INFINITY, FloatClass::Finite));
  EXPECT_FALSE(testFloatClass(NAN, FloatClass::Finite));
  EXPECT_TRUE(testFloatClass(-INFINITY, FloatClass::Infinite));
  EXPECT_FALSE(testFloatClass(NAN, FloatClass::Infinite));
  EXPECT_TRUE(testFloatClass(INFINITY, FloatClass::Number));
  EXPECT_FALSE(testFloatClass(NAN, FloatClass::Number));
  EXPECT_TRUE(testFloatClass(NAN, FloatClass::NotANumber));
  EXPECT_TRUE(testFloatClass(1.0f, FloatClass::Normal));
  EXPECT_FALSE(testFloatClass(0.0f, FloatClass::Normal));
  EXPECT_FALSE(testFloatClass(sub, FloatClass::Normal));
  EXPECT_TRUE(testFloatClass(sub, FloatClass::Subnormal));
  EXPECT_FALSE(testFloatClass(0.0f, FloatClass::Subnormal));
  EXPECT_TRUE(testFloatClass(0x1p-1070, FloatClass::Subnormal));
}

TEST(FloatSemantics, HalfArithmetic) {
  const uint16_t one = 0x3c00, two = 0x4000, three = 0x4200, half = 0x3800;
  EXPECT_EQ(kHalfF16.add(one, two, Rounding::Rn), three);
  EXPECT_EQ(kHalfF16.sub(one, two, Rounding::Rn), 0xbc00);
  EXPECT_EQ(kHalfF16.mul(three, half, Rounding::Rn), 0x3e00); // 1.5
  EXPECT_EQ(kHalfF16.add(one, 0x1000, Rounding::Rn), one);    // 1 + 2^-11: tie to even
  EXPECT_EQ(kHalfF16.add(0x7bff, 0x7bff, Rounding::Rn), 0x7c00);
  // fma(1 + 2^-10, 1 - 2^-11, -1) = 2^-11 - 2^-21 exactly (0x0ffe); unfused it would be 2^-11
  EXPECT_EQ(kHalfF16.fma(0x3c01, 0x3bff, 0xbc00, Rounding::Rn), 0x0ffe);
  EXPECT_EQ(kHalfF16.fma(two, three, one, Rounding::Rn), 0x4700); // 7
  EXPECT_EQ(kHalfF16.neg(one), 0xbc00);
  EXPECT_EQ(kHalfF16.abs(0xbc00), one);
  EXPECT_EQ(kHalfF16.min(one, 0x7e00, false), one);
  EXPECT_EQ(kHalfF16.min(one, 0x7e00, true), kCanonicalNanF16);
  EXPECT_EQ(kHalfF16.max(0x8000, 0x0000, false), 0x0000);
  EXPECT_EQ(kHalfF16.minMaxXorSign(0xc200, two, false, false), 0xc000); // -3, 2 -> -2
  EXPECT_EQ(kHalfF16.flush(0x0001), 0x0000);
  EXPECT_EQ(kHalfF16.flush(0x83ff), 0x8000);
  EXPECT_EQ(kHalfF16.flush(0x0400), 0x0400);
  EXPECT_EQ(kHalfF16.saturate(three), one);
  EXPECT_EQ(kHalfF16.saturate(0xbc00), 0x0000);
  EXPECT_EQ(kHalfF16.relu(0xbc00), 0x0000);
  EXPECT_EQ(kHalfF16.relu(three), three);
  EXPECT_EQ(kHalfF16.relu(0x7e01), kCanonicalNanF16);
  EXPECT_EQ(kHalfF16.add(0x7c00, 0xfc00, Rounding::Rn), kCanonicalNanF16);
}

TEST(FloatSemantics, Bf16Arithmetic) {
  const uint16_t one = 0x3f80, two = 0x4000, three = 0x4040;
  EXPECT_EQ(kHalfBF16.add(one, two, Rounding::Rn), three);
  EXPECT_EQ(kHalfBF16.mul(three, three, Rounding::Rn), 0x4110);   // 9
  EXPECT_EQ(kHalfBF16.add(one, 0x3b80, Rounding::Rn), one);       // 1 + 2^-8: tie to even
  EXPECT_EQ(kHalfBF16.add(0x3f81, 0x3b80, Rounding::Rn), 0x3f82); // tie to even, above
  // 2^-100 * 1 + 1: beyond double precision from 1, kept only by round to odd.
  EXPECT_EQ(kHalfBF16.fma(0x0d80, one, one, Rounding::Rp), 0x3f81);
  EXPECT_EQ(kHalfBF16.fma(0x0d80, one, one, Rounding::Rn), one);
  EXPECT_EQ(kHalfBF16.fma(one, one, 0x3b80, Rounding::Rn), 0x3f80 + 0); // 1 + 2^-8: tie, even
  EXPECT_EQ(kHalfBF16.neg(one), 0xbf80);
  EXPECT_EQ(kHalfBF16.max(0xbf80, one, false), one);
  EXPECT_EQ(kHalfBF16.relu(0xbf80), 0x0000);
}

TEST(FloatSemantics, RoundToOddKeepsDoubleRoundingAway) {
  // 1 + 2^-24 + 2^-80: nearest double is the f32 tie 1 + 2^-24, which would round to 1.0f;
  // the exact sum is above the tie and must round up.
  double odd = addToOdd(1.0 + 0x1p-24, 0x1p-80);
  EXPECT_EQ(static_cast<float>(odd), 1.0f + 0x1p-23f);
  EXPECT_EQ(addToOdd(1.0, 0x1p-24), 1.0 + 0x1p-24); // exact sums are left alone
  EXPECT_EQ(stickyOdd(2.0, -0x1p-80), std::nextafter(2.0, 0.0));
}

// ex2.approx.f32 in single precision: within an ulp of 2^a for every float whose result is
// normal (here every 241st float of [-151, 129], both signs, about 9 million; the whole range
// was checked once, worst 0.993 ulp), exact at the integers down to the subnormals, and the
// range's ends rounded once: 0 below 2^-150, infinity from 2^128.
TEST(FloatSemantics, Ex2ApproxIsWithinAnUlp) {
  double worst = 0;
  float worstAt = 0;
  for (uint32_t sign : {0u, 0x80000000u})
    for (uint32_t magnitude = 0; floatOf(magnitude) <= 151.0f; magnitude += 241) {
      const float a = floatOf(sign | magnitude);
      const double exact = std::exp2(double{a});
      const float nearest = static_cast<float>(exact);
      if (!std::isnormal(nearest))
        continue;
      const double ulp = std::ldexp(1.0, std::ilogb(nearest) - 23);
      const double error = std::fabs(double{f32Ex2Approx(a)} - exact) / ulp;
      if (error > worst)
        worst = error, worstAt = a;
    }
  EXPECT_LT(worst, 1.0) << "at " << worstAt;
  for (int n = -149; n <= 127; ++n)
    EXPECT_EQ(f32Ex2Approx(static_cast<float>(n)), std::ldexp(1.0f, n)) << n;
  EXPECT_EQ(bitsOf(f32Ex2Approx(-150.5f)), 0u);
  EXPECT_EQ(f32Ex2Approx(-INFINITY), 0.0f);
  EXPECT_EQ(f32Ex2Approx(128.0f), INFINITY);
  EXPECT_EQ(f32Ex2Approx(INFINITY), INFINITY);
  EXPECT_EQ(f32Ex2Approx(-149.5f), 0x1p-149f) << "2^-149.5 rounds to the least subnormal";
  EXPECT_TRUE(std::isnan(f32Ex2Approx(NAN)));
}

} // namespace
} // namespace qiao::ptx
