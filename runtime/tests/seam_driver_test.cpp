// The driver seam: with QIAO_DRIVER=test, the runtime's device actions arrive at
// libqiao-driver-test.so, and launches carry the packed arguments.
#include "driver/TestDriverControl.h"

#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstring>
#include <dlfcn.h>

namespace {

struct TestDriver {
  decltype(&qiaoTestDriverCalls) calls = nullptr;
  decltype(&qiaoTestDriverLastLaunch) lastLaunch = nullptr;
  decltype(&qiaoTestDriverStructSizes) structSizes = nullptr;
  decltype(&qiaoTestDriverLastCopyDirection) lastCopyDirection = nullptr;
  decltype(&qiaoTestDriverLastLinkImages) lastLinkImages = nullptr;
  TestDriver() {
    int count = 0;
    qiaoGetDeviceCount(&count); // loads the driver
    void *handle = dlopen("libqiao-driver-test.so", RTLD_NOW | RTLD_NOLOAD);
    EXPECT_NE(handle, nullptr) << "the runtime did not load the test driver";
    if (!handle)
      return;
    calls = reinterpret_cast<decltype(calls)>(dlsym(handle, "qiaoTestDriverCalls"));
    lastLaunch = reinterpret_cast<decltype(lastLaunch)>(dlsym(handle, "qiaoTestDriverLastLaunch"));
    structSizes =
        reinterpret_cast<decltype(structSizes)>(dlsym(handle, "qiaoTestDriverStructSizes"));
    lastCopyDirection = reinterpret_cast<decltype(lastCopyDirection)>(
        dlsym(handle, "qiaoTestDriverLastCopyDirection"));
    lastLinkImages =
        reinterpret_cast<decltype(lastLinkImages)>(dlsym(handle, "qiaoTestDriverLastLinkImages"));
  }
};

TEST(Seam, DevicesComeFromTheTestDriver) {
  TestDriver driver;
  ASSERT_NE(driver.calls, nullptr);
  qiaoDeviceProp_t prop;
  ASSERT_EQ(qiaoGetDeviceProperties(&prop, 1), qiaoSuccess);
  EXPECT_STREQ(prop.name, "Qiao test device");
  EXPECT_EQ(prop.pciBusID, 0x42);
  int count = 0;
  ASSERT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  EXPECT_EQ(count, 2);
  EXPECT_EQ(driver.calls("init"), 1u);
}

// The test driver leaves the optional peerAccess slot NULL: its two devices are no peers.
TEST(Seam, DevicesWithoutThePeerAccessSlotAreNoPeers) {
  int count = 0, can = -1;
  ASSERT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  ASSERT_GE(count, 2);
  ASSERT_EQ(qiaoDeviceCanAccessPeer(&can, 0, 1), qiaoSuccess);
  EXPECT_EQ(can, 0);
  EXPECT_EQ(qiaoDeviceEnablePeerAccess(1, 0), qiaoErrorPeerAccessUnsupported);
  qiaoGetLastError();
}

TEST(Seam, MemoryAndCopiesGoThroughTheDriver) {
  TestDriver driver;
  ASSERT_NE(driver.calls, nullptr);
  uint64_t allocs = driver.calls("memAlloc"), frees = driver.calls("memFree");
  uint64_t copies = driver.calls("enqueueCopy"), fills = driver.calls("enqueueFill");
  void *p = nullptr;
  ASSERT_EQ(qiaoMalloc(&p, 64), qiaoSuccess);
  ASSERT_EQ(qiaoMemset(p, 3, 64), qiaoSuccess);
  char host[64];
  ASSERT_EQ(qiaoMemcpy(host, p, 64, qiaoMemcpyDeviceToHost), qiaoSuccess);
  ASSERT_EQ(qiaoFree(p), qiaoSuccess);
  EXPECT_EQ(driver.calls("memAlloc"), allocs + 1);
  EXPECT_EQ(driver.calls("memFree"), frees + 1);
  EXPECT_EQ(driver.calls("enqueueCopy"), copies + 1);
  EXPECT_EQ(driver.calls("enqueueFill"), fills + 1);
}

TEST(Seam, StreamsAndEventsAreDriverQueuesAndEvents) {
  TestDriver driver;
  ASSERT_NE(driver.calls, nullptr);
  uint64_t created = driver.calls("queueCreate"), destroyed = driver.calls("queueDestroy");
  qiaoStream_t s = nullptr;
  // Non-blocking, so no implicit wait on legacy work adds a marker record of its own.
  ASSERT_EQ(qiaoStreamCreateWithFlags(&s, qiaoStreamNonBlocking), qiaoSuccess);
  qiaoEvent_t e = nullptr;
  uint64_t records = driver.calls("enqueueEventRecord");
  ASSERT_EQ(qiaoEventCreate(&e), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(e, s), qiaoSuccess);
  EXPECT_EQ(driver.calls("enqueueEventRecord"), records + 1);
  ASSERT_EQ(qiaoStreamDestroy(s), qiaoSuccess);
  ASSERT_EQ(qiaoEventDestroy(e), qiaoSuccess);
  EXPECT_EQ(driver.calls("queueCreate"), created + 1);
  EXPECT_EQ(driver.calls("queueDestroy"), destroyed + 1);
}

constexpr const char *kPtx = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry mixed(.param .u32 a, .param .u64 b, .param .u8 c, .param .u32 d)
{
  .reg .b32 %r<3>;
  ret;
}
)";

