// Several modules' PTX texts loaded as one program (relocatable device code, nvcc -rdc=true):
// calls and variables across modules, internal names kept apart, duplicate and missing
// definitions reported. The modules follow what nvcc 13 -rdc=true -ptx emits for two files.
#include "PtxHarness.h"
#include "ptx/Linker.h"
#include "ptx/Parser.h"

#include <gtest/gtest.h>

#include <string>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

// lib.cu: __device__ int counter; __constant__ int scale = 3;
//         __device__ int twice(int x) { return 2 * x * scale; }
//         __global__ void read_counter(int *out) { *out = counter; }
const std::string kLib = std::string(kHeader) + R"(
.visible .global .align 4 .u32 counter;
.visible .const .align 4 .u32 scale = 3;
.visible .func (.param .b32 func_retval0) twice(.param .b32 twice_param_0)
{
  .reg .b32 %r<5>;
  ld.param.u32 %r1, [twice_param_0];
  ld.const.u32 %r2, [scale];
  mul.lo.s32 %r3, %r1, %r2;
  shl.b32 %r4, %r3, 1;
  st.param.b32 [func_retval0+0], %r4;
  ret;
}
.visible .entry read_counter(.param .u64 out)
{
  .reg .b32 %r<2>; .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [out];
  cvta.to.global.u64 %rd2, %rd1;
  ld.global.u32 %r1, [counter];
  st.global.u32 [%rd2], %r1;
  ret;
}
)";

// main.cu: extern __device__ int counter; __device__ int twice(int);
//          __global__ void use_twice(int *out) { out[tid] = twice(tid); counter = 7; }
const std::string kMain = std::string(kHeader) + R"(
.extern .func (.param .b32 func_retval0) twice
(
  .param .b32 twice_param_0
)
;
.extern .global .align 4 .u32 counter;
.visible .entry use_twice(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<5>;
  ld.param.u64 %rd1, [out];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r1, %tid.x;
  { // callseq 0, 0
  .param .b32 param0;
  st.param.b32 [param0+0], %r1;
  .param .b32 retval0;
  call.uni (retval0), twice, (param0);
  ld.param.b32 %r2, [retval0+0];
  } // callseq 0
  mul.wide.u32 %rd3, %r1, 4;
  add.s64 %rd4, %rd2, %rd3;
  st.global.u32 [%rd4], %r2;
  mov.u32 %r3, 7;
  st.global.u32 [counter], %r3;
  ret;
}
)";

