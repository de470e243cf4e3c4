// Slots moduleLoad, moduleUnload, moduleGetFunction, moduleGetGlobal, functionInfo,
// functionParams, functionName, enqueueLaunch.
#include "CtsDriver.h"

#include <cstring>
#include <vector>

namespace {

using qiao::cts::driver;
using qiao::cts::kStorePtx;
using qiao::cts::launchOf;
using qiao::cts::Memory;
using qiao::cts::Module;
using qiao::cts::ptxImage;
using qiao::cts::Queue;

qiaoDrvFunction function(const Module &module, const char *name) {
  qiaoDrvFunction found = nullptr;
  EXPECT_EQ(driver().moduleGetFunction(module.handle, name, &found), qiaoDrvSuccess) << name;
  return found;
}

// store's packed parameters: a pointer at 0, a u32 at 8.
struct StoreParams {
  uint64_t out;
  uint32_t value;
};

TEST(moduleLoad, LoadsPtxWhenTheDriverTakesIt) {
  if (!(driver().formats & QIAO_DRV_FORMAT_PTX))
    GTEST_SKIP() << "the driver declares no PTX in its formats";
  Module module(kStorePtx);
  EXPECT_NE(module.handle, nullptr);
}

TEST(moduleLoad, AFormatTheDriverDoesNotTakeIsInvalidKernelImage) {
  qiaoDrvModuleImage image = ptxImage(kStorePtx);
  image.format = 0x80000000u; // no format has this bit
  qiaoDrvModule module = nullptr;
  EXPECT_EQ(driver().moduleLoad(0, &image, &module, nullptr, 0), qiaoDrvErrorInvalidKernelImage);
}

TEST(moduleLoad, BadArgumentsAreRefused) {
  qiaoDrvModuleImage image = ptxImage(kStorePtx);
  qiaoDrvModule module = nullptr;
  int32_t devices = 0;
  ASSERT_EQ(driver().deviceCount(&devices), qiaoDrvSuccess);
  EXPECT_EQ(driver().moduleLoad(0, nullptr, &module, nullptr, 0), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().moduleLoad(0, &image, nullptr, nullptr, 0), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().moduleLoad(devices, &image, &module, nullptr, 0), qiaoDrvErrorInvalidDevice);
  image.structSize = 8;
  EXPECT_EQ(driver().moduleLoad(0, &image, &module, nullptr, 0), qiaoDrvErrorInvalidValue);
}

TEST(moduleLoad, TextThatIsNotPtxIsInvalidPtxWithALog) {
  // Only a driver that compiles PTX (to run it) can tell every malformed text.
  QIAO_CTS_REQUIRE("kernel-runs");
  qiaoDrvModuleImage image = ptxImage(".version 9.0\n.target sm_80\nthis is not ptx\n");
  qiaoDrvModule module = nullptr;
  char log[256];
  std::memset(log, 'x', sizeof log);
  EXPECT_EQ(driver().moduleLoad(0, &image, &module, log, sizeof log), qiaoDrvErrorInvalidPtx);
  EXPECT_NE(std::memchr(log, '\0', sizeof log), nullptr) << "the log is not NUL-terminated";
  EXPECT_GT(std::strlen(log), 0u) << "no diagnostic in the log";
  // A log of one byte still ends in a NUL, and nothing past it is written.
  char tiny[2] = {'x', 'y'};
  EXPECT_EQ(driver().moduleLoad(0, &image, &module, tiny, 1), qiaoDrvErrorInvalidPtx);
  EXPECT_EQ(tiny[0], '\0');
  EXPECT_EQ(tiny[1], 'y');
}

TEST(moduleUnload, UnloadsAndEachLoadIsItsOwnModule) {
  qiaoDrvModuleImage image = ptxImage(kStorePtx);
  qiaoDrvModule first = nullptr, second = nullptr;
  ASSERT_EQ(driver().moduleLoad(0, &image, &first, nullptr, 0), qiaoDrvSuccess);
  ASSERT_EQ(driver().moduleLoad(0, &image, &second, nullptr, 0), qiaoDrvSuccess);
  EXPECT_NE(first, second);
  EXPECT_EQ(driver().moduleUnload(first), qiaoDrvSuccess);
  EXPECT_EQ(driver().moduleUnload(second), qiaoDrvSuccess);
}

TEST(moduleGetFunction, FindsAKernelByNameAndTheSameNameGivesTheSameHandle) {
  QIAO_CTS_REQUIRE("kernels");
  Module module(kStorePtx);
  qiaoDrvFunction a = function(module, "store"), b = function(module, "store");
  EXPECT_NE(a, nullptr);
  EXPECT_EQ(a, b);
  EXPECT_NE(function(module, "fault"), a);
}

TEST(moduleGetFunction, AnUnknownNameIsSymbolNotFound) {
  Module module(kStorePtx);
  qiaoDrvFunction found = nullptr;
  EXPECT_EQ(driver().moduleGetFunction(module.handle, "no_such_kernel", &found),
            qiaoDrvErrorSymbolNotFound);
  EXPECT_EQ(driver().moduleGetFunction(module.handle, nullptr, &found), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().moduleGetFunction(module.handle, "store", nullptr), qiaoDrvErrorInvalidValue);
}

TEST(moduleGetGlobal, FindsAGlobalWithItsSize) {
  QIAO_CTS_REQUIRE("kernels");
  Module module(kStorePtx);
  void *ptr = nullptr;
  uint64_t bytes = 0;
  ASSERT_EQ(driver().moduleGetGlobal(module.handle, "counter", &ptr, &bytes), qiaoDrvSuccess);
  EXPECT_NE(ptr, nullptr);
  EXPECT_EQ(bytes, 4u);
  // Either output may be NULL.
  EXPECT_EQ(driver().moduleGetGlobal(module.handle, "counter", nullptr, &bytes), qiaoDrvSuccess);
  EXPECT_EQ(driver().moduleGetGlobal(module.handle, "counter", &ptr, nullptr), qiaoDrvSuccess);
}

TEST(moduleGetGlobal, AGlobalHoldsItsInitialiser) {
  QIAO_CTS_REQUIRE("kernel-runs");
  Module module(kStorePtx);
  void *ptr = nullptr;
  ASSERT_EQ(driver().moduleGetGlobal(module.handle, "counter", &ptr, nullptr), qiaoDrvSuccess);
  uint32_t value = 0;
  Queue queue;
  ASSERT_EQ(driver().enqueueCopy(queue.handle, &value, ptr, 4, QIAO_DRV_COPY_DEVICE_TO_HOST),
            qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  EXPECT_EQ(value, 42u);
}

TEST(moduleGetGlobal, AnUnknownNameIsSymbolNotFound) {
  Module module(kStorePtx);
  void *ptr = nullptr;
  EXPECT_EQ(driver().moduleGetGlobal(module.handle, "no_such_global", &ptr, nullptr),
            qiaoDrvErrorSymbolNotFound);
  EXPECT_EQ(driver().moduleGetGlobal(module.handle, nullptr, &ptr, nullptr),
            qiaoDrvErrorInvalidValue);
}

TEST(functionInfo, ReportsTheParameterBufferAndKeepsStructSize) {
  QIAO_CTS_REQUIRE("kernels");
  Module module(kStorePtx);
  qiaoDrvFunction store = function(module, "store");
  std::vector<unsigned char> buffer(QIAO_DRV_SIZE_V2_FUNCTION_INFO + 32, 0xA5);
  auto *info = reinterpret_cast<qiaoDrvFunctionInfo *>(buffer.data());
  info->structSize = QIAO_DRV_SIZE_V2_FUNCTION_INFO;
  ASSERT_EQ(driver().functionInfo(store, info), qiaoDrvSuccess);
  EXPECT_EQ(info->structSize, QIAO_DRV_SIZE_V2_FUNCTION_INFO);
  EXPECT_EQ(info->paramCount, 2u);
  EXPECT_EQ(info->paramBytes, 12u);
  EXPECT_GT(info->maxThreadsPerBlock, 0);
  for (size_t i = QIAO_DRV_SIZE_V2_FUNCTION_INFO; i < buffer.size(); ++i)
    ASSERT_EQ(buffer[i], 0xA5) << "byte " << i << " past the struct was written";
  EXPECT_EQ(driver().functionInfo(store, nullptr), qiaoDrvErrorInvalidValue);
  info->structSize = 4;
  EXPECT_EQ(driver().functionInfo(store, info), qiaoDrvErrorInvalidValue);
}

TEST(functionParams, ReportsEachParametersOffsetAndSize) {
  QIAO_CTS_REQUIRE("kernels");
  Module module(kStorePtx);
  qiaoDrvFunction store = function(module, "store");
  qiaoDrvParamInfo params[2] = {};
  for (auto &param : params)
    param.structSize = sizeof param;
  ASSERT_EQ(driver().functionParams(store, params, 2), qiaoDrvSuccess);
  EXPECT_EQ(params[0].offset, 0u);
  EXPECT_EQ(params[0].size, 8u);
  EXPECT_EQ(params[1].offset, 8u);
  EXPECT_EQ(params[1].size, 4u);
  // Capacity below the count fills what fits; NULL with capacity is refused.
  qiaoDrvParamInfo first{};
  first.structSize = sizeof first;
  EXPECT_EQ(driver().functionParams(store, &first, 1), qiaoDrvSuccess);
  EXPECT_EQ(first.size, 8u);
  EXPECT_EQ(driver().functionParams(store, nullptr, 2), qiaoDrvErrorInvalidValue);
}

TEST(functionName, ReturnsTheKernelsName) {
  QIAO_CTS_REQUIRE("kernels");
  Module module(kStorePtx);
  const char *name = nullptr;
  ASSERT_EQ(driver().functionName(function(module, "store"), &name), qiaoDrvSuccess);
  ASSERT_NE(name, nullptr);
  EXPECT_STREQ(name, "store");
  EXPECT_EQ(driver().functionName(function(module, "store"), nullptr), qiaoDrvErrorInvalidValue);
}

TEST(enqueueLaunch, RunsEveryThreadOfTheGrid) {
  QIAO_CTS_REQUIRE("kernel-runs");
  Module module(kStorePtx);
  qiaoDrvFunction store = function(module, "store");
  Memory out(4 * 256);
  Queue queue;
  ASSERT_EQ(driver().enqueueFill(queue.handle, out.ptr, 0, 4, 256), qiaoDrvSuccess);
  StoreParams params{reinterpret_cast<uint64_t>(out.ptr), 0xC0FFEEu};
  qiaoDrvLaunch launch = launchOf(4, 32, &params, 12); // 128 of the 256 slots
  ASSERT_EQ(driver().enqueueLaunch(queue.handle, store, &launch), qiaoDrvSuccess);
  params.value = 0; // the launch copied its parameters at enqueue
  std::vector<uint32_t> host(256, 1);
  ASSERT_EQ(driver().enqueueCopy(queue.handle, host.data(), out.ptr, 4 * 256,
                                 QIAO_DRV_COPY_DEVICE_TO_HOST),
            qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  for (int i = 0; i < 256; ++i)
    ASSERT_EQ(host[i], i < 128 ? 0xC0FFEEu : 0u) << i;
}

TEST(enqueueLaunch, AFaultIsTheQueuesStickyStatus) {
  QIAO_CTS_REQUIRE("kernels");
  Module module(kStorePtx);
  qiaoDrvFunction fault = function(module, "fault");
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(driver().queueCreate(0, 0, 0, &queue), qiaoDrvSuccess);
  qiaoDrvLaunch launch = launchOf(1, 1, nullptr, 0);
  ASSERT_EQ(driver().enqueueLaunch(queue, fault, &launch), qiaoDrvSuccess);
  EXPECT_EQ(driver().queueSynchronize(queue), qiaoDrvErrorIllegalAddress);
  EXPECT_EQ(driver().queueSynchronize(queue), qiaoDrvErrorIllegalAddress) << "not sticky";
  EXPECT_EQ(driver().queueQuery(queue), qiaoDrvErrorIllegalAddress);
  EXPECT_EQ(driver().queueDestroy(queue), qiaoDrvSuccess);
}

TEST(enqueueLaunch, BadLaunchesAreRefused) {
  QIAO_CTS_REQUIRE("kernels");
  Module module(kStorePtx);
  qiaoDrvFunction store = function(module, "store");
  Memory out(4 * 64);
  Queue queue;
  StoreParams params{reinterpret_cast<uint64_t>(out.ptr), 1};
  qiaoDrvLaunch launch = launchOf(1, 32, &params, 12);
  EXPECT_EQ(driver().enqueueLaunch(queue.handle, store, nullptr), qiaoDrvErrorInvalidValue);
  qiaoDrvLaunch small = launch;
  small.structSize = 8;
  EXPECT_EQ(driver().enqueueLaunch(queue.handle, store, &small), qiaoDrvErrorInvalidValue);
  qiaoDrvLaunch shortParams = launch;
  shortParams.paramBytes = 8;
  EXPECT_EQ(driver().enqueueLaunch(queue.handle, store, &shortParams), qiaoDrvErrorInvalidValue);
  qiaoDrvLaunch unknownFlags = launch;
  unknownFlags.flags = 0x80;
  EXPECT_EQ(driver().enqueueLaunch(queue.handle, store, &unknownFlags), qiaoDrvErrorInvalidValue);
  qiaoDrvLaunch emptyGrid = launch;
  emptyGrid.grid[1] = 0;
  EXPECT_EQ(driver().enqueueLaunch(queue.handle, store, &emptyGrid),
            qiaoDrvErrorInvalidConfiguration);
  qiaoDrvLaunch hugeBlock = launch;
  hugeBlock.block[0] = 1u << 20;
  EXPECT_EQ(driver().enqueueLaunch(queue.handle, store, &hugeBlock),
            qiaoDrvErrorInvalidConfiguration);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess) << "a refused launch ran";
}

} // namespace
