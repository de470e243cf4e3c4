// The validate layer over the test driver (two devices): the runtime's misuses of the seam are
// each reported as one line naming the culprit, the slot and what was wrong; correct use is
// silent.
#include "LayerTestSupport.h"

#include <gmock/gmock.h>

#include <cstdlib>

namespace {

using qiao::layers::testing::openChain;
using qiao::layers::testing::violationsOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const qiaoDriverTable *validated() { return openChain("validate:test"); }

TEST(ValidateRuntime, CorrectUseIsSilent) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  auto lines = violationsOf([&] {
    int32_t count = 0;
    EXPECT_EQ(table->deviceCount(&count), qiaoDrvSuccess);
    qiaoDrvQueue queue = nullptr;
    ASSERT_EQ(table->queueCreate(0, 0, 0, &queue), qiaoDrvSuccess);
    void *memory = nullptr;
    ASSERT_EQ(table->memAlloc(0, 64, QIAO_DRV_MEM_DEVICE, 0, &memory), qiaoDrvSuccess);
    EXPECT_EQ(table->enqueueFill(queue, memory, 7, 1, 64), qiaoDrvSuccess);
    EXPECT_EQ(table->queueSynchronize(queue), qiaoDrvSuccess);
    EXPECT_EQ(table->memFree(memory, QIAO_DRV_MEM_DEVICE), qiaoDrvSuccess);
    EXPECT_EQ(table->queueDestroy(queue), qiaoDrvSuccess);
  });
  EXPECT_THAT(lines, IsEmpty());
}

TEST(ValidateRuntime, AQueueUsedAfterDestroyIsReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(table->queueCreate(0, 0, 0, &queue), qiaoDrvSuccess);
  ASSERT_EQ(table->queueDestroy(queue), qiaoDrvSuccess);
  // Reported before the driver sees it; QIAO_VALIDATE_ABORT=1 stops there, so the driver never
  // touches the freed queue.
  EXPECT_DEATH(
      {
        setenv("QIAO_VALIDATE_ABORT", "1", 1);
        table->queueQuery(queue);
      },
      "qiao validate: runtime: queueQuery: queue 0x[0-9a-f]+ is not live \\(dead since "
      "queueDestroy\\)");
  int bogus = 0;
  EXPECT_DEATH(
      {
        setenv("QIAO_VALIDATE_ABORT", "1", 1);
        table->queueSynchronize(reinterpret_cast<qiaoDrvQueue>(&bogus));
      },
      "qiao validate: runtime: queueSynchronize: queue 0x[0-9a-f]+ is not live \\(never "
      "returned by the driver\\)");
}

TEST(ValidateRuntime, AnEventDestroyedTwiceIsReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  qiaoDrvEvent event = nullptr;
  ASSERT_EQ(table->eventCreate(0, &event), qiaoDrvSuccess);
  ASSERT_EQ(table->eventDestroy(event), qiaoDrvSuccess);
  // Reported before the driver sees it; QIAO_VALIDATE_ABORT=1 stops there, so the driver never
  // frees the event twice.
  EXPECT_DEATH(
      {
        setenv("QIAO_VALIDATE_ABORT", "1", 1);
        table->eventDestroy(event);
      },
      "qiao validate: runtime: eventDestroy: event 0x[0-9a-f]+ is not live \\(dead since "
      "eventDestroy\\)");
}

TEST(ValidateRuntime, AKernelOfOneDeviceLaunchedOnAQueueOfAnotherIsReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  const char ptx[] = ".version 9.0\n.target sm_80\n.address_size 64\n"
                     ".visible .entry k(.param .u32 a)\n{\n  ret;\n}\n";
  qiaoDrvModuleImage image{QIAO_DRV_SIZE_V2_MODULE_IMAGE, QIAO_DRV_FORMAT_PTX, ptx, sizeof ptx,
                           "validate test"};
  qiaoDrvModule module = nullptr;
  ASSERT_EQ(table->moduleLoad(1, &image, &module, nullptr, 0), qiaoDrvSuccess);
  qiaoDrvFunction function = nullptr;
  ASSERT_EQ(table->moduleGetFunction(module, "k", &function), qiaoDrvSuccess);
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(table->queueCreate(0, 0, 0, &queue), qiaoDrvSuccess);
  uint32_t argument = 5;
  qiaoDrvLaunch launch{};
  launch.structSize = QIAO_DRV_SIZE_V2_LAUNCH;
  launch.grid[0] = launch.grid[1] = launch.grid[2] = 1;
  launch.block[0] = launch.block[1] = launch.block[2] = 1;
  launch.params = &argument;
  launch.paramBytes = sizeof argument;
  auto lines = violationsOf([&] { table->enqueueLaunch(queue, function, &launch); });
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("runtime: enqueueLaunch: function 0x"));
  EXPECT_THAT(lines[0], HasSubstr(" of device 1 launched on queue 0x"));
  EXPECT_THAT(lines[0], HasSubstr(" of device 0"));
  EXPECT_EQ(table->queueSynchronize(queue), qiaoDrvSuccess);

  // The same launch with a struct from an older, smaller build is reported too.
  launch.structSize = 8;
  lines = violationsOf([&] { table->enqueueLaunch(queue, function, &launch); });
  EXPECT_THAT(lines, Contains(HasSubstr(
                         "runtime: enqueueLaunch: qiaoDrvLaunch.structSize is 8, below its ABI 2 "
                         "size")));
  EXPECT_EQ(table->queueDestroy(queue), qiaoDrvSuccess);
  // Functions die with their module.
  ASSERT_EQ(table->moduleUnload(module), qiaoDrvSuccess);
  EXPECT_DEATH(
      {
        setenv("QIAO_VALIDATE_ABORT", "1", 1);
        const char *name = nullptr;
        table->functionName(function, &name);
      },
      "qiao validate: runtime: functionName: function 0x[0-9a-f]+ is not live \\(dead since "
      "moduleUnload\\)");
}

TEST(ValidateRuntime, NullOutPointersAndBadDevicesAreReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  auto lines = violationsOf([&] {
    EXPECT_EQ(table->queueCreate(0, 0, 0, nullptr), qiaoDrvErrorInvalidValue);
    int32_t count = 0;
    table->deviceCount(&count);
    qiaoDrvQueue queue = nullptr;
    EXPECT_EQ(table->queueCreate(2, 0, 0, &queue), qiaoDrvErrorInvalidDevice);
  });
  EXPECT_THAT(lines, ElementsAre("qiao validate: runtime: queueCreate: queue is NULL",
                                 "qiao validate: runtime: queueCreate: device 2 does not exist "
                                 "(the driver has 2)"));
}

TEST(ValidateRuntime, FreeingWhatWasNotAllocatedIsReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  void *memory = nullptr;
  ASSERT_EQ(table->memAlloc(0, 64, QIAO_DRV_MEM_DEVICE, 0, &memory), qiaoDrvSuccess);
  auto lines = violationsOf([&] {
    table->memFree(static_cast<char *>(memory) + 8, QIAO_DRV_MEM_DEVICE);
    table->memFree(memory, QIAO_DRV_MEM_HOST);
  });
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("is not the start of a live allocation"));
  EXPECT_THAT(lines[1], HasSubstr("was allocated as kind 0, freed as kind 1"));
  EXPECT_EQ(table->memFree(memory, QIAO_DRV_MEM_DEVICE), qiaoDrvSuccess);
}

} // namespace
