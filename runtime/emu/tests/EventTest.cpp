// Events: flags, query and synchronize, timing, and waits between queues.
#include "EmuDriver.h"
#include "support/ErrorCodes.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace {

using namespace qiao::errc;

const qiaoDriverTable &emu() { return *qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION); }

struct Gate {
  std::promise<void> opened;
  std::shared_future<void> open = opened.get_future().share();
  std::promise<void> reachedPromise;
  std::future<void> reached = reachedPromise.get_future();
};
void waitAtGate(void *data) {
  auto *gate = static_cast<Gate *>(data);
  gate->reachedPromise.set_value();
  gate->open.wait();
}

// Runs on the worker for at least one millisecond of steady_clock time (measured, not slept).
void spinOneMillisecond(void *) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1)) {
  }
}

class EmuEvents : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(emu().queueCreate(0, 0, 0, &queueA), qiaoSuccess);
    ASSERT_EQ(emu().queueCreate(0, 0, 0, &queueB), qiaoSuccess);
  }
  void TearDown() override {
    EXPECT_EQ(emu().queueDestroy(queueA), qiaoSuccess);
    EXPECT_EQ(emu().queueDestroy(queueB), qiaoSuccess);
  }
  qiaoDrvEvent event(uint32_t flags = 0) {
    qiaoDrvEvent created = nullptr;
    EXPECT_EQ(emu().eventCreate(flags, &created), qiaoSuccess);
    return created;
  }
  qiaoDrvQueue queueA = nullptr, queueB = nullptr;
};

TEST_F(EmuEvents, CreateAcceptsCudaFlagsOnly) {
  qiaoDrvEvent e = nullptr;
  for (uint32_t flags : {0u, 1u, 2u, 3u, 6u, 7u}) {
    ASSERT_EQ(emu().eventCreate(flags, &e), qiaoSuccess) << flags;
    EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
  }
  EXPECT_EQ(emu().eventCreate(0x8, &e), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().eventCreate(0x4, &e), qiaoErrorInvalidValue); // interprocess needs no timing
  EXPECT_EQ(emu().eventCreate(0, nullptr), qiaoErrorInvalidValue);
  ASSERT_EQ(emu().eventCreate(0, &e), qiaoSuccess);
  EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
  EXPECT_EQ(emu().eventDestroy(e), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().eventQuery(e), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().enqueueEventRecord(queueA, e), qiaoErrorInvalidResourceHandle);
}

TEST_F(EmuEvents, NeverRecordedEventIsComplete) {
  qiaoDrvEvent e = event();
  EXPECT_EQ(emu().eventQuery(e), qiaoSuccess);
  EXPECT_EQ(emu().eventSynchronize(e), qiaoSuccess);
  EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
}

TEST_F(EmuEvents, PendingRecordIsNotReadyUntilTheQueueReachesIt) {
  qiaoDrvEvent e = event();
  Gate gate;
  ASSERT_EQ(emu().enqueueHostFn(queueA, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queueA, e), qiaoSuccess);
  gate.reached.wait();
  EXPECT_EQ(emu().eventQuery(e), qiaoErrorNotReady);
  gate.opened.set_value();
  EXPECT_EQ(emu().eventSynchronize(e), qiaoSuccess);
  EXPECT_EQ(emu().eventQuery(e), qiaoSuccess);
  EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
}

TEST_F(EmuEvents, ElapsedTimeFollowsRecordOrder) {
  qiaoDrvEvent first = event(), second = event(), third = event();
  ASSERT_EQ(emu().enqueueEventRecord(queueA, first), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queueA, spinOneMillisecond, nullptr), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queueA, second), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queueA, third), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queueA), qiaoSuccess);
  float firstToSecond = -1, secondToThird = -1, firstToThird = -1, backwards = 1;
  ASSERT_EQ(emu().eventElapsed(first, second, &firstToSecond), qiaoSuccess);
  ASSERT_EQ(emu().eventElapsed(second, third, &secondToThird), qiaoSuccess);
  ASSERT_EQ(emu().eventElapsed(first, third, &firstToThird), qiaoSuccess);
  ASSERT_EQ(emu().eventElapsed(third, first, &backwards), qiaoSuccess);
  EXPECT_GE(firstToSecond, 1.0f);
  EXPECT_GE(secondToThird, 0.0f);
  EXPECT_GE(firstToThird, firstToSecond);
  EXPECT_LE(backwards, -firstToSecond);
  float self = -1;
  ASSERT_EQ(emu().eventElapsed(second, second, &self), qiaoSuccess);
  EXPECT_EQ(self, 0.0f);
  for (qiaoDrvEvent e : {first, second, third})
    EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
}

