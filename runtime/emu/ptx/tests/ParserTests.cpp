// The PTX parser: exact syntax trees for each construct, errors with positions, and real nvcc
// output for the CUDA programs in tests/parser/.
#include "ptx/Parser.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <unistd.h>

#ifndef QIAO_PARSER_TEST_DATA
#error "QIAO_PARSER_TEST_DATA must name the directory of tests/parser/*.cu"
#endif

namespace qiao::ptx {
namespace {

using ast::Initializer;
using ast::Operand;
using ast::Statement;

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

ast::Module parsed(std::string_view text) {
  Expected<ast::Module> m = parseModule(text);
  if (!m) {
    ADD_FAILURE() << "parse failed: " << m.error().message;
    return {};
  }
  return std::move(m).value();
}

// A kernel `k` whose body is `body`, parsed; its statements.
std::vector<Statement> bodyOf(const std::string &body) {
  ast::Module m = parsed(std::string(kHeader) + ".visible .entry k()\n{\n" + body + "\n}\n");
  if (m.functions.size() != 1) {
    ADD_FAILURE() << "expected one function";
    return {};
  }
  return m.functions[0].body;
}

// The only instruction of a kernel body consisting of `line`.
ast::Instruction instructionOf(const std::string &line) {
  std::vector<Statement> body = bodyOf(line);
  if (body.size() != 1 || body[0].kind != Statement::Kind::Instruction) {
    ADD_FAILURE() << "expected one instruction from: " << line;
    return {};
  }
  return body[0].instruction;
}

std::string errorOf(std::string_view text) {
  Expected<ast::Module> m = parseModule(text);
  if (m) {
    ADD_FAILURE() << "parse unexpectedly succeeded";
    return "";
  }
  EXPECT_EQ(m.error().code, 218);
  return m.error().message;
}

std::vector<std::string> mods(std::initializer_list<const char *> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

// ---- module header -------------------------------------------------------------------------

TEST(ParserModule, HeaderDirectivesAndComments) {
  ast::Module m = parsed("// leading comment\n.version 8.5 /* inline */\n"
                         ".target sm_80, texmode_independent, debug\n.address_size 32\n");
  EXPECT_EQ(m.versionMajor, 8u);
  EXPECT_EQ(m.versionMinor, 5u);
  EXPECT_EQ(m.targets, (std::vector<std::string>{"sm_80", "texmode_independent", "debug"}));
  EXPECT_EQ(m.addressSize, 32u);
  EXPECT_TRUE(m.functions.empty());
  EXPECT_TRUE(m.globals.empty());
}

TEST(ParserModule, EmptyInputIsAnEmptyModule) {
  ast::Module m = parsed("  // nothing\n/* at all */\n");
  EXPECT_EQ(m.versionMajor, 0u);
  EXPECT_EQ(m.addressSize, 64u);
}

TEST(ParserModule, DebugDirectivesAndSectionsAreSkipped) {
  ast::Module m = parsed(std::string(kHeader) +
                         ".file 1 \"/tmp/a.cu\"\n"
                         ".file 2 \"/usr/include/b.h\", 1700000000, 1234\n"
                         ".visible .entry k()\n{\n"
                         ".loc 1 4 0\n$L__func_begin0:\n"
                         ".loc 2 137 50, function_name $L__info_string0, inlined_at 1 9 3\n"
                         "ret;\n}\n"
                         ".section .debug_str\n{\n$L__info_string0:\n.b8 95,90,0\n}\n"
                         ".section .debug_loc { .b64 $L__func_begin0\n.b8 5 }\n");
  ASSERT_EQ(m.functions.size(), 1u);
  const auto &body = m.functions[0].body;
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body[0].kind, Statement::Kind::Label);
  EXPECT_EQ(body[0].label, "$L__func_begin0");
  EXPECT_EQ(body[1].instruction.opcode, "ret");
  EXPECT_TRUE(m.globals.empty());
}

// ---- declarations --------------------------------------------------------------------------

TEST(ParserDeclarations, GlobalsWithInitializers) {
  ast::Module m = parsed(std::string(kHeader) +
                         ".global .align 4 .b8 bytes[4] = {1, 0x1F, 017, 0b101};\n"
                         ".visible .global .u32 counter = 5;\n"
                         ".const .align 8 .f64 tab[3] = {1.5, -2.25e1, 0d3FF0000000000000};\n"
                         ".global .f32 one = 0f3F800000;\n"
                         ".global .s32 neg = -7;\n"
                         ".global .u64 big = 18446744073709551615U;\n");
  ASSERT_EQ(m.globals.size(), 6u);
  const ast::Variable &bytes = m.globals[0];
  EXPECT_EQ(bytes.space, ast::StateSpace::Global);
  EXPECT_EQ(bytes.type, "b8");
  EXPECT_EQ(bytes.name, "bytes");
  EXPECT_EQ(bytes.align, 4u);
  EXPECT_EQ(bytes.dims, (std::vector<uint64_t>{4}));
  ASSERT_EQ(bytes.init.size(), 4u);
  EXPECT_EQ(bytes.init[0].intValue, 1u);
  EXPECT_EQ(bytes.init[1].intValue, 31u);
  EXPECT_EQ(bytes.init[2].intValue, 15u);
  EXPECT_EQ(bytes.init[3].intValue, 5u);
  EXPECT_EQ(bytes.init[3].kind, Initializer::Kind::Int);

  EXPECT_TRUE(m.globals[1].isVisible);
  EXPECT_EQ(m.globals[1].type, "u32");
  EXPECT_TRUE(m.globals[1].dims.empty());
  ASSERT_EQ(m.globals[1].init.size(), 1u);
  EXPECT_EQ(m.globals[1].init[0].intValue, 5u);

  const ast::Variable &tab = m.globals[2];
  EXPECT_EQ(tab.space, ast::StateSpace::Const);
  ASSERT_EQ(tab.init.size(), 3u);
  EXPECT_EQ(tab.init[0].kind, Initializer::Kind::Float);
  EXPECT_EQ(tab.init[0].floatValue, 1.5);
  EXPECT_FALSE(tab.init[0].floatIsHexBits);
  EXPECT_EQ(tab.init[1].floatValue, -22.5);
  EXPECT_TRUE(tab.init[2].floatIsHexBits);
  EXPECT_EQ(tab.init[2].intValue, 0x3FF0000000000000u);

  ASSERT_EQ(m.globals[3].init.size(), 1u);
  EXPECT_EQ(m.globals[3].init[0].kind, Initializer::Kind::Float);
  EXPECT_TRUE(m.globals[3].init[0].floatIsHexBits);
  EXPECT_EQ(m.globals[3].init[0].intValue, 0x3F800000u);
  ASSERT_EQ(m.globals[4].init.size(), 1u);
  EXPECT_EQ(m.globals[4].init[0].intValue, static_cast<uint64_t>(-7));
  ASSERT_EQ(m.globals[5].init.size(), 1u);
  EXPECT_EQ(m.globals[5].init[0].intValue, ~uint64_t{0});
}

TEST(ParserDeclarations, NestedInitializersAreFlattenedAndDimsKept) {
  ast::Module m =
      parsed(std::string(kHeader) + ".global .s32 grid[2][3] = {{1, 2, 3}, {4, 5, -6}};\n"
                                    ".global .u8 open[] = {7, 8};\n"
                                    ".global .u32 empty[2] = {};\n");
  ASSERT_EQ(m.globals.size(), 3u);
  EXPECT_EQ(m.globals[0].dims, (std::vector<uint64_t>{2, 3}));
  ASSERT_EQ(m.globals[0].init.size(), 6u);
  for (uint64_t i = 0; i < 5; ++i)
    EXPECT_EQ(m.globals[0].init[i].intValue, i + 1);
  EXPECT_EQ(m.globals[0].init[5].intValue, static_cast<uint64_t>(-6));
  EXPECT_EQ(m.globals[1].dims, (std::vector<uint64_t>{0}));
  EXPECT_EQ(m.globals[1].init.size(), 2u);
  EXPECT_TRUE(m.globals[2].init.empty());
}

TEST(ParserDeclarations, SymbolInitializers) {
  ast::Module m =
      parsed(std::string(kHeader) + ".global .align 8 .u64 p = generic(table)+12;\n"
                                    ".global .u64 q[3] = {table, table+8, generic(other+4)};\n"
                                    ".global .u64 r = $str-2;\n");
  ASSERT_EQ(m.globals.size(), 3u);
  ASSERT_EQ(m.globals[0].init.size(), 1u);
  const Initializer &p = m.globals[0].init[0];
  EXPECT_EQ(p.kind, Initializer::Kind::Symbol);
  EXPECT_EQ(p.symbol, "table");
  EXPECT_TRUE(p.generic);
  EXPECT_EQ(p.symbolOffset, 12);
  ASSERT_EQ(m.globals[1].init.size(), 3u);
  EXPECT_EQ(m.globals[1].init[0].symbol, "table");
  EXPECT_FALSE(m.globals[1].init[0].generic);
  EXPECT_EQ(m.globals[1].init[0].symbolOffset, 0);
  EXPECT_EQ(m.globals[1].init[1].symbolOffset, 8);
  EXPECT_EQ(m.globals[1].init[2].symbol, "other");
  EXPECT_TRUE(m.globals[1].init[2].generic);
  EXPECT_EQ(m.globals[1].init[2].symbolOffset, 4);
  ASSERT_EQ(m.globals[2].init.size(), 1u);
  EXPECT_EQ(m.globals[2].init[0].symbol, "$str");
  EXPECT_EQ(m.globals[2].init[0].symbolOffset, -2);
}

TEST(ParserDeclarations, ExternSharedWeakManagedAndSeveralNames) {
  ast::Module m =
      parsed(std::string(kHeader) + ".extern .shared .align 16 .b8 dyn[];\n"
                                    ".weak .global .align 4 .u32 w;\n"
                                    ".global .attribute(.managed) .align 4 .b8 managed[8];\n"
                                    ".shared .v4 .f32 a, b[2];\n");
  ASSERT_EQ(m.globals.size(), 5u);
  EXPECT_TRUE(m.globals[0].isExtern);
  EXPECT_EQ(m.globals[0].space, ast::StateSpace::Shared);
  EXPECT_EQ(m.globals[0].align, 16u);
  EXPECT_EQ(m.globals[0].dims, (std::vector<uint64_t>{0}));
  EXPECT_TRUE(m.globals[1].isWeak);
  EXPECT_FALSE(m.globals[1].isExtern);
  EXPECT_EQ(m.globals[2].name, "managed");
  EXPECT_EQ(m.globals[2].align, 4u);
  EXPECT_EQ(m.globals[3].name, "a");
  EXPECT_EQ(m.globals[3].vectorWidth, 4u);
  EXPECT_EQ(m.globals[4].name, "b");
  EXPECT_EQ(m.globals[4].vectorWidth, 4u);
  EXPECT_EQ(m.globals[4].dims, (std::vector<uint64_t>{2}));
}

TEST(ParserDeclarations, TextureSurfaceAndSamplerReferences) {
  ast::Module m = parsed(std::string(kHeader) +
                         ".global .texref tex0;\n.global .surfref surf0;\n"
                         ".global .samplerref smp = { addr_mode_0 = wrap, filter_mode = linear };\n"
                         ".tex .u32 oldTex;\n");
  ASSERT_EQ(m.globals.size(), 4u);
  EXPECT_EQ(m.globals[0].type, "texref");
  EXPECT_EQ(m.globals[1].type, "surfref");
  EXPECT_EQ(m.globals[2].type, "samplerref");
  EXPECT_TRUE(m.globals[2].init.empty());
  EXPECT_EQ(m.globals[3].space, ast::StateSpace::Tex);
}

TEST(ParserDeclarations, RegistersInBodies) {
  std::vector<Statement> body =
      bodyOf(".reg .pred %p<3>;\n.reg .b32 %r<10>, %single;\n"
             ".reg .v2 .f32 %vf;\n.local .align 8 .b8 __local_depot0[24];\n"
             ".shared .align 4 .b8 partial[1024];\n.reg.b64 %SP;");
  ASSERT_EQ(body.size(), 7u);
  for (const Statement &s : body)
    EXPECT_EQ(s.kind, Statement::Kind::Declaration);
  EXPECT_EQ(body[0].declaration.type, "pred");
  EXPECT_EQ(body[0].declaration.name, "%p");
  EXPECT_EQ(body[0].declaration.rangeCount, 3u);
  EXPECT_EQ(body[1].declaration.name, "%r");
  EXPECT_EQ(body[1].declaration.rangeCount, 10u);
  EXPECT_EQ(body[2].declaration.name, "%single");
  EXPECT_EQ(body[2].declaration.rangeCount, 0u);
  EXPECT_EQ(body[2].declaration.type, "b32");
  EXPECT_EQ(body[3].declaration.vectorWidth, 2u);
  EXPECT_EQ(body[4].declaration.space, ast::StateSpace::Local);
  EXPECT_EQ(body[4].declaration.align, 8u);
  EXPECT_EQ(body[4].declaration.dims, (std::vector<uint64_t>{24}));
  EXPECT_EQ(body[5].declaration.space, ast::StateSpace::Shared);
  EXPECT_EQ(body[6].declaration.space, ast::StateSpace::Reg);
  EXPECT_EQ(body[6].declaration.type, "b64");
  EXPECT_EQ(body[6].declaration.name, "%SP");
  EXPECT_EQ(body[0].loc.line, 6u);
  EXPECT_EQ(body[0].loc.column, 1u);
  EXPECT_EQ(body[0].declaration.loc.line, 6u);
  EXPECT_EQ(body[0].declaration.loc.column, 12u);
  EXPECT_EQ(body[2].loc.column, 1u);
  EXPECT_EQ(body[2].declaration.loc.column, 19u);
}

// ---- functions -----------------------------------------------------------------------------

TEST(ParserFunctions, EntryWithParameterAttributesAndPerformanceDirectives) {
  ast::Module m = parsed(std::string(kHeader) +
                         ".visible .entry _Z1kPfi(\n"
                         "  .param .u64 .ptr.global.align 16 _Z1kPfi_param_0,\n"
                         "  .param .u64 .ptr .shared .align 8 _Z1kPfi_param_1,\n"
                         "  .param .align 8 .b8 _Z1kPfi_param_2[16],\n"
                         "  .param .u32 _Z1kPfi_param_3\n)\n"
                         ".maxntid 256, 1, 1\n.reqntid 128\n.minnctapersm 4\n.maxnreg 32\n"
                         "{\n ret;\n}\n");
  ASSERT_EQ(m.functions.size(), 1u);
  const ast::Function &fn = m.functions[0];
  EXPECT_TRUE(fn.isEntry);
  EXPECT_TRUE(fn.isVisible);
  EXPECT_TRUE(fn.hasBody);
  EXPECT_EQ(fn.name, "_Z1kPfi");
  EXPECT_EQ(fn.loc.line, 4u);
  ASSERT_EQ(fn.params.size(), 4u);
  EXPECT_EQ(fn.params[0].space, ast::StateSpace::Param);
  EXPECT_EQ(fn.params[0].type, "u64");
  EXPECT_TRUE(fn.params[0].ptrAttribute);
  EXPECT_EQ(fn.params[0].align, 0u); // the pointee's alignment is not the parameter's
  EXPECT_EQ(fn.params[0].name, "_Z1kPfi_param_0");
  EXPECT_TRUE(fn.params[1].ptrAttribute);
  EXPECT_EQ(fn.params[1].space, ast::StateSpace::Param);
  EXPECT_EQ(fn.params[2].align, 8u);
  EXPECT_EQ(fn.params[2].type, "b8");
  EXPECT_EQ(fn.params[2].dims, (std::vector<uint64_t>{16}));
  EXPECT_FALSE(fn.params[3].ptrAttribute);
  EXPECT_EQ(fn.maxntid[0], 256u);
  EXPECT_EQ(fn.maxntid[1], 1u);
  EXPECT_EQ(fn.maxntid[2], 1u);
  EXPECT_EQ(fn.reqntid[0], 128u);
  EXPECT_EQ(fn.reqntid[1], 0u);
  EXPECT_EQ(fn.minnctapersm, 4u);
  EXPECT_EQ(fn.maxnreg, 32u);
}

TEST(ParserFunctions, FuncsWithReturnsPrototypesAndAttributes) {
  ast::Module m = parsed(std::string(kHeader) +
                         ".extern .func (.param .b32 func_retval0) vprintf\n(\n"
                         "  .param .b64 vprintf_param_0,\n  .param .b64 vprintf_param_1\n);\n"
                         ".weak .func (.param .align 8 .b8 func_retval0[16]) pair(.reg .b32 x)"
                         " .noreturn\n{\n ret;\n}\n"
                         ".func nothing\n{\n}\n"
                         ".entry old .pragma \"nounroll\";\n{\n}\n");
  ASSERT_EQ(m.functions.size(), 4u);
  const ast::Function &vprintf = m.functions[0];
  EXPECT_FALSE(vprintf.isEntry);
  EXPECT_TRUE(vprintf.isExtern);
  EXPECT_FALSE(vprintf.hasBody);
  ASSERT_EQ(vprintf.returns.size(), 1u);
  EXPECT_EQ(vprintf.returns[0].name, "func_retval0");
  EXPECT_EQ(vprintf.returns[0].type, "b32");
  ASSERT_EQ(vprintf.params.size(), 2u);
  EXPECT_EQ(vprintf.params[1].name, "vprintf_param_1");
  const ast::Function &pair = m.functions[1];
  EXPECT_TRUE(pair.isWeak);
  EXPECT_TRUE(pair.hasBody);
  ASSERT_EQ(pair.returns.size(), 1u);
  EXPECT_EQ(pair.returns[0].dims, (std::vector<uint64_t>{16}));
  EXPECT_EQ(pair.returns[0].align, 8u);
  ASSERT_EQ(pair.params.size(), 1u);
  EXPECT_EQ(pair.params[0].space, ast::StateSpace::Reg);
  EXPECT_EQ(m.functions[2].name, "nothing");
  EXPECT_TRUE(m.functions[2].hasBody);
  EXPECT_TRUE(m.functions[2].params.empty());
  EXPECT_TRUE(m.functions[2].body.empty());
  EXPECT_TRUE(m.functions[3].isEntry);
  EXPECT_EQ(m.functions[3].name, "old");
}

TEST(ParserFunctions, LabelsBlocksAndCallPrototypes) {
  std::vector<Statement> body =
      bodyOf("$L__BB0_2:\n_weird.name$1:\n{ // callseq 0, 0\n.param .b32 param0;\n"
             "prototype_0 : .callprototype (.param .b32 _) _ (.param .b64 _);\n"
             "}\n.pragma \"nounroll\";\nret;");
  ASSERT_EQ(body.size(), 6u);
  EXPECT_EQ(body[0].kind, Statement::Kind::Label);
  EXPECT_EQ(body[0].label, "$L__BB0_2");
  EXPECT_EQ(body[1].label, "_weird.name$1");
  EXPECT_EQ(body[2].kind, Statement::Kind::BlockBegin);
  EXPECT_EQ(body[3].kind, Statement::Kind::Declaration);
  EXPECT_EQ(body[3].declaration.space, ast::StateSpace::Param);
  EXPECT_EQ(body[3].declaration.name, "param0");
  EXPECT_EQ(body[4].kind, Statement::Kind::BlockEnd);
  EXPECT_EQ(body[5].instruction.opcode, "ret");

  ast::Module m = parsed(std::string(kHeader) +
                         ".entry k()\n{\nproto_a: .callprototype _ (.param .b32 _);\nret;\n}\n");
  EXPECT_EQ(m.callPrototypes, (std::vector<std::string>{"proto_a"}));
}

// ---- instructions --------------------------------------------------------------------------

TEST(ParserInstructions, OpcodesAndModifiers) {
  ast::Instruction ld = instructionOf("ld.global.nc.v4.f32 {%f1, %f2, _, %f4}, [%rd1+16];");
  EXPECT_EQ(ld.opcode, "ld");
  EXPECT_EQ(ld.modifiers, mods({"global", "nc", "v4", "f32"}));
  ASSERT_EQ(ld.operands.size(), 2u);
  const Operand &vec = ld.operands[0];
  EXPECT_EQ(vec.kind, Operand::Kind::Vector);
  ASSERT_EQ(vec.elements.size(), 4u);
  EXPECT_EQ(vec.elements[0].name, "%f1");
  EXPECT_EQ(vec.elements[2].kind, Operand::Kind::Sink);
  EXPECT_EQ(vec.elements[3].name, "%f4");
  EXPECT_EQ(ld.operands[1].kind, Operand::Kind::Address);
  EXPECT_EQ(ld.operands[1].name, "%rd1");
  EXPECT_EQ(ld.operands[1].offset, 16);
  EXPECT_EQ(ld.text, "ld.global.nc.v4.f32 {%f1, %f2, _, %f4}, [%rd1+16];");

  ast::Instruction mma = instructionOf(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%f1,%f2,%f3,%f4}, {%r1,%r2,%r3,%r4}, "
      "{%r5,%r6}, {%f5,%f6,%f7,%f8};");
  EXPECT_EQ(mma.opcode, "mma");
  EXPECT_EQ(mma.modifiers,
            mods({"sync", "aligned", "m16n8k16", "row", "col", "f32", "f16", "f16", "f32"}));
  EXPECT_EQ(mma.operands.size(), 4u);

