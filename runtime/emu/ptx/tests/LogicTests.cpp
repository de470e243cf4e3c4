// Bit operations and shifts: the scalar rules of BitSemantics.h against values worked out by hand
// from the PTX ISA's semantics, then the same instructions run as PTX kernels, every lane checked
// against a plain C++ reference.
#include "OpKernel.h"
#include "PtxHarness.h"
#include "ptx/BitSemantics.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qiao::ptx::test {
namespace {

// ---- scalar rules --------------------------------------------------------------------------

TEST(LogicSemantics, ShiftsClampTheAmount) {
  EXPECT_EQ(shiftLeft<uint32_t>(1, 31), 0x80000000u);
  EXPECT_EQ(shiftLeft<uint32_t>(1, 32), 0u);
  EXPECT_EQ(shiftLeft<uint32_t>(0xffffffffu, 1000), 0u);
  EXPECT_EQ(shiftLeft<uint16_t>(0x8001, 1), 0x0002);
  EXPECT_EQ(shiftRight<int32_t>(-8, 1), -4);
  EXPECT_EQ(shiftRight<int32_t>(-8, 40), -1);
  EXPECT_EQ(shiftRight<int32_t>(8, 40), 0);
  EXPECT_EQ(shiftRight<uint32_t>(0x80000000u, 31), 1u);
  EXPECT_EQ(shiftRight<uint32_t>(0x80000000u, 32), 0u);
  EXPECT_EQ(shiftRight<uint16_t>(0x8000, 15), 1);
  EXPECT_EQ(shiftRight<int16_t>(static_cast<int16_t>(0x8000), 15), -1);
  EXPECT_EQ(shiftRight<uint64_t>(uint64_t{1} << 63, 64), 0u);
  EXPECT_EQ(shiftRight<int64_t>(INT64_MIN, 64), -1);
}

// bmsk appears in CUB's and Thrust's scans (bmsk.clamp.b32); it was missing from the engine.
TEST(LogicSemantics, BitMask) {
  EXPECT_EQ(bitMask(1, 2, false), 0x00000006u); // the ISA's example
  EXPECT_EQ(bitMask(0, 8, true), 0x000000ffu);
  EXPECT_EQ(bitMask(4, 0, true), 0u);           // zero width
  EXPECT_EQ(bitMask(28, 8, true), 0xf0000000u); // runs past bit 31
  EXPECT_EQ(bitMask(32, 4, true), 0u);          // start beyond the word
  EXPECT_EQ(bitMask(32, 4, false), 0x0000000fu); // wraps to start 0
  EXPECT_EQ(bitMask(3, 40, true), 0xfffffff8u);  // width clamped: everything from bit 3
  EXPECT_EQ(bitMask(3, 36, false), 0x00000078u); // width wraps to 4
}

TEST(LogicSemantics, BitFieldExtract) {
  EXPECT_EQ(bitFieldExtract<uint32_t>(0x12345678u, 4, 8), 0x67u);
  EXPECT_EQ(bitFieldExtract<int32_t>(0x000000f0, 4, 4), -1);
  EXPECT_EQ(bitFieldExtract<int32_t>(0x00000070, 4, 4), 7);
  // The field runs past bit 31: bits 28..31 are 1000b, the sign is a's msb.
  EXPECT_EQ(
      static_cast<uint32_t>(bitFieldExtract<int32_t>(static_cast<int32_t>(0x80000000u), 28, 8)),
      0xfffffff8u);
  EXPECT_EQ(bitFieldExtract<uint32_t>(0x80000000u, 28, 8), 0x8u);
  EXPECT_EQ(bitFieldExtract<uint32_t>(0xffffffffu, 5, 0), 0u);
  EXPECT_EQ(bitFieldExtract<int32_t>(-1, 5, 0), 0);
  EXPECT_EQ(bitFieldExtract<uint32_t>(0xffffffffu, 40, 3), 0u);
  EXPECT_EQ(bitFieldExtract<int32_t>(-1, 40, 3), -1); // start past the msb: replicated sign
  EXPECT_EQ(bitFieldExtract<uint32_t>(0x12345678u, 0x104, 0x108), 0x67u); // only 8 bits count
  EXPECT_EQ(bitFieldExtract<uint32_t>(0x12345678u, 0, 32), 0x12345678u);
  EXPECT_EQ(bitFieldExtract<uint64_t>(0xf000000000000000ull, 60, 4), 0xfu);
  EXPECT_EQ(bitFieldExtract<int64_t>(static_cast<int64_t>(0x8000000000000000ull), 63, 1), -1);
}

TEST(LogicSemantics, BitFieldInsert) {
  EXPECT_EQ(bitFieldInsert<uint32_t>(0xff, 0x12345678u, 8, 4), 0x12345f78u);
  EXPECT_EQ(bitFieldInsert<uint32_t>(0xff, 0x12345678u, 30, 8), 0xd2345678u);
  EXPECT_EQ(bitFieldInsert<uint32_t>(0xff, 0x12345678u, 8, 0), 0x12345678u);
  EXPECT_EQ(bitFieldInsert<uint32_t>(0xff, 0x12345678u, 32, 4), 0x12345678u);
  EXPECT_EQ(bitFieldInsert<uint32_t>(0xabcdef01u, 0, 0, 32), 0xabcdef01u);
  EXPECT_EQ(bitFieldInsert<uint64_t>(1, 0, 63, 1), 0x8000000000000000ull);
}

TEST(LogicSemantics, CountsAndReverse) {
  EXPECT_EQ(bitReverse<uint32_t>(1), 0x80000000u);
  EXPECT_EQ(bitReverse<uint32_t>(0x12345678u), 0x1e6a2c48u);
  EXPECT_EQ(bitReverse<uint64_t>(1), 0x8000000000000000ull);
  EXPECT_EQ(countLeadingZeros<uint32_t>(0), 32u);
  EXPECT_EQ(countLeadingZeros<uint32_t>(1), 31u);
  EXPECT_EQ(countLeadingZeros<uint32_t>(0x80000000u), 0u);
  EXPECT_EQ(countLeadingZeros<uint64_t>(1), 63u);
  EXPECT_EQ(countLeadingZeros<uint64_t>(0), 64u);
  EXPECT_EQ(populationCount<uint32_t>(0xffffffffu), 32u);
  EXPECT_EQ(populationCount<uint64_t>(0xf0f0), 8u);
}

TEST(LogicSemantics, FindMostSignificantBit) {
  EXPECT_EQ(findMostSignificantBit<uint32_t>(0, false), 0xffffffffu);
  EXPECT_EQ(findMostSignificantBit<uint32_t>(0, true), 0xffffffffu);
  EXPECT_EQ(findMostSignificantBit<uint32_t>(0x10, false), 4u);
  EXPECT_EQ(findMostSignificantBit<uint32_t>(0x10, true), 27u);
  EXPECT_EQ(findMostSignificantBit<int32_t>(-1, false), 0xffffffffu);
  EXPECT_EQ(findMostSignificantBit<int32_t>(-2, false), 0u);
  EXPECT_EQ(findMostSignificantBit<int32_t>(0x7fffffff, false), 30u);
  EXPECT_EQ(findMostSignificantBit<int32_t>(INT32_MIN, false), 30u);
  EXPECT_EQ(findMostSignificantBit<uint64_t>(uint64_t{1} << 40, false), 40u);
  EXPECT_EQ(findMostSignificantBit<uint64_t>(uint64_t{1} << 40, true), 23u);
}

TEST(LogicSemantics, FindNthSetBitIsaExamples) {
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 3, 1), 3u);
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 3, -1), 3u);
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 2, 1), 3u);
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 2, -1), 1u);
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 0, 0), 0xffffffffu);
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 1, 0), 1u);
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 0, 16), 31u);
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 0, 17), 0xffffffffu);
  EXPECT_EQ(findNthSetBit(0xaaaaaaaau, 31, -16), 1u);
}