TEST_F(EmuEvents, ElapsedTimeErrorsFollowCuda) {
  qiaoDrvEvent timed = event(), untimed = event(0x2), never = event(), pending = event();
  ASSERT_EQ(emu().enqueueEventRecord(queueA, timed), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queueA, untimed), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queueA), qiaoSuccess);
  float ms = 0;
  EXPECT_EQ(emu().eventElapsed(timed, untimed, &ms), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().eventElapsed(untimed, timed, &ms), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().eventElapsed(timed, never, &ms), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().eventElapsed(never, timed, &ms), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().eventElapsed(timed, timed, nullptr), qiaoErrorInvalidValue);

  Gate gate;
  ASSERT_EQ(emu().enqueueHostFn(queueB, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queueB, pending), qiaoSuccess);
  EXPECT_EQ(emu().eventElapsed(timed, pending, &ms), qiaoErrorNotReady);
  EXPECT_EQ(emu().eventElapsed(pending, timed, &ms), qiaoErrorNotReady);
  gate.opened.set_value();
  EXPECT_EQ(emu().eventSynchronize(pending), qiaoSuccess);
  EXPECT_EQ(emu().eventElapsed(timed, pending, &ms), qiaoSuccess);
  EXPECT_GE(ms, 0.0f);
  for (qiaoDrvEvent e : {timed, untimed, never, pending})
    EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
}

struct OrderProbe {
  std::atomic<bool> aFinished{false};
  std::atomic<bool> bSawAFinished{false};
};
void markAFinished(void *data) { static_cast<OrderProbe *>(data)->aFinished = true; }
void observeA(void *data) {
  auto *probe = static_cast<OrderProbe *>(data);
  probe->bSawAFinished = probe->aFinished.load();
}

TEST_F(EmuEvents, WaitHoldsAnotherQueueUntilTheRecordCompletes) {
  qiaoDrvEvent e = event();
  Gate gate;
  OrderProbe probe;
  ASSERT_EQ(emu().enqueueHostFn(queueA, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queueA, markAFinished, &probe), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queueA, e), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventWait(queueB, e), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queueB, observeA, &probe), qiaoSuccess);
  gate.reached.wait();
  EXPECT_EQ(emu().queueQuery(queueB), qiaoErrorNotReady);
  gate.opened.set_value();
  EXPECT_EQ(emu().queueSynchronize(queueB), qiaoSuccess);
  EXPECT_TRUE(probe.bSawAFinished.load());
  EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
}

TEST_F(EmuEvents, WaitOnNeverRecordedEventDoesNothing) {
  qiaoDrvEvent e = event();
  OrderProbe probe;
  ASSERT_EQ(emu().enqueueEventWait(queueB, e), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queueB, markAFinished, &probe), qiaoSuccess);
  EXPECT_EQ(emu().queueSynchronize(queueB), qiaoSuccess);
  EXPECT_TRUE(probe.aFinished.load());
  EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
}

TEST_F(EmuEvents, WaitTargetsTheRecordLatestAtEnqueue) {
  // B waits for the record held up on A; re-recording the event on an idle queue afterwards
  // must not release B early.
  qiaoDrvEvent e = event();
  qiaoDrvQueue idle = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &idle), qiaoSuccess);
  Gate gate;
  OrderProbe probe;
  ASSERT_EQ(emu().enqueueHostFn(queueA, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queueA, markAFinished, &probe), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queueA, e), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventWait(queueB, e), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queueB, observeA, &probe), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(idle, e), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(idle), qiaoSuccess);
  EXPECT_EQ(emu().eventQuery(e), qiaoSuccess); // the latest record is the idle queue's
  EXPECT_EQ(emu().queueQuery(queueB), qiaoErrorNotReady);
  gate.opened.set_value();
  EXPECT_EQ(emu().queueSynchronize(queueB), qiaoSuccess);
  EXPECT_TRUE(probe.bSawAFinished.load());
  EXPECT_EQ(emu().queueDestroy(idle), qiaoSuccess);
  EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
}

TEST_F(EmuEvents, DestroyingAnEventWithAPendingRecordIsSafe) {
  qiaoDrvEvent e = event();
  Gate gate;
  ASSERT_EQ(emu().enqueueHostFn(queueA, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queueA, e), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventWait(queueB, e), qiaoSuccess);
  EXPECT_EQ(emu().eventDestroy(e), qiaoSuccess);
  gate.opened.set_value();
  EXPECT_EQ(emu().queueSynchronize(queueA), qiaoSuccess);
  EXPECT_EQ(emu().queueSynchronize(queueB), qiaoSuccess);
}

} // namespace
