// Half precision in Qiao kernel IR: every f16/bf16 arithmetic, comparison, conversion and atomic
// form the lowering expresses, run through the kir driver and compared bit for bit with the
// interpreter on the edge cases of the formats (signed zeros, subnormals, the largest finite
// values, infinities, NaNs with payloads, rounding ties) and on random bit patterns.
#include "KirDifferential.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::expectSameAsInterpreter;

const std::vector<uint16_t> kF16Edges = {0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x83ff, 0x0400,
                                         0x3c00, 0xbc00, 0x3c01, 0x3bff, 0x7bff, 0xfbff, 0x7c00,
                                         0xfc00, 0x7e00, 0x7c01, 0xfe01, 0x3555, 0x4248, 0x1400,
                                         0x0200, 0x5bff, 0x6400, 0x1001, 0xe800};
const std::vector<uint16_t> kBf16Edges = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x007f, 0x0080, 0x3f80, 0xbf80, 0x3f81, 0x3f7f, 0x7f7f,
    0xff7f, 0x7f80, 0xff80, 0x7fc0, 0x7f81, 0xffc1, 0x3eab, 0x4049, 0x0c00, 0x5f7f, 0x1001};
const std::vector<uint32_t> kF32Edges = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x00000001, 0x807fffff, 0x7f7fffff,
    0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0x477fe000,
    0x477fefff, 0x477ff000, 0xc77ff000, 0x33800000, 0x33000000, 0x33000001, 0xb3400000,
    0x38800000, 0x387fc000, 0x387fe000, 0x3f801000, 0x3f803000, 0x3f801001, 0x3f808000,
    0x3f818000, 0x3f808001, 0x7f7f8000, 0x7f7f7fff, 0x00008000, 0x00018000, 0x3eaaaaab};

uint32_t lcg(uint32_t &state) {
  state = state * 1664525u + 1013904223u;
  return state;
}

// Operands a, b, c: every pair of edge halves (in the low half, another edge in the high half)
// and random bit patterns.
struct Inputs {
  std::vector<uint32_t> a, b, c;
};

Inputs halfInputs(const std::vector<uint16_t> &edges) {
  Inputs in;
  size_t n = edges.size();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      in.a.push_back(edges[i] | uint32_t{edges[(i + j + 1) % n]} << 16);
      in.b.push_back(edges[j] | uint32_t{edges[(i * 3 + j) % n]} << 16);
      in.c.push_back(edges[(i * 7 + j * 5) % n] | uint32_t{edges[(j + 2) % n]} << 16);
    }
  uint32_t state = 12345;
  for (int k = 0; k < 3000; ++k) {
    in.a.push_back(lcg(state));
    in.b.push_back(lcg(state));
    in.c.push_back(lcg(state));
  }
  return in;
}

Inputs floatInputs() {
  Inputs in;
  for (uint32_t v : kF32Edges)
    for (uint32_t w : kF32Edges) {
      in.a.push_back(v);
      in.b.push_back(w);
      in.c.push_back(v ^ w);
    }
  uint32_t state = 777;
  for (int k = 0; k < 3000; ++k) {
    // Random floats around the halves' range, and random bit patterns.
    uint32_t r = lcg(state);
    uint32_t exponent = 96 + (lcg(state) % 64);
    in.a.push_back(k % 2 ? r : (r & 0x807fffffu) | exponent << 23);
    in.b.push_back(lcg(state));
    in.c.push_back(lcg(state));
  }
  return in;
}

void expectAll(const std::vector<std::string> &bodies, const Inputs &in) {
  for (const std::string &body : bodies)
    expectSameAsInterpreter(body, in.a, in.b, in.c);
}

