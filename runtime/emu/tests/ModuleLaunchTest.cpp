// Modules and launches through the driver table: these run the real PTX engine.
#include "EmuDriver.h"
#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace qiao::errc;

const qiaoDriverTable &emu() { return *qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION); }

qiaoDrvModuleImage ptxImage(const char *text, size_t bytes) {
  auto image = qiao::seamStruct<qiaoDrvModuleImage>();
  image.format = QIAO_DRV_FORMAT_PTX;
  image.data = text;
  image.bytes = bytes;
  return image;
}

// moduleLoad of one PTX image of `bytes` (NULL text: no image at all).
qiaoDrvStatus loadPtx(int32_t device, const char *text, size_t bytes, qiaoDrvModule *module,
                      char *log, size_t logBytes) {
  qiaoDrvModuleImage image = ptxImage(text, bytes);
  return emu().moduleLoad(device, text ? &image : nullptr, module, log, logBytes);
}

// store_tid writes each thread's %tid.x to out[%tid.x]; store_first writes thread 0's to *out
// (fault tests pass it an address outside every allocation); pair has two parameters to check
// the layout; counter is a global with an initializer.
constexpr const char *kPtx = R"(
.version 9.0
.target sm_80
.address_size 64

.visible .global .align 4 .u32 counter = 7;

.visible .entry store_tid(.param .u64 out)
{
  .reg .b32 %r<2>;
  .reg .b64 %rd<5>;
  ld.param.u64 %rd1, [out];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd3, %r1, 4;
  add.s64 %rd4, %rd2, %rd3;
  st.global.u32 [%rd4], %r1;
  ret;
}

.visible .entry store_first(.param .u64 p)
{
  .reg .b64 %rd<3>;
  .reg .b32 %r<2>;
  ld.param.u64 %rd1, [p];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r1, %tid.x;
  st.global.u32 [%rd2], %r1;
  ret;
}

.visible .entry pair(.param .u64 a, .param .u32 b)
{
  ret;
}
)";

class EmuModules : public ::testing::Test {
protected:
  void SetUp() override {
    char log[256] = "untouched";
    ASSERT_EQ(loadPtx(0, kPtx, std::strlen(kPtx) + 1, &module, log, sizeof(log)), qiaoSuccess)
        << log;
    EXPECT_STREQ(log, "");
    ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  }
  void TearDown() override {
    EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
    EXPECT_EQ(emu().moduleUnload(module), qiaoSuccess);
  }
  qiaoDrvFunction function(const char *name) {
    qiaoDrvFunction found = nullptr;
    EXPECT_EQ(emu().moduleGetFunction(module, name, &found), qiaoSuccess) << name;
    return found;
  }
  qiaoDrvStatus launch(qiaoDrvFunction kernel, uint32_t threads, uint64_t pointer) {
    auto config = qiao::seamStruct<qiaoDrvLaunch>();
    config.grid[0] = config.grid[1] = config.grid[2] = 1;
    config.block[0] = threads;
    config.block[1] = config.block[2] = 1;
    config.params = &pointer;
    config.paramBytes = sizeof(pointer);
    return emu().enqueueLaunch(queue, kernel, &config);
  }
  qiaoDrvModule module = nullptr;
  qiaoDrvQueue queue = nullptr;
};

