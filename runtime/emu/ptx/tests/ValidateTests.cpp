// Module validation (Validate.h): what ptxas refuses is refused with its line and column, what
// ptxas accepts loads. Each case below was checked against ptxas 13.0.
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace qiao::ptx {
namespace {

const std::string kHeader = ".version 8.0\n.target sm_80\n.address_size 64\n";

// The load error's message, or "" when the module loads.
std::string loadError(const std::string &ptx) {
  test::HostDeviceMemory memory;
  auto module = Module::load(ptx, memory);
  if (module)
    return "";
  EXPECT_EQ(module.error().code, 218) << module.error().message;
  return module.error().message;
}

TEST(Validate, MissingTargetIsRefused) {
  EXPECT_EQ(loadError(".version 8.0\n.visible .entry k() { ret; }\n"),
            "line 2:1: missing .target directive at the start of the module");
  EXPECT_EQ(loadError(".version 8.0\n.address_size 64\n.visible .entry k() { ret; }\n"),
            "line 2:1: expected .target before .address_size, found '.address_size'");
}

TEST(Validate, HeaderComesFirstAndOnce) {
  EXPECT_EQ(loadError(".version 8.0\n.target sm_80\n.address_size 32\n.address_size 64\n"),
            "line 4:1: expected one .address_size directive, found '.address_size'");
  EXPECT_NE(loadError(".version 8.0\n.global .u32 x;\n.target sm_80\n"), "");
  // A repeated .target is fine for ptxas.
  EXPECT_EQ(loadError(".version 8.0\n.target sm_80\n.target sm_80\n.address_size 64\n"), "");
}

TEST(Validate, OnlyAPredicateIsNegated) {
  EXPECT_EQ(
      loadError(kHeader + ".visible .entry k()\n{\n.reg .b32 %r<2>;\n.reg .pred %p;\n"
                          "selp.u32 !%r1, 1, 0, %p;\nret;\n}\n"),
      "line 8:1: operand 1 negates '%r1', a .b32 register: only a predicate can be negated in "
      "'selp.u32 !%r1, 1, 0, %p;'");
}

TEST(Validate, BarrierNumbersAre0To15) {
  EXPECT_EQ(loadError(kHeader + ".visible .entry k()\n{\nbar.sync 16;\nret;\n}\n"),
            "line 6:1: barrier number 16 out of range: a block has barriers 0 to 15");
  EXPECT_EQ(loadError(kHeader + ".visible .entry k() { bar.sync 15; bar.warp.sync -1; ret; }"), "");
}

TEST(Validate, WhatPtxasAlsoAccepts) {
  // %r074 is %r74 of the range, `+ +16` an offset with a unary plus, `.reg .pred ;` nothing.
  EXPECT_EQ(loadError(kHeader +
                      ".visible .entry k() { .reg .pred ; .reg .b32 %r<80>; .reg .b64 %rd<2>;\n"
                      "add.s32 %r074, %r1, %r2; st.local.u32 [%rd1+ +16], %r074; ret; }"),
            "");
}

TEST(Validate, FormFeedAndVerticalTabAreNoWhitespace) {
  EXPECT_NE(loadError(kHeader + ".visible .entry k() {\v ret; }"), "");
}

TEST(Validate, MissingVersionIsRefused) {
  EXPECT_EQ(loadError(".target sm_80\n.address_size 64\n.visible .entry k() { ret; }\n"),
            "line 3:1: missing .version directive at the start of the module");
}

TEST(Validate, AddressSize32IsRefused) {
  EXPECT_EQ(
      loadError(".version 8.0\n.target sm_80\n.address_size 32\n.visible .entry k() { ret; }"),
      "line 3:1: .address_size 32 is not supported: the device is 64-bit");
}

TEST(Validate, MissingAddressSizeMeans64) {
  EXPECT_EQ(loadError(".version 8.0\n.target sm_80\n.visible .entry k() { ret; }\n"), "");
}

TEST(Validate, DuplicateGlobalVariable) {
  EXPECT_EQ(loadError(kHeader + ".global .u32 x;\n.const .u32 x;\n"),
            "line 5:13: duplicate definition of variable 'x'");
  // A declaration after the definition is fine, as in ptxas.
  EXPECT_EQ(loadError(kHeader + ".global .u32 x;\n.extern .global .u32 x;\n"), "");
}

TEST(Validate, DuplicateFunction) {
  EXPECT_EQ(loadError(kHeader + ".func f() { ret; }\n.func f() { ret; }\n"),
            "line 5:1: duplicate definition of function 'f'");
  EXPECT_EQ(loadError(kHeader + ".func f();\n.func f() { ret; }\n"), "");
}

TEST(Validate, VariableAndFunctionShareAName) {
  EXPECT_NE(loadError(kHeader + ".global .u32 k;\n.visible .entry k() { ret; }\n"), "");
}

TEST(Validate, DuplicateLabelInOneScope) {
  EXPECT_EQ(loadError(kHeader + ".visible .entry k()\n{\nL: ret;\nL: ret;\n}\n"),
            "line 7:1: duplicate definition of label 'L'");
  // Blocks scope labels: ptxas takes one name in sibling and nested blocks.
  EXPECT_EQ(loadError(kHeader + ".visible .entry k() { { L: ret; } { L: ret; } }\n"), "");
}

TEST(Validate, DuplicateRegisters) {
  EXPECT_EQ(
      loadError(kHeader + ".visible .entry k()\n{\n.reg .b32 %r<3>;\n.reg .b32 %r2;\nret;\n}"),
      "line 7:11: duplicate definition of variable '%r2'");
  EXPECT_EQ(
      loadError(kHeader + ".visible .entry k()\n{\n.reg .b32 %r1;\n.reg .b32 %r<3>;\nret;\n}"),
      "line 7:11: duplicate definition of variable '%r1'");
  EXPECT_NE(loadError(kHeader + ".visible .entry k() { .reg .b32 %r<3>; .reg .b32 %r<5>; ret; }"),
            "");
  // %r5 lies outside %r<3>; an inner block may redeclare.
  EXPECT_EQ(loadError(kHeader + ".visible .entry k() { .reg .b32 %r<3>; .reg .b32 %r5; ret; }"),
            "");
  EXPECT_EQ(
      loadError(kHeader + ".visible .entry k() { .reg .b32 %r<3>; { .reg .b32 %r<3>; } ret; }"),
      "");
}

TEST(Validate, DuplicateParameterOrParameterAndLocal) {
  EXPECT_EQ(loadError(kHeader + ".visible .entry k(.param .u32 a, .param .u32 a) { ret; }"),
            "line 4:46: duplicate definition of variable 'a'");
  EXPECT_NE(loadError(kHeader + ".visible .entry k(.param .u32 a) { .reg .b32 a; ret; }"), "");
}

TEST(Validate, CallingAKernelIsRefused) {
  EXPECT_EQ(loadError(kHeader + ".visible .entry k() { ret; }\n"
                                ".visible .entry j()\n{\n  call k, ();\n  ret;\n}\n"),
            "line 7:3: illegal call target 'k': it is a kernel (.entry), and only a .func can be "
            "called");
}

TEST(Validate, AlignmentMustBeAPowerOfTwo) {
  EXPECT_EQ(loadError(kHeader + ".global .align 3 .u32 x;\n"),
            "line 4:16: expected an alignment that is a power of two, found '3'");
  EXPECT_NE(loadError(kHeader + ".global .align 0 .u32 x;\n"), "");
  EXPECT_NE(loadError(kHeader + ".visible .entry k() { .local .align 6 .b8 d[8]; ret; }"), "");
  EXPECT_NE(loadError(kHeader + ".visible .entry k(.param .u64 .ptr.global.align 3 a) { ret; }"),
            "");
  EXPECT_EQ(loadError(kHeader + ".global .align 1 .u32 x;\n"), "");
}

// The initialisers of kernels nvcc does not write but ptxas accepts.
TEST(ConstantExpressions, InitialisersEvaluateAsPtxasDoes) {
  test::HostDeviceMemory memory;
  auto module = Module::load(kHeader + R"(
.global .u32 x = (1+2)*3;
.global .u64 y = 1 << 40;
.global .s32 z = -(4/3) + ~0 % 5;
.global .u32 w = 0 ? 2 : 3;
.global .u32 v[3] = {1+1, 3*(2-1), 7 >= 7};
.global .s64 s = -7 / 2;
.global .u64 u = -7U / 2;
.global .u64 r = 0xFFFFFFFFU >> 4 | 1;
.global .u32 c = (.s64) 5 == 5 && 1 != 2;
.global .f64 d = 1.5 * 2.0 - 0.5;
.global .u64 p = x + 4*2;
)",
                             memory);
  ASSERT_TRUE(module) << module.error().message;
  auto value = [&](const char *name, auto sample) {
    auto g = module.value()->global(name);
    EXPECT_TRUE(g) << name;
    decltype(sample) out{};
    if (g)
      std::memcpy(&out, g->address, sizeof out);
    return out;
  };
  EXPECT_EQ(value("x", uint32_t{}), 9u);
  EXPECT_EQ(value("y", uint64_t{}), uint64_t{1} << 40);
  EXPECT_EQ(value("z", int32_t{}), -2); // -(1) + (-1 % 5) = -1 + -1
  EXPECT_EQ(value("w", uint32_t{}), 3u);
  uint32_t v[3];
  std::memcpy(v, module.value()->global("v")->address, sizeof v);
  EXPECT_EQ(v[0], 2u);
  EXPECT_EQ(v[1], 3u);
  EXPECT_EQ(v[2], 1u);
  EXPECT_EQ(value("s", int64_t{}), -3);
  EXPECT_EQ(value("u", uint64_t{}), (uint64_t{0} - 7) / 2);
  EXPECT_EQ(value("r", uint64_t{}), 0x0FFFFFFFu);
  EXPECT_EQ(value("c", uint32_t{}), 1u);
  EXPECT_EQ(value("d", double{}), 2.5);
  EXPECT_EQ(value("p", uint64_t{}),
            reinterpret_cast<uint64_t>(module.value()->global("x")->address) + 8);
}

TEST(ConstantExpressions, ErrorsAsPtxas) {
  EXPECT_EQ(loadError(kHeader + ".global .u32 x = 1/0;\n"),
            "line 4:19: expected a non-zero divisor (constant expression has division by zero), "
            "found '/'");
  EXPECT_EQ(loadError(kHeader + ".global .f32 x = 1.5 * 2;\n"),
            "line 4:22: expected operands of one kind (constant expression type mismatch: integer "
            "and float), found '*'");
  EXPECT_NE(loadError(kHeader + ".global .u32 x = (1 + 2;\n"), "");
  EXPECT_NE(loadError(kHeader + ".global .u32 x = " + std::string(200, '(') + "1;\n"), "");
}

TEST(ConstantExpressions, OffsetsOfSymbolsAndAddresses) {
  test::HostDeviceMemory memory;
  auto module = Module::load(kHeader + R"(
.global .align 8 .u32 a[8] = {0, 1, 2, 3, 4, 5, 6, 7};
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<2>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  ld.global.u32 %r1, [a+4*(1+2)];
  st.global.u32 [%rd1+-4+4], %r1;
  ret;
}
)",
                             memory);
  ASSERT_TRUE(module) << module.error().message;
  const KernelInfo *k = module.value()->kernel("k");
  ASSERT_NE(k, nullptr);
  uint32_t *out = memory.array<uint32_t>(1);
  LaunchParams launch;
  launch.params = reinterpret_cast<const uint8_t *>(&out);
  launch.paramBytes = sizeof out;
  GridExecutor executor(1);
  LaunchOutcome outcome = executor.run(*module.value(), *k, launch, memory);
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(*out, 3u);
}

} // namespace
} // namespace qiao::ptx