TEST(KernelIrHalf, PackedF16ArithmeticMatchesTheInterpreter) {
  expectAll({"  add.f16x2 %d, %a, %b;", "  sub.f16x2 %d, %a, %b;", "  mul.f16x2 %d, %a, %b;",
             "  fma.rn.f16x2 %d, %a, %b, %c;", "  add.ftz.f16x2 %d, %a, %b;",
             "  mul.ftz.sat.f16x2 %d, %a, %b;", "  fma.rn.sat.f16x2 %d, %a, %b, %c;",
             "  fma.rn.relu.f16x2 %d, %a, %b, %c;", "  fma.rn.ftz.f16x2 %d, %a, %b, %c;",
             "  min.f16x2 %d, %a, %b;", "  max.f16x2 %d, %a, %b;", "  min.NaN.f16x2 %d, %a, %b;",
             "  max.NaN.f16x2 %d, %a, %b;", "  neg.f16x2 %d, %a;", "  abs.f16x2 %d, %a;",
             "  abs.ftz.f16x2 %d, %a;"},
            halfInputs(kF16Edges));
}

TEST(KernelIrHalf, PackedBf16ArithmeticMatchesTheInterpreter) {
  expectAll({"  add.bf16x2 %d, %a, %b;", "  sub.bf16x2 %d, %a, %b;", "  mul.bf16x2 %d, %a, %b;",
             "  fma.rn.bf16x2 %d, %a, %b, %c;", "  fma.rn.relu.bf16x2 %d, %a, %b, %c;",
             "  min.bf16x2 %d, %a, %b;", "  max.NaN.bf16x2 %d, %a, %b;", "  neg.bf16x2 %d, %a;",
             "  abs.bf16x2 %d, %a;"},
            halfInputs(kBf16Edges));
}

TEST(KernelIrHalf, ScalarHalfArithmeticMatchesTheInterpreter) {
  const std::string unpack = "  mov.b32 {%h1, %h2}, %a;\n  mov.b32 {%h3, %h4}, %b;\n"
                             "  mov.b32 {%h5, %h6}, %c;\n";
  const std::string pack = "\n  mov.b32 %d, {%h7, %h2};";
  std::vector<std::string> f16, bf16;
  for (const char *op :
       {"add.f16 %h7, %h1, %h3;", "sub.ftz.f16 %h7, %h1, %h3;", "mul.sat.f16 %h7, %h1, %h3;",
        "fma.rn.f16 %h7, %h1, %h3, %h5;", "max.f16 %h7, %h1, %h3;", "neg.f16 %h7, %h1;"})
    f16.push_back(unpack + "  " + op + pack);
  for (const char *op : {"fma.rn.bf16 %h7, %h1, %h3, %h5;", "add.bf16 %h7, %h1, %h3;",
                         "mul.bf16 %h7, %h1, %h3;", "min.NaN.bf16 %h7, %h1, %h3;"})
    bf16.push_back(unpack + "  " + op + pack);
  expectAll(f16, halfInputs(kF16Edges));
  expectAll(bf16, halfInputs(kBf16Edges));
}

// tanh.approx: the interpreter's own approximation (tanh of the exact value, rounded once to the
// format), on halves, packed pairs and f32.
TEST(KernelIrHalf, TanhMatchesTheInterpreter) {
  const std::string unpack = "  mov.b32 {%h1, %h2}, %a;\n";
  const std::string pack = "\n  mov.b32 %d, {%h7, %h2};";
  expectAll({"  tanh.approx.f16x2 %d, %a;", unpack + "  tanh.approx.f16 %h7, %h1;" + pack},
            halfInputs(kF16Edges));
  expectAll({"  tanh.approx.bf16x2 %d, %a;", unpack + "  tanh.approx.bf16 %h7, %h1;" + pack},
            halfInputs(kBf16Edges));
  expectAll({"  tanh.approx.f32 %d, %a;", "  tanh.approx.ftz.f32 %d, %a;"}, floatInputs());
  // tanh(1) = 0.76159...: 0x3f42f7d6 as the nearest float, 0x3a18 as the nearest half.
  std::vector<uint32_t> one = {0x3f800000}, half = {0x3c00}, zero = {0};
  EXPECT_EQ(expectSameAsInterpreter("  tanh.approx.f32 %d, %a;", one, zero, zero)[0], 0x3f42f7d6u);
  EXPECT_EQ(
      expectSameAsInterpreter(unpack + "  tanh.approx.f16 %h7, %h1;" + pack, half, zero, zero)[0],
      0x3a18u);
}

