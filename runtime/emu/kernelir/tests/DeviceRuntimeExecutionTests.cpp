// The device runtime (dynamic parallelism) in Qiao kernel IR: kernels that launch grids from
// device code (nvcc's cudaGetParameterBufferV2 + cudaLaunchDeviceV2, and cudaGetParameterBuffer +
// cudaLaunchDevice), into the implicit, a device-created, the tail-launch and the fire-and-forget
// stream, with copies and fills among them, errors handed back, CUDA's nesting limit and a
// child's fault. Each runs through the interpreter and as kernel IR through the kir driver, and
// every output word is compared; the queries device code makes are compared with the host's
// answers, as the interpreter's test harness has no device to ask.
#include "KirDifferential.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::DeviceArray;
using qiao::kir::test::KirModule;
using qiao::ptx::test::ParamPack;
using qiao::ptx::test::PtxRunner;

constexpr const char *kDeclarations = R"(.version 8.0
.target sm_80
.address_size 64
.extern .func (.param .b64 func_retval0) __cudaCDP2GetParameterBufferV2
(.param .b64 p0, .param .align 4 .b8 p1[12], .param .align 4 .b8 p2[12], .param .b32 p3);
.extern .func (.param .b32 func_retval0) __cudaCDP2LaunchDeviceV2(.param .b64 p0, .param .b64 p1);
.extern .func (.param .b64 func_retval0) __cudaCDP2GetParameterBuffer(.param .b64 p0, .param .b64 p1);
.extern .func (.param .b32 func_retval0) __cudaCDP2LaunchDevice
(.param .b64 p0, .param .b64 p1, .param .align 4 .b8 p2[12], .param .align 4 .b8 p3[12],
 .param .b32 p4, .param .b64 p5);
.extern .func (.param .b32 func_retval0) __cudaCDP2GetLastError();
.extern .func (.param .b64 func_retval0) __cudaCDP2GetErrorName(.param .b32 p0);
.extern .func (.param .b32 func_retval0) __cudaCDP2StreamCreateWithFlags(.param .b64 p0, .param .b32 p1);
.extern .func (.param .b32 func_retval0) __cudaCDP2StreamDestroy(.param .b64 p0);
.extern .func (.param .b32 func_retval0) __cudaCDP2MemcpyAsync
(.param .b64 p0, .param .b64 p1, .param .b64 p2, .param .b32 p3, .param .b64 p4);
.extern .func (.param .b32 func_retval0) __cudaCDP2MemsetAsync
(.param .b64 p0, .param .b32 p1, .param .b64 p2, .param .b64 p3);
.extern .func (.param .b32 func_retval0) __cudaCDP2DeviceGetAttribute
(.param .b64 p0, .param .b32 p1, .param .b32 p2);
.extern .func (.param .b32 func_retval0) __cudaCDP2RuntimeGetVersion(.param .b64 p0);
.extern .func (.param .b32 func_retval0) __cudaCDP2FuncGetAttributes(.param .b64 p0, .param .b64 p1);
.extern .func (.param .b32 func_retval0) __cudaCDP2OccupancyMaxActiveBlocksPerMultiprocessor
(.param .b64 p0, .param .b64 p1, .param .b32 p2, .param .b64 p3);

// child(out, value): out[value + tid] = value + tid; thread 0 takes the next order slot
// (out[31] counts them) and writes value to out[32 + slot].
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

// child<<<1, block, 0, stream>>>(%rd1 + offset of out, value) as nvcc writes `<<<>>>`
// (%rd9 holds child's address), then cudaGetLastError into out[errorSlot].
std::string launchChild(const std::string &label, const std::string &block,
                        const std::string &stream, int value, int errorSlot,
                        const std::string &out = "%rd1") {
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
  @%p2 bra )" +
         label +
         R"(;
  st.u64 [%rd2], )" +
         out + R"(;
  st.u32 [%rd2+8], )" +
         std::to_string(value) + R"(;
  { .param .b64 b0; st.param.b64 [b0], %rd2;
    .param .b64 b1; st.param.b64 [b1], )" +
         stream + R"(;
    .param .b32 rv;
    call.uni (rv), __cudaCDP2LaunchDeviceV2, (b0, b1);
    ld.param.b32 %r9, [rv]; }
)" + label +
         R"(:
  { .param .b32 rv;
    call.uni (rv), __cudaCDP2GetLastError, ();
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+)" +
         std::to_string(errorSlot * 4) + R"(], %r9;
)";
}