TEST(Linker, CallsAndVariablesAcrossModules) {
  PtxRunner r;
  // The caller's module first: its prototype and extern variable precede the definitions.
  ASSERT_TRUE(r.load(kMain + kLib));
  auto *out = r.memory.array<uint32_t>(4);
  auto result = r.run("use_twice", {1}, {4}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  for (uint32_t i = 0; i < 4; ++i)
    EXPECT_EQ(out[i], 6 * i) << i;
  auto *seen = r.memory.array<uint32_t>(1);
  result = r.run("read_counter", {1}, {1}, ParamPack().add(seen));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(*seen, 7u) << "the kernel of one module wrote what the other module's kernel reads";
  auto counter = r.module().global("counter");
  ASSERT_TRUE(counter);
  EXPECT_EQ(counter->bytes, 4u);
  EXPECT_EQ(*static_cast<const uint32_t *>(counter->address), 7u);
  auto scale = r.module().global("scale");
  ASSERT_TRUE(scale);
  EXPECT_EQ(*static_cast<const uint32_t *>(scale->address), 3u);
  EXPECT_EQ(r.module().kernels().size(), 2u);
}

TEST(Linker, OrderOfModulesDoesNotMatter) {
  PtxRunner r;
  ASSERT_TRUE(r.load(kLib + kMain));
  auto *out = r.memory.array<uint32_t>(2);
  auto result = r.run("use_twice", {1}, {2}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[1], 6u);
}

// Device printf gives every module a non-visible `$str`; each module must keep its own.
TEST(Linker, InternalNamesOfEachModuleStayApart) {
  auto module = [](const char *kernel, int value) {
    return std::string(kHeader) + ".global .align 4 .u32 $str = " + std::to_string(value) +
           ";\n.func (.param .b32 r) get()\n{\n  .reg .b32 %v;\n  ld.global.u32 %v, [$str];\n"
           "  st.param.b32 [r], %v;\n  ret;\n}\n.visible .entry " +
           kernel +
           "(.param .u64 out)\n{\n  .reg .b32 %r<2>; .reg .b64 %rd<3>;\n"
           "  ld.param.u64 %rd1, [out];\n  { .param .b32 rv;\n  call.uni (rv), get, ();\n"
           "  ld.param.b32 %r1, [rv]; }\n  mov.u64 %rd2, $str;\n  st.u32 [%rd1], %r1;\n"
           "  st.u64 [%rd1+8], %rd2;\n  ret;\n}\n";
  };
  PtxRunner r;
  ASSERT_TRUE(r.load(module("first", 11) + module("second", 22)));
  auto *a = r.memory.array<uint64_t>(2);
  auto *b = r.memory.array<uint64_t>(2);
  ASSERT_EQ(r.run("first", {1}, {1}, ParamPack().add(a)).code, 0);
  ASSERT_EQ(r.run("second", {1}, {1}, ParamPack().add(b)).code, 0);
  EXPECT_EQ(static_cast<uint32_t>(a[0]), 11u);
  EXPECT_EQ(static_cast<uint32_t>(b[0]), 22u);
  EXPECT_NE(a[1], b[1]) << "both modules' $str at one address";
  // Both were renamed: a name no module makes visible is not one a program looks up.
  EXPECT_FALSE(r.module().global("$str"));
}

TEST(Linker, InitialiserTakesTheAddressOfAVariableOfAnotherModule) {
  std::string a = std::string(kHeader) + ".visible .global .align 4 .u32 target = 5;\n";
  std::string b = std::string(kHeader) + R"(
.extern .global .align 4 .u32 target;
.visible .global .align 8 .u64 pointer = generic(target);
.visible .entry deref(.param .u64 out)
{
  .reg .b32 %r<2>; .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [out];
  ld.global.u64 %rd2, [pointer];
  ld.u32 %r1, [%rd2];
  st.u32 [%rd1], %r1;
  ret;
}
)";
  PtxRunner r;
  ASSERT_TRUE(r.load(b + a));
  auto *out = r.memory.array<uint32_t>(1);
  auto result = r.run("deref", {1}, {1}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(*out, 5u);
}

TEST(Linker, TwoDefinitionsOfOneVariableNameBothPlaces) {
  HostDeviceMemory memory;
  // Lines count through the whole text: kLib's `counter` is on line 5.
  auto loaded = Module::load(kLib + kLib, memory);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, 218);
  EXPECT_NE(loaded.error().message.find("'counter' is defined twice"), std::string::npos)
      << loaded.error().message;
  EXPECT_NE(loaded.error().message.find("in module 1 line 5 and in module 2 line "),
            std::string::npos)
      << loaded.error().message;
}

TEST(Linker, TwoDefinitionsOfOneFunction) {
  std::string f = std::string(kHeader) + ".visible .func f()\n{\n  ret;\n}\n";
  auto parsed = parseModules(f + f);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 2u);
  auto linked = linkModules(std::move(parsed).value());
  ASSERT_FALSE(linked);
  EXPECT_EQ(linked.error().message,
            "function 'f' is defined twice: in module 1 line 4 and in module 2 line 11");
}

TEST(Linker, WeakDefinitionGivesWayToStrongOne) {
  auto module = [](const char *linkage, int value, bool withKernel) {
    std::string text = std::string(kHeader) + linkage + " .func (.param .b32 r) pick()\n{\n" +
                       "  st.param.b32 [r], " + std::to_string(value) + ";\n  ret;\n}\n";
    if (withKernel)
      text += ".visible .entry k(.param .u64 out)\n{\n  .reg .b32 %r1; .reg .b64 %rd1;\n"
              "  ld.param.u64 %rd1, [out];\n  { .param .b32 rv;\n  call.uni (rv), pick, ();\n"
              "  ld.param.b32 %r1, [rv]; }\n  st.u32 [%rd1], %r1;\n  ret;\n}\n";
    return text;
  };
  PtxRunner r;
  ASSERT_TRUE(
      r.load(module(".weak", 1, true) + module(".visible", 2, false) + module(".weak", 3, false)));
  auto *out = r.memory.array<uint32_t>(1);
  ASSERT_EQ(r.run("k", {1}, {1}, ParamPack().add(out)).code, 0);
  EXPECT_EQ(*out, 2u);
}