TEST(LogicSemantics, PermuteModes) {
  const uint32_t a = 0x33221100u, b = 0x77665544u;
  EXPECT_EQ(permuteBytes(a, b, 0x3210, PermuteMode::Generic), 0x33221100u);
  EXPECT_EQ(permuteBytes(a, b, 0x7654, PermuteMode::Generic), 0x77665544u);
  EXPECT_EQ(permuteBytes(a, b, 0x0123, PermuteMode::Generic), 0x00112233u);
  EXPECT_EQ(permuteBytes(0x80, 0, 0x0008, PermuteMode::Generic), 0x808080ffu);
  EXPECT_EQ(permuteBytes(0x7f, 0, 0x0008, PermuteMode::Generic), 0x7f7f7f00u);
  EXPECT_EQ(permuteBytes(a, b, 1, PermuteMode::F4e), 0x44332211u);
  EXPECT_EQ(permuteBytes(a, b, 3, PermuteMode::F4e), 0x66554433u);
  EXPECT_EQ(permuteBytes(a, b, 0, PermuteMode::B4e), 0x55667700u);
  EXPECT_EQ(permuteBytes(a, b, 3, PermuteMode::B4e), 0x00112233u);
  EXPECT_EQ(permuteBytes(a, b, 2, PermuteMode::Rc8), 0x22222222u);
  EXPECT_EQ(permuteBytes(a, b, 1, PermuteMode::Ecl), 0x33221111u);
  EXPECT_EQ(permuteBytes(a, b, 2, PermuteMode::Ecr), 0x22221100u);
  EXPECT_EQ(permuteBytes(a, b, 1, PermuteMode::Rc16), 0x33223322u);
  EXPECT_EQ(permuteBytes(a, b, 0x6, PermuteMode::Rc16), 0x11001100u); // only c[1:0] counts
}