TEST_F(EmuModules, LaunchWritesEveryThread) {
  void *out = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 64 * 4, QIAO_DRV_MEM_DEVICE, 0, &out), qiaoSuccess);
  std::memset(out, 0xff, 64 * 4);
  ASSERT_EQ(launch(function("store_tid"), 64, reinterpret_cast<uint64_t>(out)), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  const auto *words = static_cast<const uint32_t *>(out);
  for (uint32_t i = 0; i < 64; ++i)
    EXPECT_EQ(words[i], i);
  EXPECT_EQ(emu().memFree(out, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
}

TEST_F(EmuModules, ParametersAreCopiedAtEnqueue) {
  void *first = nullptr, *second = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 4, QIAO_DRV_MEM_DEVICE, 0, &first), qiaoSuccess);
  ASSERT_EQ(emu().memAlloc(0, 4, QIAO_DRV_MEM_DEVICE, 0, &second), qiaoSuccess);
  std::memset(first, 0xff, 4);
  std::memset(second, 0xff, 4);
  qiaoDrvFunction kernel = function("store_first");
  uint64_t pointer = reinterpret_cast<uint64_t>(first);
  qiaoDrvLaunch config{sizeof(qiaoDrvLaunch), {1, 1, 1}, {1, 1, 1}, 0, &pointer,
                       sizeof(pointer),       0,         {0, 0, 0}};
  ASSERT_EQ(emu().enqueueLaunch(queue, kernel, &config), qiaoSuccess);
  pointer = reinterpret_cast<uint64_t>(second); // must not affect the queued launch
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  EXPECT_EQ(*static_cast<uint32_t *>(first), 0u);
  EXPECT_EQ(*static_cast<uint32_t *>(second), 0xffffffffu);
  EXPECT_EQ(emu().memFree(first, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
  EXPECT_EQ(emu().memFree(second, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
}

struct Flag {
  bool ran = false;
};
void setFlag(void *data) { static_cast<Flag *>(data)->ran = true; }

TEST_F(EmuModules, FaultingLaunchMakesTheQueueStatusSticky) {
  void *out = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 4, QIAO_DRV_MEM_DEVICE, 0, &out), qiaoSuccess);
  std::memset(out, 0xff, 4);
  Flag later;
  // Captured before the launch is queued: the worker may report the fault at once.
  testing::internal::CaptureStderr();
  ASSERT_EQ(launch(function("store_first"), 1, 0x10), qiaoSuccess); // outside every allocation
  ASSERT_EQ(launch(function("store_first"), 1, reinterpret_cast<uint64_t>(out)), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queue, setFlag, &later), qiaoSuccess);
  EXPECT_EQ(emu().queueSynchronize(queue), qiaoErrorIllegalAddress);
  const std::string report = testing::internal::GetCapturedStderr();
  EXPECT_EQ(report.rfind("qiao: ", 0), 0u) << report;
  EXPECT_NE(report.find("store_first"), std::string::npos) << report; // names the kernel
  EXPECT_EQ(emu().queueQuery(queue), qiaoErrorIllegalAddress);
  EXPECT_EQ(emu().queueSynchronize(queue), qiaoErrorIllegalAddress);
  EXPECT_EQ(*static_cast<uint32_t *>(out), 0xffffffffu); // the later launch was skipped
  EXPECT_FALSE(later.ran);                               // and so was the host function
  EXPECT_EQ(emu().memFree(out, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
}

TEST_F(EmuModules, GetFunctionAndGlobal) {
  qiaoDrvFunction missing = nullptr;
  EXPECT_EQ(emu().moduleGetFunction(module, "no_such_kernel", &missing), qiaoErrorSymbolNotFound);
  EXPECT_EQ(emu().moduleGetFunction(module, nullptr, &missing), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().moduleGetFunction(module, "pair", nullptr), qiaoErrorInvalidValue);
  void *address = nullptr;
  uint64_t bytes = 0;
  ASSERT_EQ(emu().moduleGetGlobal(module, "counter", &address, &bytes), qiaoSuccess);
  EXPECT_EQ(bytes, 4u);
  ASSERT_NE(address, nullptr);
  EXPECT_EQ(*static_cast<uint32_t *>(address), 7u);
  auto info = qiao::seamStruct<qiaoDrvPointerInfo>();
  EXPECT_EQ(emu().pointerInfo(address, &info), qiaoSuccess); // kernels may touch it
  EXPECT_EQ(emu().moduleGetGlobal(module, "counter", nullptr, &bytes), qiaoSuccess);
  EXPECT_EQ(emu().moduleGetGlobal(module, "nothing", &address, &bytes), qiaoErrorSymbolNotFound);
}

TEST_F(EmuModules, FunctionInfoParamsAndName) {
  qiaoDrvFunction kernel = function("pair");
  auto info = qiao::seamStruct<qiaoDrvFunctionInfo>();
  ASSERT_EQ(emu().functionInfo(kernel, &info), qiaoSuccess);
  EXPECT_EQ(info.paramCount, 2u);
  EXPECT_EQ(info.paramBytes, 12u);
  EXPECT_EQ(info.ptxVersion, 80); // the PTX target (sm_80), as cudaFuncAttributes::ptxVersion
  EXPECT_EQ(info.binaryVersion, 80);
  EXPECT_EQ(info.maxThreadsPerBlock, 1024);
  EXPECT_EQ(info.sharedSizeBytes, 0u);
  qiaoDrvParamInfo params[3] = {};
  for (qiaoDrvParamInfo &param : params)
    param.structSize = sizeof param;
  ASSERT_EQ(emu().functionParams(kernel, params, 3), qiaoSuccess);
  EXPECT_EQ(params[0].offset, 0u);
  EXPECT_EQ(params[0].size, 8u);
  EXPECT_EQ(params[1].offset, 8u);
  EXPECT_EQ(params[1].size, 4u);
  qiaoDrvParamInfo one[1] = {{sizeof(qiaoDrvParamInfo), 99, 99}};
  ASSERT_EQ(emu().functionParams(kernel, one, 1), qiaoSuccess); // capacity is respected
  EXPECT_EQ(one[0].size, 8u);
  EXPECT_EQ(emu().functionParams(kernel, nullptr, 1), qiaoErrorInvalidValue);
  const char *name = nullptr;
  ASSERT_EQ(emu().functionName(kernel, &name), qiaoSuccess);
  EXPECT_STREQ(name, "pair");
}

TEST_F(EmuModules, LaunchRejectsWhatTheEngineCannotRun) {
  qiaoDrvFunction kernel = function("store_first");
  uint64_t pointer = 0;
  qiaoDrvLaunch config{sizeof(qiaoDrvLaunch), {1, 1, 1}, {1, 1, 1}, 0, &pointer,
                       sizeof(pointer),       0,         {0, 0, 0}};
  EXPECT_EQ(emu().enqueueLaunch(queue, nullptr, &config), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().enqueueLaunch(queue, kernel, nullptr), qiaoErrorInvalidValue);
  config.paramBytes = 4; // shorter than the kernel's parameters
  EXPECT_EQ(emu().enqueueLaunch(queue, kernel, &config), qiaoErrorInvalidValue);
  config.paramBytes = 8;
  config.block[0] = 0;
  EXPECT_EQ(emu().enqueueLaunch(queue, kernel, &config), qiaoErrorInvalidConfiguration);
  EXPECT_EQ(emu().queueSynchronize(queue), qiaoSuccess); // nothing was queued
}

TEST_F(EmuModules, UnloadedModuleHandlesAreInvalid) {
  qiaoDrvModule other = nullptr;
  ASSERT_EQ(loadPtx(0, kPtx, std::strlen(kPtx) + 1, &other, nullptr, 0), qiaoSuccess);
  qiaoDrvFunction kernel = nullptr;
  ASSERT_EQ(emu().moduleGetFunction(other, "pair", &kernel), qiaoSuccess);
  ASSERT_EQ(emu().moduleUnload(other), qiaoSuccess);
  auto info = qiao::seamStruct<qiaoDrvFunctionInfo>();
  EXPECT_EQ(emu().functionInfo(kernel, &info), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().moduleGetFunction(other, "pair", &kernel), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().moduleUnload(other), qiaoErrorInvalidResourceHandle);
}

TEST(EmuModuleLoad, BadPtxReportsItsErrorInATruncatedLog) {
  const char *bad = "this is not ptx";
  qiaoDrvModule module = nullptr;
  char log[512] = "";
  const qiaoDrvStatus status = loadPtx(0, bad, std::strlen(bad), &module, log, sizeof(log));
  EXPECT_TRUE(status == qiaoErrorInvalidPtx || status == qiaoErrorUnsupportedPtxVersion) << status;
  EXPECT_GT(std::strlen(log), 0u);
  char small[8];
  std::memset(small, 'x', sizeof(small));
  EXPECT_EQ(loadPtx(0, bad, std::strlen(bad), &module, small, sizeof(small)), status);
  EXPECT_EQ(std::strlen(small), std::min<size_t>(7, std::strlen(log)));
  EXPECT_EQ(std::strncmp(small, log, std::strlen(small)), 0);
  EXPECT_EQ(loadPtx(0, bad, std::strlen(bad), &module, nullptr, 0), status);
  EXPECT_EQ(loadPtx(0, nullptr, 10, &module, log, sizeof(log)), qiaoErrorInvalidValue);
  EXPECT_EQ(loadPtx(1, bad, 3, &module, log, sizeof(log)), qiaoErrorInvalidDevice);
}

// Two translation units of an -rdc program: `scaled` calls `twice` and reads `bias`, which the
// other unit defines; each unit keeps its own `.version` header.
constexpr const char *kCallerUnit = R"(
.version 9.0
.target sm_80
.address_size 64
.extern .func (.param .b32 result) twice(.param .b32 value);
.extern .global .align 4 .u32 bias;
.visible .entry scaled(.param .u64 out)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  { .param .b32 p; st.param.b32 [p], 20;
    .param .b32 r;
    call.uni (r), twice, (p);
    ld.param.b32 %r1, [r]; }
  ld.global.u32 %r2, [bias];
  add.u32 %r3, %r1, %r2;
  st.u32 [%rd1], %r3;
  ret;
}
)";

constexpr const char *kCalleeUnit = R"(
.version 9.0
.target sm_80
.address_size 64
.visible .global .align 4 .u32 bias = 2;
.visible .func (.param .b32 result) twice(.param .b32 value)
{
  .reg .b32 %r<3>;
  ld.param.b32 %r1, [value];
  add.u32 %r2, %r1, %r1;
  st.param.b32 [result], %r2;
  ret;
}
)";