TEST(KernelIrHalf, FmaRoundsOnceWhereRoundingTwiceWouldNot) {
  // 1.5 * (1 + 2^-10) lies exactly between two halves (0x3e01, 0x3e02): alone it rounds to the
  // even one; a tiny negative c puts the exact sum just below the tie, which must round down,
  // while rounding first to float (24 bits) would restore the tie and round up.
  std::vector<uint32_t> a = {0x3e00, 0x3e00, 0xbe00}, b = {0x3c01, 0x3c01, 0x3c01},
                        c = {0x0001, 0x8001, 0x8001};
  std::vector<uint32_t> d = expectSameAsInterpreter(
      "  mov.b32 {%h1, %h2}, %a;\n  mov.b32 {%h3, %h4}, %b;\n  mov.b32 {%h5, %h6}, %c;\n"
      "  fma.rn.f16 %h7, %h1, %h3, %h5;\n  mov.b32 %d, {%h7, %h2};",
      a, b, c);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0], 0x3e02u); // above the tie
  EXPECT_EQ(d[1], 0x3e01u); // below the tie
  EXPECT_EQ(d[2], 0xbe02u); // above the tie in magnitude
}

TEST(KernelIrHalf, ComparisonsMatchTheInterpreter) {
  const std::string unpack = "  mov.b32 {%h1, %h2}, %a;\n  mov.b32 {%h3, %h4}, %b;\n";
  std::vector<std::string> bodies;
  for (const char *cmp :
       {"eq", "ne", "lt", "le", "gt", "ge", "equ", "neu", "ltu", "leu", "gtu", "geu", "num", "nan"})
    bodies.push_back(unpack + "  setp." + cmp +
                     ".f16 %p1|%p2, %h1, %h3;\n  selp.u32 %r1, 1, 0, %p1;\n"
                     "  selp.u32 %r2, 2, 0, %p2;\n  or.b32 %d, %r1, %r2;");
  bodies.push_back(unpack + "  setp.lt.and.f16 %p1, %h1, %h3, %p3;\n  selp.u32 %d, 1, 0, %p1;");
  bodies.push_back("  set.eq.f16x2.f16x2 %d, %a, %b;");
  bodies.push_back("  set.gtu.u32.f16x2 %d, %a, %b;");
  bodies.push_back(unpack + "  set.ne.f16.f16 %h7, %h1, %h3;\n  mov.b32 %d, {%h7, %h2};");
  bodies.push_back(unpack + "  set.le.u32.f16 %d, %h1, %h3;");
  bodies.push_back(unpack + "  set.lt.f32.f16 %f1, %h1, %h3;\n  mov.b32 %d, %f1;");
  expectAll(bodies, halfInputs(kF16Edges));
  expectAll({unpack + "  setp.ltu.bf16 %p1, %h1, %h3;\n  selp.u32 %d, 1, 0, %p1;",
             "  set.ge.bf16x2.bf16x2 %d, %a, %b;"},
            halfInputs(kBf16Edges));
}

TEST(KernelIrHalf, ConversionsFromHalvesMatchTheInterpreter) {
  const std::string unpack = "  mov.b32 {%h1, %h2}, %a;\n";
  expectAll({unpack + "  cvt.f32.f16 %f1, %h1;\n  mov.b32 %d, %f1;",
             unpack + "  cvt.ftz.f32.f16 %f1, %h1;\n  mov.b32 %d, %f1;",
             unpack + "  cvt.f64.f16 %fd1, %h1;\n  mov.b64 {%r1, %r2}, %fd1;\n"
                      "  xor.b32 %d, %r1, %r2;",
             unpack + "  cvt.rzi.s32.f16 %d, %h1;", unpack + "  cvt.rni.u32.f16 %d, %h1;",
             unpack + "  cvt.rmi.s16.f16 %h7, %h1;\n  cvt.s32.s16 %d, %h7;",
             unpack + "  cvt.rpi.u8.f16 %h7, %h1;\n  cvt.u32.u16 %d, %h7;",
             unpack + "  cvt.rni.f16.f16 %h7, %h1;\n  mov.b32 %d, {%h7, %h2};",
             unpack + "  cvt.rn.bf16.f16 %h7, %h1;\n  mov.b32 %d, {%h7, %h2};"},
            halfInputs(kF16Edges));
  expectAll({unpack + "  cvt.f32.bf16 %f1, %h1;\n  mov.b32 %d, %f1;",
             unpack + "  cvt.rzi.s32.bf16 %d, %h1;",
             unpack + "  cvt.rn.f16.bf16 %h7, %h1;\n  mov.b32 %d, {%h7, %h2};"},
            halfInputs(kBf16Edges));
}

