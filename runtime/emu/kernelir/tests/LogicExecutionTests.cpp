// prmt in every mode, bmsk, fns and testp in Qiao kernel IR, run through the kir driver and
// compared bit for bit with the interpreter on edge and random words.
#include "KirDifferential.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::expectSameAsInterpreter;

struct Inputs {
  std::vector<uint32_t> a, b, c;
};

Inputs inputs() {
  const std::vector<uint32_t> edges = {0,          1,          31,         32,         33,
                                       0x80,       0xffffffff, 0x80000000, 0x7f800000, 0xff800000,
                                       0x7fc00000, 0x00000001, 0x807fffff, 0x00800000, 0x3f800000,
                                       0x12345678, 0x89abcdef, 0xfedcba98, 7,          24};
  Inputs in;
  for (uint32_t x : edges)
    for (uint32_t y : edges) {
      in.a.push_back(x);
      in.b.push_back(y);
      in.c.push_back(x * 31 + y);
    }
  uint32_t state = 5;
  for (int k = 0; k < 1000; ++k)
    for (auto *v : {&in.a, &in.b, &in.c}) {
      state = state * 1664525u + 1013904223u;
      v->push_back(state);
    }
  return in;
}

TEST(KernelIrLogic, PrmtBmskFnsAndTestpMatchTheInterpreter) {
  Inputs in = inputs();
  std::vector<std::string> bodies;
  for (const char *mode : {"", ".f4e", ".b4e", ".rc8", ".ecl", ".ecr", ".rc16"})
    bodies.push_back(std::string("  prmt.b32") + mode + " %d, %a, %b, %c;");
  bodies.push_back("  bmsk.clamp.b32 %d, %a, %b;");
  bodies.push_back("  bmsk.wrap.b32 %d, %a, %b;");
  bodies.push_back("  and.b32 %r1, %b, 63;\n  fns.b32 %d, %a, %r1, %c;");
  bodies.push_back("  and.b32 %r1, %b, 31;\n  and.b32 %r2, %c, 0x8000003f;\n"
                   "  or.b32 %r2, %r2, 0xffffffc0;\n  fns.b32 %d, %a, %r1, %r2;");
  bodies.push_back("  and.b32 %r1, %b, 31;\n  and.b32 %r2, %c, 15;\n  fns.b32 %d, %a, %r1, %r2;");
  for (const char *cls : {"finite", "infinite", "number", "notanumber", "normal", "subnormal"}) {
    bodies.push_back(std::string("  testp.") + cls + ".f32 %p1, %a;\n  selp.u32 %d, 1, 0, %p1;");
    bodies.push_back(std::string("  mov.b64 %fd1, {%b, %a};\n  testp.") + cls +
                     ".f64 %p1, %fd1;\n  selp.u32 %d, 1, 0, %p1;");
  }
  for (const std::string &body : bodies)
    expectSameAsInterpreter(body, in.a, in.b, in.c);
}

// slct (integer and f32 selectors, .ftz), the high halves of mul24/mad24 (with .sat), min/max
// with .relu, and createpolicy's opaque (zero) policy.
TEST(KernelIrLogic, SelectionAndNarrowMultipliesMatchTheInterpreter) {
  Inputs in = inputs();
  for (const std::string &body :
       {std::string("  slct.b32.s32 %d, %a, %b, %c;"),
        std::string("  slct.u32.f32 %d, %a, %b, %c;"),
        std::string("  slct.ftz.s32.f32 %d, %a, %b, %c;"),
        std::string("  cvt.u16.u32 %h1, %a;\n  cvt.u16.u32 %h2, %b;\n"
                    "  slct.u16.s32 %h3, %h1, %h2, %c;\n  cvt.u32.u16 %d, %h3;"),
        std::string("  mov.b64 %rd1, {%a, %b};\n  mov.b64 %rd2, {%b, %a};\n"
                    "  slct.b64.s32 %rd3, %rd1, %rd2, %c;\n  mov.b64 {%r1, %r2}, %rd3;\n"
                    "  xor.b32 %d, %r1, %r2;"),
        std::string("  mul24.hi.s32 %d, %a, %b;"), std::string("  mul24.hi.u32 %d, %a, %b;"),
        std::string("  mad24.hi.s32 %d, %a, %b, %c;"),
        std::string("  mad24.hi.u32 %d, %a, %b, %c;"),
        std::string("  mad24.hi.sat.s32 %d, %a, %b, %c;"),
        std::string("  min.relu.s32 %d, %a, %b;"), std::string("  max.relu.s32 %d, %a, %b;"),
        std::string("  createpolicy.fractional.L2::evict_last.b64 %rd1, 1.0;\n"
                    "  mov.b64 {%r1, %r2}, %rd1;\n  or.b32 %d, %r1, %r2;")})
    expectSameAsInterpreter(body, in.a, in.b, in.c);
  // mul24.hi: 0x7fffff * 0x7fffff = 0x3fffff000001, bits 16..47 = 0x3fffff00.
  std::vector<uint32_t> a = {0x7fffff}, c = {0};
  EXPECT_EQ(expectSameAsInterpreter("  mul24.hi.u32 %d, %a, %b;", a, a, c)[0], 0x3fffff00u);
  // max.relu of -5 and -3 is 0; slct with an f32 -0 selector takes a.
  a = {static_cast<uint32_t>(-5)};
  std::vector<uint32_t> b = {static_cast<uint32_t>(-3)};
  EXPECT_EQ(expectSameAsInterpreter("  max.relu.s32 %d, %a, %b;", a, b, c)[0], 0u);
  c = {0x80000000u};
  EXPECT_EQ(expectSameAsInterpreter("  slct.u32.f32 %d, %a, %b, %c;", a, b, c)[0],
            static_cast<uint32_t>(-5));
}