  ast::Instruction tex = instructionOf("tex.2d.v4.f32.s32 {%f1,%f2,%f3,%f4}, [tex0, {%r1, %r2}];");
  EXPECT_EQ(tex.modifiers, mods({"2d", "v4", "f32", "s32"}));
  ASSERT_EQ(tex.operands.size(), 2u);
  EXPECT_EQ(tex.operands[1].kind, Operand::Kind::Address);
  EXPECT_EQ(tex.operands[1].name, "tex0");
  ASSERT_EQ(tex.operands[1].elements.size(), 1u);
  EXPECT_EQ(tex.operands[1].elements[0].elements.size(), 2u);

  ast::Instruction hinted = instructionOf("ld.global.L1::no_allocate.L2::128B.f32 %f1, [%rd1];");
  EXPECT_EQ(hinted.modifiers, mods({"global", "L1::no_allocate", "L2::128B", "f32"}));
  ASSERT_EQ(hinted.operands.size(), 2u);
  ast::Instruction async = instructionOf("cp.async.ca.shared::cta.global [%r1], [%rd1], 16;");
  EXPECT_EQ(async.modifiers, mods({"async", "ca", "shared::cta", "global"}));
  ASSERT_EQ(async.operands.size(), 3u);
  EXPECT_EQ(async.operands[2].intValue, 16u);