TEST(Seam, LaunchPacksArgumentsAtTheDriversOffsets) {
  TestDriver driver;
  ASSERT_NE(driver.lastLaunch, nullptr);
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kPtx), qiaoSuccess);
  qiaoFunction_t f = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&f, module, "mixed"), qiaoSuccess);
  uint32_t a = 0x11223344;
  uint64_t b = 0x0102030405060708ull;
  uint8_t c = 0x7f;
  uint32_t d = 0xcafef00d;
  void *args[] = {&a, &b, &c, &d};
  ASSERT_EQ(qiaoModuleLaunchKernel(f, 3, 2, 1, 64, 2, 1, 128, nullptr, args, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  qiaoTestLaunchRecord record{};
  ASSERT_EQ(driver.lastLaunch(&record), 0);
  EXPECT_STREQ(record.kernel, "mixed");
  EXPECT_EQ(record.grid[0], 3u);
  EXPECT_EQ(record.grid[1], 2u);
  EXPECT_EQ(record.block[0], 64u);
  EXPECT_EQ(record.block[1], 2u);
  EXPECT_EQ(record.dynamicSharedBytes, 128u);
  // Layout: a at 0, b at 8, c at 16, d at 20; 24 bytes.
  ASSERT_EQ(record.paramBytes, 24u);
  uint32_t a2, d2;
  uint64_t b2;
  std::memcpy(&a2, record.params + 0, 4);
  std::memcpy(&b2, record.params + 8, 8);
  std::memcpy(&d2, record.params + 20, 4);
  EXPECT_EQ(a2, a);
  EXPECT_EQ(b2, b);
  EXPECT_EQ(record.params[16], c);
  EXPECT_EQ(d2, d);

  // The same through `extra`: one buffer, passed as is.
  unsigned char buffer[24] = {};
  for (int i = 0; i < 24; ++i)
    buffer[i] = static_cast<unsigned char>(i * 3);
  size_t size = sizeof buffer;
  void *extra[] = {QIAO_LAUNCH_PARAM_BUFFER_POINTER, buffer, QIAO_LAUNCH_PARAM_BUFFER_SIZE, &size,
                   QIAO_LAUNCH_PARAM_END};
  ASSERT_EQ(qiaoModuleLaunchKernel(f, 1, 1, 1, 1, 1, 1, 0, nullptr, nullptr, extra), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  ASSERT_EQ(driver.lastLaunch(&record), 0);
  EXPECT_EQ(std::memcmp(record.params, buffer, 24), 0);
  size = 8;
  EXPECT_EQ(qiaoModuleLaunchKernel(f, 1, 1, 1, 1, 1, 1, 0, nullptr, nullptr, extra),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoModuleLaunchKernel(f, 1, 1, 1, 1, 1, 1, 0, nullptr, args, extra),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
  qiaoGetLastError();
}

void mixedStub(uint32_t, uint64_t, uint8_t, uint32_t) {}

TEST(Seam, LaunchKernelGGLConvertsArgumentsToParameterTypes) {
  TestDriver driver;
  ASSERT_NE(driver.lastLaunch, nullptr);
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kPtx), qiaoSuccess);
  qiaoFunction_t f = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&f, module, "mixed"), qiaoSuccess);
  ASSERT_EQ(qiaoRegisterFunction(reinterpret_cast<const void *>(&mixedStub), f), qiaoSuccess);
  qiaoLaunchKernelGGL(mixedStub, dim3(2), dim3(32), 0, nullptr, 5, 6, 7, 8); // ints convert
  ASSERT_EQ(qiaoGetLastError(), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  qiaoTestLaunchRecord record{};
  ASSERT_EQ(driver.lastLaunch(&record), 0);
  uint64_t b = 0;
  std::memcpy(&b, record.params + 8, 8);
  EXPECT_EQ(record.params[0], 5);
  EXPECT_EQ(b, 6u);
  EXPECT_EQ(record.params[16], 7);
  EXPECT_EQ(record.params[20], 8);
  EXPECT_EQ(record.grid[0], 2u);
  EXPECT_EQ(record.block[0], 32u);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
  // Unloading drops the registration: mixedStub is then a host-compiled kernel, which the test
  // driver cannot run (it leaves the optional enqueueHostKernel slot NULL).
  qiaoLaunchKernelGGL(mixedStub, dim3(1), dim3(1), 0, nullptr, 1, 2, 3, 4);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorNoKernelImageForDevice);
}

} // namespace

