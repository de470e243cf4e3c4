// The arithmetic family: the scalar integer semantics of IntegerSemantics.h checked directly, then
// each instruction run end to end through small PTX kernels over 40 threads (one full warp and a
// partial one), every lane compared exactly with a plain C++ reference or a hand-computed value.
#include "PtxHarness.h"
#include "ptx/FloatSemantics.h"
#include "ptx/IntegerSemantics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace qiao::ptx {
namespace {

constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();

// ---- scalar integer semantics ----------------------------------------------------------------

TEST(IntegerSemantics, MulHiAndWide) {
  EXPECT_EQ(intMulHi<int32_t>(-2, 3), -1);
  EXPECT_EQ(intMulHi<int32_t>(kMax32, kMax32), 0x3fffffff);
  EXPECT_EQ(intMulHi<uint32_t>(0xffffffffu, 0xffffffffu), 0xfffffffeu);
  EXPECT_EQ(intMulHi<int64_t>(INT64_MIN, INT64_MIN), int64_t{1} << 62);
  EXPECT_EQ(intMulHi<uint64_t>(~0ull, ~0ull), 0xfffffffffffffffeull);
  EXPECT_EQ(intMulHi<int16_t>(-32768, 2), -1);
  EXPECT_EQ(intMulWide<int16_t>(-32768, -32768), 1073741824);
  EXPECT_EQ(intMulWide<uint32_t>(0xffffffffu, 0xffffffffu), 0xfffffffe00000001ull);
  EXPECT_EQ(intMulLo<uint16_t>(0xffff, 0xffff), 0x0001);
  EXPECT_EQ(intMulLo<int32_t>(0x10000, 0x10000), 0);
}

TEST(IntegerSemantics, SaturatingForms) {
  EXPECT_EQ(addSatS32(kMax32, 1), kMax32);
  EXPECT_EQ(addSatS32(kMin32, -1), kMin32);
  EXPECT_EQ(addSatS32(5, -7), -2);
  EXPECT_EQ(subSatS32(kMin32, 1), kMin32);
  EXPECT_EQ(subSatS32(kMax32, -1), kMax32);
  EXPECT_EQ(madHiSatS32(kMax32, kMax32, kMax32), kMax32); // 0x3fffffff + 0x7fffffff
  EXPECT_EQ(madHiSatS32(-1, 1, kMin32), kMin32);          // -1 + MIN
  EXPECT_EQ(madHiSatS32(0x10000, 0x10000, 5), 6);
}

TEST(IntegerSemantics, Mul24UsesLow24BitsOnly) {
  EXPECT_EQ(mul24Lo<int32_t>(0x00ffffff, 2), -2); // 0xffffff is -1 as a 24-bit signed value
  EXPECT_EQ(mul24Lo<uint32_t>(0x00ffffffu, 2), 0x01fffffeu);
  EXPECT_EQ(mul24Lo<uint32_t>(0x7f000003u, 0x01000005u), 15u);
  EXPECT_EQ(mul24Hi<uint32_t>(0xffffffu, 0xffffffu), 0xfffffe00u); // 0xfffffe000001 >> 16
  EXPECT_EQ(mul24Hi<int32_t>(-1, -1), 0);
  EXPECT_EQ(mul24Hi<int32_t>(0x800000, 0x800000), 0x40000000); // (-2^23)^2 = 2^46
  EXPECT_EQ(mul24Hi<int32_t>(0x800000, 1), -128);              // -2^23 >> 16
}

TEST(IntegerSemantics, Sad) {
  EXPECT_EQ(intSad<uint32_t>(3, 10, 100), 107u);
  EXPECT_EQ(intSad<uint32_t>(10, 3, 100), 107u);
  EXPECT_EQ(intSad<int32_t>(-5, 5, 1), 11);
  EXPECT_EQ(intSad<uint32_t>(0, 0xffffffffu, 1), 0u);
  EXPECT_EQ(intSad<int16_t>(-32768, 32767, 0), -1); // |difference| 65535 wraps in 16 bits
}

TEST(IntegerSemantics, DivRemEdges) {
  EXPECT_EQ(intDiv<uint32_t>(7, 0), 0xffffffffu);
  EXPECT_EQ(intDiv<int32_t>(7, 0), -1);
  EXPECT_EQ(intDiv<uint16_t>(0xffff, 0), 0xffff);
  EXPECT_EQ(intDiv<int32_t>(-7, 2), -3);
  EXPECT_EQ(intDiv<int32_t>(kMin32, -1), kMin32);
  EXPECT_EQ(intDiv<int64_t>(INT64_MIN, -1), INT64_MIN);
  EXPECT_EQ(intRem<int32_t>(-7, 2), -1);
  EXPECT_EQ(intRem<int32_t>(7, -2), 1);
  EXPECT_EQ(intRem<uint32_t>(7, 0), 7u);
  EXPECT_EQ(intRem<int32_t>(kMin32, -1), 0);
}

TEST(IntegerSemantics, AbsNegMinMaxRelu) {
  EXPECT_EQ(intAbs<int32_t>(kMin32), kMin32);
  EXPECT_EQ(intAbs<int16_t>(-32768), -32768);
  EXPECT_EQ(intAbs<int64_t>(-5), 5);
  EXPECT_EQ(intNeg<int32_t>(kMin32), kMin32);
  EXPECT_EQ(intNeg<int16_t>(7), -7);
  EXPECT_EQ(intMin<int32_t>(-1, 1), -1);
  EXPECT_EQ(intMin<uint32_t>(0xffffffffu, 1), 1u);
  EXPECT_EQ(intMax<int64_t>(-1, -2), -1);
  EXPECT_EQ(reluOf<int32_t>(-3), 0);
  EXPECT_EQ(reluOf<int32_t>(3), 3);
}

TEST(IntegerSemantics, CarryAndBorrow) {
  auto c1 = addWithCarry<uint32_t>(0xffffffffu, 1, false);
  EXPECT_EQ(c1.value, 0u);
  EXPECT_TRUE(c1.carry);
  auto c2 = addWithCarry<uint32_t>(0xffffffffu, 0xffffffffu, true);
  EXPECT_EQ(c2.value, 0xffffffffu);
  EXPECT_TRUE(c2.carry);
  auto c3 = addWithCarry<uint32_t>(1, 2, true);
  EXPECT_EQ(c3.value, 4u);
  EXPECT_FALSE(c3.carry);
  auto c4 = addWithCarry<uint64_t>(~0ull, 0, true);
  EXPECT_EQ(c4.value, 0u);
  EXPECT_TRUE(c4.carry);
  auto b1 = subWithBorrow<uint32_t>(0, 1, false);
  EXPECT_EQ(b1.value, 0xffffffffu);
  EXPECT_TRUE(b1.carry);
  auto b2 = subWithBorrow<uint32_t>(5, 5, true);
  EXPECT_EQ(b2.value, 0xffffffffu);
  EXPECT_TRUE(b2.carry);
  auto b3 = subWithBorrow<uint32_t>(5, 3, true);
  EXPECT_EQ(b3.value, 1u);
  EXPECT_FALSE(b3.carry);
  auto b4 = subWithBorrow<uint32_t>(0, 0xffffffffu, true);
  EXPECT_EQ(b4.value, 0u);
  EXPECT_TRUE(b4.carry);
}

// ---- end to end --------------------------------------------------------------------------------

namespace e2e {
using test::ParamPack;
using test::PtxRunner;

constexpr uint32_t kThreads = 40; // a full warp and a partial one

template <class T> const char *ptxType() {
  if constexpr (std::is_same_v<T, int16_t>)
    return "s16";
  else if constexpr (std::is_same_v<T, uint16_t>)
    return "b16";
  else if constexpr (std::is_same_v<T, int32_t>)
    return "s32";
  else if constexpr (std::is_same_v<T, uint32_t>)
    return "b32";
  else if constexpr (std::is_same_v<T, int64_t>)
    return "s64";
  else if constexpr (std::is_same_v<T, uint64_t>)
    return "b64";
  else if constexpr (std::is_same_v<T, float>)
    return "f32";
  else if constexpr (std::is_same_v<T, double>)
    return "f64";
  else
    return "pred";
}

// One kernel: thread t loads a[t], b[t], c[t] into %xa, %xb, %xc, runs `instruction` (which writes
// %xd) and stores %xd to d[t]. A bool destination is a predicate, stored as 1 or 0.
template <class D, class A, class B, class C>
std::string kernelFor(const std::string &instruction, int sources) {
  auto load = [](const char *name, const char *type, size_t bytes, int index) {
    std::string i = std::to_string(index);
    return "  ld.param.u64 %p" + i + ", [" + name + "];\n  mul.wide.u32 %o" + i + ", %t, " +
           std::to_string(bytes) + ";\n  add.u64 %q" + i + ", %p" + i + ", %o" + i +
           ";\n  ld.global." + type + " %x" + name + ", [%q" + i + "];\n";
  };
  std::string ptx =
      ".version 9.0\n.target sm_80\n.address_size 64\n"
      ".visible .entry k(.param .u64 a, .param .u64 b, .param .u64 c, .param .u64 d)\n"
      "{\n  .reg .b32 %t, %one;\n  .reg .b64 %p<4>, %o<4>, %q<4>;\n";
  ptx += std::string("  .reg .") + ptxType<A>() + " %xa;\n";
  ptx += std::string("  .reg .") + ptxType<B>() + " %xb;\n";
  ptx += std::string("  .reg .") + ptxType<C>() + " %xc;\n";
  ptx += std::string("  .reg .") + ptxType<D>() + " %xd;\n";
  ptx += "  mov.u32 %t, %tid.x;\n";
  ptx += load("a", ptxType<A>(), sizeof(A), 0);
  if (sources >= 2)
    ptx += load("b", ptxType<B>(), sizeof(B), 1);
  if (sources >= 3)
    ptx += load("c", ptxType<C>(), sizeof(C), 2);
  ptx += "  " + instruction + ";\n";
  ptx += "  ld.param.u64 %p3, [d];\n  mul.wide.u32 %o3, %t, " +
         std::to_string(std::is_same_v<D, bool> ? 4 : sizeof(D)) + ";\n  add.u64 %q3, %p3, %o3;\n";
  if constexpr (std::is_same_v<D, bool>)
    ptx += "  mov.u32 %one, 1;\n  @%xd st.global.u32 [%q3], %one;\n";
  else
    ptx += std::string("  st.global.") + ptxType<D>() + " [%q3], %xd;\n";
  ptx += "  ret;\n}\n";
  return ptx;
}

// Inputs are repeated cyclically to fill the 40 threads; the results come back per thread.
template <class D, class A, class B = A, class C = A>
std::vector<D> run(const std::string &instruction, std::vector<A> a, std::vector<B> b = {},
                   std::vector<C> c = {}) {
  int sources = c.empty() ? (b.empty() ? 1 : 2) : 3;
  auto fill = [](auto &v) {
    if (v.empty())
      v.resize(1);
    for (size_t i = v.size(), n = v.size(); i < kThreads; ++i)
      v.push_back(v[i % n]);
  };
  fill(a);
  fill(b);
  fill(c);
  PtxRunner r;
  if (!r.load(kernelFor<D, A, B, C>(instruction, sources)))
    return {};
  using Stored = std::conditional_t<std::is_same_v<D, bool>, uint32_t, D>;
  Stored *out = r.memory.array<Stored>(kThreads);
  auto result = r.run(
      "k", {1}, {kThreads},
      ParamPack().add(r.memory.array(a)).add(r.memory.array(b)).add(r.memory.array(c)).add(out));
  EXPECT_EQ(result.code, 0) << result.report;
  return std::vector<D>(out, out + kThreads);
}

template <class T> std::vector<T> cycled(const std::vector<T> &v) {
  std::vector<T> out;
  for (size_t i = 0; i < kThreads; ++i)
    out.push_back(v[i % v.size()]);
  return out;
}

template <class T> uint64_t bitsOf(T v) {
  if constexpr (std::is_same_v<T, float>)
    return std::bit_cast<uint32_t>(v);
  else if constexpr (std::is_same_v<T, double>)
    return std::bit_cast<uint64_t>(v);
  else
    return static_cast<uint64_t>(v);
}

// Compares every thread's result with expected(a, b, c) on the same cycled inputs, bit for bit.
template <class D, class A, class B = A, class C = A, class F>
void expectLanes(const std::string &instruction, const std::vector<A> &a, const std::vector<B> &b,
                 const std::vector<C> &c, F expected) {
  std::vector<D> got = run<D, A, B, C>(instruction, a, b, c);
  ASSERT_EQ(got.size(), kThreads) << instruction;
  auto ca = cycled(a);
  auto cb = b.empty() ? std::vector<B>(kThreads) : cycled(b);
  auto cc = c.empty() ? std::vector<C>(kThreads) : cycled(c);
  for (uint32_t t = 0; t < kThreads; ++t) {
    D want = expected(ca[t], cb[t], cc[t]);
    EXPECT_EQ(bitsOf(got[t]), bitsOf(want))
        << instruction << " thread " << t << ": got " << got[t] << " want " << want;
  }
}

const std::vector<int32_t> kS32 = {0,          1,          -1,     7,  -7,    2,     kMax32, kMin32,
                                   0x12345678, -0x1234567, 100000, -3, 65536, 46341, -46341, 13};
const std::vector<int32_t> kS32b = {3,      -1, 1,       2, -2,    0,     -1, -1,
                                    0x1000, 7,  -100000, 0, 65536, 46341, 3,  -13};
std::vector<uint32_t> asU32(const std::vector<int32_t> &v) {
  return std::vector<uint32_t>(v.begin(), v.end());
}

TEST(Arithmetic, IntegerAddSubMul) {
  using S = int32_t;
  auto wrap = [](int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); };
  expectLanes<S>("add.s32 %xd, %xa, %xb", kS32, kS32b, {},
                 [&](S a, S b, S) { return wrap(int64_t{a} + b); });
  expectLanes<S>("sub.s32 %xd, %xa, %xb", kS32, kS32b, {},
                 [&](S a, S b, S) { return wrap(int64_t{a} - b); });
  expectLanes<S>("mul.lo.s32 %xd, %xa, %xb", kS32, kS32b, {},
                 [&](S a, S b, S) { return wrap(int64_t{a} * b); });
  expectLanes<S>("mul.hi.s32 %xd, %xa, %xb", kS32, kS32b, {},
                 [&](S a, S b, S) { return static_cast<S>((int64_t{a} * b) >> 32); });
  expectLanes<int64_t, S>("mul.wide.s32 %xd, %xa, %xb", kS32, kS32b, {},
                          [&](S a, S b, S) { return int64_t{a} * b; });
  expectLanes<uint64_t, uint32_t>(
      "mul.wide.u32 %xd, %xa, %xb", asU32(kS32), asU32(kS32b), {},
      [&](uint32_t a, uint32_t b, uint32_t) { return uint64_t{a} * b; });
  expectLanes<uint32_t>("mul.hi.u32 %xd, %xa, %xb", asU32(kS32), asU32(kS32b), {},
                        [&](uint32_t a, uint32_t b, uint32_t) {
                          return static_cast<uint32_t>((uint64_t{a} * b) >> 32);
                        });
  expectLanes<S>("add.sat.s32 %xd, %xa, %xb", kS32, kS32b, {}, [&](S a, S b, S) {
    int64_t v = int64_t{a} + b;
    return static_cast<S>(std::clamp<int64_t>(v, kMin32, kMax32));
  });
  expectLanes<S>("add.s32 %xd, %xa, 5", kS32, {}, {},
                 [&](S a, S, S) { return wrap(int64_t{a} + 5); });
}

TEST(Arithmetic, Integer64And16) {
  std::vector<uint64_t> a = {0, 1, ~0ull, 0x123456789abcdefull, 1ull << 63, 3};
  std::vector<uint64_t> b = {5, ~0ull, ~0ull, 0xfedcba987654321ull, 2, 1ull << 40};
  expectLanes<uint64_t>("add.u64 %xd, %xa, %xb", a, b, {},
                        [](uint64_t x, uint64_t y, uint64_t) { return x + y; });
  expectLanes<uint64_t>("mul.lo.u64 %xd, %xa, %xb", a, b, {},
                        [](uint64_t x, uint64_t y, uint64_t) { return x * y; });
  expectLanes<uint64_t>("mul.hi.u64 %xd, %xa, %xb", a, b, {}, [](uint64_t x, uint64_t y, uint64_t) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(x) * y) >> 64);
  });
  expectLanes<uint64_t>("mad.lo.u64 %xd, %xa, %xb, %xa", a, b, {},
                        [](uint64_t x, uint64_t y, uint64_t) { return x * y + x; });
  std::vector<int16_t> h = {0, 1, -1, 32767, -32768, 300, -300, 255};
  std::vector<int16_t> g = {1, -1, -1, 1, -1, 300, 2, 255};
  expectLanes<int16_t>("add.s16 %xd, %xa, %xb", h, g, {}, [](int16_t x, int16_t y, int16_t) {
    return static_cast<int16_t>(static_cast<uint16_t>(x + y));
  });
  expectLanes<int16_t>("mul.lo.s16 %xd, %xa, %xb", h, g, {}, [](int16_t x, int16_t y, int16_t) {
    return static_cast<int16_t>(static_cast<uint16_t>(int32_t{x} * y));
  });
  expectLanes<int32_t, int16_t>("mul.wide.s16 %xd, %xa, %xb", h, g, {},
                                [](int16_t x, int16_t y, int16_t) { return int32_t{x} * y; });
}

