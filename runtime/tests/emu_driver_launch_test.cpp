// A kernel run the driver API's way: a PTX module, a function looked up by name, integer device
// addresses as kernel arguments (cuLaunchKernel's kernelParams), a module global read through
// qiaoDrvModuleGetGlobal.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <vector>

namespace {

// scale(out, in, factor): out[i] = in[i] * factor for i < n, one thread per element; `calls`
// is a module global the test reads back.
constexpr const char *kPtx = R"(.version 8.0
.target sm_80
.address_size 64
.visible .global .align 4 .u32 calls = 41;
.visible .entry scale(.param .u64 out, .param .u64 in, .param .u32 factor, .param .u32 n)
{
  .reg .pred %p<2>;
  .reg .b32 %r<8>;
  .reg .b64 %rd<8>;
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %ntid.x;
  mov.u32 %r3, %tid.x;
  mad.lo.s32 %r4, %r1, %r2, %r3;
  ld.param.u32 %r5, [n];
  setp.ge.u32 %p1, %r4, %r5;
  @%p1 bra DONE;
  ld.param.u64 %rd1, [out];
  ld.param.u64 %rd2, [in];
  ld.param.u32 %r6, [factor];
  mul.wide.u32 %rd3, %r4, 4;
  add.s64 %rd4, %rd2, %rd3;
  ld.global.u32 %r7, [%rd4];
  mul.lo.s32 %r7, %r7, %r6;
  add.s64 %rd5, %rd1, %rd3;
  st.global.u32 [%rd5], %r7;
DONE:
  ret;
}
)";

TEST(EmuDriverLaunch, ModuleKernelOverIntegerAddresses) {
  ASSERT_EQ(qiaoInit(0), qiaoSuccess);
  qiaoDevice_t device = 0;
  ASSERT_EQ(qiaoDeviceGet(&device, 0), qiaoSuccess);
  qiaoCtx_t ctx = nullptr;
  ASSERT_EQ(qiaoCtxCreate(&ctx, nullptr, 0, device), qiaoSuccess);
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kPtx), qiaoSuccess);
  qiaoFunction_t scale = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&scale, module, "scale"), qiaoSuccess);
  qiaoFunction_t absent = nullptr;
  // CUDA_ERROR_NOT_FOUND has the number of qiaoErrorSymbolNotFound.
  EXPECT_EQ(qiaoModuleGetFunction(&absent, module, "no_such_kernel"), qiaoErrorSymbolNotFound);

  constexpr unsigned n = 1000;
  std::vector<unsigned> in(n), out(n, 0);
  for (unsigned i = 0; i < n; ++i)
    in[i] = i;
  qiaoDeviceptr_t dIn = 0, dOut = 0;
  ASSERT_EQ(qiaoMemAlloc(&dIn, n * 4), qiaoSuccess);
  ASSERT_EQ(qiaoMemAlloc(&dOut, n * 4), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpyHtoD(dIn, in.data(), n * 4), qiaoSuccess);
  unsigned factor = 3, count = n;
  void *params[] = {&dOut, &dIn, &factor, &count};
  ASSERT_EQ(
      qiaoModuleLaunchKernel(scale, (n + 127) / 128, 1, 1, 128, 1, 1, 0, nullptr, params, nullptr),
      qiaoSuccess);
  ASSERT_EQ(qiaoCtxSynchronize(), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpyDtoH(out.data(), dOut, n * 4), qiaoSuccess);
  for (unsigned i = 0; i < n; ++i)
    ASSERT_EQ(out[i], 3 * i) << "element " << i;

  qiaoDeviceptr_t calls = 0;
  size_t bytes = 0;
  ASSERT_EQ(qiaoDrvModuleGetGlobal(&calls, &bytes, module, "calls"), qiaoSuccess);
  EXPECT_EQ(bytes, 4u);
  unsigned value = 0;
  EXPECT_EQ(qiaoMemcpyDtoH(&value, calls, 4), qiaoSuccess);
  EXPECT_EQ(value, 41u);
  EXPECT_EQ(qiaoDrvModuleGetGlobal(&calls, &bytes, module, "absent"), qiaoErrorSymbolNotFound);
  EXPECT_EQ(qiaoDrvModuleGetGlobal(nullptr, nullptr, module, "calls"), qiaoErrorInvalidValue);

  EXPECT_EQ(qiaoMemFree(dIn), qiaoSuccess);
  EXPECT_EQ(qiaoMemFree(dOut), qiaoSuccess);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
  EXPECT_EQ(qiaoCtxDestroy(ctx), qiaoSuccess);
}

} // namespace