TEST(LogicSemantics, FunnelShift) {
  const uint32_t lo = 0x89abcdefu, hi = 0x01234567u;
  EXPECT_EQ(funnelShift(lo, hi, 8, true, true), 0x23456789u);
  EXPECT_EQ(funnelShift(lo, hi, 8, false, true), 0x6789abcdu);
  EXPECT_EQ(funnelShift(lo, hi, 40, true, true), 0x89abcdefu);
  EXPECT_EQ(funnelShift(lo, hi, 40, false, true), 0x01234567u);
  EXPECT_EQ(funnelShift(lo, hi, 40, true, false), 0x23456789u);
  EXPECT_EQ(funnelShift(lo, hi, 40, false, false), 0x6789abcdu);
  EXPECT_EQ(funnelShift(lo, hi, 0, true, false), hi);
  EXPECT_EQ(funnelShift(lo, hi, 0, false, false), lo);
}

TEST(LogicSemantics, Logic3TruthTables) {
  const uint32_t a = 0xff00ff00u, b = 0xf0f0f0f0u, c = 0xccccccccu;
  EXPECT_EQ(logic3(a, b, c, 0xf0), a);
  EXPECT_EQ(logic3(a, b, c, 0xcc), b);
  EXPECT_EQ(logic3(a, b, c, 0xaa), c);
  EXPECT_EQ(logic3(a, b, c, 0x96), a ^ b ^ c);
  EXPECT_EQ(logic3(a, b, c, 0xe8), (a & b) | (a & c) | (b & c));
  EXPECT_EQ(logic3(a, b, c, 0x80), a & b & c);
  EXPECT_EQ(logic3(a, b, c, 0x00), 0u);
  EXPECT_EQ(logic3(a, b, c, 0xff), 0xffffffffu);
}

TEST(LogicSemantics, DotProducts) {
  EXPECT_EQ(dotProduct4(0x01020304u, 0x05060708u, 10, false, false), 80u);
  EXPECT_EQ(dotProduct4(0xff, 0x02, 0, false, false), 510u);
  EXPECT_EQ(dotProduct4(0xff, 0x02, 0, true, false), 0xfffffffeu);
  EXPECT_EQ(dotProduct4(0xff, 0xff, 0, true, true), 1u);
  EXPECT_EQ(dotProduct4(0xffffffffu, 0xffffffffu, 0, false, false), 4u * 255u * 255u);
  EXPECT_EQ(dotProduct2(0x00030002u, 0x04030201u, 0, false, false, false), 8u);
  EXPECT_EQ(dotProduct2(0x00030002u, 0x04030201u, 0, false, false, true), 18u);
  EXPECT_EQ(dotProduct2(0xffff0001u, 0x00000505u, 7, true, false, false), 7u);
  EXPECT_EQ(dotProduct2(0xffff0001u, 0x00000505u, 7, false, false, false), 7u + 5u + 65535u * 5u);
}

// ---- kernels ---------------------------------------------------------------------------------


// 40 threads: one full warp (the vectorised path) and a partial one (the masked path).
constexpr size_t kThreads32 = 40;
constexpr size_t kThreads64 = 32;