TEST(Arithmetic, IntegerMadFamily) {
  using S = int32_t;
  auto wrap = [](int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); };
  std::vector<S> c = {10, -10, kMax32, kMin32, 0, 1};
  expectLanes<S>("mad.lo.s32 %xd, %xa, %xb, %xc", kS32, kS32b, c,
                 [&](S a, S b, S cc) { return wrap(int64_t{a} * b + cc); });
  expectLanes<S>("mad.hi.s32 %xd, %xa, %xb, %xc", kS32, kS32b, c,
                 [&](S a, S b, S cc) { return wrap(((int64_t{a} * b) >> 32) + cc); });
  expectLanes<S>("mad.hi.sat.s32 %xd, %xa, %xb, %xc", kS32, kS32b, c, [&](S a, S b, S cc) {
    return static_cast<S>(std::clamp<int64_t>(((int64_t{a} * b) >> 32) + cc, kMin32, kMax32));
  });
  std::vector<uint64_t> wideC = {0, ~0ull, 1ull << 63, 12345};
  expectLanes<uint64_t, uint32_t, uint32_t, uint64_t>(
      "mad.wide.u32 %xd, %xa, %xb, %xc", asU32(kS32), asU32(kS32b), wideC,
      [](uint32_t a, uint32_t b, uint64_t cc) { return uint64_t{a} * b + cc; });
  expectLanes<S>("mul24.lo.s32 %xd, %xa, %xb", kS32, kS32b, {}, [](S a, S b, S) {
    int64_t x = static_cast<int32_t>(static_cast<uint32_t>(a) << 8) >> 8;
    int64_t y = static_cast<int32_t>(static_cast<uint32_t>(b) << 8) >> 8;
    return static_cast<S>(static_cast<uint32_t>(x * y));
  });
  expectLanes<uint32_t>("mul24.hi.u32 %xd, %xa, %xb", asU32(kS32), asU32(kS32b), {},
                        [](uint32_t a, uint32_t b, uint32_t) {
                          uint64_t p = uint64_t{a & 0xffffff} * (b & 0xffffff);
                          return static_cast<uint32_t>(p >> 16);
                        });
  expectLanes<uint32_t>("mad24.lo.u32 %xd, %xa, %xb, %xc", asU32(kS32), asU32(kS32b), asU32(c),
                        [](uint32_t a, uint32_t b, uint32_t cc) {
                          return static_cast<uint32_t>(uint64_t{a & 0xffffff} * (b & 0xffffff)) +
                                 cc;
                        });
  expectLanes<uint32_t>(
      "sad.u32 %xd, %xa, %xb, %xc", asU32(kS32), asU32(kS32b), asU32(c),
      [](uint32_t a, uint32_t b, uint32_t cc) { return (a > b ? a - b : b - a) + cc; });
}