TEST(KernelIrLogic, DocumentedValues) {
  // prmt.f4e with selector 1: bytes 1, 2, 3, 4 of {b, a}; bmsk.clamp 4, 8: bits 4 to 11.
  std::vector<uint32_t> a = {0x44332211}, b = {0x88776655}, c = {1};
  EXPECT_EQ(expectSameAsInterpreter("  prmt.b32.f4e %d, %a, %b, %c;", a, b, c)[0], 0x55443322u);
  a = {4}, b = {8};
  EXPECT_EQ(expectSameAsInterpreter("  bmsk.clamp.b32 %d, %a, %b;", a, b, c)[0], 0x00000ff0u);
  // fns: the second set bit of 0b1011000 from bit 2 upwards is bit 4; downwards from 5, bit 3.
  a = {0x58}, b = {2}, c = {2};
  EXPECT_EQ(expectSameAsInterpreter("  fns.b32 %d, %a, %b, %c;", a, b, c)[0], 4u);
  b = {5}, c = {0xfffffffe};
  EXPECT_EQ(expectSameAsInterpreter("  fns.b32 %d, %a, %b, %c;", a, b, c)[0], 3u);
}

TEST(KernelIrFloat, MinMaxAndNanResultsMatchTheInterpreter) {
  Inputs in = inputs();
  const std::string f64 = "  mov.b64 %fd1, {%c, %a};\n  mov.b64 %fd2, {%c, %b};\n";
  const std::string f64Out = "\n  mov.b64 {%r1, %r2}, %fd3;\n  xor.b32 %d, %r1, %r2;";
  for (const std::string &body :
       {std::string("  min.f32 %d, %a, %b;"), std::string("  max.f32 %d, %a, %b;"),
        std::string("  min.ftz.f32 %d, %a, %b;"), std::string("  min.NaN.f32 %d, %a, %b;"),
        std::string("  max.NaN.f32 %d, %a, %b;"), std::string("  min.xorsign.abs.f32 %d, %a, %b;"),
        std::string("  max.NaN.xorsign.abs.f32 %d, %a, %b;"),
        f64 + "  min.f64 %fd3, %fd1, %fd2;" + f64Out,
        f64 + "  max.NaN.f64 %fd3, %fd1, %fd2;" + f64Out, std::string("  add.f32 %d, %a, %b;"),
        std::string("  sub.ftz.f32 %d, %a, %b;"), std::string("  mul.sat.f32 %d, %a, %b;"),
        std::string("  fma.rn.f32 %d, %a, %b, %c;"), std::string("  div.rn.f32 %d, %a, %b;"),
        std::string("  sqrt.rn.f32 %d, %a;"), std::string("  neg.f32 %d, %a;"),
        std::string("  abs.ftz.f32 %d, %a;"), std::string("  copysign.f32 %d, %a, %b;"),
        std::string("  add.rz.f32 %d, %a, %b;")})
    expectSameAsInterpreter(body, in.a, in.b, in.c);
}

} // namespace