  EXPECT_TRUE(instructionOf("ret;").modifiers.empty());
  EXPECT_TRUE(instructionOf("membar.gl;").operands.empty());
}

TEST(ParserInstructions, RegistersSpecialRegistersAndImmediates) {
  ast::Instruction mov = instructionOf("mov.u32 %r1, %tid.x;");
  ASSERT_EQ(mov.operands.size(), 2u);
  EXPECT_EQ(mov.operands[1].kind, Operand::Kind::Register);
  EXPECT_EQ(mov.operands[1].name, "%tid.x");
  for (const char *sreg : {"%ctaid.y", "%laneid", "%clock64", "%envreg3", "%nctaid.z"}) {
    ast::Instruction i = instructionOf(std::string("mov.u32 %r1, ") + sreg + ";");
    ASSERT_EQ(i.operands.size(), 2u);
    EXPECT_EQ(i.operands[1].name, sreg);
  }

  ast::Instruction add = instructionOf("add.s32 %r4, %r8, -1;");
  ASSERT_EQ(add.operands.size(), 3u);
  EXPECT_EQ(add.operands[2].kind, Operand::Kind::Int);
  EXPECT_EQ(add.operands[2].intValue, ~uint64_t{0});

  ast::Instruction f = instructionOf("fma.rn.f32 %f1, %f2, 0f3F800000, -0f3F800000;");
  ASSERT_EQ(f.operands.size(), 4u);
  EXPECT_EQ(f.operands[2].kind, Operand::Kind::Float);
  EXPECT_EQ(f.operands[2].floatBits, 32);
  EXPECT_EQ(f.operands[2].intValue, 0x3F800000u);
  EXPECT_EQ(f.operands[3].intValue, 0xBF800000u);

  ast::Instruction d = instructionOf("mul.f64 %fd2, %fd1, 0d3FF8000000000000;");
  ASSERT_EQ(d.operands.size(), 3u);
  EXPECT_EQ(d.operands[2].floatBits, 64);
  EXPECT_EQ(d.operands[2].intValue, 0x3FF8000000000000u);

  ast::Instruction dec = instructionOf("add.f32 %f1, %f1, 2.5;");
  ASSERT_EQ(dec.operands.size(), 3u);
  EXPECT_EQ(dec.operands[2].kind, Operand::Kind::Float);
  EXPECT_EQ(dec.operands[2].floatBits, 0);
  EXPECT_EQ(dec.operands[2].floatValue, 2.5);

  ast::Instruction ints = instructionOf("and.b32 %r1, 0xFFFF, 0b11;");
  ASSERT_EQ(ints.operands.size(), 3u);
  EXPECT_EQ(ints.operands[1].intValue, 0xFFFFu);
  EXPECT_EQ(ints.operands[2].intValue, 3u);

  ast::Instruction sym = instructionOf("mov.u64 %rd1, __local_depot0;");
  ASSERT_EQ(sym.operands.size(), 2u);
  EXPECT_EQ(sym.operands[1].kind, Operand::Kind::Symbol);
  EXPECT_EQ(sym.operands[1].name, "__local_depot0");
  EXPECT_EQ(sym.operands[1].offset, 0);
  ast::Instruction symOff = instructionOf("mov.u64 %rd1, table+4;");
  ASSERT_EQ(symOff.operands.size(), 2u);
  EXPECT_EQ(symOff.operands[1].offset, 4);
}

TEST(ParserInstructions, AddressForms) {
  struct Case {
    const char *operand;
    const char *base;
    int64_t offset;
  };
  for (Case c :
       {Case{"[%rd1]", "%rd1", 0}, Case{"[%rd1+8]", "%rd1", 8}, Case{"[%rd1+-8]", "%rd1", -8},
        Case{"[%rd1-4]", "%rd1", -4}, Case{"[sym]", "sym", 0}, Case{"[sym+4]", "sym", 4},
        Case{"[12]", "", 12}, Case{"[0x100]", "", 256}, Case{"[param0+0]", "param0", 0}}) {
    ast::Instruction i = instructionOf(std::string("ld.u32 %r1, ") + c.operand + ";");
    ASSERT_EQ(i.operands.size(), 2u) << c.operand;
    EXPECT_EQ(i.operands[1].kind, Operand::Kind::Address) << c.operand;
    EXPECT_EQ(i.operands[1].name, c.base) << c.operand;
    EXPECT_EQ(i.operands[1].offset, c.offset) << c.operand;
  }
}

TEST(ParserInstructions, OffsetsWrapInsteadOfOverflowing) {
  ast::Instruction i = instructionOf("ld.u32 %r1, [%rd1+9223372036854775807+1];");
  ASSERT_EQ(i.operands.size(), 2u);
  EXPECT_EQ(i.operands[1].offset, std::numeric_limits<int64_t>::min());
}

TEST(ParserInstructions, GuardsNegationAndPredicatePairs) {
  ast::Instruction g = instructionOf("@%p1 bra $L__BB0_2;");
  EXPECT_EQ(g.guard, "%p1");
  EXPECT_FALSE(g.guardNegated);
  EXPECT_EQ(g.opcode, "bra");
  ASSERT_EQ(g.operands.size(), 1u);
  EXPECT_EQ(g.operands[0].kind, Operand::Kind::Symbol);
  EXPECT_EQ(g.operands[0].name, "$L__BB0_2");

  ast::Instruction n = instructionOf("@!%p2 bra.uni $L__BB0_3;");
  EXPECT_EQ(n.guard, "%p2");
  EXPECT_TRUE(n.guardNegated);
  EXPECT_EQ(n.modifiers, mods({"uni"}));

  ast::Instruction selp = instructionOf("selp.b32 %r1, %r2, %r3, !%p4;");
  ASSERT_EQ(selp.operands.size(), 4u);
  EXPECT_TRUE(selp.operands[3].negated);
  EXPECT_EQ(selp.operands[3].name, "%p4");
  EXPECT_FALSE(selp.operands[2].negated);

  ast::Instruction setp = instructionOf("setp.lt.and.s32 %p1|%p2, %r1, %r2, %p3;");
  EXPECT_EQ(setp.modifiers, mods({"lt", "and", "s32"}));
  ASSERT_EQ(setp.operands.size(), 4u);
  EXPECT_EQ(setp.operands[0].name, "%p1");
  EXPECT_EQ(setp.operands[0].partnerName, "%p2");

  ast::Instruction shfl = instructionOf("shfl.sync.down.b32 %r9|%p2, %r4, 16, 31, -1;");
  EXPECT_EQ(shfl.modifiers, mods({"sync", "down", "b32"}));
  ASSERT_EQ(shfl.operands.size(), 5u);
  EXPECT_EQ(shfl.operands[0].partnerName, "%p2");
  EXPECT_EQ(shfl.operands[2].intValue, 16u);
  EXPECT_EQ(shfl.operands[4].intValue, ~uint64_t{0});
}

TEST(ParserInstructions, CallForms) {
  ast::Instruction direct =
      instructionOf("call.uni (retval0), \n_Z3fooi, \n(\nparam0, \nparam1\n);");
  EXPECT_EQ(direct.opcode, "call");
  EXPECT_EQ(direct.modifiers, mods({"uni"}));
  EXPECT_TRUE(direct.callHasReturn);
  ASSERT_EQ(direct.operands.size(), 3u);
  EXPECT_EQ(direct.operands[0].kind, Operand::Kind::Vector);
  ASSERT_EQ(direct.operands[0].elements.size(), 1u);
  EXPECT_EQ(direct.operands[0].elements[0].name, "retval0");
  EXPECT_EQ(direct.operands[1].kind, Operand::Kind::Symbol);
  EXPECT_EQ(direct.operands[1].name, "_Z3fooi");
  ASSERT_EQ(direct.operands[2].elements.size(), 2u);
  EXPECT_EQ(direct.operands[2].elements[1].name, "param1");

  ast::Instruction noReturn = instructionOf("call.uni vprintf, (a, b);");
  EXPECT_FALSE(noReturn.callHasReturn);
  ASSERT_EQ(noReturn.operands.size(), 2u);
  EXPECT_EQ(noReturn.operands[0].name, "vprintf");
  EXPECT_EQ(noReturn.operands[1].elements.size(), 2u);

  ast::Instruction indirect = instructionOf("call (%r1), %rd5, (p0), prototype_0;");
  EXPECT_TRUE(indirect.callHasReturn);
  ASSERT_EQ(indirect.operands.size(), 4u);
  EXPECT_EQ(indirect.operands[1].kind, Operand::Kind::Register);
  EXPECT_EQ(indirect.operands[1].name, "%rd5");
  EXPECT_EQ(indirect.operands[3].kind, Operand::Kind::Symbol);
  EXPECT_EQ(indirect.operands[3].name, "prototype_0");

  ast::Instruction bare = instructionOf("call.uni done;");
  EXPECT_FALSE(bare.callHasReturn);
  ASSERT_EQ(bare.operands.size(), 2u);
  EXPECT_EQ(bare.operands[1].kind, Operand::Kind::Vector);
  EXPECT_TRUE(bare.operands[1].elements.empty());

  ast::Instruction emptyArgs = instructionOf("call (%r1), f, ();");
  ASSERT_EQ(emptyArgs.operands.size(), 3u);
  EXPECT_TRUE(emptyArgs.operands[2].elements.empty());
}

TEST(ParserInstructions, VectorsWithImmediatesAndAtomics) {
  ast::Instruction st = instructionOf("st.local.v2.u32 [%rd2], {%r2, 0};");
  ASSERT_EQ(st.operands.size(), 2u);
  ASSERT_EQ(st.operands[1].elements.size(), 2u);
  EXPECT_EQ(st.operands[1].elements[1].kind, Operand::Kind::Int);
  ast::Instruction atom = instructionOf("atom.global.add.f32 %f1, [%rd6], 0f3FC00000;");
  EXPECT_EQ(atom.modifiers, mods({"global", "add", "f32"}));
  EXPECT_EQ(atom.operands.size(), 3u);
  ast::Instruction cvt = instructionOf("cvt.rn.f32.s32 %f1, %r1;");
  EXPECT_EQ(cvt.modifiers, mods({"rn", "f32", "s32"}));
}

// ---- errors --------------------------------------------------------------------------------

TEST(ParserErrors, MessagesCarryPositionAndWhatWasSeen) {
  EXPECT_EQ(errorOf(".version 9.0\nfoo"), "line 2:1: expected a directive at module scope, "
                                          "found 'foo'");
  EXPECT_EQ(errorOf(std::string(kHeader) + ".entry k()\n{\n add.s32 %r1, %r2, %r3\n}\n"),
            "line 7:1: expected ';' after the instruction, found '}'");
  EXPECT_EQ(errorOf(std::string(kHeader) + ".entry k()\n{\n ret;\n"),
            "line 7:1: expected '}' to close the body of 'k', found end of input");
  EXPECT_EQ(errorOf(".global .u32 x = 0x;"), "line 1:18: expected a numeric constant, found '0x'");
  EXPECT_EQ(errorOf("/* never closed"),
            "line 1:1: expected a directive at module scope, found unterminated /* comment '/*'");
  EXPECT_EQ(errorOf(std::string(".version 9.0\n\x01", 14)),
            "line 2:1: expected a directive at module scope, found unexpected character '\\x01'");
}

TEST(ParserErrors, RejectsMalformedConstructs) {
  const std::string h = std::string(kHeader) + ".entry k()\n{\n";
  for (std::string bad : {
           std::string(".version nine"),
           std::string(".address_size 48"),
           std::string(".global .u32 x = 99999999999999999999;"),
           std::string(".global .u32 x = 0f3F80;"),
           std::string(".global .u32 .b32 x;"),
           std::string(".global x;"),
           std::string(".global .u32 x = generic(;"),
           h + ".reg .b32 %r<0>;\n}",
           h + ".reg .b32 %r<2000000>;\n}",
           h + "ld.u32 %r1, [%rd1;\n}",
           h + "ld.u32 %r1, {%r1, {%r2}};\n}",
           h + "ld..u32 %r1;\n}",
           h + "%r1 add;\n}",
           h + "@ add.s32 %r1;\n}",
           h + ".bogus x;\n}",
           h + "call.uni (r), ;\n}",
           std::string(".entry k( .param .u32 a\n{ ret; }"),
           std::string(".entry k() .maxntid 1,2,3,4 { ret; }"),
           std::string(".section .debug_info { .b8 1"),
           std::string(".global .u32 x = \"str"),
       }) {
    Expected<ast::Module> m = parseModule(bad);
    EXPECT_FALSE(m) << bad;
    if (!m) {
      EXPECT_EQ(m.error().code, 218) << bad;
      EXPECT_EQ(m.error().message.rfind("line ", 0), 0u) << bad;
    }
  }
}

TEST(ParserErrors, InitializerNestingIsBounded) {
  std::string deep =
      ".global .u32 x[1] = " + std::string(33, '{') + "1" + std::string(33, '}') + ";";
  EXPECT_FALSE(parseModule(deep));
  std::string ok = ".global .u32 x[1] = " + std::string(32, '{') + "1" + std::string(32, '}') + ";";
  ast::Module m = parsed(ok);
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_EQ(m.globals[0].init.size(), 1u);
  std::string huge = ".global .u32 x[1] = " + std::string(200000, '{');
  EXPECT_FALSE(parseModule(huge));
}

TEST(ParserErrors, InputIsNotReadPastItsEnd) {
  // The view ends inside a token; the bytes after it must not be consumed.
  std::string text = std::string(kHeader) + ".global .u32 x = 12345;";
  std::string_view cut(text.data(), text.size() - 4); // ".global .u32 x = 12"
  EXPECT_FALSE(parseModule(cut));
  std::string_view whole(text.data(), text.size());
  ast::Module m = parsed(whole);
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_EQ(m.globals[0].init[0].intValue, 12345u);
}

// ---- real nvcc output ----------------------------------------------------------------------

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Compiles tests/parser/NAME.cu with nvcc; empty on failure (the test then fails).
std::string compileToPtx(const std::string &name, const std::string &extraFlags = "") {
  if (std::system("nvcc --version > /dev/null 2>&1") != 0) {
    ADD_FAILURE() << "nvcc is not on PATH; the real-PTX parser tests need it";
    return "";
  }
  std::string out = "/tmp/qiao_parser_" + std::to_string(getpid()) + "_" + name + ".ptx";
  std::string cmd = "nvcc -ptx -arch=sm_80 " + extraFlags + " " + QIAO_PARSER_TEST_DATA + "/" +
                    name + ".cu -o " + out + " 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << "failed: " << cmd;
    return "";
  }
  std::string ptx = readFile(out);
  std::remove(out.c_str());
  EXPECT_FALSE(ptx.empty()) << cmd;
  return ptx;
}