TEST(Arithmetic, IntegerDivRemAbsNegMinMax) {
  using S = int32_t;
  expectLanes<S>("div.s32 %xd, %xa, %xb", kS32, kS32b, {}, [](S a, S b, S) {
    if (b == 0)
      return -1;
    if (b == -1)
      return static_cast<S>(0u - static_cast<uint32_t>(a));
    return a / b;
  });
  expectLanes<S>("rem.s32 %xd, %xa, %xb", kS32, kS32b, {}, [](S a, S b, S) {
    if (b == 0)
      return a;
    if (b == -1)
      return 0;
    return a % b;
  });
  expectLanes<uint32_t>("div.u32 %xd, %xa, %xb", asU32(kS32), asU32(kS32b), {},
                        [](uint32_t a, uint32_t b, uint32_t) { return b ? a / b : 0xffffffffu; });
  expectLanes<uint32_t>("rem.u32 %xd, %xa, %xb", asU32(kS32), asU32(kS32b), {},
                        [](uint32_t a, uint32_t b, uint32_t) { return b ? a % b : a; });
  expectLanes<S>("abs.s32 %xd, %xa", kS32, {}, {},
                 [](S a, S, S) { return a == kMin32 ? kMin32 : (a < 0 ? -a : a); });
  expectLanes<S>("neg.s32 %xd, %xa", kS32, {}, {},
                 [](S a, S, S) { return static_cast<S>(0u - static_cast<uint32_t>(a)); });
  expectLanes<S>("min.s32 %xd, %xa, %xb", kS32, kS32b, {},
                 [](S a, S b, S) { return std::min(a, b); });
  expectLanes<uint32_t>("max.u32 %xd, %xa, %xb", asU32(kS32), asU32(kS32b), {},
                        [](uint32_t a, uint32_t b, uint32_t) { return std::max(a, b); });
  expectLanes<S>("max.relu.s32 %xd, %xa, %xb", kS32, kS32b, {},
                 [](S a, S b, S) { return std::max(0, std::max(a, b)); });
  expectLanes<S>("min.relu.s32 %xd, %xa, %xb", kS32, kS32b, {},
                 [](S a, S b, S) { return std::max(0, std::min(a, b)); });
}

