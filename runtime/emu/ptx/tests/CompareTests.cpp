// setp, set, selp and slct run as PTX kernels over one full and one partial warp, each lane
// checked against the comparison written out in C++ from the PTX ISA's definitions (ordered
// comparisons are false on NaN, unordered ones true; lo/ls/hi/hs are unsigned).
#include "OpKernel.h"
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace qiao::ptx::test {
namespace {


constexpr size_t kThreads = 40;

// Pairs with every ordering, equal values and the sign/magnitude traps of each type.
std::vector<uint32_t> intLeft() {
  std::vector<uint32_t> v = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 5, 5, 0xfffffffbu};
  uint32_t x = 77;
  while (v.size() < kThreads) {
    x = x * 1664525u + 1013904223u;
    v.push_back(v.size() % 3 == 0 ? x : x >> 28);
  }
  return v;
}
std::vector<uint32_t> intRight() {
  std::vector<uint32_t> v = {0, 0xffffffffu, 1, 0x7fffffffu, 0x80000000u, 5, 6, 5};
  uint32_t x = 99;
  while (v.size() < kThreads) {
    x = x * 1664525u + 1013904223u;
    v.push_back(v.size() % 3 == 0 ? x : x >> 28);
  }
  return v;
}

uint32_t bitsOf(float f) { return std::bit_cast<uint32_t>(f); }
constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

std::vector<uint32_t> floatLeft() {
  std::vector<float> f = {1.0f,  1.0f, 2.0f,  kNan,      1.0f,  kNan,
                          -0.0f, kInf, -kInf, 0x1p-149f, -3.5f, 7.25f};
  std::vector<uint32_t> v;
  for (size_t i = 0; i < kThreads; ++i)
    v.push_back(bitsOf(f[i % f.size()] * (i >= f.size() ? -1.0f : 1.0f)));
  return v;
}
std::vector<uint32_t> floatRight() {
  std::vector<float> f = {1.0f, 2.0f, 1.0f, 1.0f, kNan,  kNan,
                          0.0f, kInf, 3.0f, 0.0f, -3.5f, -7.25f};
  std::vector<uint32_t> v;
  for (size_t i = 0; i < kThreads; ++i)
    v.push_back(bitsOf(f[i % f.size()]));
  return v;
}

// A kernel body that sets bit k of %d when `setp.OPS[k].TYPE` holds for %a, %b.
std::string compareAll(const std::vector<std::string> &ops, const std::string &type,
                       const std::string &a = "%a", const std::string &b = "%b") {
  std::string body = "  mov.u32 %d, 0;\n";
  for (size_t k = 0; k < ops.size(); ++k) {
    body += "  setp." + ops[k] + "." + type + " %p1, " + a + ", " + b + ";\n";
    body += "  selp.u32 %r1, " + std::to_string(1u << k) + ", 0, %p1;\n";
    body += "  or.b32 %d, %d, %r1;\n";
  }
  return body;
}

uint32_t packBits(std::initializer_list<bool> bits) {
  uint32_t out = 0, k = 0;
  for (bool b : bits)
    out |= (b ? 1u : 0u) << k++;
  return out;
}

TEST(CompareKernels, SignedAndUnsignedIntegers) {
  auto a = intLeft(), b = intRight(), c = intLeft();
  auto s = runKernel<uint32_t>(compareAll({"eq", "ne", "lt", "le", "gt", "ge"}, "s32"), a, b, c);
  auto u = runKernel<uint32_t>(
      compareAll({"eq", "ne", "lt", "le", "gt", "ge", "lo", "ls", "hi", "hs"}, "u32"), a, b, c);
  auto l = runKernel<uint32_t>(compareAll({"lo", "ls", "hi", "hs"}, "s32"), a, b, c);
  ASSERT_EQ(s.size(), kThreads);
  for (size_t i = 0; i < kThreads; ++i) {
    int32_t x = static_cast<int32_t>(a[i]), y = static_cast<int32_t>(b[i]);
    uint32_t ux = a[i], uy = b[i];
    EXPECT_EQ(s[i], packBits({x == y, x != y, x<y, x <= y, x> y, x >= y})) << i;
    EXPECT_EQ(u[i], packBits({ux == uy, ux != uy, ux<uy, ux <= uy, ux> uy, ux >= uy,
                              ux<uy, ux <= uy, ux> uy, ux >= uy}))
        << i;
    EXPECT_EQ(l[i], packBits({ux<uy, ux <= uy, ux> uy, ux >= uy})) << i;
  }
}

TEST(CompareKernels, SixteenAndSixtyFourBitIntegers) {
  auto a = intLeft(), b = intRight(), c = intLeft();
  std::string body16 = "  cvt.u16.u32 %h1, %a;\n  cvt.u16.u32 %h2, %b;\n" +
                       compareAll({"lt", "ge"}, "s16", "%h1", "%h2") +
                       "  setp.lt.u16 %p2, %h1, %h2;\n  selp.u32 %r2, 4, 0, %p2;\n"
                       "  or.b32 %d, %d, %r2;\n";
  auto h = runKernel<uint32_t>(body16, a, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    int16_t x = static_cast<int16_t>(a[i]), y = static_cast<int16_t>(b[i]);
    uint16_t ux = static_cast<uint16_t>(a[i]), uy = static_cast<uint16_t>(b[i]);
    EXPECT_EQ(h[i], packBits({x < y, x >= y, ux < uy})) << i;
  }
  std::vector<uint64_t> a64(32), b64(32), c64(32);
  for (size_t i = 0; i < 32; ++i) {
    a64[i] = (uint64_t{a[i]} << 32) | b[i];
    b64[i] = i % 4 == 0 ? a64[i] : (uint64_t{b[i]} << 32) | a[i];
  }
  std::string body64 = "  mov.u32 %r6, 0;\n";
  const char *ops[] = {"eq", "lt", "gt", "lo", "hi"};
  for (int k = 0; k < 5; ++k) {
    body64 += std::string("  setp.") + ops[k] + ".s64 %p1, %a, %b;\n";
    body64 += "  selp.u32 %r1, " + std::to_string(1 << k) + ", 0, %p1;\n  or.b32 %r6, %r6, %r1;\n";
  }
  body64 += "  cvt.u64.u32 %d, %r6;\n";
  auto w = runKernel<uint64_t>(body64, a64, b64, c64);
  for (size_t i = 0; i < 32; ++i) {
    int64_t x = static_cast<int64_t>(a64[i]), y = static_cast<int64_t>(b64[i]);
    EXPECT_EQ(w[i], packBits({x == y, x<y, x> y, a64[i]<b64[i], a64[i]> b64[i]})) << i;
  }
}

TEST(CompareKernels, FloatOrderedAndUnordered) {
  auto a = floatLeft(), b = floatRight(), c = floatLeft();
  auto got = runKernel<uint32_t>(compareAll({"eq", "ne", "lt", "le", "gt", "ge", "equ", "neu",
                                             "ltu", "leu", "gtu", "geu", "num", "nan"},
                                            "f32"),
                                 a, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    float x = std::bit_cast<float>(a[i]), y = std::bit_cast<float>(b[i]);
    bool un = std::isnan(x) || std::isnan(y);
    EXPECT_EQ(got[i], packBits({!un && x == y, !un && x != y, !un && x < y, !un && x <= y,
                                !un && x > y, !un && x >= y, un || x == y, un || x != y,
                                un || x < y, un || x <= y, un || x > y, un || x >= y, !un, un}))
        << "lane " << i << ": " << x << " vs " << y;
  }
}

TEST(CompareKernels, FtzFlushesSubnormalOperands) {
  std::vector<uint32_t> a(kThreads, 0x00000001u), b(kThreads, 0x80000000u), c(kThreads, 0);
  a[1] = 0x80400000u; // -subnormal vs -0
  auto got = runKernel<uint32_t>("  mov.u32 %d, 0;\n"
                                 "  setp.eq.ftz.f32 %p1, %a, %b;\n selp.u32 %r1, 1, 0, %p1;\n"
                                 "  setp.eq.f32 %p2, %a, %b;\n selp.u32 %r2, 2, 0, %p2;\n"
                                 "  or.b32 %d, %r1, %r2;\n",
                                 a, b, c);
  for (size_t i = 0; i < kThreads; ++i)
    EXPECT_EQ(got[i], 1u) << i; // equal to zero only when flushed
}

TEST(CompareKernels, DoubleComparisons) {
  std::vector<double> xs = {1.0, -2.0, std::nan(""), 0.0, -0.0, 1e300, 5e-324, 3.0};
  std::vector<double> ys = {1.0, 2.0, 1.0, -0.0, 0.0, -1e300, 0.0, std::nan("")};
  std::vector<uint64_t> a(32), b(32), c(32);
  for (size_t i = 0; i < 32; ++i) {
    a[i] = std::bit_cast<uint64_t>(xs[i % xs.size()]);
    b[i] = std::bit_cast<uint64_t>(ys[(i / xs.size() + i) % ys.size()]);
  }
  std::string body = "  mov.u32 %r6, 0;\n";
  const char *ops[] = {"lt", "geu", "ne", "equ"};
  for (int k = 0; k < 4; ++k) {
    body += std::string("  setp.") + ops[k] + ".f64 %p1, %a, %b;\n";
    body += "  selp.u32 %r1, " + std::to_string(1 << k) + ", 0, %p1;\n  or.b32 %r6, %r6, %r1;\n";
  }
  body += "  cvt.u64.u32 %d, %r6;\n";
  auto got = runKernel<uint64_t>(body, a, b, c);
  for (size_t i = 0; i < 32; ++i) {
    double x = std::bit_cast<double>(a[i]), y = std::bit_cast<double>(b[i]);
    bool un = std::isnan(x) || std::isnan(y);
    EXPECT_EQ(got[i], packBits({!un && x < y, un || x >= y, !un && x != y, un || x == y})) << i;
  }
}

TEST(CompareKernels, HalfComparisons) {
  // f16: 0x3c00 = 1.0, 0x4000 = 2.0, 0xbc00 = -1.0, 0x7e00 = NaN, 0x8000 = -0.
  std::vector<uint32_t> a(kThreads), b(kThreads), c(kThreads);
  const uint32_t xs[] = {0x3c00, 0x4000, 0xbc00, 0x7e00, 0x8000};
  const uint32_t ys[] = {0x4000, 0x3c00, 0x3c00, 0x3c00, 0x0000};
  for (size_t i = 0; i < kThreads; ++i)
    a[i] = xs[i % 5], b[i] = ys[i % 5];
  auto got = runKernel<uint32_t>("  cvt.u16.u32 %h1, %a;\n  cvt.u16.u32 %h2, %b;\n" +
                                     compareAll({"lt", "eq", "gtu"}, "f16", "%h1", "%h2"),
                                 a, b, c);
  const uint32_t expected[] = {1, 4, 1, 4, 2};
  for (size_t i = 0; i < kThreads; ++i)
    EXPECT_EQ(got[i], expected[i % 5]) << i;
}

TEST(CompareKernels, TwoDestinationsAndBooleanCombination) {
  auto a = intLeft(), b = intRight(), c = intLeft();
  for (size_t i = 0; i < kThreads; ++i)
    c[i] = static_cast<uint32_t>(i * 3 % 7);
  std::string body = R"(
  and.b32 %r7, %c, 1;
  setp.ne.u32 %p3, %r7, 0;
  setp.lt.and.s32 %p1|%p2, %a, %b, %p3;
  selp.u32 %r1, 1, 0, %p1;
  selp.u32 %r2, 2, 0, %p2;
  setp.lt.or.s32 %p4|%p5, %a, %b, !%p3;
  selp.u32 %r3, 4, 0, %p4;
  selp.u32 %r4, 8, 0, %p5;
  setp.lt.xor.s32 %p6, %a, %b, %p3;
  selp.u32 %r5, 16, 0, %p6;
  or.b32 %r1, %r1, %r2;
  or.b32 %r3, %r3, %r4;
  or.b32 %r1, %r1, %r3;
  or.b32 %d, %r1, %r5;)";
  auto got = runKernel<uint32_t>(body, a, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    bool lt = static_cast<int32_t>(a[i]) < static_cast<int32_t>(b[i]);
    bool p3 = c[i] & 1;
    EXPECT_EQ(got[i], packBits({lt && p3, !lt && p3, lt || !p3, !lt || !p3, lt != p3})) << i;
  }
}

