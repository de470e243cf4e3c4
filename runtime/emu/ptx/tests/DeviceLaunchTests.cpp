// Dynamic parallelism in the engine (DeviceRuntime.h): the device runtime's builtins as nvcc 13
// calls them from -rdc=true code (__cudaCDP2GetParameterBufferV2 / __cudaCDP2LaunchDeviceV2 for
// `<<<>>>`, __cudaCDP2GetLastError), the order child and tail grids run in, errors handed back
// to device code, a child's fault, a queued copy's fault, and the device runtime unit's own
// definitions giving way.
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <string>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

constexpr const char *kRuntimeDeclarations = R"(
.extern .func (.param .b64 func_retval0) __cudaCDP2GetParameterBufferV2
(.param .b64 p0, .param .align 4 .b8 p1[12], .param .align 4 .b8 p2[12], .param .b32 p3);
.extern .func (.param .b32 func_retval0) __cudaCDP2LaunchDeviceV2(.param .b64 p0, .param .b64 p1);
.extern .func (.param .b32 func_retval0) __cudaCDP2GetLastError();
)";

// child(int *out, int value): out[value + tid] = value + tid, and counts itself in out[0]'s
// slot order: out[31] is the next free order slot, out[32 + n] the value of the n-th grid.
constexpr const char *kChild = R"(
.visible .entry child(.param .u64 out, .param .u32 value)
{
  .reg .b32 %r<6>; .reg .b64 %rd<6>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [value];
  mov.u32 %r2, %tid.x;
  add.s32 %r3, %r1, %r2;
  mul.wide.u32 %rd2, %r3, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;
  setp.ne.s32 %p1, %r2, 0;
  @%p1 bra DONE;
  atom.global.add.u32 %r4, [%rd1+124], 1;
  mul.wide.u32 %rd4, %r4, 4;
  add.s64 %rd5, %rd1, %rd4;
  st.global.u32 [%rd5+128], %r1;
DONE:
  ret;
}
)";

// Launches child<<<1, BLOCK, 0, STREAM>>>(out, VALUE) and stores cudaGetLastError at out[ERR].
std::string launchChild(int index, const std::string &block, const std::string &stream,
                        const std::string &value, int errorSlot) {
  std::string n = std::to_string(index);
  return R"(
  { .param .b64 a0; st.param.b64 [a0], %rd9;
    .param .align 4 .b8 a1[12]; st.param.b32 [a1], 1; st.param.b32 [a1+4], 1; st.param.b32 [a1+8], 1;
    .param .align 4 .b8 a2[12]; st.param.b32 [a2], )" +
         block + R"(; st.param.b32 [a2+4], 1; st.param.b32 [a2+8], 1;
    .param .b32 a3; st.param.b32 [a3], 0;
    .param .b64 rv;
    call.uni (rv), __cudaCDP2GetParameterBufferV2, (a0, a1, a2, a3);
    ld.param.b64 %rd2, [rv]; }
  setp.eq.s64 %p2, %rd2, 0;
  @%p2 bra SKIP)" +
         n + R"(;
  st.u64 [%rd2], %rd1;
  st.u32 [%rd2+8], )" +
         value + R"(;
  { .param .b64 b0; st.param.b64 [b0], %rd2;
    .param .b64 b1; st.param.b64 [b1], )" +
         stream + R"(;
    .param .b32 rv;
    call.uni (rv), __cudaCDP2LaunchDeviceV2, (b0, b1);
    ld.param.b32 %r9, [rv]; }
SKIP)" + n +
         R"(:
  { .param .b32 rv;
    call.uni (rv), __cudaCDP2GetLastError, ();
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+)" +
         std::to_string(errorSlot * 4) + R"(], %r9;
)";
}

std::string parentKernel(const std::string &body) {
  return std::string(R"(
.visible .entry parent(.param .u64 out)
{
  .reg .b32 %r<10>; .reg .b64 %rd<10>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u64 %rd9, child;
  mov.u32 %r1, %tid.x;
  setp.ne.s32 %p1, %r1, 0;
  @%p1 bra END;
)") + body +
         R"(
END:
  ret;
}
)";
}

TEST(DeviceLaunch, ChildrenAndTailLaunchesRunBeforeTheHostLaunchCompletes) {
  // A tail launch first, then an ordinary and a fire-and-forget one: the tail runs last.
  std::string body = launchChild(0, "2", "3", "20", 10) + launchChild(1, "2", "0", "4", 11) +
                     launchChild(2, "2", "4", "6", 12);
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + kRuntimeDeclarations + kChild + parentKernel(body)));
  auto *out = r.memory.array<uint32_t>(64);
  auto result = r.run("parent", {1}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[4], 4u);
  EXPECT_EQ(out[5], 5u);
  EXPECT_EQ(out[6], 6u);
  EXPECT_EQ(out[21], 21u);
  EXPECT_EQ(out[10], 0u);
  EXPECT_EQ(out[11], 0u);
  EXPECT_EQ(out[12], 0u);
  ASSERT_EQ(out[31], 3u);
  EXPECT_EQ(out[32], 4u); // launch order: the ordinary one, fire-and-forget, then the tail
  EXPECT_EQ(out[33], 6u);
  EXPECT_EQ(out[34], 20u);
}

TEST(DeviceLaunch, BadConfigurationIsTheCallersLastError) {
  // A block of 2048 threads: no buffer, nothing runs, and cudaGetLastError says why once.
  std::string body = launchChild(0, "2048", "0", "4", 10) + R"(
  { .param .b32 rv;
    call.uni (rv), __cudaCDP2GetLastError, ();
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+44], %r9;
)";
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + kRuntimeDeclarations + kChild + parentKernel(body)));
  auto *out = r.memory.array<uint32_t>(64);
  auto result = r.run("parent", {1}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[10], 9u); // cudaErrorInvalidConfiguration
  EXPECT_EQ(out[11], 0u);
  EXPECT_EQ(out[31], 0u);
}

