// Operand type checking against ptxas: each instruction below was assembled by ptxas 13.0
// (sm_80) inside the module of kModule, and the flag records whether ptxas accepted it. The
// engine must load exactly the ones ptxas accepts.
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <string>

namespace qiao::ptx {
namespace {

const char *const kModule = R"(.version 8.0
.target sm_80
.address_size 64
.global .u32 x = 9;
.visible .entry k(.param .u64 p)
{
  .reg .b32 %r<5>;
  .reg .b64 %rd<5>;
  .reg .f32 %f<3>;
  .reg .pred %p<2>;
  .reg .b16 %h<2>;
  .reg .f64 %fd<2>;
  ld.param.u64 %rd1, [p];
  cvta.to.global.u64 %rd2, %rd1;
  ld.global.u32 %r1, [%rd2];
  INSTRUCTION
  st.global.u32 [%rd2], %r1;
  ret;
}
)";

struct PtxasVerdict {
  const char *instruction;
  bool accepted;
};

const PtxasVerdict kVerdicts[] = {
    {"add.u32 %r1, %r1, 1;", true},
    {"add.u64 %rd1, %r1, %rd2;", false},
    {"add.u32 %r1, %rd1, %r2;", false},
    {"add.u32 %r1, %f1, %r2;", false},
    {"add.f32 %f1, %r1, %f2;", true},
    {"add.f32 %f1, %f2, 1;", false},
    {"add.f32 %f1, %f2, %fd1;", false},
    {"ld.global.u64 %r1, [%rd2];", false},
    {"ld.global.u32 %rd1, [%rd2];", true},
    {"ld.global.u8 %h1, [%rd2];", true},
    {"ld.global.f32 %r1, [%rd2];", true},
    {"ld.global.u32 %f1, [%rd2];", false},
    {"ld.global.f32 %fd1, [%rd2];", false},
    {"ld.global.u32 %r1, [%r2];", false},
    {"st.global.u64 [%rd2], %r1;", false},
    {"st.global.u32 [%rd2], %rd1;", true},
    {"st.global.u32 [%rd2], %f1;", false},
    {"st.global.f32 [%rd2], %r1;", true},
    {"cvt.u64.u32 %rd1, %r1;", true},
    {"cvt.u32.u64 %r1, %r1;", false},
    {"cvt.rn.f32.s32 %f1, %f1;", false},
    {"cvt.rn.f32.s32 %f1, %rd1;", true},
    {"mov.u32 %r1, %rd1;", false},
    {"mov.b32 %f1, %r1;", true},
    {"mov.u32 %f1, %r1;", false},
    {"mov.b64 %rd1, {%r1, %r2};", true},
    {"setp.eq.s32 %p1, %rd1, 0;", false},
    {"setp.eq.s32 %r1, %r2, 0;", false},
    {"selp.b32 %r1, %r1, %r2, %r3;", false},
    {"shl.b64 %rd1, %rd1, %r1;", true},
    {"shl.b64 %rd1, %rd1, %rd2;", false},
    {"shl.b32 %r1, %r1, %h1;", false},
    {"mul.wide.u32 %rd1, %r1, %r2;", true},
    {"mul.wide.u32 %r1, %r1, %r2;", false},
    {"mul.lo.u64 %rd1, %r1, %r2;", false},
    {"mad.wide.u32 %rd1, %r1, %r2, %rd1;", true},
    {"mad.wide.u32 %rd1, %r1, %r2, %r1;", false},
    {"cvta.to.global.u64 %rd2, %r1;", false},
    {"add.u32 %r1, %r1, %p1;", false},
    {"and.pred %p1, %p1, %r1;", false},
    {"not.b32 %r1, %rd1;", false},
    {"cvt.u32.u16 %r1, %rd2;", true},
    {"cvt.f32.f16 %f1, %r1;", true},
    {"cvt.rn.f16.f32 %h1, %f1;", true},
    {"cvt.rn.f32.f64 %f1, %f1;", false},
    {"ld.global.v2.u32 {%r1, %rd1}, [%rd2];", false},
    {"ld.global.v2.f32 {%r1, %r2}, [%rd2];", true},
    {"atom.global.add.u32 %r1, [%rd2], %rd1;", false},
    {"atom.global.add.u32 %rd1, [%rd2], %r1;", false},
    {"atom.global.add.f32 %f1, [%rd2], %r1;", true},
    {"mov.f32 %f1, 0;", false},
    {"add.f32 %f1, %f2, 0f3F800000;", true},
    {"add.f32 %f1, %f2, 1.0;", true},
    {"add.u32 %r1, %r1, 1.0;", false},
    {"add.u32 %r1, %r1, 0f3F800000;", false},
    {"mov.b32 %r1, 1.0;", false},
    {"mov.b32 %r1, 0f3F800000;", true},
    {"mov.u64 %rd1, 0f3F800000;", false},
    {"add.f64 %fd1, %fd1, 0f3F800000;", true},
    {"ld.shared.u32 %r1, [%r2];", true},
    {"ld.u32 %r1, [%r2];", false},
    {"ld.global.u32 %r1, [%f1];", false},
    {"mov.u32 %r1, %tid.x;", true},
    {"mov.u64 %rd1, %tid.x;", false},
    {"mov.u16 %h1, %tid.x;", true},
    {"mov.u32 %r1, %clock64;", false},
    {"add.u32 %r1, %tid.x, 1;", false},
    {"mov.pred %p1, 1;", true},
    {"mov.pred %p1, %r1;", false},
    {"neg.f32 %f1, %r1;", true},
    {"abs.s32 %r1, %f1;", false},
    {"fma.rn.f32 %f1, %f1, %f1, %fd1;", false},
    {"popc.b64 %r1, %rd1;", true},
    {"popc.b64 %rd1, %rd1;", false},
    {"bfe.u64 %rd1, %rd1, %r2, %r3;", true},
    {"bfe.u64 %rd1, %rd1, %rd2, %r3;", false},
    {"prmt.b32 %r1, %r1, %r2, %rd1;", false},
    {"shfl.sync.bfly.b32 %r1, %r1, 1, 31, -1;", true},
    {"shfl.sync.bfly.b32 %rd1, %r1, 1, 31, -1;", false},
    {"shfl.sync.bfly.b32 %r1|%p1, %r1, %rd1, 31, -1;", false},
    {"vote.sync.ballot.b32 %r1, %p1, -1;", true},
    {"vote.sync.ballot.b32 %r1, %r1, -1;", false},
    {"selp.u64 %rd1, %rd1, %r1, %p1;", false},
    {"set.eq.u32.s32 %r1, %r1, %r2;", true},
    {"slct.s32.f32 %r1, %r1, %r2, %f1;", true},
    {"testp.finite.f32 %p1, %fd1;", false},
    {"lop3.b32 %r1, %r1, %r2, %rd3, 0x96;", false},
    {"shf.l.wrap.b32 %r1, %r1, %r2, %rd3;", false},
    {"dp4a.u32.u32 %r1, %r1, %r2, %rd3;", false},
    {"cvt.u8.u32 %rd1, %r1;", true},
    {"cvt.rzi.s32.f32 %r1, %fd1;", false},
    {"setp.eq.s32 %p1|%r1, %r2, 0;", false},
    {"@%r1 ret;", false},
    {"st.global.v2.f32 [%rd1], {%f1, %r0};", true},
    {"st.global.u32 [%rd1], %tid.x;", false},
    {"mov.u64 %rd1, %gridid;", true},
    {"red.global.add.u32 [%rd2], %rd1;", false},
    {"red.global.add.u64 [%rd2], %rd1;", true},
    {"atom.global.cas.b32 %r1, [%rd2], %r1, %rd1;", false},
    {"match.any.sync.b64 %r1, %rd1, -1;", true},
    {"match.any.sync.b64 %rd1, %rd1, -1;", false},
    {"redux.sync.add.s32 %r1, %rd1, -1;", false},
    {"activemask.b32 %rd1;", false},
    {"copysign.f64 %fd1, %fd1, %f1;", false},
    {"rem.s64 %rd1, %rd1, 3;", true},
    {"mul.hi.u32 %r1, %r1, %rd1;", false},
    {"cvt.rn.f16x2.f32 %r1, %f1, %f2;", true},
    {"cvt.rn.f16x2.f32 %rd1, %f1, %f2;", true},
    {"cvt.rn.bf16.f32 %h1, %f1;", true},
    {"setp.lt.f32 %p1, %f1, %f2;", true},
    {"setp.lt.and.s32 %p1|%p0, %r1, %r2, %p0;", true},
    {"setp.lt.and.s32 %p1, %r1, %r2, %r0;", false},
    {"selp.f32 %f1, %f1, %f2, %p1;", true},
    {"cvt.rn.f32.f64 %f1, %fd1;", true},
    {"cvt.rzi.s64.f64 %rd1, %fd1;", true},
    {"cvt.s64.s32 %rd1, %rd1;", true},
    {"ld.param.u64 %rd1, [p];", true},
    {"ld.param.u32 %rd1, [p];", true},
    {"st.global.v4.u32 [%rd1], {%r1, %r2, %r3, %r4};", true},
    {"ld.global.nc.v2.f64 {%fd0, %fd1}, [%rd1];", true},
    {"ld.global.nc.v2.f64 {%fd0, %f1}, [%rd1];", false},
    {"min.u64 %rd1, %rd1, %rd2;", true},
    {"max.f64 %fd1, %fd1, %fd0;", true},
    {"div.rn.f32 %f1, %f1, %f2;", true},
    {"rcp.approx.ftz.f64 %fd1, %fd1;", true},
    {"fma.rn.f64 %fd1, %fd1, %fd1, 0d3FF0000000000000;", true},
    {"mul.hi.s64 %rd1, %rd1, %rd2;", true},
    {"mad.lo.s32 %r1, %r1, %r2, %r3;", true},
    {"mad.lo.s32 %r1, %r1, %r2, %rd3;", false},
    {"and.b64 %rd1, %rd1, 255;", true},
    {"or.b32 %r1, %r1, %f1;", true},
    {"xor.pred %p1, %p1, %p0;", true},
    {"not.pred %p1, %p1;", true},
    {"clz.b64 %r1, %rd1;", true},
    {"bfind.u32 %r1, %r1;", true},
    {"brev.b64 %rd1, %rd1;", true},
    {"bfi.b64 %rd1, %rd1, %rd2, %r1, %r2;", true},
    {"bfi.b64 %rd1, %rd1, %r2, %r1, %r2;", false},
    {"cvta.to.shared.u64 %rd1, %rd2;", true},
    {"cvta.global.u64 %rd1, %rd2;", true},
    {"abs.f64 %fd1, %fd1;", true},
    {"neg.s64 %rd1, %r1;", false},
    {"sub.sat.s32 %r1, %r1, %r2;", true},
    {"add.cc.u32 %r1, %r1, %r2;", true},
    {"addc.u32 %r1, %r1, %rd2;", false},
    {"mul.wide.s32 %rd1, %r1, 4;", true},
    {"shr.s64 %rd1, %rd1, 63;", true},
    {"shr.u32 %r1, %r1, %p1;", false},
    {"popc.b32 %r1, %f1;", true},
    {"mov.b16 %h1, %h0;", true},
    {"mov.b16 %h1, %r0;", false},
    {"mov.u32 %r1, %laneid;", true},
    {"mov.u32 %r1, %lanemask_lt;", true},
    {"mov.u64 %rd1, %globaltimer;", true},
    {"atom.global.exch.b64 %rd1, [%rd2], %rd3;", true},
    {"atom.global.cas.b64 %rd1, [%rd2], %rd3, %r1;", false},
    {"atom.shared.add.f64 %fd1, [%r1], %fd0;", true},
    {"atom.global.add.f64 %fd1, [%rd1], %f0;", false},
    {"red.global.add.f32 [%rd1], %f1;", true},
    {"red.shared.add.u32 [%r1], %f1;", false},
    {"vote.sync.all.pred %p1, %p0, -1;", true},
    {"vote.sync.all.pred %p1, %r0, -1;", false},
    {"shfl.sync.idx.b32 %r1, %f1, 0, 31, -1;", true},
    {"shfl.sync.idx.b32 %f1, %f1, %f2, 31, -1;", true},
    {"shl.b32 %r1, %r1, %f1;", false},
    {"bfe.u32 %r1, %r1, %f1, %r2;", false},
    {"bfi.b32 %r1, %r1, %r2, %r3, %f1;", false},
    {"shf.l.wrap.b32 %r1, %r1, %r2, %f1;", false},
    {"shfl.sync.idx.b32 %r1, %r1, %r2, %f2, -1;", true},
    {"shfl.sync.idx.b32 %r1, %r1, %r2, 31, %f1;", false},
    {"shfl.sync.idx.b32 %r1, %r1, %rd2, 31, -1;", false},
    {"vote.sync.ballot.b32 %r1, %p1, %f1;", false},
    {"match.any.sync.b32 %r1, %r1, %f1;", false},
    {"match.any.sync.b32 %f1, %r1, -1;", false},
    {"redux.sync.add.u32 %r1, %r1, %f1;", false},
    {"popc.b32 %f1, %r1;", false},
    {"clz.b32 %f1, %r1;", false},
    {"bfind.u32 %f1, %r1;", false},
    {"prmt.b32 %r1, %r1, %r2, %f1;", true},
    {"dp4a.u32.u32 %r1, %r1, %f2, %r3;", false},
    {"dp4a.u32.u32 %f1, %r1, %r2, %r3;", false},
    {"mul.wide.u32 %fd1, %r1, %r2;", false},
    {"mad.wide.u32 %rd1, %r1, %r2, %fd1;", false},
    {"set.eq.u32.s32 %f1, %r1, %r2;", false},
    {"slct.s32.s32 %r1, %r1, %r2, %f1;", false},
    {"activemask.b32 %f1;", true},
    {"testp.finite.f32 %r1, %f1;", false},
};

std::string withInstruction(const char *instruction) {
  std::string text = kModule;
  text.replace(text.find("INSTRUCTION"), 11, instruction);
  return text;
}

TEST(OperandTypes, LoadsExactlyWhatPtxasAccepts) {
  for (const PtxasVerdict &v : kVerdicts) {
    test::HostDeviceMemory memory;
    auto module = Module::load(withInstruction(v.instruction), memory);
    EXPECT_EQ(static_cast<bool>(module), v.accepted)
        << v.instruction << (module ? "" : ": " + module.error().message);
    if (!module) {
      EXPECT_EQ(module.error().code, 218) << v.instruction;
    }
  }
}

TEST(OperandTypes, MismatchNamesTheOperandItsTypeAndTheLine) {
  test::HostDeviceMemory memory;
  auto module = Module::load(withInstruction("add.u64 %rd1, %r1, %rd2;"), memory);
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().message, "line 16:3: operand 2 '%r1' (.b32) does not match .u64 in "
                                    "'add.u64 %rd1, %r1, %rd2;'");
}