TEST(CompareKernels, SetWritesAllOnesOrOne) {
  auto a = intLeft(), b = intRight(), c = intLeft();
  auto got = runKernel<uint32_t>("set.lt.u32.s32 %d, %a, %b;", a, b, c);
  auto gotf = runKernel<uint32_t>("set.ge.f32.u32 %d, %a, %b;", a, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    EXPECT_EQ(got[i], static_cast<int32_t>(a[i]) < static_cast<int32_t>(b[i]) ? 0xffffffffu : 0u)
        << i;
    EXPECT_EQ(gotf[i], a[i] >= b[i] ? 0x3f800000u : 0u) << i;
  }
  auto fa = floatLeft(), fb = floatRight();
  auto gotc = runKernel<uint32_t>("and.b32 %r7, %c, 1;\n setp.ne.u32 %p3, %r7, 0;\n"
                                  " set.gtu.or.s32.f32 %d, %a, %b, %p3;",
                                  fa, fb, c);
  for (size_t i = 0; i < kThreads; ++i) {
    float x = std::bit_cast<float>(fa[i]), y = std::bit_cast<float>(fb[i]);
    bool gtu = std::isnan(x) || std::isnan(y) || x > y;
    EXPECT_EQ(gotc[i], (gtu || (c[i] & 1)) ? 0xffffffffu : 0u) << i;
  }
}

