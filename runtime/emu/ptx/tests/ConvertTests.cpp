// cvt: convertCell (ConvertSemantics.h) against values worked out by hand from the PTX ISA's
// rules (rounding modes, saturation, NaN, .ftz, .relu, the register-size rules), the fast loops
// held equal to it, then cvt run as PTX kernels over a full and a partial warp.
#include "OpKernel.h"
#include "PtxHarness.h"
#include "ptx/ConvertSemantics.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace qiao::ptx::test {
namespace {

uint64_t cvt(Type dst, Type src, uint64_t cell, Rounding r = Rounding::None, bool sat = false,
             bool ftz = false, bool relu = false) {
  ConvertSpec spec;
  spec.dst = dst, spec.src = src, spec.rounding = r, spec.sat = sat, spec.ftz = ftz;
  spec.relu = relu;
  return convertCell(cell, spec);
}
uint64_t f32(float f) { return std::bit_cast<uint32_t>(f); }
uint64_t f64(double d) { return std::bit_cast<uint64_t>(d); }
uint64_t s32(int32_t v) { return static_cast<uint32_t>(v); }

TEST(ConvertSemantics, IntegerToInteger) {
  EXPECT_EQ(cvt(Type::S8, Type::S32, s32(384)), 0xffffffffffffff80ull); // low byte, sign-extended
  EXPECT_EQ(cvt(Type::S8, Type::S32, s32(384), Rounding::None, true), 0x7fu);
  EXPECT_EQ(cvt(Type::S8, Type::S32, s32(-300), Rounding::None, true), 0xffffffffffffff80ull);
  EXPECT_EQ(cvt(Type::U32, Type::U8, 0x1ff), 0xffu);      // reads the low 8 bits
  EXPECT_EQ(cvt(Type::S32, Type::S8, 0x80), 0xffffff80u); // sign-extends the source
  EXPECT_EQ(cvt(Type::S64, Type::S32, s32(-2)), 0xfffffffffffffffeull);
  EXPECT_EQ(cvt(Type::U64, Type::S32, s32(-2)), 0xfffffffffffffffeull);
  EXPECT_EQ(cvt(Type::U64, Type::U32, 0xfffffffeu), 0xfffffffeu);
  EXPECT_EQ(cvt(Type::U16, Type::U32, 70000, Rounding::None, true), 65535u);
  EXPECT_EQ(cvt(Type::U16, Type::U32, 70000), 70000u & 0xffff);
  EXPECT_EQ(cvt(Type::U32, Type::S32, s32(-5), Rounding::None, true), 0u);
  EXPECT_EQ(cvt(Type::S32, Type::U32, 0x80000000u, Rounding::None, true), 0x7fffffffu);
  EXPECT_EQ(cvt(Type::U32, Type::S64, static_cast<uint64_t>(int64_t{-1}), Rounding::None, true),
            0u);
  EXPECT_EQ(cvt(Type::S16, Type::U64, ~uint64_t{0}, Rounding::None, true), 0x7fffu);
}

TEST(ConvertSemantics, FloatToIntegerRoundsNanToZeroAndClamps) {
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(2.5f), Rounding::Rni), 2u);
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(3.5f), Rounding::Rni), 4u);
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(-2.5f), Rounding::Rni), s32(-2));
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(2.7f), Rounding::Rzi), 2u);
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(-2.7f)), s32(-2)); // .rzi when none is written
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(-2.2f), Rounding::Rmi), s32(-3));
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(2.2f), Rounding::Rpi), 3u);
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(NAN), Rounding::Rni), 0u);
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(3e9f), Rounding::Rzi), 0x7fffffffu);
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(-3e9f), Rounding::Rzi), 0x80000000u);
  EXPECT_EQ(cvt(Type::S32, Type::F32, f32(INFINITY), Rounding::Rzi), 0x7fffffffu);
  EXPECT_EQ(cvt(Type::U32, Type::F32, f32(-1.0f), Rounding::Rzi), 0u);
  EXPECT_EQ(cvt(Type::U32, Type::F32, f32(5e9f), Rounding::Rzi), 0xffffffffu);
  EXPECT_EQ(cvt(Type::U8, Type::F32, f32(300.0f), Rounding::Rzi), 255u);
  EXPECT_EQ(cvt(Type::U8, Type::F32, f32(-1.0f), Rounding::Rzi), 0u);
  EXPECT_EQ(cvt(Type::S8, Type::F32, f32(-200.0f), Rounding::Rzi), 0xffffffffffffff80ull);
  EXPECT_EQ(cvt(Type::S64, Type::F64, f64(1e19), Rounding::Rzi), 0x7fffffffffffffffull);
  EXPECT_EQ(cvt(Type::S64, Type::F64, f64(-1e19), Rounding::Rzi), 0x8000000000000000ull);
  EXPECT_EQ(cvt(Type::U64, Type::F64, f64(0x1p64), Rounding::Rzi), ~uint64_t{0});
  EXPECT_EQ(cvt(Type::U64, Type::F64, f64(0x1p63), Rounding::Rzi), 0x8000000000000000ull);
  EXPECT_EQ(cvt(Type::S64, Type::F64, f64(-0x1p63), Rounding::Rzi), 0x8000000000000000ull);
  EXPECT_EQ(cvt(Type::S32, Type::F16, 0xc100, Rounding::Rni), s32(-2)); // f16 -2.5
  EXPECT_EQ(cvt(Type::U32, Type::BF16, 0x4040, Rounding::Rzi), 3u);     // bf16 3.0
}