// A kernel whose thread 0 runs `body` with out in %rd1 and child's address in %rd9.
std::string firstThreadKernel(const std::string &name, const std::string &body) {
  return R"(
.visible .entry )" +
         name + R"((.param .u64 out)
{
  .reg .b32 %r<12>; .reg .b64 %rd<12>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  mov.u64 %rd9, child;
  mov.u32 %r1, %tid.x;
  setp.ne.s32 %p1, %r1, 0;
  @%p1 bra END;
)" + body +
         R"(
END:
  ret;
}
)";
}

// Launches in every kind of stream, a copy and a fill among them, and the errors device code gets
// back (out: 80 words).
std::string launchesKernel() {
  std::string body = launchChild("L0", "2", "3", 20, 60) + // a tail launch, made first, runs last
                     launchChild("L1", "2", "0", 4, 61) +  // the block's implicit stream
                     R"(
  add.s64 %rd6, %rd1, 200;
  add.s64 %rd7, %rd1, 16;
  { .param .b64 a0; st.param.b64 [a0], %rd6; .param .b64 a1; st.param.b64 [a1], %rd7;
    .param .b64 a2; st.param.b64 [a2], 8; .param .b32 a3; st.param.b32 [a3], 3;
    .param .b64 a4; st.param.b64 [a4], 0; .param .b32 rv;
    call.uni (rv), __cudaCDP2MemcpyAsync, (a0, a1, a2, a3, a4);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+196], %r9;
  add.s64 %rd6, %rd1, 208;
  { .param .b64 a0; st.param.b64 [a0], %rd6; .param .b32 a1; st.param.b32 [a1], 90;
    .param .b64 a2; st.param.b64 [a2], 8; .param .b64 a3; st.param.b64 [a3], 3; .param .b32 rv;
    call.uni (rv), __cudaCDP2MemsetAsync, (a0, a1, a2, a3);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+216], %r9;
  add.s64 %rd3, %rd1, 184;
  { .param .b64 a0; st.param.b64 [a0], %rd3; .param .b32 a1; st.param.b32 [a1], 1; .param .b32 rv;
    call.uni (rv), __cudaCDP2StreamCreateWithFlags, (a0, a1);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+192], %r9;
  ld.global.u64 %rd4, [%rd1+184];
)" + launchChild("L2", "2", "%rd4", 8, 62) +               // a stream the block created
                     launchChild("L3", "2", "4", 6, 63) +  // fire-and-forget
                     R"(
  { .param .b64 a0; st.param.b64 [a0], 64; .param .b64 a1; st.param.b64 [a1], 16; .param .b64 rv;
    call.uni (rv), __cudaCDP2GetParameterBuffer, (a0, a1);
    ld.param.b64 %rd5, [rv]; }
  st.u64 [%rd5], %rd1;
  st.u32 [%rd5+8], 12;
  { .param .b64 a0; st.param.b64 [a0], %rd9; .param .b64 a1; st.param.b64 [a1], %rd5;
    .param .align 4 .b8 a2[12]; st.param.b32 [a2], 1; st.param.b32 [a2+4], 1; st.param.b32 [a2+8], 1;
    .param .align 4 .b8 a3[12]; st.param.b32 [a3], 2; st.param.b32 [a3+4], 1; st.param.b32 [a3+8], 1;
    .param .b32 a4; st.param.b32 [a4], 0; .param .b64 a5; st.param.b64 [a5], 0; .param .b32 rv;
    call.uni (rv), __cudaCDP2LaunchDevice, (a0, a1, a2, a3, a4, a5);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+172], %r9;
  { .param .b64 a0; st.param.b64 [a0], %rd4; .param .b32 rv;
    call.uni (rv), __cudaCDP2StreamDestroy, (a0);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+176], %r9;
  { .param .b64 a0; st.param.b64 [a0], %rd4; .param .b32 rv;
    call.uni (rv), __cudaCDP2StreamDestroy, (a0);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+180], %r9;
)" + launchChild("L4", "2048", "0", 24, 40) +              // too many threads: no grid
                     R"(
  { .param .b32 rv;
    call.uni (rv), __cudaCDP2GetLastError, ();
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+164], %r9;
)" + launchChild("L5", "2", "2457", 16, 42) +              // a stream nobody created
                     R"(
  { .param .b32 a0; st.param.b32 [a0], 9; .param .b64 rv;
    call.uni (rv), __cudaCDP2GetErrorName, (a0);
    ld.param.b64 %rd6, [rv]; }
  ld.u32 %r2, [%rd6];
  st.global.u32 [%rd1+256], %r2;
  ld.u32 %r2, [%rd6+4];
  st.global.u32 [%rd1+260], %r2;
  ld.u32 %r2, [%rd6+8];
  st.global.u32 [%rd1+264], %r2;
  ld.u32 %r2, [%rd6+12];
  st.global.u32 [%rd1+268], %r2;
)";
  return std::string(kDeclarations) + firstThreadKernel("launches", body);
}