TEST(Linker, ExternVariableWithoutDefinitionIsNamed) {
  HostDeviceMemory memory;
  auto loaded = Module::load(kMain, memory);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, 218);
  EXPECT_NE(loaded.error().message.find("extern variable 'counter' is not defined in this module "
                                        "or any module linked with it"),
            std::string::npos)
      << loaded.error().message;
}

TEST(Linker, HeaderOfTheLinkedModule) {
  std::string older = ".version 7.0\n.target sm_75\n.address_size 64\n";
  std::string newer = ".version 8.5\n.target sm_80\n.address_size 64\n";
  auto parsed = parseModules(older + newer);
  ASSERT_TRUE(parsed);
  auto linked = linkModules(std::move(parsed).value());
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->versionMajor, 8u);
  EXPECT_EQ(linked->versionMinor, 5u);
  EXPECT_EQ(linked->targets, std::vector<std::string>{"sm_80"});

  parsed = parseModules(older + ".version 7.0\n.target sm_75\n.address_size 32\n");
  ASSERT_TRUE(parsed);
  linked = linkModules(std::move(parsed).value());
  ASSERT_FALSE(linked);
  EXPECT_EQ(linked.error().message, "module 2 has .address_size 32, module 1 has 64");
}

TEST(Linker, OneModuleParsesAsBefore) {
  auto parsed = parseModules(kLib);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->size(), 1u);
  // A module without .version stays one module too.
  parsed = parseModules(".target sm_80\n.visible .func f()\n{\n  ret;\n}\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->size(), 1u);
}

TEST(Linker, DynamicSharedArraysOfSeveralModulesShareTheWindow) {
  std::string a = std::string(kHeader) + R"(
.extern .shared .align 16 .b8 dyn[];
.visible .func put(.param .b32 v)
{
  .reg .b32 %r1;
  ld.param.u32 %r1, [v];
  st.shared.u32 [dyn+4], %r1;
  ret;
}
)";
  std::string b = std::string(kHeader) + R"(
.extern .shared .align 16 .b8 dyn[];
.extern .func put(.param .b32 v);
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r1; .reg .b64 %rd1;
  ld.param.u64 %rd1, [out];
  { .param .b32 p; st.param.b32 [p], 41;
  call.uni put, (p); }
  ld.shared.u32 %r1, [dyn+4];
  st.u32 [%rd1], %r1;
  ret;
}
)";
  PtxRunner r;
  ASSERT_TRUE(r.load(a + b));
  auto *out = r.memory.array<uint32_t>(1);
  auto result = r.run("k", {1}, {1}, ParamPack().add(out), 16);
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(*out, 41u);
}

// nvlink lists libcudadevrt's unit among a PTX-only build's units; its functions call driver
// entry points no module defines. Only what a kernel reaches has to resolve.
TEST(Linker, FunctionsNoKernelReachesAreDropped) {
  std::string runtimeUnit = std::string(kHeader) + R"(
.extern .func (.param .b32 r) cnpGetLastError();
.visible .func (.param .b32 r) deviceGetLastError()
{
  .reg .b32 %r1;
  { .param .b32 rv;
  call.uni (rv), cnpGetLastError, ();
  ld.param.b32 %r1, [rv]; }
  st.param.b32 [r], %r1;
  ret;
}
)";
  PtxRunner r;
  ASSERT_TRUE(r.load(kMain + kLib + runtimeUnit));
  auto *out = r.memory.array<uint32_t>(2);
  auto result = r.run("use_twice", {1}, {2}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[1], 6u);

  std::string caller = std::string(kHeader) + R"(
.extern .func (.param .b32 r) deviceGetLastError();
.visible .entry k()
{
  .reg .b32 %r1;
  { .param .b32 rv;
  call.uni (rv), deviceGetLastError, ();
  ld.param.b32 %r1, [rv]; }
  ret;
}
)";
  HostDeviceMemory memory;
  auto loaded = Module::load(caller + runtimeUnit, memory);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("extern function 'cnpGetLastError'"), std::string::npos)
      << loaded.error().message;
}

} // namespace
} // namespace qiao::ptx::test