TEST(ConvertSemantics, IntegerToFloatRoundsInEveryMode) {
  EXPECT_EQ(cvt(Type::F32, Type::U32, 16777217u, Rounding::Rn), 0x4b800000u);
  EXPECT_EQ(cvt(Type::F32, Type::U32, 16777217u), 0x4b800000u);
  EXPECT_EQ(cvt(Type::F32, Type::U32, 16777217u, Rounding::Rz), 0x4b800000u);
  EXPECT_EQ(cvt(Type::F32, Type::U32, 16777217u, Rounding::Rp), 0x4b800001u);
  EXPECT_EQ(cvt(Type::F32, Type::S32, s32(-16777217), Rounding::Rm), 0xcb800001u);
  EXPECT_EQ(cvt(Type::F32, Type::S32, s32(-16777217), Rounding::Rz), 0xcb800000u);
  EXPECT_EQ(cvt(Type::F64, Type::U64, (uint64_t{1} << 53) + 1, Rounding::Rn), f64(0x1p53));
  EXPECT_EQ(cvt(Type::F64, Type::U64, (uint64_t{1} << 53) + 1, Rounding::Rp), f64(0x1p53 + 2));
  EXPECT_EQ(cvt(Type::F64, Type::U64, ~uint64_t{0}, Rounding::Rn), 0x43f0000000000000ull);
  EXPECT_EQ(cvt(Type::F64, Type::U64, ~uint64_t{0}, Rounding::Rz), 0x43efffffffffffffull);
  EXPECT_EQ(cvt(Type::F64, Type::S64, 0x8000000000000000ull, Rounding::Rn), f64(-0x1p63));
  EXPECT_EQ(cvt(Type::F32, Type::U64, ~uint64_t{0}, Rounding::Rz), 0x5f7fffffu);
  EXPECT_EQ(cvt(Type::F32, Type::U64, ~uint64_t{0}, Rounding::Rn), 0x5f800000u);
  // 2^24 + 1 + 2^-? cannot occur; a value just above a tie must round up: 2^25 + 3.
  EXPECT_EQ(cvt(Type::F32, Type::U64, (uint64_t{1} << 25) + 3, Rounding::Rn), 0x4c000001u);
  EXPECT_EQ(cvt(Type::F16, Type::S32, 65520, Rounding::Rn), 0x7c00u);
  EXPECT_EQ(cvt(Type::F16, Type::S32, 65519, Rounding::Rn), 0x7bffu);
  EXPECT_EQ(cvt(Type::F16, Type::S32, 70000, Rounding::Rz), 0x7bffu);
  EXPECT_EQ(cvt(Type::F16, Type::S32, 2049, Rounding::Rn), 0x6800u);
  EXPECT_EQ(cvt(Type::F16, Type::S32, 2049, Rounding::Rp), 0x6801u);
  EXPECT_EQ(cvt(Type::F16, Type::S32, s32(-2049), Rounding::Rm), 0xe801u);
  EXPECT_EQ(cvt(Type::BF16, Type::U64, (uint64_t{1} << 60) + 1, Rounding::Rp), 0x5d81u);
  EXPECT_EQ(cvt(Type::F32, Type::S32, s32(7), Rounding::Rn, true), 0x3f800000u); // .sat
  EXPECT_EQ(cvt(Type::F32, Type::S32, s32(-7), Rounding::Rn, true), 0u);
}

