// Modules, launch-time validation, kernel attributes, occupancy and sticky kernel faults.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

namespace {

// fill(p, v): p[tid.x] = v.  fault(): stores to address 0, an illegal address on any device.
constexpr const char *kPtx = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry fill(.param .u64 p, .param .u32 v)
{
  .reg .b64 %rd<4>;
  .reg .b32 %r<4>;
  ld.param.u64 %rd1, [p];
  ld.param.u32 %r1, [v];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r2, %tid.x;
  mul.wide.u32 %rd3, %r2, 4;
  add.s64 %rd2, %rd2, %rd3;
  st.global.u32 [%rd2], %r1;
  ret;
}
.visible .entry fault()
{
  .reg .b64 %rd<2>;
  .reg .b32 %r<2>;
  mov.u64 %rd1, 0;
  mov.u32 %r1, 7;
  st.global.u32 [%rd1], %r1;
  ret;
}
)";

struct Loaded {
  qiaoModule_t module = nullptr;
  qiaoFunction_t fill = nullptr;
  Loaded() {
    EXPECT_EQ(qiaoModuleLoadData(&module, kPtx), qiaoSuccess);
    EXPECT_EQ(qiaoModuleGetFunction(&fill, module, "fill"), qiaoSuccess);
  }
  ~Loaded() { EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess); }
};

void fillKernelStub() {} // the host-side handle a program registers for `fill`

TEST(Modules, LoadLookUpUnload) {
  Loaded m;
  qiaoFunction_t again = nullptr;
  EXPECT_EQ(qiaoModuleGetFunction(&again, m.module, "fill"), qiaoSuccess);
  EXPECT_EQ(again, m.fill);
  EXPECT_EQ(qiaoModuleGetFunction(&again, m.module, "absent"), qiaoErrorSymbolNotFound);
  EXPECT_EQ(qiaoModuleGetFunction(nullptr, m.module, "fill"), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoModuleGetFunction(&again, nullptr, "fill"), qiaoErrorInvalidResourceHandle);
  void *global = nullptr;
  size_t bytes = 0;
  EXPECT_EQ(qiaoModuleGetGlobal(&global, &bytes, m.module, "absent"), qiaoErrorSymbolNotFound);
  qiaoModule_t bad = nullptr;
  testing::internal::CaptureStderr();
  qiaoError_t loadBad = qiaoModuleLoadData(&bad, "this is not ptx");
  std::string message = testing::internal::GetCapturedStderr();
  EXPECT_NE(loadBad, qiaoSuccess);
  EXPECT_NE(message.find("cannot load module"), std::string::npos) << message;
  EXPECT_EQ(qiaoModuleLoadData(&bad, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoModuleLoad(&bad, "/nonexistent/kernel.ptx"), qiaoErrorFileNotFound);
  EXPECT_EQ(qiaoModuleUnload(nullptr), qiaoErrorInvalidResourceHandle);
  qiaoGetLastError();
}

TEST(Launch, ValidationFollowsCuda) {
  Loaded m;
  void *p = nullptr;
  ASSERT_EQ(qiaoMalloc(&p, 4096), qiaoSuccess);
  unsigned v = 1;
  void *args[] = {&p, &v};
  auto launch = [&](unsigned gx, unsigned bx, unsigned by, unsigned bz, unsigned shared) {
    return qiaoModuleLaunchKernel(m.fill, gx, 1, 1, bx, by, bz, shared, nullptr, args, nullptr);
  };
  EXPECT_EQ(launch(1, 0, 1, 1, 0), qiaoErrorInvalidConfiguration);
  EXPECT_EQ(launch(0, 32, 1, 1, 0), qiaoErrorInvalidConfiguration);
  EXPECT_EQ(launch(1, 1025, 1, 1, 0), qiaoErrorInvalidConfiguration);
  EXPECT_EQ(launch(1, 32, 32, 2, 0), qiaoErrorInvalidConfiguration); // 2048 threads
  EXPECT_EQ(launch(1, 1, 1, 65, 0), qiaoErrorInvalidConfiguration);  // z over 64
  EXPECT_EQ(qiaoModuleLaunchKernel(m.fill, 1, 65536, 1, 1, 1, 1, 0, nullptr, args, nullptr),
            qiaoErrorInvalidConfiguration);
  EXPECT_EQ(launch(1, 32, 1, 1, 48 * 1024 + 1), qiaoErrorInvalidConfiguration);
  EXPECT_EQ(qiaoModuleLaunchKernel(m.fill, 1, 1, 1, 32, 1, 1, 0, nullptr, nullptr, nullptr),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoModuleLaunchKernel(nullptr, 1, 1, 1, 32, 1, 1, 0, nullptr, args, nullptr),
            qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoModuleLaunchKernel(m.fill, 1, 1, 1, 32, 1, 1, 0,
                                   reinterpret_cast<qiaoStream_t>(0x99), args, nullptr),
            qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(launch(1, 32, 1, 1, 0), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  EXPECT_EQ(qiaoLaunchKernel(reinterpret_cast<const void *>(&fillKernelStub), dim3(1), dim3(32),
                             args, 0, nullptr),
            qiaoErrorInvalidDeviceFunction);
  EXPECT_EQ(qiaoFree(p), qiaoSuccess);
  qiaoGetLastError();
}

TEST(Launch, RegisteredHostFunctionAttributesAndOccupancy) {
  Loaded m;
  const void *stub = reinterpret_cast<const void *>(&fillKernelStub);
  ASSERT_EQ(qiaoRegisterFunction(stub, m.fill), qiaoSuccess);
  EXPECT_EQ(qiaoRegisterFunction(stub, nullptr), qiaoErrorInvalidResourceHandle);
  qiaoFuncAttributes attr{};
  ASSERT_EQ(qiaoFuncGetAttributes(&attr, stub), qiaoSuccess);
  EXPECT_EQ(attr.maxDynamicSharedSizeBytes, int(48 * 1024 - attr.sharedSizeBytes));
  int value = -1;
  ASSERT_EQ(qiaoFuncGetAttribute(&value, QIAO_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, m.fill),
            qiaoSuccess);
  EXPECT_EQ(value, attr.maxThreadsPerBlock);
  ASSERT_EQ(qiaoFuncSetAttribute(stub, qiaoFuncAttributeMaxDynamicSharedMemorySize, 64 * 1024),
            qiaoSuccess);
  ASSERT_EQ(qiaoFuncGetAttribute(&value, QIAO_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, m.fill),
            qiaoSuccess);
  EXPECT_EQ(value, 64 * 1024);
  EXPECT_EQ(qiaoFuncSetAttribute(stub, qiaoFuncAttributeMaxDynamicSharedMemorySize, 1 << 30),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFuncSetAttribute(stub, qiaoFuncAttributePreferredSharedMemoryCarveout, 101),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFuncSetCacheConfig(stub, qiaoFuncCachePreferL1), qiaoSuccess);

  qiaoDeviceProp_t prop;
  qiaoGetDeviceProperties(&prop, 0);
  int blocks = -1;
  ASSERT_EQ(qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, stub, 1024, 0), qiaoSuccess);
  // Never more than the thread or block limits of one multiprocessor allow.
  EXPECT_GE(blocks, 0);
  EXPECT_LE(blocks, prop.maxThreadsPerMultiProcessor / 1024);
  int viaModule = -1;
  ASSERT_EQ(qiaoModuleOccupancyMaxActiveBlocksPerMultiprocessor(&viaModule, m.fill, 1024, 0),
            qiaoSuccess);
  EXPECT_EQ(viaModule, blocks);
  ASSERT_EQ(qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, stub, 1025, 0), qiaoSuccess);
  EXPECT_EQ(blocks, 0);
  EXPECT_EQ(qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, stub, 0, 0),
            qiaoErrorInvalidValue);
  int minGrid = -1, blockSize = -1;
  ASSERT_EQ(qiaoOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, stub, 0, 0), qiaoSuccess);
  EXPECT_EQ(blockSize % 32, 0);
  int best = 0;
  qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&best, stub, blockSize, 0);
  EXPECT_EQ(minGrid, best * prop.multiProcessorCount);
  ASSERT_EQ(qiaoOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, stub, 0, 96), qiaoSuccess);
  EXPECT_LE(blockSize, 96);
  qiaoGetLastError();
}