// depth(out, level): out[level] = level + 1, then launches depth(out, level + 1) and stores the
// launch's error at out[32 + level]: the grid at depth 24 may launch no more.
std::string depthKernel() {
  return std::string(kDeclarations) + R"(
.visible .entry depth(.param .u64 out, .param .u32 level)
{
  .reg .b32 %r<12>; .reg .b64 %rd<12>; .reg .pred %p<3>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [level];
  mov.u64 %rd9, depth;
  mul.wide.u32 %rd3, %r1, 4;
  add.s64 %rd4, %rd1, %rd3;
  add.s32 %r2, %r1, 1;
  st.global.u32 [%rd4], %r2;
  { .param .b64 a0; st.param.b64 [a0], %rd9;
    .param .align 4 .b8 a1[12]; st.param.b32 [a1], 1; st.param.b32 [a1+4], 1; st.param.b32 [a1+8], 1;
    .param .align 4 .b8 a2[12]; st.param.b32 [a2], 1; st.param.b32 [a2+4], 1; st.param.b32 [a2+8], 1;
    .param .b32 a3; st.param.b32 [a3], 0;
    .param .b64 rv;
    call.uni (rv), __cudaCDP2GetParameterBufferV2, (a0, a1, a2, a3);
    ld.param.b64 %rd2, [rv]; }
  setp.eq.s64 %p2, %rd2, 0;
  @%p2 bra FAILED;
  st.u64 [%rd2], %rd1;
  st.u32 [%rd2+8], %r2;
  { .param .b64 b0; st.param.b64 [b0], %rd2; .param .b64 b1; st.param.b64 [b1], 0;
    .param .b32 rv;
    call.uni (rv), __cudaCDP2LaunchDeviceV2, (b0, b1);
    ld.param.b32 %r9, [rv]; }
FAILED:
  { .param .b32 rv;
    call.uni (rv), __cudaCDP2GetLastError, ();
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd4+128], %r9;
  ret;
}
)";
}

// What device code asks about the device and a kernel (out: 64 words).
std::string queriesKernel() {
  return std::string(kDeclarations) + firstThreadKernel("queries", R"(
  { .param .b64 a0; st.param.b64 [a0], %rd1; .param .b32 a1; st.param.b32 [a1], 1;
    .param .b32 a2; st.param.b32 [a2], 0; .param .b32 rv;
    call.uni (rv), __cudaCDP2DeviceGetAttribute, (a0, a1, a2);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+4], %r9;
  add.s64 %rd3, %rd1, 8;
  { .param .b64 a0; st.param.b64 [a0], %rd3; .param .b32 a1; st.param.b32 [a1], 1;
    .param .b32 a2; st.param.b32 [a2], 7; .param .b32 rv;
    call.uni (rv), __cudaCDP2DeviceGetAttribute, (a0, a1, a2);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+12], %r9;
  add.s64 %rd3, %rd1, 16;
  { .param .b64 a0; st.param.b64 [a0], %rd3; .param .b32 rv;
    call.uni (rv), __cudaCDP2RuntimeGetVersion, (a0);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+20], %r9;
  add.s64 %rd3, %rd1, 24;
  { .param .b64 a0; st.param.b64 [a0], %rd3; .param .b64 a1; st.param.b64 [a1], %rd9;
    .param .b32 a2; st.param.b32 [a2], 128; .param .b64 a3; st.param.b64 [a3], 0; .param .b32 rv;
    call.uni (rv), __cudaCDP2OccupancyMaxActiveBlocksPerMultiprocessor, (a0, a1, a2, a3);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+28], %r9;
  { .param .b64 a0; st.param.b64 [a0], %rd1; .param .b64 a1; st.param.b64 [a1], 0;
    .param .b32 rv;
    call.uni (rv), __cudaCDP2FuncGetAttributes, (a0, a1);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+32], %r9;
  add.s64 %rd3, %rd1, 64;
  { .param .b64 a0; st.param.b64 [a0], %rd3; .param .b64 a1; st.param.b64 [a1], %rd9;
    .param .b32 rv;
    call.uni (rv), __cudaCDP2FuncGetAttributes, (a0, a1);
    ld.param.b32 %r9, [rv]; }
  st.global.u32 [%rd1+36], %r9;
)");
}