TEST(EmuModuleLink, LinksTranslationUnitsGivenAsSeparateImages) {
  qiaoDrvModuleImage images[] = {ptxImage(kCallerUnit, std::strlen(kCallerUnit) + 1),
                                 ptxImage(kCalleeUnit, std::strlen(kCalleeUnit) + 1)};
  qiaoDrvModule module = nullptr;
  char log[256] = "";
  ASSERT_EQ(emu().moduleLink(0, images, 2, &module, log, sizeof log), qiaoSuccess) << log;
  qiaoDrvFunction kernel = nullptr;
  ASSERT_EQ(emu().moduleGetFunction(module, "scaled", &kernel), qiaoSuccess);
  void *out = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 4, QIAO_DRV_MEM_DEVICE, 0, &out), qiaoSuccess);
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  uint64_t pointer = reinterpret_cast<uint64_t>(out);
  qiaoDrvLaunch config{sizeof(qiaoDrvLaunch), {1, 1, 1}, {1, 1, 1}, 0, &pointer,
                       sizeof pointer,        0,         {0, 0, 0}};
  ASSERT_EQ(emu().enqueueLaunch(queue, kernel, &config), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  EXPECT_EQ(*static_cast<uint32_t *>(out), 42u); // twice(20) + bias
  EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
  EXPECT_EQ(emu().memFree(out, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
  EXPECT_EQ(emu().moduleUnload(module), qiaoSuccess);
}

TEST(EmuModuleLink, AnUnresolvedSymbolOrABadUnitIsRefusedWithItsReason) {
  qiaoDrvModule module = nullptr;
  char log[256] = "";
  qiaoDrvModuleImage callerOnly = ptxImage(kCallerUnit, std::strlen(kCallerUnit) + 1);
  EXPECT_EQ(emu().moduleLink(0, &callerOnly, 1, &module, log, sizeof log), qiaoErrorInvalidPtx);
  EXPECT_NE(std::string(log).find("bias"), std::string::npos) << log; // the first unresolved one
  const char *bad = "not ptx";
  qiaoDrvModuleImage withBad[] = {ptxImage(kCalleeUnit, std::strlen(kCalleeUnit) + 1),
                                  ptxImage(bad, std::strlen(bad) + 1)};
  EXPECT_EQ(emu().moduleLink(0, withBad, 2, &module, log, sizeof log), qiaoErrorInvalidPtx);
  EXPECT_EQ(std::string(log).rfind("unit 2: ", 0), 0u) << log;
  EXPECT_EQ(emu().moduleLink(0, withBad, 0, &module, log, sizeof log), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().moduleLink(0, nullptr, 2, &module, log, sizeof log), qiaoErrorInvalidValue);
}

// driver.h: a struct smaller than its ABI 2 size is refused, never read past its end; a format
// the driver did not declare is not an image it can load.
TEST(EmuModuleLink, StructsTooSmallAndUndeclaredFormatsAreRefused) {
  EXPECT_EQ(emu().formats, uint32_t(QIAO_DRV_FORMAT_PTX));
  qiaoDrvModule module = nullptr;
  qiaoDrvModuleImage image = ptxImage(kCalleeUnit, std::strlen(kCalleeUnit) + 1);
  image.structSize = sizeof(qiaoDrvModuleImage) - 8;
  EXPECT_EQ(emu().moduleLoad(0, &image, &module, nullptr, 0), qiaoErrorInvalidValue);
  image.structSize = sizeof(qiaoDrvModuleImage);
  image.format = QIAO_DRV_FORMAT_LLVM_IR;
  char log[128] = "";
  EXPECT_EQ(emu().moduleLoad(0, &image, &module, log, sizeof log), qiaoErrorInvalidKernelImage);
  EXPECT_NE(std::string(log).find("PTX"), std::string::npos) << log;
  qiaoDrvDeviceInfo info{};
  info.structSize = 16;
  EXPECT_EQ(emu().deviceInfo(0, &info), qiaoErrorInvalidValue);
  qiaoDrvPointerInfo pointer{};
  EXPECT_EQ(emu().pointerInfo(&pointer, &pointer), qiaoErrorInvalidValue); // structSize 0
}

// A newer runtime's struct is larger: the driver fills what it knows and leaves the rest.
TEST(EmuModuleLink, ALargerOutputStructKeepsItsTailAndItsSize) {
  struct Larger {
    qiaoDrvDeviceInfo info;
    uint64_t fieldOfALaterAbi;
  } larger{};
  larger.info.structSize = sizeof larger;
  larger.fieldOfALaterAbi = 0x5eed;
  ASSERT_EQ(emu().deviceInfo(0, &larger.info), qiaoSuccess);
  EXPECT_EQ(larger.info.structSize, sizeof larger);
  EXPECT_EQ(larger.fieldOfALaterAbi, 0x5eedu);
  EXPECT_EQ(larger.info.warpSize, 32);
}

} // namespace