// A kernel fault poisons the device: every later call reports it, qiaoGetLastError does not
// clear it, and qiaoDeviceReset does.
TEST(StickyErrors, KernelFaultPoisonsUntilReset) {
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kPtx), qiaoSuccess);
  qiaoFunction_t fault = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&fault, module, "fault"), qiaoSuccess);
  ASSERT_EQ(qiaoModuleLaunchKernel(fault, 1, 1, 1, 1, 1, 1, 0, nullptr, nullptr, nullptr),
            qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoErrorIllegalAddress);
  void *p = nullptr;
  EXPECT_EQ(qiaoMalloc(&p, 16), qiaoErrorIllegalAddress);
  qiaoStream_t s = nullptr;
  EXPECT_EQ(qiaoStreamCreate(&s), qiaoErrorIllegalAddress);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorIllegalAddress);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorIllegalAddress);
  EXPECT_EQ(qiaoPeekAtLastError(), qiaoErrorIllegalAddress);
  int count = 0;
  EXPECT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess); // static facts stay answerable
  ASSERT_EQ(qiaoDeviceReset(), qiaoSuccess);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoErrorInvalidResourceHandle); // reset dropped it
  qiaoGetLastError();
  ASSERT_EQ(qiaoMalloc(&p, 16), qiaoSuccess);
  EXPECT_EQ(qiaoMemset(p, 0, 16), qiaoSuccess);
  EXPECT_EQ(qiaoFree(p), qiaoSuccess);
}

} // namespace