std::vector<uint32_t> words32(uint32_t seed) {
  std::vector<uint32_t> v(kThreads32);
  uint32_t x = seed;
  for (auto &e : v) {
    x = x * 1664525u + 1013904223u;
    e = x;
  }
  v[0] = 0, v[1] = 0xffffffffu, v[2] = 0x80000000u, v[3] = 1;
  return v;
}
std::vector<uint64_t> words64(uint64_t seed) {
  std::vector<uint64_t> v(kThreads64);
  uint64_t x = seed;
  for (auto &e : v) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    e = x;
  }
  v[0] = 0, v[1] = ~uint64_t{0}, v[2] = uint64_t{1} << 63, v[3] = 1;
  return v;
}
// Small amounts (shift counts, field positions) with the edge cases in the first lanes.
std::vector<uint32_t> amounts(uint32_t limit) {
  std::vector<uint32_t> v(kThreads32);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<uint32_t>((i * 7) % limit);
  v[0] = 0, v[1] = 31, v[2] = 32, v[3] = 33;
  return v;
}

template <class T, class F>
void expectLanes(const std::vector<T> &got, size_t n, F reference, const char *what) {
  ASSERT_EQ(got.size(), n);
  for (size_t i = 0; i < n; ++i)
    EXPECT_EQ(got[i], reference(i)) << what << " lane " << i;
}

TEST(LogicKernels, AndOrXorNotCnot32) {
  auto a = words32(1), b = words32(2), c = words32(3);
  a[5] = 0, b[5] = 0;
  expectLanes(
      runKernel<uint32_t>("and.b32 %d, %a, %b;", a, b, c), a.size(),
      [&](size_t i) { return a[i] & b[i]; }, "and");
  expectLanes(
      runKernel<uint32_t>("or.b32 %d, %a, %b;", a, b, c), a.size(),
      [&](size_t i) { return a[i] | b[i]; }, "or");
  expectLanes(
      runKernel<uint32_t>("xor.b32 %d, %a, 0x0f0f0f0f;", a, b, c), a.size(),
      [&](size_t i) { return a[i] ^ 0x0f0f0f0fu; }, "xor imm");
  expectLanes(
      runKernel<uint32_t>("not.b32 %d, %a;", a, b, c), a.size(), [&](size_t i) { return ~a[i]; },
      "not");
  expectLanes(
      runKernel<uint32_t>("cnot.b32 %d, %a;", a, b, c), a.size(),
      [&](size_t i) { return a[i] == 0 ? 1u : 0u; }, "cnot");
}

TEST(LogicKernels, SixteenBitOpsTruncate) {
  auto a = words32(4), b = words32(5), c = words32(6);
  // The 16-bit result lands in the low half of %d (zero-extended by cvt.u32.u16).
  expectLanes(
      runKernel<uint32_t>("cvt.u16.u32 %h1, %a;\n cvt.u16.u32 %h2, %b;\n"
                          " xor.b16 %h3, %h1, %h2;\n not.b16 %h4, %h3;\n"
                          " cvt.u32.u16 %d, %h4;",
                          a, b, c),
      a.size(), [&](size_t i) { return (~(a[i] ^ b[i])) & 0xffffu; }, "xor/not b16");
}

TEST(LogicKernels, PredicateLogic) {
  auto a = words32(7), b = words32(8), c = words32(9);
  // p = a odd, q = b odd; d = bits of (p & q), (p | !q), (p ^ q), !p.
  std::string body = R"(
  and.b32 %r1, %a, 1;
  and.b32 %r2, %b, 1;
  setp.ne.u32 %p1, %r1, 0;
  setp.ne.u32 %p2, %r2, 0;
  and.pred %p3, %p1, %p2;
  or.pred %p4, %p1, !%p2;
  xor.pred %p5, %p1, %p2;
  not.pred %p6, %p1;
  selp.u32 %r3, 1, 0, %p3;
  selp.u32 %r4, 2, 0, %p4;
  selp.u32 %r5, 4, 0, %p5;
  selp.u32 %r6, 8, 0, %p6;
  or.b32 %r3, %r3, %r4;
  or.b32 %r5, %r5, %r6;
  or.b32 %d, %r3, %r5;)";
  expectLanes(
      runKernel<uint32_t>(body, a, b, c), a.size(),
      [&](size_t i) {
        bool p = a[i] & 1, q = b[i] & 1;
        return uint32_t{(p && q) ? 1u : 0u} | ((p || !q) ? 2u : 0u) | ((p != q) ? 4u : 0u) |
               (!p ? 8u : 0u);
      },
      "pred logic");
}