const ast::Function *findFunction(const ast::Module &m, const std::string &name, bool withBody) {
  for (const ast::Function &fn : m.functions)
    if (fn.name == name && fn.hasBody == withBody)
      return &fn;
  return nullptr;
}

const ast::Variable *findGlobal(const ast::Module &m, const std::string &name) {
  for (const ast::Variable &v : m.globals)
    if (v.name == name)
      return &v;
  return nullptr;
}

size_t countOpcode(const ast::Function &fn, const std::string &opcode,
                   const std::vector<std::string> &modifiers) {
  size_t n = 0;
  for (const Statement &s : fn.body)
    if (s.kind == Statement::Kind::Instruction && s.instruction.opcode == opcode &&
        s.instruction.modifiers == modifiers)
      ++n;
  return n;
}

TEST(ParserNvcc, SharedMemoryAndBarriers) {
  std::string ptx = compileToPtx("shared_reduce");
  ast::Module m = parsed(ptx);
  EXPECT_EQ(m.versionMajor * 10 + m.versionMinor >= 90, true);
  EXPECT_EQ(m.targets, (std::vector<std::string>{"sm_80"}));
  const ast::Function *sum = findFunction(m, "_Z8blockSumPKfPfi", true);
  ASSERT_NE(sum, nullptr);
  EXPECT_TRUE(sum->isEntry);
  EXPECT_EQ(sum->params.size(), 3u);
  EXPECT_GE(countOpcode(*sum, "bar", mods({"sync"})), 2u);
  bool sharedArray = false;
  for (const Statement &s : sum->body)
    sharedArray |= s.kind == Statement::Kind::Declaration &&
                   s.declaration.space == ast::StateSpace::Shared &&
                   s.declaration.dims == std::vector<uint64_t>{1024};
  EXPECT_TRUE(sharedArray);
  ASSERT_NE(findFunction(m, "_Z14reverseDynamicPii", true), nullptr);
  const ast::Variable *dyn = findGlobal(m, "dynamicBuffer");
  ASSERT_NE(dyn, nullptr);
  EXPECT_TRUE(dyn->isExtern);
  EXPECT_EQ(dyn->dims, (std::vector<uint64_t>{0}));
}

