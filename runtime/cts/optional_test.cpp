// The optional slots: moduleLink, enqueueHostKernel, textureCreate, textureDestroy. A driver
// without one leaves it NULL; its tests are then skipped, as the runtime reports the feature
// missing instead of calling it.
#include "CtsDriver.h"

#include <atomic>
#include <cstring>
#include <string>

namespace {

using qiao::cts::driver;
using qiao::cts::launchOf;
using qiao::cts::Memory;
using qiao::cts::ptxImage;
using qiao::cts::Queue;

// Two translation units of one -rdc program: the kernel calls a function and reads a variable of
// the other unit.
constexpr const char kKernelUnit[] = R"(.version 9.0
.target sm_80
.address_size 64
.extern .func (.param .b32 result) twice(.param .b32 value);
.extern .global .align 4 .u32 bias;
.visible .entry twice_plus_bias(.param .u64 out)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [out];
  cvta.to.global.u64 %rd2, %rd1;
  { .param .b32 p; st.param.b32 [p], 20;
    .param .b32 r;
    call.uni (r), twice, (p);
    ld.param.b32 %r1, [r]; }
  ld.global.u32 %r2, [bias];
  add.u32 %r3, %r1, %r2;
  st.global.u32 [%rd2], %r3;
  ret;
}
)";

constexpr const char kLibraryUnit[] = R"(.version 9.0
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

TEST(moduleLink, ResolvesOneUnitsExternsInAnother) {
  QIAO_CTS_REQUIRE_SLOT(moduleLink);
  QIAO_CTS_REQUIRE("kernels");
  qiaoDrvModuleImage images[2] = {ptxImage(kKernelUnit, "kernel unit"),
                                  ptxImage(kLibraryUnit, "library unit")};
  qiaoDrvModule module = nullptr;
  char log[512] = "";
  ASSERT_EQ(driver().moduleLink(0, images, 2, &module, log, sizeof log), qiaoDrvSuccess) << log;
  qiaoDrvFunction kernel = nullptr;
  ASSERT_EQ(driver().moduleGetFunction(module, "twice_plus_bias", &kernel), qiaoDrvSuccess);
  uint64_t bytes = 0;
  EXPECT_EQ(driver().moduleGetGlobal(module, "bias", nullptr, &bytes), qiaoDrvSuccess);
  EXPECT_EQ(bytes, 4u);
  if (qiao::cts::has("kernel-runs")) {
    Memory out(4);
    Queue queue;
    uint64_t params = reinterpret_cast<uint64_t>(out.ptr);
    qiaoDrvLaunch launch = launchOf(1, 1, &params, sizeof params);
    ASSERT_EQ(driver().enqueueLaunch(queue.handle, kernel, &launch), qiaoDrvSuccess);
    uint32_t value = 0;
    ASSERT_EQ(driver().enqueueCopy(queue.handle, &value, out.ptr, 4, QIAO_DRV_COPY_DEVICE_TO_HOST),
              qiaoDrvSuccess);
    ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
    EXPECT_EQ(value, 42u); // twice(20) + bias
  }
  EXPECT_EQ(driver().moduleUnload(module), qiaoDrvSuccess);
}

TEST(moduleLink, AnUnresolvedSymbolIsInvalidPtxNamingIt) {
  QIAO_CTS_REQUIRE_SLOT(moduleLink);
  // A driver that runs no kernel may link as far as finding them, leaving calls unresolved.
  QIAO_CTS_REQUIRE("kernel-runs");
  qiaoDrvModuleImage images[1] = {ptxImage(kKernelUnit, "kernel unit")};
  qiaoDrvModule module = nullptr;
  char log[512] = "";
  EXPECT_EQ(driver().moduleLink(0, images, 1, &module, log, sizeof log), qiaoDrvErrorInvalidPtx);
  EXPECT_TRUE(std::strstr(log, "twice") || std::strstr(log, "bias")) << log;
}