TEST(LogicKernels, Shifts32) {
  auto a = words32(10), n = amounts(40), c = words32(11);
  expectLanes(
      runKernel<uint32_t>("shl.b32 %d, %a, %b;", a, n, c), a.size(),
      [&](size_t i) { return n[i] >= 32 ? 0u : a[i] << n[i]; }, "shl");
  expectLanes(
      runKernel<uint32_t>("shr.u32 %d, %a, %b;", a, n, c), a.size(),
      [&](size_t i) { return n[i] >= 32 ? 0u : a[i] >> n[i]; }, "shr.u32");
  expectLanes(
      runKernel<uint32_t>("shr.s32 %d, %a, %b;", a, n, c), a.size(),
      [&](size_t i) {
        int32_t v = static_cast<int32_t>(a[i]);
        return static_cast<uint32_t>(v >> (n[i] >= 32 ? 31 : n[i]));
      },
      "shr.s32");
  expectLanes(
      runKernel<uint32_t>("shl.b32 %d, %a, 4;", a, n, c), a.size(),
      [&](size_t i) { return a[i] << 4; }, "shl imm");
}

TEST(LogicKernels, Shifts64) {
  auto a = words64(12), c = words64(13);
  std::vector<uint64_t> n(kThreads64);
  for (size_t i = 0; i < n.size(); ++i)
    n[i] = (i * 5) % 70;
  // The shift amount is a .u32 operand: %r1 holds the low half of %b.
  expectLanes(
      runKernel<uint64_t>("cvt.u32.u64 %r1, %b;\n shl.b64 %d, %a, %r1;", a, n, c), a.size(),
      [&](size_t i) { return n[i] >= 64 ? 0 : a[i] << n[i]; }, "shl.b64");
  expectLanes(
      runKernel<uint64_t>("cvt.u32.u64 %r1, %b;\n shr.s64 %d, %a, %r1;", a, n, c), a.size(),
      [&](size_t i) {
        int64_t v = static_cast<int64_t>(a[i]);
        return static_cast<uint64_t>(v >> (n[i] >= 64 ? 63 : n[i]));
      },
      "shr.s64");
  expectLanes(
      runKernel<uint64_t>("and.b64 %d, %a, %c;", a, n, c), a.size(),
      [&](size_t i) { return a[i] & c[i]; }, "and.b64");
}

TEST(LogicKernels, FunnelShifts) {
  auto a = words32(14), b = words32(15), n = amounts(45);
  expectLanes(
      runKernel<uint32_t>("shf.l.wrap.b32 %d, %a, %b, %c;", a, b, n), a.size(),
      [&](size_t i) { return funnelShift(a[i], b[i], n[i], true, false); }, "shf.l.wrap");
  expectLanes(
      runKernel<uint32_t>("shf.r.clamp.b32 %d, %a, %b, %c;", a, b, n), a.size(),
      [&](size_t i) {
        uint32_t s = n[i] > 32 ? 32 : n[i];
        uint64_t joined = (uint64_t{b[i]} << 32) | a[i];
        return static_cast<uint32_t>(joined >> s);
      },
      "shf.r.clamp");
}

TEST(LogicKernels, BitFields) {
  auto a = words32(16), pos = amounts(36), len = amounts(20);
  expectLanes(
      runKernel<uint32_t>("bfe.u32 %d, %a, %b, %c;", a, pos, len), a.size(),
      [&](size_t i) {
        uint64_t field = pos[i] >= 32 ? 0 : (uint64_t{a[i]} >> pos[i]);
        uint64_t mask = len[i] >= 64 ? ~uint64_t{0} : (uint64_t{1} << len[i]) - 1;
        return static_cast<uint32_t>(field & mask);
      },
      "bfe.u32");
  expectLanes(
      runKernel<uint32_t>("bfe.s32 %d, %a, %b, %c;", a, pos, len), a.size(),
      [&](size_t i) {
        return static_cast<uint32_t>(
            bitFieldExtract<int32_t>(static_cast<int32_t>(a[i]), pos[i], len[i]));
      },
      "bfe.s32");
  auto base = words32(17);
  expectLanes(
      runKernel<uint32_t>("bfi.b32 %d, %a, %b, %c, 5;", a, base, pos), a.size(),
      [&](size_t i) {
        if (pos[i] >= 32)
          return base[i];
        uint32_t mask = static_cast<uint32_t>((0x1full << pos[i]) & 0xffffffffu);
        return (base[i] & ~mask) | ((a[i] << pos[i]) & mask);
      },
      "bfi.b32");
}

