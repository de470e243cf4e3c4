// The runtime over a driver that takes Qiao kernel IR and no PTX (QIAO_DRIVER=kir, set here):
// modules reach it as kernel-IR bitcode, and PTX the dialect cannot express fails to load as
// PTX a JIT cannot compile does, with the instruction and its line in the JIT error log.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace {

// A device-side launch whose declaration passes each dim3 in 8 bytes, not 12: the engine runs it,
// the dialect does not express it.
const char *kShortDim3 = R"(.version 8.0
.target sm_80
.address_size 64
.extern .func (.param .b64 func_retval0) __cudaCDP2GetParameterBufferV2
(.param .b64 p0, .param .b64 p1, .param .b64 p2, .param .b32 p3);
.visible .entry launcher(.param .u64 out)
{
  .reg .b32 %r<2>;
  .reg .b64 %rd<3>;
  call.uni (%rd1), __cudaCDP2GetParameterBufferV2, (%rd2, %rd2, %rd2, %r1);
  ret;
}
)";

const char *kStore = R"(.version 8.0
.target sm_80
.address_size 64
.global .align 4 .u32 counter = 7;
.visible .entry bump(.param .u64 out)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<4>;
  ld.global.u32 %r1, [counter];
  mov.u32 %r2, %tid.x;
  add.s32 %r3, %r1, %r2;
  ld.param.u64 %rd1, [out];
  mul.wide.u32 %rd2, %r2, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r3;
  ret;
}
)";

TEST(KernelIrDriver, PtxTheDialectCannotExpressFailsAsInvalidPtxNamingTheInstruction) {
  qiaoModule_t module = nullptr;
  char log[1024] = {0};
  int options[] = {qiaoJitErrorLogBuffer, qiaoJitErrorLogBufferSizeBytes};
  void *values[] = {log, reinterpret_cast<void *>(sizeof log)};
  EXPECT_EQ(qiaoModuleLoadDataEx(&module, kShortDim3, 2, options, values), qiaoErrorInvalidPtx);
  EXPECT_EQ(module, nullptr);
  std::string message = log;
  EXPECT_NE(message.find("__cudaCDP2GetParameterBufferV2"), std::string::npos) << message;
  EXPECT_NE(message.find("line 10"), std::string::npos) << message;
}

TEST(KernelIrDriver, KernelsAndInitialisedGlobalsRunFromKernelIr) {
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kStore), qiaoSuccess);
  qiaoFunction_t bump = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&bump, module, "bump"), qiaoSuccess);
  void *counter = nullptr;
  size_t bytes = 0;
  ASSERT_EQ(qiaoModuleGetGlobal(&counter, &bytes, module, "counter"), qiaoSuccess);
  EXPECT_EQ(bytes, 4u);
  uint32_t initial = 0;
  ASSERT_EQ(qiaoMemcpy(&initial, counter, 4, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(initial, 7u);
  uint32_t ten = 10;
  ASSERT_EQ(qiaoMemcpy(counter, &ten, 4, qiaoMemcpyHostToDevice), qiaoSuccess);
  uint32_t *out = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&out), 64 * 4), qiaoSuccess);
  void *args[] = {&out};
  ASSERT_EQ(qiaoModuleLaunchKernel(bump, 1, 1, 1, 64, 1, 1, 0, nullptr, args, nullptr),
            qiaoSuccess);
  uint32_t host[64] = {};
  ASSERT_EQ(qiaoMemcpy(host, out, sizeof host, qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (uint32_t i = 0; i < 64; ++i)
    EXPECT_EQ(host[i], 10 + i) << i;
  EXPECT_EQ(qiaoFree(out), qiaoSuccess);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
}

} // namespace

int main(int argc, char **argv) {
  setenv("QIAO_DRIVER", "kir", 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