// out as the interpreter leaves it after `kernel`<<<1, block>>>(out[, extra]).
std::vector<uint32_t> interpreted(const std::string &ptx, const char *kernel, size_t words,
                                  uint32_t block, bool withLevel = false) {
  PtxRunner r;
  r.interpretOnly = true;
  std::vector<uint32_t> result(words, 0);
  if (!r.load(ptx))
    return result;
  uint32_t *out = r.memory.array<uint32_t>(words);
  ParamPack params;
  params.add(out);
  if (withLevel)
    params.add(uint32_t{0});
  auto outcome = r.run(kernel, {1}, {block}, params);
  EXPECT_EQ(outcome.code, 0) << outcome.report;
  result.assign(out, out + words);
  return result;
}

// The same as kernel IR through the kir driver.
std::vector<uint32_t> lowered(const std::string &ptx, const char *kernel, size_t words,
                              uint32_t block, bool withLevel = false) {
  KirModule module(ptx);
  if (!module.loaded())
    return {};
  DeviceArray<uint32_t> out(words);
  uint32_t level = 0;
  void *args[] = {&out.pointer(), &level};
  EXPECT_EQ(module.run(kernel, 1, block, args), qiaoSuccess);
  return out.read();
}

TEST(KernelIrDeviceRuntime, LaunchesCopiesAndErrorsMatchTheInterpreter) {
  const std::string ptx = launchesKernel();
  std::vector<uint32_t> reference = interpreted(ptx, "launches", 80, 32);
  std::vector<uint32_t> result = lowered(ptx, "launches", 80, 32);
  ASSERT_EQ(result.size(), reference.size());
  for (size_t i = 0; i < reference.size(); ++i)
    EXPECT_EQ(result[i], reference[i]) << "out[" << i << "]";
  // CUDA's order: the implicit stream, the block's stream, fire-and-forget and the
  // cudaLaunchDevice grid as made, then the tail launch.
  ASSERT_EQ(result[31], 5u);
  EXPECT_EQ(std::vector<uint32_t>(result.begin() + 32, result.begin() + 37),
            (std::vector<uint32_t>{4, 8, 6, 12, 20}));
  for (uint32_t first : {4u, 6u, 8u, 12u, 20u})
    EXPECT_EQ(result[first + 1], first + 1) << "the grid writing from out[" << first << "]";
  EXPECT_EQ(result[50], 4u); // copied after the implicit stream's grid wrote it
  EXPECT_EQ(result[51], 5u);
  EXPECT_EQ(result[52], 0x5a5a5a5au); // filled in the tail stream
  EXPECT_EQ(result[40], 9u);          // cudaErrorInvalidConfiguration
  EXPECT_EQ(result[41], 0u);          // read once
  EXPECT_EQ(result[42], 400u);        // cudaErrorInvalidResourceHandle
  EXPECT_EQ(result[43], 0u);          // cudaLaunchDevice
  EXPECT_EQ(result[44], 0u);          // the stream destroyed
  EXPECT_EQ(result[45], 400u);        // and not again
  for (int slot : {48, 49, 54, 60, 61, 62, 63})
    EXPECT_EQ(result[slot], 0u) << "out[" << slot << "]";
  char name[17] = {};
  std::memcpy(name, &result[64], 16);
  EXPECT_STREQ(name, "cudaErrorInvalid");
}

TEST(KernelIrDeviceRuntime, NestingStopsAtCudasDepthLimitAsInterpreted) {
  const std::string ptx = depthKernel();
  std::vector<uint32_t> reference = interpreted(ptx, "depth", 64, 1, true);
  std::vector<uint32_t> result = lowered(ptx, "depth", 64, 1, true);
  EXPECT_EQ(result, reference);
  ASSERT_EQ(result.size(), 64u);
  for (uint32_t level = 0; level <= 24; ++level) {
    EXPECT_EQ(result[level], level + 1) << "depth " << level;
    EXPECT_EQ(result[32 + level], level < 24 ? 0u : 65u) << "depth " << level; // MaxDepthExceeded
  }
  EXPECT_EQ(result[25], 0u);
}