TEST(moduleLink, NoImagesIsInvalidValue) {
  QIAO_CTS_REQUIRE_SLOT(moduleLink);
  qiaoDrvModuleImage images[1] = {ptxImage(kLibraryUnit)};
  qiaoDrvModule module = nullptr;
  EXPECT_EQ(driver().moduleLink(0, images, 0, &module, nullptr, 0), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().moduleLink(0, nullptr, 2, &module, nullptr, 0), qiaoDrvErrorInvalidValue);
}

std::atomic<int> hostKernelThreads{0};
void countThread(qiaoDrvHostThread *thread) {
  if (thread->structSize >= sizeof(qiaoDrvHostThread) && thread->blockSize[0] == 8)
    ++hostKernelThreads;
}

TEST(enqueueHostKernel, RunsTheEntryOncePerThread) {
  QIAO_CTS_REQUIRE_SLOT(enqueueHostKernel);
  hostKernelThreads = 0;
  Queue queue;
  qiaoDrvLaunch launch = launchOf(3, 8, nullptr, 0);
  ASSERT_EQ(driver().enqueueHostKernel(queue.handle, countThread, &launch), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  EXPECT_EQ(hostKernelThreads.load(), 24);
}

TEST(enqueueHostKernel, BadLaunchesAreRefused) {
  QIAO_CTS_REQUIRE_SLOT(enqueueHostKernel);
  Queue queue;
  EXPECT_EQ(driver().enqueueHostKernel(queue.handle, countThread, nullptr),
            qiaoDrvErrorInvalidValue);
  qiaoDrvLaunch launch = launchOf(0, 8, nullptr, 0);
  EXPECT_EQ(driver().enqueueHostKernel(queue.handle, countThread, &launch),
            qiaoDrvErrorInvalidConfiguration);
}

qiaoDrvTextureDesc textureOver(const void *data) {
  qiaoDrvTextureDesc desc{};
  desc.structSize = QIAO_DRV_SIZE_V2_TEXTURE_DESC;
  desc.data = data;
  desc.width = 64;
  desc.height = desc.depth = 1;
  desc.pitch = 64 * 4;
  desc.slicePitch = desc.pitch;
  desc.channels = 1;
  desc.channelBits = 32;
  desc.channelKind = QIAO_DRV_CHANNEL_FLOAT;
  desc.dimensions = 1;
  return desc;
}

TEST(textureCreate, GivesANonZeroHandleUntilDestroyed) {
  QIAO_CTS_REQUIRE_SLOT(textureCreate);
  Memory memory(64 * 4);
  qiaoDrvTextureDesc desc = textureOver(memory.ptr);
  uint64_t a = 0, b = 0;
  ASSERT_EQ(driver().textureCreate(0, &desc, &a), qiaoDrvSuccess);
  ASSERT_EQ(driver().textureCreate(0, &desc, &b), qiaoDrvSuccess);
  EXPECT_NE(a, 0u);
  EXPECT_NE(a, b);
  EXPECT_EQ(driver().textureDestroy(a), qiaoDrvSuccess);
  EXPECT_EQ(driver().textureDestroy(b), qiaoDrvSuccess);
}

TEST(textureCreate, BadArgumentsAreRefused) {
  QIAO_CTS_REQUIRE_SLOT(textureCreate);
  Memory memory(64 * 4);
  qiaoDrvTextureDesc desc = textureOver(memory.ptr);
  uint64_t handle = 0;
  int32_t devices = 0;
  ASSERT_EQ(driver().deviceCount(&devices), qiaoDrvSuccess);
  EXPECT_EQ(driver().textureCreate(0, nullptr, &handle), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().textureCreate(0, &desc, nullptr), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().textureCreate(devices, &desc, &handle), qiaoDrvErrorInvalidDevice);
  desc.channels = 5;
  EXPECT_EQ(driver().textureCreate(0, &desc, &handle), qiaoDrvErrorInvalidValue);
}

TEST(textureDestroy, AnUnknownHandleIsInvalidValue) {
  QIAO_CTS_REQUIRE_SLOT(textureDestroy);
  EXPECT_EQ(driver().textureDestroy(0x7777), qiaoDrvErrorInvalidValue);
}

} // namespace