TEST(ConvertSemantics, FloatToFloat) {
  EXPECT_EQ(cvt(Type::F16, Type::F32, f32(1.0f), Rounding::Rn), 0x3c00u);
  EXPECT_EQ(cvt(Type::F16, Type::F32, f32(65520.0f), Rounding::Rn), 0x7c00u);
  EXPECT_EQ(cvt(Type::F16, Type::F32, f32(65520.0f), Rounding::Rz), 0x7bffu);
  EXPECT_EQ(cvt(Type::F16, Type::F32, f32(1.0f / 3.0f), Rounding::Rn), 0x3555u);
  EXPECT_EQ(cvt(Type::F16, Type::F32, f32(NAN), Rounding::Rn), 0x7fffu);
  EXPECT_EQ(cvt(Type::BF16, Type::F32, f32(1.00390625f), Rounding::Rn), 0x3f80u);
  EXPECT_EQ(cvt(Type::BF16, Type::F32, f32(1.00390625f), Rounding::Rp), 0x3f81u);
  EXPECT_EQ(cvt(Type::F32, Type::F16, 0x3555), 0x3eaaa000u);
  EXPECT_EQ(cvt(Type::F32, Type::F16, 0x0001), 0x33800000u); // f16 subnormal 2^-24
  EXPECT_EQ(cvt(Type::F64, Type::F32, f32(0.1f)), f64(static_cast<double>(0.1f)));
  EXPECT_EQ(cvt(Type::F32, Type::F64, f64(1 + 0x1p-24), Rounding::Rn), 0x3f800000u);
  EXPECT_EQ(cvt(Type::F32, Type::F64, f64(1 + 0x1p-24), Rounding::Rp), 0x3f800001u);
  EXPECT_EQ(cvt(Type::F32, Type::F64, f64(-(1 + 0x1p-24)), Rounding::Rz), 0xbf800000u);
  EXPECT_EQ(cvt(Type::F32, Type::F64, f64(-(1 + 0x1p-24)), Rounding::Rm), 0xbf800001u);
  EXPECT_EQ(cvt(Type::F32, Type::F64, f64(1e300), Rounding::Rn), 0x7f800000u);
  EXPECT_EQ(cvt(Type::F32, Type::F64, f64(1e300), Rounding::Rz), 0x7f7fffffu);
  EXPECT_EQ(cvt(Type::F32, Type::F32, f32(2.5f), Rounding::Rni), f32(2.0f));
  EXPECT_EQ(cvt(Type::F32, Type::F32, f32(-0.5f), Rounding::Rni), 0x80000000u);
  EXPECT_EQ(cvt(Type::F64, Type::F64, f64(-1.5), Rounding::Rmi), f64(-2.0));
  EXPECT_EQ(cvt(Type::F32, Type::F32, f32(1.5f), Rounding::None, true), f32(1.0f));
  EXPECT_EQ(cvt(Type::F32, Type::F32, f32(-2.0f), Rounding::None, true), 0u);
  EXPECT_EQ(cvt(Type::F32, Type::F32, f32(NAN), Rounding::None, true), 0u);
}

TEST(ConvertSemantics, FlushToZeroAndRelu) {
  EXPECT_EQ(cvt(Type::F64, Type::F32, 0x00000001u, Rounding::None, false, true), 0u);
  EXPECT_EQ(cvt(Type::F64, Type::F32, 0x80000001u, Rounding::None, false, true),
            0x8000000000000000ull);
  EXPECT_EQ(cvt(Type::F64, Type::F32, 0x00000001u), 0x36a0000000000000ull);
  EXPECT_EQ(cvt(Type::F32, Type::F64, f64(1e-40), Rounding::Rn, false, true), 0u);
  EXPECT_NE(cvt(Type::F32, Type::F64, f64(1e-40), Rounding::Rn), 0u);
  EXPECT_EQ(cvt(Type::S32, Type::F32, 0x00000001u, Rounding::Rpi, false, true), 0u);
  EXPECT_EQ(cvt(Type::S32, Type::F32, 0x00000001u, Rounding::Rpi), 1u);
  EXPECT_EQ(cvt(Type::F16, Type::F32, f32(-1.0f), Rounding::Rn, false, false, true), 0u);
  EXPECT_EQ(cvt(Type::F16, Type::F32, f32(NAN), Rounding::Rn, false, false, true), 0x7fffu);
  EXPECT_EQ(cvt(Type::F16, Type::F32, f32(2.0f), Rounding::Rn, false, false, true), 0x4000u);
}