// Multi-word arithmetic through the carry flag: 64-bit values as two 32-bit halves.
TEST(Arithmetic, CarryChainsAdd64Sub64Mul64) {
  const std::vector<uint64_t> a = {0, ~0ull, 0xffffffffull, 0x1234567890abcdefull, 1ull << 32, 7};
  const std::vector<uint64_t> b = {0, 1, 1, 0xfedcba0987654321ull, ~0ull, 0x100000000ull};
  PtxRunner r;
  ASSERT_TRUE(r.load(R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry k(.param .u64 pa, .param .u64 pb, .param .u64 psum, .param .u64 pdiff,
                  .param .u64 pprod, .param .u64 pmad)
{
  .reg .b32 %t, %alo, %ahi, %blo, %bhi, %slo, %shi, %dlo, %dhi, %p0, %p1, %m0, %m1, %x;
  .reg .b64 %ra, %rb, %o, %q;
  mov.u32 %t, %tid.x;
  mul.wide.u32 %o, %t, 8;
  ld.param.u64 %ra, [pa];
  add.u64 %q, %ra, %o;
  ld.global.v2.u32 {%alo, %ahi}, [%q];
  ld.param.u64 %rb, [pb];
  add.u64 %q, %rb, %o;
  ld.global.v2.u32 {%blo, %bhi}, [%q];
  add.cc.u32 %slo, %alo, %blo;
  addc.u32 %shi, %ahi, %bhi;
  sub.cc.u32 %dlo, %alo, %blo;
  subc.u32 %dhi, %ahi, %bhi;
  mul.lo.u32 %p0, %alo, %blo;
  mul.hi.u32 %x, %alo, %blo;
  mad.lo.u32 %p1, %alo, %bhi, %x;
  mad.lo.u32 %p1, %ahi, %blo, %p1;
  mad.lo.cc.u32 %m0, %alo, %blo, %ahi;
  madc.hi.u32 %m1, %alo, %blo, %bhi;
  ld.param.u64 %ra, [psum];
  add.u64 %q, %ra, %o;
  st.global.v2.u32 [%q], {%slo, %shi};
  ld.param.u64 %ra, [pdiff];
  add.u64 %q, %ra, %o;
  st.global.v2.u32 [%q], {%dlo, %dhi};
  ld.param.u64 %ra, [pprod];
  add.u64 %q, %ra, %o;
  st.global.v2.u32 [%q], {%p0, %p1};
  ld.param.u64 %ra, [pmad];
  add.u64 %q, %ra, %o;
  st.global.v2.u32 [%q], {%m0, %m1};
  ret;
}
)"));
  auto ca = cycled(a), cb = cycled(b);
  uint64_t *sum = r.memory.array<uint64_t>(kThreads);
  uint64_t *diff = r.memory.array<uint64_t>(kThreads);
  uint64_t *prod = r.memory.array<uint64_t>(kThreads);
  uint64_t *mad = r.memory.array<uint64_t>(kThreads);
  auto result = r.run("k", {1}, {kThreads},
                      ParamPack()
                          .add(r.memory.array(ca))
                          .add(r.memory.array(cb))
                          .add(sum)
                          .add(diff)
                          .add(prod)
                          .add(mad));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < kThreads; ++t) {
    EXPECT_EQ(sum[t], ca[t] + cb[t]) << t;
    EXPECT_EQ(diff[t], ca[t] - cb[t]) << t;
    EXPECT_EQ(prod[t], ca[t] * cb[t]) << t;
    // mad.lo.cc / madc.hi: alo * blo plus the 64-bit addend (bhi:ahi), carried across halves.
    uint64_t addend = (cb[t] >> 32 << 32) | (ca[t] >> 32);
    EXPECT_EQ(mad[t], (ca[t] & 0xffffffffu) * (cb[t] & 0xffffffffu) + addend) << t;
  }
}