TEST(CompareKernels, SelpAndSlct) {
  auto a = intLeft(), b = intRight(), c = intLeft();
  auto got = runKernel<uint32_t>("and.b32 %r7, %c, 2;\n setp.ne.u32 %p1, %r7, 0;\n"
                                 " selp.b32 %d, %a, %b, !%p1;",
                                 a, b, c);
  auto gots = runKernel<uint32_t>("slct.u32.s32 %d, %a, %b, %c;", a, b, c);
  for (size_t i = 0; i < kThreads; ++i) {
    EXPECT_EQ(got[i], (c[i] & 2) ? b[i] : a[i]) << i;
    EXPECT_EQ(gots[i], static_cast<int32_t>(c[i]) >= 0 ? a[i] : b[i]) << i;
  }
  // f32 selectors: -0 counts as 0, NaN as false, a negative subnormal is flushed by .ftz only.
  std::vector<uint32_t> sel = {0x80000000u, 0x7fc00000u, 0x80000001u, 0x3f800000u, 0xbf800000u};
  std::vector<uint32_t> cs(kThreads);
  for (size_t i = 0; i < kThreads; ++i)
    cs[i] = sel[i % sel.size()];
  auto plain = runKernel<uint32_t>("slct.u32.f32 %d, %a, %b, %c;", a, b, cs);
  auto ftz = runKernel<uint32_t>("slct.ftz.u32.f32 %d, %a, %b, %c;", a, b, cs);
  const bool plainTakesA[] = {true, false, false, true, false};
  const bool ftzTakesA[] = {true, false, true, true, false};
  for (size_t i = 0; i < kThreads; ++i) {
    EXPECT_EQ(plain[i], plainTakesA[i % 5] ? a[i] : b[i]) << i;
    EXPECT_EQ(ftz[i], ftzTakesA[i % 5] ? a[i] : b[i]) << i;
  }
  std::vector<uint64_t> a64(32), b64(32), c64(32);
  for (size_t i = 0; i < 32; ++i)
    a64[i] = 0x1111111100000000ull + i, b64[i] = 0x2222222200000000ull + i, c64[i] = i % 3;
  auto got64 = runKernel<uint64_t>("cvt.u32.u64 %r1, %c;\n setp.eq.u32 %p1, %r1, 1;\n"
                                   " selp.f64 %d, %a, %b, %p1;",
                                   a64, b64, c64);
  for (size_t i = 0; i < 32; ++i)
    EXPECT_EQ(got64[i], c64[i] == 1 ? a64[i] : b64[i]) << i;
}

TEST(CompareKernels, MalformedComparisonsAreRejected) {
  const char *bad[] = {"setp.lt.b32 %p1, %r1, %r2;", "setp.ltu.s32 %p1, %r1, %r2;",
                       "setp.lt.s32 %p1, %r1, %r2, %p2;", "setp.s32 %p1, %r1, %r2;"};
  for (const char *inst : bad) {
    PtxRunner r;
    std::string ptx = std::string(".version 9.0\n.target sm_80\n.address_size 64\n"
                                  ".visible .entry k()\n{\n  .reg .b32 %r<4>;\n"
                                  "  .reg .pred %p<4>;\n  ") +
                      inst + "\n  ret;\n}\n";
    EXPECT_FALSE(Module::load(ptx, r.memory)) << inst;
  }
}

} // namespace
} // namespace qiao::ptx::test