namespace {

void neverRuns(qiaoDrvHostThread *) {}

// The host-kernel slot is optional: the test driver leaves it NULL, and a host-compiled launch
// reports that no kernel image exists for the device instead of calling through it.
TEST(Seam, HostKernelsNeedTheOptionalSlot) {
  int arg = 0;
  void *args[] = {&arg};
  EXPECT_EQ(qiaoLaunchHostKernel(reinterpret_cast<const void *>(&neverRuns), neverRuns, dim3(1),
                                 dim3(1), args, &arg, sizeof arg, 0, nullptr),
            qiaoErrorNoKernelImageForDevice);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorNoKernelImageForDevice);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
}

} // namespace

namespace {

// Every seam struct the runtime hands the test driver carries the size it was built with: the
// driver checks each one (deviceInfo, pointerInfo, module images, functionInfo, each param
// element, launches) and counts those it checked, so this fails when none are checked too.
TEST(Seam, EveryStructCrossingTheSeamCarriesItsSize) {
  TestDriver driver;
  ASSERT_NE(driver.structSizes, nullptr);
  qiaoTestStructSizes before{};
  driver.structSizes(&before);
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kPtx), qiaoSuccess);
  qiaoFunction_t f = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&f, module, "mixed"), qiaoSuccess);
  uint32_t a = 1, d = 4;
  uint64_t b = 2;
  uint8_t c = 3;
  void *args[] = {&a, &b, &c, &d};
  ASSERT_EQ(qiaoModuleLaunchKernel(f, 1, 1, 1, 1, 1, 1, 0, nullptr, args, nullptr), qiaoSuccess);
  void *p = nullptr;
  ASSERT_EQ(qiaoMalloc(&p, 16), qiaoSuccess);
  char host[16] = {};
  ASSERT_EQ(qiaoMemcpy(p, host, sizeof host, qiaoMemcpyDefault), qiaoSuccess); // pointerInfo
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  ASSERT_EQ(qiaoFree(p), qiaoSuccess);
  ASSERT_EQ(qiaoModuleUnload(module), qiaoSuccess);
  qiaoTestStructSizes after{};
  driver.structSizes(&after);
  // One image, one functionInfo, four param elements, one launch, and pointer queries.
  EXPECT_GE(after.checked - before.checked, 8u);
  EXPECT_EQ(after.wrong, 0u) << after.firstWrong;
}