// The carry chain across 128 bits: four add.cc/addc in a row, the carry rippling through words.
TEST(Arithmetic, CarryRipplesThroughFourWords) {
  PtxRunner r;
  ASSERT_TRUE(r.load(R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry k(.param .u64 pout)
{
  .reg .b32 %t, %w<4>, %c;
  .reg .b64 %o, %q;
  mov.u32 %t, %tid.x;
  add.cc.u32 %w0, %t, -1;
  addc.cc.u32 %w1, 0xffffffff, 0;
  addc.cc.u32 %w2, 0xffffffff, 0;
  addc.u32 %w3, 5, 0;
  sub.cc.u32 %c, %t, 1;
  subc.u32 %c, 10, 0;
  ld.param.u64 %q, [pout];
  mul.wide.u32 %o, %t, 32;
  add.u64 %q, %q, %o;
  st.global.v4.u32 [%q], {%w0, %w1, %w2, %w3};
  st.global.u32 [%q+16], %c;
  ret;
}
)"));
  uint32_t *out = r.memory.array<uint32_t>(kThreads * 8);
  auto result = r.run("k", {1}, {kThreads}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t t = 0; t < kThreads; ++t) {
    bool carry = t >= 1; // t + 0xffffffff carries for every t but 0
    EXPECT_EQ(out[t * 8 + 0], t - 1) << t;
    EXPECT_EQ(out[t * 8 + 1], carry ? 0u : 0xffffffffu) << t;
    EXPECT_EQ(out[t * 8 + 2], carry ? 0u : 0xffffffffu) << t;
    EXPECT_EQ(out[t * 8 + 3], carry ? 6u : 5u) << t;
    EXPECT_EQ(out[t * 8 + 4], t == 0 ? 9u : 10u) << t; // borrow only when t < 1
  }
}

const std::vector<float> kF32 = {
    0.0f,     -0.0f,     1.0f, -1.5f, 3.25f,           1e30f, -1e-30f,  0x1p-149f, 0x1.fffffep127f,
    INFINITY, -INFINITY, NAN,  0.1f,  1.0f + 0x1p-23f, -7.0f, 0x1p-126f};
const std::vector<float> kF32b = {
    1.0f,       -0.0f,           0x1p-24f,  2.0f, -3.25f, 1e30f, 1e-30f,
    -0x1p-149f, 0x1.fffffep127f, -INFINITY, 1.0f, 2.0f,   0.2f,  1.0f - 0x1p-23f,
    0.5f,       -0x1p-127f};
const std::vector<float> kF32c = {-1.0f, 0.0f, 1.0f, 0x1p-24f, 0.0f, -1e30f, -0.0f, 1.0f};

float canon(float f) { return canonicalF32(f); }

template <class F> float underMode(int mode, F f) {
  std::fesetround(mode);
  volatile float r = f();
  std::fesetround(FE_TONEAREST);
  return r;
}

TEST(Arithmetic, F32AddMulFmaNearest) {
  expectLanes<float>("add.f32 %xd, %xa, %xb", kF32, kF32b, {},
                     [](float a, float b, float) { return canon(a + b); });
  expectLanes<float>("sub.f32 %xd, %xa, %xb", kF32, kF32b, {},
                     [](float a, float b, float) { return canon(a - b); });
  expectLanes<float>("mul.rn.f32 %xd, %xa, %xb", kF32, kF32b, {},
                     [](float a, float b, float) { return canon(a * b); });
  expectLanes<float>("fma.rn.f32 %xd, %xa, %xb, %xc", kF32, kF32b, kF32c,
                     [](float a, float b, float c) { return canon(std::fma(a, b, c)); });
  expectLanes<float>("mad.f32 %xd, %xa, %xb, %xc", kF32, kF32b, kF32c,
                     [](float a, float b, float c) { return canon(std::fma(a, b, c)); });
  expectLanes<float>("add.f32 %xd, %xa, 0f3F800000", kF32, {}, {},
                     [](float a, float, float) { return canon(a + 1.0f); });
}

TEST(Arithmetic, F32DirectedRoundingMatchesHost) {
  const std::pair<const char *, int> modes[] = {
      {"rz", FE_TOWARDZERO}, {"rm", FE_DOWNWARD}, {"rp", FE_UPWARD}};
  for (auto [name, mode] : modes) {
    std::string m = name;
    expectLanes<float>("add." + m + ".f32 %xd, %xa, %xb", kF32, kF32b, {},
                       [&](float a, float b, float) {
                         volatile float x = a, y = b;
                         return canon(underMode(mode, [&] { return x + y; }));
                       });
    expectLanes<float>("mul." + m + ".f32 %xd, %xa, %xb", kF32, kF32b, {},
                       [&](float a, float b, float) {
                         volatile float x = a, y = b;
                         return canon(underMode(mode, [&] { return x * y; }));
                       });
    expectLanes<float>("fma." + m + ".f32 %xd, %xa, %xb, %xc", kF32, kF32b, kF32c,
                       [&](float a, float b, float c) {
                         volatile float x = a, y = b, z = c;
                         return canon(underMode(mode, [&] { return std::fma(x, y, z); }));
                       });
    expectLanes<float>("div." + m + ".f32 %xd, %xa, %xb", kF32, kF32b, {},
                       [&](float a, float b, float) {
                         volatile float x = a, y = b;
                         return canon(underMode(mode, [&] { return x / y; }));
                       });
    expectLanes<float>("sqrt." + m + ".f32 %xd, %xa", kF32, {}, {}, [&](float a, float, float) {
      volatile float x = a;
      return canon(underMode(mode, [&] { return std::sqrt(x); }));
    });
  }
}

TEST(Arithmetic, F32FtzSatAndSpecials) {
  auto flush = [](float v) { return flushF32(v); };
  expectLanes<float>("add.ftz.f32 %xd, %xa, %xb", kF32, kF32b, {},
                     [&](float a, float b, float) { return canon(flush(flush(a) + flush(b))); });
  expectLanes<float>("mul.rn.sat.f32 %xd, %xa, %xb", kF32, kF32b, {}, [](float a, float b, float) {
    float p = a * b;
    return p > 0 ? std::min(p, 1.0f) : 0.0f;
  });
  expectLanes<float>("div.rn.f32 %xd, %xa, %xb", kF32, kF32b, {},
                     [](float a, float b, float) { return canon(a / b); });
  expectLanes<float>("div.full.f32 %xd, %xa, %xb", kF32, kF32b, {},
                     [](float a, float b, float) { return canon(a / b); });
  expectLanes<float>("rcp.rn.f32 %xd, %xa", kF32, {}, {},
                     [](float a, float, float) { return canon(1.0f / a); });
  expectLanes<float>("sqrt.rn.f32 %xd, %xa", kF32, {}, {},
                     [](float a, float, float) { return canon(std::sqrt(a)); });
  expectLanes<float>("neg.f32 %xd, %xa", kF32, {}, {}, [](float a, float, float) { return -a; });
  expectLanes<float>("abs.ftz.f32 %xd, %xa", kF32, {}, {},
                     [&](float a, float, float) { return std::fabs(flush(a)); });
  expectLanes<float>("min.f32 %xd, %xa, %xb", kF32, kF32b, {}, [](float a, float b, float) {
    if (std::isnan(a))
      return canon(b);
    if (std::isnan(b))
      return a;
    if (a == b)
      return std::signbit(a) ? a : b;
    return std::min(a, b);
  });
  expectLanes<float>("max.NaN.f32 %xd, %xa, %xb", kF32, kF32b, {}, [](float a, float b, float) {
    if (std::isnan(a) || std::isnan(b))
      return canon(NAN);
    if (a == b)
      return std::signbit(a) ? b : a;
    return std::max(a, b);
  });
  expectLanes<float>("copysign.f32 %xd, %xa, %xb", kF32, kF32b, {},
                     [](float a, float b, float) { return std::copysign(b, a); });
}

TEST(Arithmetic, F32ApproxFunctionsOnExactPoints) {
  std::vector<float> x = {1.0f, 2.0f, 4.0f, 0.25f, 1024.0f, 0x1p-20f, INFINITY, 0.0f};
  expectLanes<float>("lg2.approx.f32 %xd, %xa", x, {}, {},
                     [](float a, float, float) { return std::log2(a); });
  expectLanes<float>("rsqrt.approx.f32 %xd, %xa", x, {}, {},
                     [](float a, float, float) { return 1.0f / std::sqrt(a); });
  expectLanes<float>("rcp.approx.ftz.f32 %xd, %xa", x, {}, {},
                     [](float a, float, float) { return 1.0f / a; });
  std::vector<float> e = {0.0f, 1.0f, -1.0f, 10.0f, -126.0f, 127.0f, -INFINITY, 3.0f};
  expectLanes<float>("ex2.approx.f32 %xd, %xa", e, {}, {},
                     [](float a, float, float) { return std::exp2(a); });
  std::vector<float> z = {0.0f, -0.0f};
  expectLanes<float>("sin.approx.f32 %xd, %xa", z, {}, {}, [](float a, float, float) { return a; });
  expectLanes<float>("cos.approx.f32 %xd, %xa", z, {}, {},
                     [](float, float, float) { return 1.0f; });
  expectLanes<float>("tanh.approx.f32 %xd, %xa", z, {}, {},
                     [](float a, float, float) { return a; });
}

TEST(Arithmetic, TestpWritesPredicate) {
  std::vector<float> x = {1.0f, 0.0f, 0x1p-140f, INFINITY, -INFINITY, NAN, -2.0f, 0x1p-126f};
  const std::pair<const char *, bool (*)(float)> classes[] = {
      {"finite", [](float v) { return std::isfinite(v); }},
      {"infinite", [](float v) { return std::isinf(v); }},
      {"number", [](float v) { return !std::isnan(v); }},
      {"notanumber", [](float v) { return std::isnan(v); }},
      {"normal", [](float v) { return std::isnormal(v); }},
      {"subnormal", [](float v) { return std::fpclassify(v) == FP_SUBNORMAL; }},
  };
  for (auto [name, is] : classes)
    expectLanes<bool>(std::string("testp.") + name + ".f32 %xd, %xa", x, {}, {},
                      [&](float a, float, float) { return is(a); });
}

TEST(Arithmetic, F64Operations) {
  std::vector<double> a = {0.0, -1.0, 1.0 / 3.0, 1e300, -1e-300, 0x1p-1074, INFINITY, 2.0};
  std::vector<double> b = {1.0, 3.0, 3.0, 1e300, 1e300, 0.5, 1.0, 2.0};
  std::vector<double> c = {-1.0, 0.5, -1.0 / 9.0, -1e300};
  expectLanes<double>("add.f64 %xd, %xa, %xb", a, b, {},
                      [](double x, double y, double) { return x + y; });
  expectLanes<double>("mul.rn.f64 %xd, %xa, %xb", a, b, {},
                      [](double x, double y, double) { return x * y; });
  expectLanes<double>("fma.rn.f64 %xd, %xa, %xb, %xc", a, b, c,
                      [](double x, double y, double z) { return std::fma(x, y, z); });
  expectLanes<double>("div.rn.f64 %xd, %xa, %xb", a, b, {},
                      [](double x, double y, double) { return x / y; });
  expectLanes<double>("div.rz.f64 %xd, %xa, %xb", a, b, {},
                      [](double x, double y, double) { return f64Div(x, y, Rounding::Rz); });
  expectLanes<double>("sqrt.rn.f64 %xd, %xa", b, {}, {},
                      [](double x, double, double) { return std::sqrt(x); });
  expectLanes<double>("rcp.rn.f64 %xd, %xa", b, {}, {},
                      [](double x, double, double) { return 1.0 / x; });
  expectLanes<double>("neg.f64 %xd, %xa", a, {}, {}, [](double x, double, double) { return -x; });
  expectLanes<double>("abs.f64 %xd, %xa", a, {}, {},
                      [](double x, double, double) { return std::fabs(x); });
  expectLanes<double>("max.f64 %xd, %xa, %xb", a, b, {},
                      [](double x, double y, double) { return std::max(x, y); });
  // 1/3 rounds down in double: .rp is one ulp above .rn.
  auto up =
      run<double>("div.rp.f64 %xd, %xa, %xb", std::vector<double>{1.0}, std::vector<double>{3.0});
  ASSERT_FALSE(up.empty());
  EXPECT_EQ(up[0], std::nextafter(1.0 / 3.0, 1.0));
}

TEST(Arithmetic, HalfAndBf16) {
  // f16: 1 + 2 = 3, 65504 + 65504 = inf, 1 + 2^-11 (tie) = 1, -0 + -0 = -0
  std::vector<uint16_t> a = {0x3c00, 0x7bff, 0x3c00, 0x8000};
  std::vector<uint16_t> b = {0x4000, 0x7bff, 0x1000, 0x8000};
  std::vector<uint16_t> want = {0x4200, 0x7c00, 0x3c00, 0x8000};
  auto got = run<uint16_t>("add.f16 %xd, %xa, %xb", a, b);
  ASSERT_EQ(got.size(), kThreads);
  for (uint32_t t = 0; t < kThreads; ++t)
    EXPECT_EQ(got[t], want[t % 4]) << t;
  // f16x2 fma: low (1*2 + 3) = 5 = 0x4500, high (-1 * 0.5 + 0.25) = -0.25 = 0xb400
  auto fused =
      run<uint32_t>("fma.rn.f16x2 %xd, %xa, %xb, %xc", std::vector<uint32_t>{0xbc003c00u},
                    std::vector<uint32_t>{0x38004000u}, std::vector<uint32_t>{0x34004200u});
  ASSERT_EQ(fused.size(), kThreads);
  for (uint32_t t = 0; t < kThreads; ++t)
    EXPECT_EQ(fused[t], 0xb4004500u) << t;
  // bf16x2: low 1.5 * 2 = 3 (0x4040); high max(-1, NaN) = -1 (0xbf80)
  auto product = run<uint32_t>("mul.rn.bf16x2 %xd, %xa, %xb", std::vector<uint32_t>{0x40003fc0u},
                               std::vector<uint32_t>{0x3f804000u});
  ASSERT_EQ(product.size(), kThreads);
  EXPECT_EQ(product[0], 0x40004040u); // high: 2 * 1 = 2
  auto most = run<uint32_t>("max.bf16x2 %xd, %xa, %xb", std::vector<uint32_t>{0xbf803f80u},
                            std::vector<uint32_t>{0x7fc04000u});
  ASSERT_EQ(most.size(), kThreads);
  EXPECT_EQ(most[39], 0xbf804000u);
  auto negated = run<uint16_t>("neg.bf16 %xd, %xa", std::vector<uint16_t>{0x3f80});
  ASSERT_EQ(negated.size(), kThreads);
  EXPECT_EQ(negated[5], 0xbf80);
  auto relu = run<uint16_t>("fma.rn.relu.f16 %xd, %xa, %xb, %xc", std::vector<uint16_t>{0x3c00},
                            std::vector<uint16_t>{0xbc00}, std::vector<uint16_t>{0x3800});
  ASSERT_EQ(relu.size(), kThreads);
  EXPECT_EQ(relu[0], 0x0000); // 1 * -1 + 0.5 = -0.5 -> 0
}

TEST(Arithmetic, UnsupportedFormsAreReportedNotCrashed) {
  test::HostDeviceMemory memory;
  auto loaded = Module::load(R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry k()
{
  .reg .b64 %a, %b;
  .reg .b64 %c<2>;
  mul.wide.u64 %a, %a, %b;
  ret;
}
)",
                             memory);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("mul"), std::string::npos) << loaded.error().message;
  auto noApprox = Module::load(R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry k()
{
  .reg .f32 %a;
  sin.f32 %a, %a;
  ret;
}
)",
                               memory);
  ASSERT_FALSE(noApprox);
  EXPECT_NE(noApprox.error().message.find("approx"), std::string::npos);
}

} // namespace e2e
} // namespace
} // namespace qiao::ptx