TEST(ParserNvcc, AtomicsAndWarpShuffles) {
  ast::Module m = parsed(compileToPtx("atomics_shuffle"));
  const ast::Function *hist = findFunction(m, "_Z9histogramPKhPji", true);
  const ast::Function *mix = findFunction(m, "_Z9atomicMixPfPiPy", true);
  const ast::Function *warp = findFunction(m, "_Z10warpReducePKiPi", true);
  ASSERT_NE(hist, nullptr);
  ASSERT_NE(mix, nullptr);
  ASSERT_NE(warp, nullptr);
  EXPECT_EQ(countOpcode(*mix, "atom", mods({"global", "add", "f32"})), 1u);
  EXPECT_EQ(countOpcode(*mix, "atom", mods({"global", "cas", "b64"})), 1u);
  EXPECT_EQ(countOpcode(*warp, "shfl", mods({"sync", "down", "b32"})), 5u);
  for (const Statement &s : warp->body) {
    if (s.kind == Statement::Kind::Instruction && s.instruction.opcode == "shfl") {
      ASSERT_EQ(s.instruction.operands.size(), 5u);
      EXPECT_FALSE(s.instruction.operands[0].partnerName.empty());
    }
  }
  EXPECT_EQ(countOpcode(*warp, "vote", mods({"sync", "ballot", "b32"})), 1u);
}