TEST(KernelIrDeviceRuntime, AChildsFaultIsTheHostLaunchsFault) {
  // The child's out is null: its store faults, on both.
  std::string ptx = std::string(kDeclarations) +
                    firstThreadKernel("faulty", launchChild("F0", "1", "0", 4, 60, "0"));
  PtxRunner r;
  r.interpretOnly = true;
  ASSERT_TRUE(r.load(ptx));
  uint32_t *out = r.memory.array<uint32_t>(64);
  EXPECT_EQ(r.run("faulty", {1}, {32}, ParamPack().add(out)).code, 700);

  // The fault is sticky: the reset frees the module and the memory.
  qiaoModule_t m = nullptr;
  qiaoFunction_t f = nullptr;
  void *buffer = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&m, ptx.c_str()), qiaoSuccess);
  ASSERT_EQ(qiaoModuleGetFunction(&f, m, "faulty"), qiaoSuccess);
  ASSERT_EQ(qiaoMalloc(&buffer, 256), qiaoSuccess);
  void *args[] = {&buffer};
  ASSERT_EQ(qiaoModuleLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, nullptr, args, nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoErrorIllegalAddress);
  EXPECT_EQ(qiaoDeviceReset(), qiaoSuccess);
}

TEST(KernelIrDeviceRuntime, DeviceCodeAgreesWithTheHostOnTheDeviceAndItsKernels) {
  const std::string ptx = queriesKernel();
  KirModule module(ptx);
  ASSERT_TRUE(module.loaded());
  std::vector<uint32_t> out;
  {
    DeviceArray<uint32_t> dout(64);
    void *args[] = {&dout.pointer()};
    ASSERT_EQ(module.run("queries", 1, 32, args), qiaoSuccess);
    out = dout.read();
  }
  int maxThreads = 0;
  ASSERT_EQ(qiaoDeviceGetAttribute(&maxThreads, qiaoDevAttrMaxThreadsPerBlock, 0), qiaoSuccess);
  EXPECT_EQ(out[0], static_cast<uint32_t>(maxThreads));
  EXPECT_EQ(out[1], 0u);
  EXPECT_EQ(out[3], 101u); // cudaErrorInvalidDevice
  EXPECT_EQ(out[4], 13000u);
  EXPECT_EQ(out[5], 0u);
  qiaoFunction_t child = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&child, module.handle(), "child"), qiaoSuccess);
  int blocks = 0;
  ASSERT_EQ(qiaoModuleOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, child, 128, 0),
            qiaoSuccess);
  EXPECT_EQ(out[6], static_cast<uint32_t>(blocks));
  EXPECT_EQ(out[7], 0u);
  EXPECT_EQ(out[8], 98u); // a null kernel: cudaErrorInvalidDeviceFunction
  EXPECT_EQ(out[9], 0u);
  auto attribute = [&](qiaoFunction_attribute which) {
    int value = -1;
    EXPECT_EQ(qiaoFuncGetAttribute(&value, which, child), qiaoSuccess);
    return value;
  };
  uint64_t shared = 0, local = 0;
  std::memcpy(&shared, &out[16], 8);
  std::memcpy(&local, &out[20], 8);
  EXPECT_EQ(shared, static_cast<uint64_t>(attribute(QIAO_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES)));
  EXPECT_EQ(local, static_cast<uint64_t>(attribute(QIAO_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES)));
  EXPECT_EQ(static_cast<int>(out[22]), attribute(QIAO_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK));
  EXPECT_EQ(static_cast<int>(out[23]), attribute(QIAO_FUNC_ATTRIBUTE_NUM_REGS));
  EXPECT_EQ(static_cast<int>(out[24]), attribute(QIAO_FUNC_ATTRIBUTE_PTX_VERSION));
  EXPECT_EQ(static_cast<int>(out[24]), 80); // the PTX .target
  EXPECT_EQ(static_cast<int>(out[25]), attribute(QIAO_FUNC_ATTRIBUTE_BINARY_VERSION));
  EXPECT_EQ(static_cast<int>(out[27]),
            attribute(QIAO_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES));
}

} // namespace