TEST(ConvertSemantics, FastLoopsMatchTheGeneralRule) {
  const float floats[] = {
      0.0f, -0.0f, 0.5f,   -0.99f, 1.5f,     -1.5f,     2147483520.0f, 3e9f,           -3e9f,
      5e9f, 1e20f, -1e20f, NAN,    INFINITY, -INFINITY, 4294967040.0f, -2147483648.0f, 123456.789f};
  for (float f : floats) {
    uint64_t cell = f32(f);
    EXPECT_EQ(static_cast<uint32_t>(truncateToInteger<int32_t>(f)),
              cvt(Type::S32, Type::F32, cell, Rounding::Rzi))
        << f;
    EXPECT_EQ(truncateToInteger<uint32_t>(f), cvt(Type::U32, Type::F32, cell, Rounding::Rzi)) << f;
    EXPECT_EQ(static_cast<uint64_t>(truncateToInteger<int64_t>(f)),
              cvt(Type::S64, Type::F32, cell, Rounding::Rzi))
        << f;
    EXPECT_EQ(truncateToInteger<uint64_t>(f), cvt(Type::U64, Type::F32, cell, Rounding::Rzi)) << f;
    double d = static_cast<double>(f) * 3.0;
    EXPECT_EQ(static_cast<uint64_t>(truncateToInteger<int64_t>(d)),
              cvt(Type::S64, Type::F64, f64(d), Rounding::Rzi))
        << d;
    EXPECT_EQ(truncateToInteger<uint64_t>(d), cvt(Type::U64, Type::F64, f64(d), Rounding::Rzi))
        << d;
  }
  const uint64_t ints[] = {0,
                           1,
                           16777217,
                           0x7fffffff,
                           0x80000000,
                           0xffffffff,
                           (uint64_t{1} << 53) + 1,
                           ~uint64_t{0},
                           0x8000000000000001ull};
  for (uint64_t v : ints) {
    EXPECT_EQ(f32(static_cast<float>(v)), cvt(Type::F32, Type::U64, v, Rounding::Rn)) << v;
    EXPECT_EQ(f32(static_cast<float>(static_cast<int64_t>(v))),
              cvt(Type::F32, Type::S64, v, Rounding::Rn))
        << v;
    EXPECT_EQ(f64(static_cast<double>(v)), cvt(Type::F64, Type::U64, v, Rounding::Rn)) << v;
    EXPECT_EQ(f32(static_cast<float>(static_cast<int32_t>(v))),
              cvt(Type::F32, Type::S32, v, Rounding::Rn))
        << v;
  }
}

// ---- kernels ---------------------------------------------------------------------------------


constexpr size_t kThreads = 40;

TEST(ConvertKernels, IntToFloatAndBack) {
  std::vector<uint32_t> a(kThreads), b(kThreads, 0), c(kThreads, 0);
  for (size_t i = 0; i < kThreads; ++i)
    a[i] = static_cast<uint32_t>((static_cast<int32_t>(i) - 20) * 16777215);
  auto f = runKernel<uint32_t>("cvt.rn.f32.s32 %d, %a;", a, b, c);
  auto fz = runKernel<uint32_t>("cvt.rz.f32.u32 %d, %a;", a, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    EXPECT_EQ(f[i], f32(static_cast<float>(static_cast<int32_t>(a[i])))) << i;
    EXPECT_EQ(fz[i], cvt(Type::F32, Type::U32, a[i], Rounding::Rz)) << i;
  }
  std::vector<uint32_t> fl(kThreads);
  const float src[] = {2.5f, -2.5f, 3.5f, -0.7f, NAN, 3e9f, -3e9f, 1e-45f};
  for (size_t i = 0; i < kThreads; ++i)
    fl[i] = static_cast<uint32_t>(f32(src[i % 8] * static_cast<float>(1 + i / 8)));
  auto rz = runKernel<uint32_t>("cvt.rzi.s32.f32 %d, %a;", fl, b, c);
  auto rn = runKernel<uint32_t>("cvt.rni.s32.f32 %d, %a;", fl, b, c);
  auto rm = runKernel<uint32_t>("cvt.rmi.u32.f32 %d, %a;", fl, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    EXPECT_EQ(rz[i], cvt(Type::S32, Type::F32, fl[i], Rounding::Rzi)) << i;
    EXPECT_EQ(rn[i], cvt(Type::S32, Type::F32, fl[i], Rounding::Rni)) << i;
    EXPECT_EQ(rm[i], cvt(Type::U32, Type::F32, fl[i], Rounding::Rmi)) << i;
  }
  // Hand-checked lanes: 2.5 -> 2 (rzi), 2 (rni); -2.5 -> -2, -2; 3.5 -> 3, 4; 6.0 (lane 8).
  EXPECT_EQ(rz[0], 2u);
  EXPECT_EQ(rn[1], s32(-2));
  EXPECT_EQ(rn[2], 4u);
  EXPECT_EQ(rz[4], 0u);          // NaN
  EXPECT_EQ(rz[5], 0x7fffffffu); // 3e9 clamps
  EXPECT_EQ(rm[3], 0u);          // floor(-0.7) = -1 clamps to 0 for u32
}