TEST(KernelIrHalf, ConversionsToHalvesMatchTheInterpreter) {
  const std::string pack = "\n  mov.b32 %d, {%h7, %h7};";
  expectAll({"  cvt.rn.f16.f32 %h7, %a;" + pack, "  cvt.rn.bf16.f32 %h7, %a;" + pack,
             "  cvt.rn.sat.f16.f32 %h7, %a;" + pack, "  cvt.rn.relu.f16.f32 %h7, %a;" + pack,
             "  cvt.rn.relu.bf16.f32 %h7, %a;" + pack, "  cvt.rn.ftz.f16.f32 %h7, %a;" + pack,
             "  cvt.rn.f16x2.f32 %d, %a, %b;", "  cvt.rn.bf16x2.f32 %d, %a, %b;",
             "  mov.b64 %fd1, {%b, %a};\n  cvt.rn.f16.f64 %h7, %fd1;" + pack,
             "  mov.b64 %fd1, {%b, %a};\n  cvt.rn.bf16.f64 %h7, %fd1;" + pack,
             "  cvt.rn.f16.s32 %h7, %a;" + pack, "  cvt.rn.f16.u32 %h7, %a;" + pack,
             "  cvt.rn.bf16.s32 %h7, %a;" + pack,
             "  cvt.u16.u32 %h1, %a;\n  cvt.rn.f16.s16 %h7, %h1;" + pack,
             "  cvt.rn.sat.f16.s32 %h7, %a;" + pack},
            floatInputs());
}

// A widening from a half is exact, so every float rounding modifier gives the same value.
TEST(KernelIrHalf, WideningWithARoundingModifierMatchesTheInterpreter) {
  const std::string unpack = "  mov.b32 {%h1, %h2}, %a;\n";
  expectAll({unpack + "  cvt.rz.f32.f16 %d, %h1;", unpack + "  cvt.rm.ftz.f32.f16 %d, %h2;",
             unpack + "  cvt.rp.f64.f16 %fd1, %h1;\n  mov.b64 {%r1, %r2}, %fd1;\n"
                      "  xor.b32 %d, %r1, %r2;"},
            halfInputs(kF16Edges));
  expectAll({unpack + "  cvt.rz.f32.bf16 %d, %h1;"}, halfInputs(kBf16Edges));
}

// .rz, .rm and .rp: towards zero, -infinity and +infinity, including overflow (to the largest
// finite value or infinity), subnormal results and the sign of exact zero sums.
TEST(KernelIrHalf, DirectedRoundingMatchesTheInterpreter) {
  const std::string unpack = "  mov.b32 {%h1, %h2}, %a;\n  mov.b32 {%h3, %h4}, %b;\n"
                             "  mov.b32 {%h5, %h6}, %c;\n";
  const std::string pack = "\n  mov.b32 %d, {%h7, %h2};";
  for (const char *mode : {".rz", ".rm", ".rp"}) {
    const std::string m = mode;
    std::vector<std::string> f16 = {"  add" + m + ".f16x2 %d, %a, %b;",
                                    "  sub" + m + ".f16x2 %d, %a, %b;",
                                    "  mul" + m + ".f16x2 %d, %a, %b;",
                                    "  fma" + m + ".f16x2 %d, %a, %b, %c;",
                                    "  fma" + m + ".ftz.sat.f16x2 %d, %a, %b, %c;",
                                    unpack + "  add" + m + ".ftz.f16 %h7, %h1, %h3;" + pack,
                                    unpack + "  fma" + m + ".f16 %h7, %h1, %h3, %h5;" + pack};
    std::vector<std::string> bf16 = {
        "  add" + m + ".bf16x2 %d, %a, %b;", "  sub" + m + ".bf16x2 %d, %a, %b;",
        "  mul" + m + ".bf16x2 %d, %a, %b;", "  fma" + m + ".bf16x2 %d, %a, %b, %c;",
        unpack + "  mul" + m + ".bf16 %h7, %h1, %h3;" + pack};
    expectAll(f16, halfInputs(kF16Edges));
    expectAll(bf16, halfInputs(kBf16Edges));
  }
  // 1 + 2^-11 lies between 1 and 1 + 2^-10: towards zero and -infinity 0x3c00, +infinity 0x3c01;
  // 1 - 1 is -0 rounding towards -infinity only.
  std::vector<uint32_t> one = {0x3c00}, tiny = {0x1000}, zero = {0};
  EXPECT_EQ(expectSameAsInterpreter("  add.rp.f16x2 %d, %a, %b;", one, tiny, zero)[0], 0x3c01u);
  EXPECT_EQ(expectSameAsInterpreter("  add.rz.f16x2 %d, %a, %b;", one, tiny, zero)[0], 0x3c00u);
  EXPECT_EQ(expectSameAsInterpreter("  sub.rm.f16x2 %d, %a, %a;", one, zero, zero)[0],
            0x80000000u | 0x8000u);
  EXPECT_EQ(expectSameAsInterpreter("  sub.rp.f16x2 %d, %a, %a;", one, zero, zero)[0], 0u);
}