TEST(DeviceLaunch, AChildsFaultIsTheLaunchsFault) {
  // child's out is the buffer's first 8 bytes: a null pointer here.
  std::string body = launchChild(0, "1", "0", "4", 10);
  std::string text = std::string(kHeader) + kRuntimeDeclarations + kChild + parentKernel(body);
  text.replace(text.find("st.u64 [%rd2], %rd1;"), 20, "st.u64 [%rd2], 0;   ");
  PtxRunner r;
  ASSERT_TRUE(r.load(text));
  auto *out = r.memory.array<uint32_t>(64);
  auto result = r.run("parent", {1}, {32}, ParamPack().add(out));
  EXPECT_EQ(result.code, 700); // cudaErrorIllegalAddress
  EXPECT_NE(result.report.find("kernel 'child'"), std::string::npos) << result.report;
}

// The device runtime's unit (libcudadevrt, linked into PTX-only builds) defines the entry points
// over NVIDIA's driver calls, which no module defines: the engine's builtins replace them.
TEST(DeviceLaunch, TheDeviceRuntimeUnitsDefinitionsGiveWay) {
  std::string unit = R"(
.extern .func (.param .b32 r) __cuda_syscall_cnpv2GetLastError();
.visible .func (.param .b32 func_retval0) __cudaCDP2GetLastError()
{
  .reg .b32 %r1;
  { .param .b32 rv;
  call.uni (rv), __cuda_syscall_cnpv2GetLastError, ();
  ld.param.b32 %r1, [rv]; }
  st.param.b32 [func_retval0], %r1;
  ret;
}
.extern .func (.param .b64 func_retval0) __cudaCDP2GetParameterBufferV2
(.param .b64 p0, .param .align 4 .b8 p1[12], .param .align 4 .b8 p2[12], .param .b32 p3);
.extern .func (.param .b32 func_retval0) __cudaCDP2LaunchDeviceV2(.param .b64 p0, .param .b64 p1);
)";
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + unit + kChild +
                     parentKernel(launchChild(0, "1", "0", "7", 10))));
  auto *out = r.memory.array<uint32_t>(64);
  auto result = r.run("parent", {1}, {32}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[7], 7u);
}

// A copy device code queues runs after the grid; one from memory that is no allocation ends the
// launch as a kernel's fault would, naming the call and the kernel that queued it. Without the
// device's facts (an engine run alone), cudaDeviceGetAttribute says it is not supported.
TEST(DeviceLaunch, AQueuedCopyOutsideDeviceMemoryIsTheLaunchsFault) {
  std::string text = std::string(kHeader) + R"(
.extern .func (.param .b32 func_retval0) __cudaCDP2MemcpyAsync
(.param .b64 p0, .param .b64 p1, .param .b64 p2, .param .b32 p3, .param .b64 p4);
.extern .func (.param .b32 func_retval0) __cudaCDP2DeviceGetAttribute
(.param .b64 p0, .param .b32 p1, .param .b32 p2);
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<3>; .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [out];
  { .param .b64 a0; st.param.b64 [a0], %rd1;
    .param .b64 a1; st.param.b64 [a1], 16;
    .param .b64 a2; st.param.b64 [a2], 4;
    .param .b32 a3; st.param.b32 [a3], 3;
    .param .b64 a4; st.param.b64 [a4], 0;
    .param .b32 rv;
    call.uni (rv), __cudaCDP2MemcpyAsync, (a0, a1, a2, a3, a4);
    ld.param.b32 %r1, [rv]; }
  st.global.u32 [%rd1+4], %r1;
  add.s64 %rd2, %rd1, 12;
  { .param .b64 a0; st.param.b64 [a0], %rd2;
    .param .b32 a1; st.param.b32 [a1], 10;
    .param .b32 a2; st.param.b32 [a2], 0;
    .param .b32 rv;
    call.uni (rv), __cudaCDP2DeviceGetAttribute, (a0, a1, a2);
    ld.param.b32 %r2, [rv]; }
  st.global.u32 [%rd1+8], %r2;
  ret;
}
)";
  PtxRunner r;
  ASSERT_TRUE(r.load(text));
  auto *out = r.memory.array<uint32_t>(4);
  auto result = r.run("k", {1}, {1}, ParamPack().add(out));
  EXPECT_EQ(out[1], 0u);       // queued: cudaSuccess
  EXPECT_EQ(out[2], 801u);     // cudaErrorNotSupported
  EXPECT_EQ(result.code, 700); // cudaErrorIllegalAddress, when the copy ran
  EXPECT_NE(result.report.find("cudaMemcpyAsync queued by kernel 'k': its source 0x10"),
            std::string::npos)
      << result.report;
}

// A device runtime entry point the engine does not know (one a later toolkit might add).
TEST(DeviceLaunch, AnUnsupportedDeviceRuntimeCallSaysSo) {
  std::string text = std::string(kHeader) + R"(
.extern .func (.param .b32 func_retval0) __cudaCDP2FutureQuery
(.param .b64 p0);
.visible .entry k()
{
  .reg .b32 %r1;
  { .param .b64 a0; st.param.b64 [a0], 0;
    .param .b32 rv;
    call.uni (rv), __cudaCDP2FutureQuery, (a0);
    ld.param.b32 %r1, [rv]; }
  ret;
}
)";
  HostDeviceMemory memory;
  auto loaded = Module::load(text, memory);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("the device runtime's cudaFutureQuery (dynamic "
                                        "parallelism) is not supported yet"),
            std::string::npos)
      << loaded.error().message;
}

} // namespace
} // namespace qiao::ptx::test