// Copies say which side each end lies on, worked out from the pointers, not from the kind the
// program named (cudaMemcpyDefault names none).
TEST(Seam, CopiesCarryTheirDirection) {
  TestDriver driver;
  ASSERT_NE(driver.lastCopyDirection, nullptr);
  void *device = nullptr;
  ASSERT_EQ(qiaoMalloc(&device, 64), qiaoSuccess);
  char host[64] = {}, other[64] = {};
  ASSERT_EQ(qiaoMemcpy(device, host, 64, qiaoMemcpyDefault), qiaoSuccess);
  EXPECT_EQ(driver.lastCopyDirection(), QIAO_DRV_COPY_HOST_TO_DEVICE);
  ASSERT_EQ(qiaoMemcpy(host, device, 64, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(driver.lastCopyDirection(), QIAO_DRV_COPY_DEVICE_TO_HOST);
  ASSERT_EQ(qiaoMemcpy(device, device, 32, qiaoMemcpyDeviceToDevice), qiaoSuccess);
  EXPECT_EQ(driver.lastCopyDirection(), QIAO_DRV_COPY_DEVICE_TO_DEVICE);
  ASSERT_EQ(qiaoMemcpy(other, host, 64, qiaoMemcpyHostToHost), qiaoSuccess);
  EXPECT_EQ(driver.lastCopyDirection(), QIAO_DRV_COPY_HOST_TO_HOST);
  ASSERT_EQ(qiaoMemcpy2D(host, 16, device, 16, 8, 2, qiaoMemcpyDefault), qiaoSuccess);
  EXPECT_EQ(driver.lastCopyDirection(), QIAO_DRV_COPY_DEVICE_TO_HOST);
  EXPECT_EQ(qiaoFree(device), qiaoSuccess);
}

constexpr const char *kUnitWithKernel = R"(.version 9.0
.target sm_80
.address_size 64
.extern .func helper(.param .b32 v);
.visible .entry linked_kernel(.param .u32 a)
{
  ret;
}
)";

constexpr const char *kUnitWithFunction = R"(.version 9.0
.target sm_80
.address_size 64
.visible .global .align 4 .u32 shared_value;
.visible .func helper(.param .b32 v)
{
  ret;
}
)";

// Relocatable device code reaches the driver as a list of images, one per translation unit,
// through the link slot: never as one concatenated text.
TEST(Seam, SeveralUnitsReachTheLinkSlotAsSeparateImages) {
  TestDriver driver;
  ASSERT_NE(driver.lastLinkImages, nullptr);
  uint64_t links = driver.calls("moduleLink"), loads = driver.calls("moduleLoad");
  const char *units[] = {kUnitWithKernel, kUnitWithFunction, kPtx};
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLinkDataEx(&module, 3, units, 0, nullptr, nullptr), qiaoSuccess);
  EXPECT_EQ(driver.calls("moduleLink"), links + 1);
  EXPECT_EQ(driver.calls("moduleLoad"), loads);
  EXPECT_EQ(driver.lastLinkImages(), 3u);
  qiaoFunction_t f = nullptr;
  EXPECT_EQ(qiaoModuleGetFunction(&f, module, "linked_kernel"), qiaoSuccess); // from unit 1
  EXPECT_EQ(qiaoModuleGetFunction(&f, module, "mixed"), qiaoSuccess);         // from unit 3
  void *global = nullptr;
  size_t bytes = 0;
  EXPECT_EQ(qiaoModuleGetGlobal(&global, &bytes, module, "shared_value"), qiaoSuccess);
  EXPECT_EQ(bytes, 4u);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
  // One unit is a plain load.
  ASSERT_EQ(qiaoModuleLinkDataEx(&module, 1, units, 0, nullptr, nullptr), qiaoSuccess);
  EXPECT_EQ(driver.calls("moduleLoad"), loads + 1);
  EXPECT_EQ(driver.lastLinkImages(), 1u);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
}

} // namespace