void expectPrintfAndRecursion(const ast::Module &m) {
  const ast::Function *vprintf = findFunction(m, "vprintf", false);
  ASSERT_NE(vprintf, nullptr);
  EXPECT_TRUE(vprintf->isExtern);
  EXPECT_EQ(vprintf->params.size(), 2u);
  const ast::Function *fib = findFunction(m, "_Z3fibi", true);
  ASSERT_NE(fib, nullptr);
  EXPECT_FALSE(fib->isEntry);
  ASSERT_EQ(fib->returns.size(), 1u);
  size_t recursiveCalls = 0;
  for (const Statement &s : fib->body)
    if (s.kind == Statement::Kind::Instruction && s.instruction.opcode == "call" &&
        s.instruction.operands.size() >= 2 && s.instruction.operands[1].name == "_Z3fibi")
      ++recursiveCalls;
  EXPECT_EQ(recursiveCalls, 2u);
  const ast::Function *print = findFunction(m, "_Z8printFibi", true);
  ASSERT_NE(print, nullptr);
  EXPECT_GE(countOpcode(*print, "call", mods({"uni"})), 2u);
  ASSERT_NE(findGlobal(m, "$str"), nullptr);
  EXPECT_EQ(findGlobal(m, "$str")->init.size(), 28u);
}