TEST(LogicKernels, CountsAndPermutes) {
  auto a = words32(18), b = words32(19), c = words32(20);
  expectLanes(
      runKernel<uint32_t>("popc.b32 %d, %a;", a, b, c), a.size(),
      [&](size_t i) { return static_cast<uint32_t>(__builtin_popcount(a[i])); }, "popc");
  expectLanes(
      runKernel<uint32_t>("clz.b32 %d, %a;", a, b, c), a.size(),
      [&](size_t i) { return a[i] == 0 ? 32u : static_cast<uint32_t>(__builtin_clz(a[i])); },
      "clz");
  expectLanes(
      runKernel<uint32_t>("brev.b32 %d, %a;", a, b, c), a.size(),
      [&](size_t i) {
        uint32_t r = 0;
        for (int k = 0; k < 32; ++k)
          r |= ((a[i] >> k) & 1u) << (31 - k);
        return r;
      },
      "brev");
  expectLanes(
      runKernel<uint32_t>("bfind.u32 %d, %a;", a, b, c), a.size(),
      [&](size_t i) { return a[i] == 0 ? 0xffffffffu : 31u - __builtin_clz(a[i]); }, "bfind");
  expectLanes(
      runKernel<uint32_t>("prmt.b32 %d, %a, %b, 0x5140;", a, b, c), a.size(),
      [&](size_t i) {
        uint64_t src = (uint64_t{b[i]} << 32) | a[i];
        auto byte = [&](int k) { return static_cast<uint32_t>((src >> (8 * k)) & 0xff); };
        return byte(0) | (byte(4) << 8) | (byte(1) << 16) | (byte(5) << 24);
      },
      "prmt");
  expectLanes(
      runKernel<uint32_t>("prmt.b32.rc8 %d, %a, %b, %c;", a, b, c), a.size(),
      [&](size_t i) { return ((a[i] >> (8 * (c[i] & 3))) & 0xffu) * 0x01010101u; }, "prmt.rc8");
  expectLanes(
      runKernel<uint32_t>("lop3.b32 %d, %a, %b, %c, 0xe8;", a, b, c), a.size(),
      [&](size_t i) { return (a[i] & b[i]) | (a[i] & c[i]) | (b[i] & c[i]); }, "lop3");
  expectLanes(
      runKernel<uint32_t>("dp4a.s32.u32 %d, %a, %b, %c;", a, b, c), a.size(),
      [&](size_t i) {
        uint32_t sum = c[i];
        for (int k = 0; k < 4; ++k)
          sum += static_cast<uint32_t>(static_cast<int8_t>(a[i] >> (8 * k)) *
                                       static_cast<int32_t>((b[i] >> (8 * k)) & 0xff));
        return sum;
      },
      "dp4a");
  std::vector<uint32_t> mask(a.size(), 0xaaaaaaaau), base(a.size()), offset(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    base[i] = static_cast<uint32_t>(i % 32);
    offset[i] = static_cast<uint32_t>(static_cast<int32_t>(i % 5) - 2);
  }
  expectLanes(
      runKernel<uint32_t>("fns.b32 %d, %a, %b, %c;", mask, base, offset), a.size(),
      [&](size_t i) {
        int32_t off = static_cast<int32_t>(offset[i]);
        int pos = static_cast<int>(base[i]);
        if (off == 0)
          return (pos % 2 == 1) ? base[i] : 0xffffffffu;
        int remaining = off > 0 ? off : -off;
        for (; pos >= 0 && pos<32; pos += off> 0 ? 1 : -1)
          if (pos % 2 == 1 && --remaining == 0)
            return static_cast<uint32_t>(pos);
        return 0xffffffffu;
      },
      "fns");
}

TEST(LogicKernels, BadFormsAreRejected) {
  PtxRunner r;
  auto loaded = Module::load(R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry k()
{
  .reg .b32 %r<4>;
  shf.l.b32 %r1, %r2, %r3, 4;
  ret;
}
)",
                             r.memory);
  EXPECT_FALSE(loaded) << "shf without .wrap/.clamp must not load";
}

} // namespace
} // namespace qiao::ptx::test
