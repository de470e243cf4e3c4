// Slots enqueueEventRecord, enqueueEventWait, eventCreate, eventDestroy, eventQuery,
// eventSynchronize, eventElapsed.
#include "CtsDriver.h"

#include <atomic>
#include <thread>

namespace {

using qiao::cts::driver;
using qiao::cts::Event;
using qiao::cts::eventually;
using qiao::cts::Queue;

constexpr uint32_t kDisableTiming = 0x2;

struct Gate {
  std::atomic<bool> open{false};
  static void wait(void *self) {
    while (!static_cast<Gate *>(self)->open)
      std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
};

void sleepMs(void *ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(*static_cast<int *>(ms)));
}

TEST(eventCreate, CreatesDistinctEvents) {
  Event a, b(kDisableTiming);
  EXPECT_NE(a.handle, nullptr);
  EXPECT_NE(b.handle, nullptr);
  EXPECT_NE(a.handle, b.handle);
}

TEST(eventCreate, BadArgumentsAreRefused) {
  qiaoDrvEvent event = nullptr;
  EXPECT_EQ(driver().eventCreate(0, nullptr), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().eventCreate(0x80, &event), qiaoDrvErrorInvalidValue);
}

TEST(eventDestroy, DestroysARecordedEvent) {
  qiaoDrvEvent event = nullptr;
  ASSERT_EQ(driver().eventCreate(0, &event), qiaoDrvSuccess);
  Queue queue;
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, event), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  EXPECT_EQ(driver().eventDestroy(event), qiaoDrvSuccess);
}

TEST(eventQuery, AnEventNeverRecordedIsComplete) {
  Event event;
  EXPECT_EQ(driver().eventQuery(event.handle), qiaoDrvSuccess);
  EXPECT_EQ(driver().eventSynchronize(event.handle), qiaoDrvSuccess);
}

TEST(enqueueEventRecord, CompletesWhenTheQueueReachesIt) {
  Queue queue;
  Event event;
  Gate gate;
  ASSERT_EQ(driver().enqueueHostFn(queue.handle, Gate::wait, &gate), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, event.handle), qiaoDrvSuccess);
  EXPECT_EQ(driver().eventQuery(event.handle), qiaoDrvErrorNotReady);
  gate.open = true;
  EXPECT_EQ(driver().eventSynchronize(event.handle), qiaoDrvSuccess);
  EXPECT_EQ(driver().eventQuery(event.handle), qiaoDrvSuccess);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
}

TEST(eventSynchronize, WaitsForTheLatestRecord) {
  Queue queue;
  Event event;
  std::atomic<int> done{0};
  auto slow = [](void *counter) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ++*static_cast<std::atomic<int> *>(counter);
  };
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, event.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueHostFn(queue.handle, slow, &done), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, event.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().eventSynchronize(event.handle), qiaoDrvSuccess);
  EXPECT_EQ(done.load(), 1);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
}

TEST(enqueueEventWait, AQueueWaitsForARecordOnAnotherQueue) {
  Queue producer, consumer;
  Event event;
  Gate gate;
  std::atomic<bool> consumed{false};
  auto consume = [](void *flag) { *static_cast<std::atomic<bool> *>(flag) = true; };
  ASSERT_EQ(driver().enqueueHostFn(producer.handle, Gate::wait, &gate), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventRecord(producer.handle, event.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventWait(consumer.handle, event.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueHostFn(consumer.handle, consume, &consumed), qiaoDrvSuccess);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(consumed.load()) << "the consumer ran before the producer's record";
  EXPECT_EQ(driver().queueQuery(consumer.handle), qiaoDrvErrorNotReady);
  gate.open = true;
  EXPECT_EQ(driver().queueSynchronize(consumer.handle), qiaoDrvSuccess);
  EXPECT_TRUE(consumed.load());
}

TEST(enqueueEventWait, AnEventNeverRecordedDoesNotHoldTheQueue) {
  Queue queue;
  Event event;
  ASSERT_EQ(driver().enqueueEventWait(queue.handle, event.handle), qiaoDrvSuccess);
  EXPECT_TRUE(eventually([&] { return driver().queueQuery(queue.handle) == qiaoDrvSuccess; }));
}

TEST(enqueueEventWait, ALaterRecordDoesNotMoveTheWait) {
  Queue producer, consumer;
  Event event;
  ASSERT_EQ(driver().enqueueEventRecord(producer.handle, event.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(producer.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventWait(consumer.handle, event.handle), qiaoDrvSuccess);
  // Re-recorded behind a closed gate after the wait was queued: the consumer must not wait.
  Gate gate;
  ASSERT_EQ(driver().enqueueHostFn(producer.handle, Gate::wait, &gate), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventRecord(producer.handle, event.handle), qiaoDrvSuccess);
  EXPECT_TRUE(eventually([&] { return driver().queueQuery(consumer.handle) == qiaoDrvSuccess; },
                         std::chrono::milliseconds(2000)));
  gate.open = true;
  EXPECT_EQ(driver().queueSynchronize(producer.handle), qiaoDrvSuccess);
}

TEST(eventElapsed, MeasuresTheTimeBetweenTwoRecords) {
  Queue queue;
  Event start, end;
  int ms = 20;
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, start.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueHostFn(queue.handle, sleepMs, &ms), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, end.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().eventSynchronize(end.handle), qiaoDrvSuccess);
  float elapsed = -1;
  ASSERT_EQ(driver().eventElapsed(start.handle, end.handle, &elapsed), qiaoDrvSuccess);
  EXPECT_GE(elapsed, 19.0f);
  EXPECT_LT(elapsed, 5000.0f);
}

TEST(eventElapsed, BadArgumentsAreRefused) {
  Queue queue;
  Event start, end, untimed(kDisableTiming);
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, start.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, untimed.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  float ms = 0;
  EXPECT_EQ(driver().eventElapsed(start.handle, untimed.handle, &ms),
            qiaoDrvErrorInvalidResourceHandle);
  EXPECT_EQ(driver().eventElapsed(start.handle, start.handle, nullptr), qiaoDrvErrorInvalidValue);
  Gate gate;
  ASSERT_EQ(driver().enqueueHostFn(queue.handle, Gate::wait, &gate), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventRecord(queue.handle, end.handle), qiaoDrvSuccess);
  EXPECT_EQ(driver().eventElapsed(start.handle, end.handle, &ms), qiaoDrvErrorNotReady);
  gate.open = true;
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
}

} // namespace