TEST(KernelIrHalf, XorsignMinMaxMatchesTheInterpreter) {
  expectAll({"  min.xorsign.abs.f16x2 %d, %a, %b;", "  max.xorsign.abs.f16x2 %d, %a, %b;",
             "  min.NaN.xorsign.abs.f16x2 %d, %a, %b;"},
            halfInputs(kF16Edges));
  expectAll({"  max.xorsign.abs.bf16x2 %d, %a, %b;", "  max.NaN.xorsign.abs.bf16x2 %d, %a, %b;"},
            halfInputs(kBf16Edges));
  // max(|-2|, |1|) = 2, negative as the signs differ.
  std::vector<uint32_t> a = {0xc000}, b = {0x3c00}, zero = {0};
  EXPECT_EQ(expectSameAsInterpreter("  max.xorsign.abs.f16x2 %d, %a, %b;", a, b, zero)[0], 0xc000u);
}

// Every rounding into a half from f32, f64, 64-bit and 32-bit integers, and the packing forms
// with .rz, .relu and .satfinite.
TEST(KernelIrHalf, ConversionsToHalvesInEveryRoundingMatchTheInterpreter) {
  const std::string pack = "\n  mov.b32 %d, {%h7, %h7};";
  const std::string wide = "  mov.b64 %rd1, {%b, %a};\n";
  const std::string f64 = "  mov.b64 %fd1, {%b, %a};\n";
  std::vector<std::string> bodies = {
      "  cvt.rz.f16x2.f32 %d, %a, %b;", "  cvt.rz.relu.bf16x2.f32 %d, %a, %b;",
      "  cvt.rn.relu.satfinite.f16x2.f32 %d, %a, %b;", "  cvt.rz.satfinite.bf16x2.f32 %d, %a, %b;"};
  for (const char *mode : {".rn", ".rz", ".rm", ".rp"}) {
    const std::string m = mode;
    for (const char *half : {".f16", ".bf16"}) {
      const std::string to = m + half;
      bodies.push_back("  cvt" + to + ".s64 %h7, %rd1;" + pack);
      bodies.back().insert(0, wide);
      bodies.push_back(wide + "  cvt" + to + ".u64 %h7, %rd1;" + pack);
      bodies.push_back("  cvt" + to + ".u32 %h7, %a;" + pack);
      if (m == ".rn")
        continue;
      bodies.push_back("  cvt" + to + ".f32 %h7, %a;" + pack);
      bodies.push_back("  cvt" + to + ".sat.f32 %h7, %a;" + pack);
      bodies.push_back(f64 + "  cvt" + to + ".f64 %h7, %fd1;" + pack);
      bodies.push_back("  cvt" + to + ".s32 %h7, %a;" + pack);
    }
  }
  for (const char *half : {".f16", ".bf16"}) {
    bodies.push_back(std::string("  cvt.rna") + half + ".f32 %h7, %a;" + pack);
    bodies.push_back(f64 + "  cvt.rna" + half + ".f64 %h7, %fd1;" + pack);
  }
  bodies.push_back(f64 + "  cvt.rna.f32.f64 %d, %fd1;");
  expectAll(bodies, floatInputs());
  // 1 + 2^-11 lies halfway between 1 and the next half: nearest even 0x3c00, away 0x3c01.
  std::vector<uint32_t> tie = {0x3f801000u}, zero = {0};
  EXPECT_EQ(expectSameAsInterpreter("  cvt.rna.f16.f32 %h7, %a;" + pack, tie, zero, zero)[0],
            0x3c013c01u);
  // 2^63 + 2^55 + 1 lies just above the midpoint of two bf16 values: nearest rounds it up (0x5f01);
  // rounding to double first would make it a tie and round to even (0x5f00).
  std::vector<uint32_t> low = {1}, high = {0x80800000u};
  EXPECT_EQ(
      expectSameAsInterpreter(wide + "  cvt.rn.bf16.u64 %h7, %rd1;" + pack, high, low, zero)[0] &
          0xffffu,
      0x5f01u);
}

