// The SIMD video instructions and the dot products (dp4a, dp2a) in Qiao kernel IR, run through the
// kir driver and compared bit for bit with the interpreter: every operation, signedness mix, .sat,
// the .add accumulation, element selectors and destination masks, on byte and half-word edge values
// and random words.
#include "KirDifferential.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::expectSameAsInterpreter;

struct Inputs {
  std::vector<uint32_t> a, b, c;
};

Inputs videoInputs() {
  // Bytes and half-words at the signed and unsigned limits, next to each other in every order.
  const std::vector<uint32_t> edges = {0x00000000, 0xffffffff, 0x7f7f7f7f, 0x80808080,
                                       0x7fff8000, 0x80007fff, 0x01ff7f80, 0xfe0180ff,
                                       0x00010203, 0xfffefdfc, 0x12345678, 0x9abcdef0};
  Inputs in;
  for (uint32_t x : edges)
    for (uint32_t y : edges) {
      in.a.push_back(x);
      in.b.push_back(y);
      in.c.push_back(x ^ (y >> 3));
    }
  uint32_t state = 99;
  for (int k = 0; k < 2000; ++k) {
    for (auto *v : {&in.a, &in.b, &in.c}) {
      state = state * 1664525u + 1013904223u;
      v->push_back(state);
    }
  }
  return in;
}

TEST(KernelIrVideo, EveryFormMatchesTheInterpreter) {
  Inputs in = videoInputs();
  for (const char *body : {
           "vadd4.u32.u32.u32 %d, %a, %b, %c;",
           "vadd4.u32.u32.u32.sat %d, %a, %b, %c;",
           "vadd4.s32.s32.s32.sat %d, %a, %b, %c;",
           "vadd2.s32.u32.s32.sat %d, %a, %b, %c;",
           "vadd4.u32.u32.u32.add %d, %a, %b, %c;",
           "vsub4.u32.u32.u32 %d, %a, %b, %c;",
           "vsub2.s32.s32.s32.sat %d, %a, %b, %c;",
           "vsub4.s32.s32.s32.add %d, %a, %b, %c;",
           "vavrg4.u32.u32.u32 %d, %a, %b, %c;",
           "vavrg2.s32.s32.s32 %d, %a, %b, %c;",
           "vavrg4.s32.s32.u32.sat %d, %a, %b, %c;",
           "vabsdiff4.u32.u32.u32 %d, %a, %b, %c;",
           "vabsdiff4.u32.u32.u32.add %d, %a, %b, %c;",
           "vabsdiff2.s32.s32.s32 %d, %a, %b, %c;",
           "vabsdiff2.u32.u32.u32.add %d, %a, %b, %c;",
           "vmin4.s32.s32.s32 %d, %a, %b, %c;",
           "vmin2.u32.u32.s32 %d, %a, %b, %c;",
           "vmax2.u32.s32.s32.sat %d, %a, %b, %c;",
           "vmax4.u32.u32.u32 %d, %a, %b, %c;",
           "vset4.u32.u32.lt %d, %a, %b, %c;",
           "vset2.s32.s32.ge %d, %a, %b, %c;",
           "vset4.s32.s32.ne.add %d, %a, %b, %c;",
           "vset2.u32.s32.eq %d, %a, %b, %c;",
           "vset4.s32.u32.gt %d, %a, %b, %c;",
           "vset2.s32.s32.le.add %d, %a, %b, %c;",
           "vadd4.u32.u32.u32 %d.b20, %a.b0123, %b.b4444, %c;",
           "vmax2.s32.s32.s32 %d.h1, %a.h01, %b.h22, %c;",
           "vabsdiff4.u32.u32.u32.add %d.b31, %a.b7531, %b.b0246, %c;",
           "dp4a.u32.u32 %d, %a, %b, %c;",
           "dp4a.s32.u32 %d, %a, %b, %c;",
           "dp4a.u32.s32 %d, %a, %b, %c;",
           "dp4a.s32.s32 %d, %a, %b, %c;",
           "dp2a.lo.s32.u32 %d, %a, %b, %c;",
           "dp2a.hi.u32.s32 %d, %a, %b, %c;",
           "dp2a.hi.s32.s32 %d, %a, %b, %c;",
       })
    expectSameAsInterpreter(std::string("  ") + body, in.a, in.b, in.c);
}

TEST(KernelIrVideo, DotProductOfSignedBytesIsDocumentedValue) {
  // (-1)(2) + (3)(-4) + (127)(1) + (-128)(-1) = -2 - 12 + 127 + 128, plus c.
  std::vector<uint32_t> a = {0x807f03ff}, b = {0xff01fc02}, c = {1000};
  std::vector<uint32_t> d = expectSameAsInterpreter("  dp4a.s32.s32 %d, %a, %b, %c;", a, b, c);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], 1000u - 2 - 12 + 127 + 128);
}

TEST(KernelIrVideo, SumOfAbsoluteDifferencesIsDocumentedValue) {
  // __vsadu4: the sum of the four byte distances, added to c.
  std::vector<uint32_t> a = {0x0a14ff00}, b = {0x140aff10}, c = {100};
  std::vector<uint32_t> d =
      expectSameAsInterpreter("  vabsdiff4.u32.u32.u32.add %d, %a, %b, %c;", a, b, c);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], 100u + 10 + 10 + 0 + 16);
}

} // namespace
