// Events: flags, record/query/synchronize, ordering across streams, elapsed time rules.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <future>

namespace {

void waitFor(void *future) { static_cast<std::shared_future<void> *>(future)->wait(); }

TEST(Events, LifecycleAndFlags) {
  qiaoEvent_t e = nullptr;
  ASSERT_EQ(qiaoEventCreate(&e), qiaoSuccess);
  EXPECT_EQ(qiaoEventQuery(e), qiaoSuccess); // never recorded counts as complete
  EXPECT_EQ(qiaoEventSynchronize(e), qiaoSuccess);
  EXPECT_EQ(qiaoEventRecord(e, nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoEventSynchronize(e), qiaoSuccess);
  EXPECT_EQ(qiaoEventQuery(e), qiaoSuccess);
  EXPECT_EQ(qiaoEventRecordWithFlags(e, nullptr, 2), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoEventDestroy(e), qiaoSuccess);
  EXPECT_EQ(qiaoEventQuery(e), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoEventDestroy(e), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoEventCreateWithFlags(&e, 0x10), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoEventCreateWithFlags(&e, qiaoEventInterprocess), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoEventCreate(nullptr), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Events, PendingEventAndCrossStreamWait) {
  qiaoStream_t producer = nullptr, consumer = nullptr;
  ASSERT_EQ(qiaoStreamCreateWithFlags(&producer, qiaoStreamNonBlocking), qiaoSuccess);
  ASSERT_EQ(qiaoStreamCreateWithFlags(&consumer, qiaoStreamNonBlocking), qiaoSuccess);
  qiaoEvent_t e = nullptr;
  ASSERT_EQ(qiaoEventCreateWithFlags(&e, qiaoEventDisableTiming), qiaoSuccess);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_EQ(qiaoLaunchHostFunc(producer, waitFor, &released), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(e, producer), qiaoSuccess);
  ASSERT_EQ(qiaoStreamWaitEvent(consumer, e, 0), qiaoSuccess);
  bool consumed = false;
  ASSERT_EQ(qiaoLaunchHostFunc(
                consumer, [](void *flag) { *static_cast<bool *>(flag) = true; }, &consumed),
            qiaoSuccess);
  EXPECT_EQ(qiaoEventQuery(e), qiaoErrorNotReady);
  EXPECT_EQ(qiaoStreamQuery(consumer), qiaoErrorNotReady);
  release.set_value();
  ASSERT_EQ(qiaoStreamSynchronize(consumer), qiaoSuccess);
  EXPECT_TRUE(consumed);
  EXPECT_EQ(qiaoEventQuery(e), qiaoSuccess);
  EXPECT_EQ(qiaoStreamWaitEvent(consumer, e, 5), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoStreamWaitEvent(consumer, nullptr, 0), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoEventDestroy(e), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(producer), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(consumer), qiaoSuccess);
  qiaoGetLastError();
}

TEST(Events, ElapsedTimeRules) {
  qiaoEvent_t start = nullptr, stop = nullptr, untimed = nullptr;
  ASSERT_EQ(qiaoEventCreate(&start), qiaoSuccess);
  ASSERT_EQ(qiaoEventCreate(&stop), qiaoSuccess);
  ASSERT_EQ(qiaoEventCreateWithFlags(&untimed, qiaoEventDisableTiming), qiaoSuccess);
  float ms = -1;
  EXPECT_EQ(qiaoEventElapsedTime(&ms, start, stop), qiaoErrorInvalidResourceHandle); // unrecorded
  ASSERT_EQ(qiaoEventRecord(start, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(stop, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(untimed, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoEventSynchronize(stop), qiaoSuccess);
  ASSERT_EQ(qiaoEventElapsedTime(&ms, start, stop), qiaoSuccess);
  EXPECT_GE(ms, 0.0f);
  EXPECT_EQ(qiaoEventElapsedTime(&ms, start, untimed), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoEventElapsedTime(nullptr, start, stop), qiaoErrorInvalidValue);
  for (qiaoEvent_t e : {start, stop, untimed})
    EXPECT_EQ(qiaoEventDestroy(e), qiaoSuccess);
  qiaoGetLastError();
}

} // namespace