TEST(KernelIrHalf, AtomicsOnHalvesMatchTheInterpreter) {
  // Each thread owns its word of d: it stores a there, adds b atomically and reads the sum back
  // (the returned old value must be a).
  const std::string prologue = "  ld.param.u64 %rd1, [pd];\n  add.s64 %rd1, %rd1, %off;\n"
                               "  st.global.b32 [%rd1], %a;\n";
  const std::string check = "  setp.ne.b32 %p1, %r1, %a;\n  @%p1 mov.b32 %r2, 0xdeadbeef;\n"
                            "  mov.b32 %d, %r2;";
  Inputs f16 = halfInputs(kF16Edges), bf16 = halfInputs(kBf16Edges);
  expectAll({prologue +
                 "  atom.global.add.noftz.f16x2 %r1, [%rd1], %b;\n"
                 "  ld.global.b32 %r2, [%rd1];\n" +
                 check,
             prologue + "  mov.b32 {%h1, %h2}, %b;\n"
                        "  atom.global.add.noftz.f16 %h3, [%rd1], %h1;\n"
                        "  ld.global.b32 %r2, [%rd1];\n  mov.b32 {%h4, %h5}, %a;\n"
                        "  setp.ne.b16 %p1, %h3, %h4;\n  @%p1 mov.b32 %r2, 0xdeadbeef;\n"
                        "  mov.b32 %d, %r2;",
             prologue + "  mov.b32 {%h1, %h2}, %b;\n  mov.b32 {%h4, %h5}, %c;\n"
                        "  atom.global.cas.b16 %h3, [%rd1], %h1, %h4;\n"
                        "  ld.global.b32 %r2, [%rd1];\n  mov.b32 %d, {%h3, %h3};\n"
                        "  xor.b32 %d, %d, %r2;"},
            f16);
  expectAll({prologue +
                 "  atom.global.add.noftz.bf16x2 %r1, [%rd1], %b;\n"
                 "  ld.global.b32 %r2, [%rd1];\n" +
                 check,
             prologue + "  mov.b32 {%h1, %h2}, %b;\n"
                        "  atom.global.add.noftz.bf16 %h3, [%rd1], %h1;\n"
                        "  ld.global.b32 %d, [%rd1];"},
            bf16);
}

TEST(KernelIrHalf, ContendedHalfAdditionsAllLand) {
  // A block's 128 threads each add 1.0 to one f16 counter: every sum below 2048 is exact, so
  // the result is 128.0 (0x5800) in any order.
  std::vector<uint32_t> a(128, 0), b(128, 0x3c00), c(128, 0);
  std::vector<uint32_t> d =
      expectSameAsInterpreter("  ld.param.u64 %rd1, [pa];\n  mov.b32 {%h1, %h2}, %b;\n"
                              "  atom.global.add.noftz.f16 %h3, [%rd1], %h1;\n  bar.sync 0;\n"
                              "  ld.global.b32 %d, [%rd1];",
                              a, b, c);
  ASSERT_EQ(d.size(), 128u);
  EXPECT_EQ(d[0], 0x5800u);
}

} // namespace