TEST(OperandTypes, RelaxedLoadNamesTheRule) {
  test::HostDeviceMemory memory;
  auto module = Module::load(withInstruction("ld.global.u64 %r1, [%rd2];"), memory);
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().message, "line 16:3: operand 1 '%r1' (.b32) is not usable as .u64 in "
                                    "'ld.global.u64 %r1, [%rd2];'");
}

TEST(OperandTypes, GuardMustBeAPredicate) {
  test::HostDeviceMemory memory;
  auto module = Module::load(withInstruction("@%r1 ret;"), memory);
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().message,
            "line 16:3: the guard '%r1' is .b32, not a predicate in '@%r1 ret;'");
}

TEST(OperandTypes, RegistersOfAnInnerBlockShadowOuterOnes) {
  // cuda_fp16.h's inline asm declares `.reg .f16 low, high;` inside braces; a name declared in a
  // block hides the outer one only there.
  test::HostDeviceMemory memory;
  auto module = Module::load(
      withInstruction("{ .reg .b64 %r1; mov.b64 %r1, %rd1; } add.u32 %r1, %r1, 1;"), memory);
  EXPECT_TRUE(module) << module.error().message;
  auto bad = Module::load(withInstruction("{ .reg .b64 %r1; add.u32 %r1, %r1, 1; }"), memory);
  EXPECT_FALSE(bad);
}

} // namespace
} // namespace qiao::ptx