TEST(ParserNvcc, PrintfAndRecursion) {
  expectPrintfAndRecursion(parsed(compileToPtx("printf_recursion")));
}

TEST(ParserNvcc, DebugInfoOutputParses) {
  expectPrintfAndRecursion(parsed(compileToPtx("printf_recursion", "-G")));
  ast::Module m = parsed(compileToPtx("double_math", "-lineinfo"));
  EXPECT_NE(findFunction(m, "_Z14transcendentalPKdPdi", true), nullptr);
}

TEST(ParserNvcc, ConstantTableAndTemplates) {
  ast::Module m = parsed(compileToPtx("constant_template"));
  const ast::Variable *coefficients = findGlobal(m, "coefficients");
  ASSERT_NE(coefficients, nullptr);
  EXPECT_EQ(coefficients->space, ast::StateSpace::Const);
  ASSERT_EQ(coefficients->init.size(), 16u);
  // 0.5f is 0x3F000000, little-endian bytes 0 0 0 63.
  EXPECT_EQ(coefficients->init[3].intValue, 63u);
  const ast::Variable *pointer = findGlobal(m, "counterPointer");
  ASSERT_NE(pointer, nullptr);
  ASSERT_EQ(pointer->init.size(), 1u);
  EXPECT_EQ(pointer->init[0].symbol, "counterTable");
  EXPECT_TRUE(pointer->init[0].generic);
  EXPECT_EQ(pointer->init[0].symbolOffset, 12);
  EXPECT_NE(findFunction(m, "_Z10polynomialIfEvPKT_PS0_i", true), nullptr);
  EXPECT_NE(findFunction(m, "_Z10polynomialIdEvPKT_PS0_i", true), nullptr);
}

TEST(ParserNvcc, DoubleMathAndLaunchBounds) {
  ast::Module m = parsed(compileToPtx("double_math"));
  ASSERT_NE(findFunction(m, "_Z14transcendentalPKdPdi", true), nullptr);
  const ast::Function *load = findFunction(m, "_Z10vectorLoadPK6float4Pf", true);
  ASSERT_NE(load, nullptr);
  EXPECT_EQ(load->maxntid[0], 128u);
  EXPECT_EQ(load->maxntid[1], 1u);
  EXPECT_EQ(load->minnctapersm, 4u);
  EXPECT_EQ(countOpcode(*load, "ld", mods({"global", "nc", "v4", "f32"})), 1u);
  const ast::Function *slow = findFunction(m, "__internal_trig_reduction_slowpathd", true);
  ASSERT_NE(slow, nullptr);
  ASSERT_EQ(slow->returns.size(), 1u);
  EXPECT_EQ(slow->returns[0].dims, (std::vector<uint64_t>{16}));
  EXPECT_NE(findGlobal(m, "__cudart_i2opi_d"), nullptr);
}

} // namespace
} // namespace qiao::ptx
