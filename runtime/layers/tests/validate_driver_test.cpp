// The validate layer over libqiao-driver-misbehave.so: each answer against the contract is one
// line naming the driver as the culprit.
#include "LayerTestSupport.h"

#include <gmock/gmock.h>

namespace {

using qiao::layers::testing::openChain;
using qiao::layers::testing::violationsOf;
using ::testing::ElementsAre;

const qiaoDriverTable *validated() { return openChain("validate:misbehave"); }

TEST(ValidateDriver, ACodeOutsideTheSlotsListIsReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  auto lines = violationsOf([&] {
    void *memory = nullptr;
    EXPECT_EQ(table->memAlloc(0, 64, QIAO_DRV_MEM_DEVICE, 0, &memory), qiaoDrvErrorInvalidPtx);
  });
  EXPECT_THAT(lines, ElementsAre("qiao validate: driver: memAlloc: returned "
                                 "qiaoDrvErrorInvalidPtx (218), which its contract does not "
                                 "list"));
}

TEST(ValidateDriver, SuccessWithoutTheHandleIsReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  auto lines = violationsOf([&] {
    qiaoDrvQueue queue = nullptr;
    table->queueCreate(0, 0, 0, &queue);
  });
  EXPECT_THAT(
      lines,
      ElementsAre("qiao validate: driver: queueCreate: succeeded but returned a NULL queue"));
}

TEST(ValidateDriver, AHandleReturnedWhileStillLiveIsReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  qiaoDrvEvent first = nullptr, second = nullptr;
  auto lines = violationsOf([&] {
    table->eventCreate(0, &first);
    table->eventCreate(0, &second);
  });
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], ::testing::MatchesRegex("qiao validate: driver: eventCreate: returned "
                                                "event 0x[0-9a-f]+, which is still live"));
}

TEST(ValidateDriver, AnOutputStructSizeOverwrittenIsReported) {
  const qiaoDriverTable *table = validated();
  ASSERT_NE(table, nullptr);
  qiaoDrvDeviceInfo info{};
  info.structSize = sizeof info;
  auto lines = violationsOf([&] { table->deviceInfo(0, &info); });
  EXPECT_THAT(lines, ElementsAre("qiao validate: driver: deviceInfo: changed the output struct's "
                                 "structSize from " +
                                 std::to_string(sizeof info) + " to 12"));
}

} // namespace