TEST(ConvertKernels, NarrowRegistersAndSignExtension) {
  std::vector<uint32_t> a(kThreads), b(kThreads, 0), c(kThreads, 0);
  for (size_t i = 0; i < kThreads; ++i)
    a[i] = 0x12345600u + static_cast<uint32_t>(i * 13);
  // u8 from a 16-bit register reads its low byte; s8 sign-extends; .sat clamps into s16.
  auto u8 = runKernel<uint32_t>("cvt.u16.u32 %h1, %a;\n cvt.u32.u8 %d, %h1;", a, b, c);
  auto s8 = runKernel<uint32_t>("cvt.u16.u32 %h1, %a;\n cvt.s32.s8 %d, %h1;", a, b, c);
  auto sat = runKernel<uint32_t>("cvt.sat.s16.s32 %h1, %a;\n cvt.s32.s16 %d, %h1;", a, b, c);
  auto tr = runKernel<uint32_t>("cvt.s8.s32 %h1, %a;\n cvt.u32.u16 %d, %h1;", a, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    EXPECT_EQ(u8[i], a[i] & 0xffu) << i;
    EXPECT_EQ(s8[i], static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a[i])))) << i;
    EXPECT_EQ(sat[i], 0x7fffu) << i;
    // The s8 result is sign-extended to the 16-bit register.
    EXPECT_EQ(tr[i], static_cast<uint32_t>(static_cast<uint16_t>(static_cast<int8_t>(a[i])))) << i;
  }
}

TEST(ConvertKernels, HalfAndDouble) {
  std::vector<uint32_t> a(kThreads), b(kThreads, 0), c(kThreads, 0);
  for (size_t i = 0; i < kThreads; ++i)
    a[i] = static_cast<uint32_t>(f32(static_cast<float>(i) / 3.0f - 5.0f));
  auto h = runKernel<uint32_t>("cvt.rn.f16.f32 %h1, %a;\n cvt.f32.f16 %d, %h1;", a, b, c);
  auto bf = runKernel<uint32_t>("cvt.rz.bf16.f32 %h1, %a;\n cvt.u32.u16 %d, %h1;", a, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    uint64_t half = cvt(Type::F16, Type::F32, a[i], Rounding::Rn);
    EXPECT_EQ(h[i], cvt(Type::F32, Type::F16, half)) << i;
    EXPECT_EQ(bf[i], a[i] >> 16) << i; // toward zero: the upper half of the f32
  }
  std::vector<uint64_t> d(32), z(32, 0);
  for (size_t i = 0; i < 32; ++i)
    d[i] = f64((static_cast<double>(i) - 16.0) * 1e-3 + 0x1p-30);
  auto toF32 = runKernel<uint64_t>("cvt.rn.f32.f64 %r1, %a;\n cvt.f64.f32 %d, %r1;", d, z, z);
  auto toS64 = runKernel<uint64_t>("cvt.rni.s64.f64 %d, %a;", d, z, z);
  for (size_t i = 0; i < 32; ++i) {
    double v = std::bit_cast<double>(d[i]);
    EXPECT_EQ(toF32[i], f64(static_cast<double>(static_cast<float>(v)))) << i;
    EXPECT_EQ(toS64[i], static_cast<uint64_t>(static_cast<int64_t>(std::nearbyint(v)))) << i;
  }
}

TEST(ConvertKernels, MalformedConversionsAreRejected) {
  const char *bad[] = {"cvt.rni.f32.s32 %r1, %r2;", "cvt.rn.s32.f32 %r1, %r2;",
                       "cvt.b32.f32 %r1, %r2;", "cvt.f32 %r1, %r2;"};
  for (const char *inst : bad) {
    PtxRunner r;
    std::string ptx = std::string(".version 9.0\n.target sm_80\n.address_size 64\n"
                                  ".visible .entry k()\n{\n  .reg .b32 %r<4>;\n  ") +
                      inst + "\n  ret;\n}\n";
    EXPECT_FALSE(Module::load(ptx, r.memory)) << inst;
  }
}

} // namespace
} // namespace qiao::ptx::test
