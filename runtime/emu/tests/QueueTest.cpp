// Queues: FIFO order, asynchrony, NotReady, destruction.
#include "EmuDriver.h"
#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace qiao::errc;

const qiaoDriverTable &emu() { return *qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION); }

// Host functions that the tests enqueue; userData points at one of these.
struct Log {
  std::mutex mutex;
  std::vector<int> entries;
};
struct LogEntry {
  Log *log;
  int value;
};
void appendEntry(void *data) {
  auto *entry = static_cast<LogEntry *>(data);
  std::lock_guard lock(entry->log->mutex);
  entry->log->entries.push_back(entry->value);
}

// Blocks the worker until the test releases it.
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

TEST(EmuQueue, CreateRejectsBadArguments) {
  qiaoDrvQueue queue = nullptr;
  EXPECT_EQ(emu().queueCreate(0, 0x2, 0, &queue), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().queueCreate(0, 0, 0, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().queueCreate(3, 0, 0, &queue), qiaoErrorInvalidDevice);
  ASSERT_EQ(emu().queueCreate(0, 1, -100, &queue), qiaoSuccess); // priority is clamped
  EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
  EXPECT_EQ(emu().queueDestroy(queue), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().queueQuery(queue), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().queueSynchronize(nullptr), qiaoErrorInvalidResourceHandle);
}

TEST(EmuQueue, EmptyQueueIsReady) {
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  EXPECT_EQ(emu().queueQuery(queue), qiaoSuccess);
  EXPECT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
}

TEST(EmuQueue, HostFunctionsRunInOrderOnOneWorker) {
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  Log log;
  std::vector<LogEntry> entries;
  for (int i = 0; i < 500; ++i)
    entries.push_back({&log, i});
  for (auto &entry : entries)
    ASSERT_EQ(emu().enqueueHostFn(queue, appendEntry, &entry), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  ASSERT_EQ(log.entries.size(), 500u);
  for (int i = 0; i < 500; ++i)
    EXPECT_EQ(log.entries[i], i);
  EXPECT_EQ(emu().enqueueHostFn(queue, nullptr, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
}

// Each step copies the running value forward and checks it at a host function: any reordering
// of copies, fills and host functions changes what a check sees.
struct Check {
  const uint32_t *where;
  uint32_t expected;
  std::atomic<int> *mismatches;
};
void checkValue(void *data) {
  auto *check = static_cast<Check *>(data);
  if (*check->where != check->expected)
    check->mismatches->fetch_add(1);
}

TEST(EmuQueue, MixedWorkKeepsFifoOrder) {
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  void *device = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 8, QIAO_DRV_MEM_DEVICE, 0, &device), qiaoSuccess);
  auto *words = static_cast<uint32_t *>(device);
  uint32_t host = 0;
  std::atomic<int> mismatches{0};
  std::vector<Check> checks;
  checks.reserve(400);
  for (uint32_t i = 0; i < 200; ++i) {
    ASSERT_EQ(emu().enqueueFill(queue, &words[0], i * 7 + 1, 4, 1), qiaoSuccess);
    checks.push_back({&words[0], i * 7 + 1, &mismatches});
    ASSERT_EQ(emu().enqueueHostFn(queue, checkValue, &checks.back()), qiaoSuccess);
    ASSERT_EQ(emu().enqueueCopy(queue, &words[1], &words[0], 4, QIAO_DRV_COPY_HOST_TO_HOST),
              qiaoSuccess);
    ASSERT_EQ(emu().enqueueCopy(queue, &host, &words[1], 4, QIAO_DRV_COPY_HOST_TO_HOST),
              qiaoSuccess);
    checks.push_back({&host, i * 7 + 1, &mismatches});
    ASSERT_EQ(emu().enqueueHostFn(queue, checkValue, &checks.back()), qiaoSuccess);
  }
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(host, 199u * 7 + 1);
  EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
  EXPECT_EQ(emu().memFree(device, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
}

TEST(EmuQueue, EnqueueReturnsWhileWorkIsPendingAndQueryIsNotReady) {
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  Gate gate;
  Log log;
  LogEntry after{&log, 1};
  ASSERT_EQ(emu().enqueueHostFn(queue, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queue, appendEntry, &after), qiaoSuccess);
  gate.reached.wait();
  EXPECT_EQ(emu().queueQuery(queue), qiaoErrorNotReady);
  {
    std::lock_guard lock(log.mutex);
    EXPECT_TRUE(log.entries.empty());
  }
  gate.opened.set_value();
  EXPECT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  EXPECT_EQ(emu().queueQuery(queue), qiaoSuccess);
  EXPECT_EQ(log.entries, std::vector<int>{1});
  EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
}

TEST(EmuQueue, DestroyWaitsForPendingWork) {
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  Gate gate;
  Log log;
  LogEntry last{&log, 9};
  ASSERT_EQ(emu().enqueueHostFn(queue, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queue, appendEntry, &last), qiaoSuccess);
  gate.reached.wait();
  std::thread opener([&] { gate.opened.set_value(); });
  EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
  opener.join();
  EXPECT_EQ(log.entries, std::vector<int>{9}); // destroy returned only after the work ran
}

TEST(EmuQueue, QueuesRunIndependently) {
  // A blocked queue does not hold up another one.
  qiaoDrvQueue blocked = nullptr, free = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &blocked), qiaoSuccess);
  ASSERT_EQ(emu().queueCreate(0, 1, 0, &free), qiaoSuccess);
  Gate gate;
  Log log;
  LogEntry entry{&log, 5};
  ASSERT_EQ(emu().enqueueHostFn(blocked, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(free, appendEntry, &entry), qiaoSuccess);
  EXPECT_EQ(emu().queueSynchronize(free), qiaoSuccess);
  EXPECT_EQ(log.entries, std::vector<int>{5});
  EXPECT_EQ(emu().queueQuery(blocked), qiaoErrorNotReady);
  gate.opened.set_value();
  EXPECT_EQ(emu().queueDestroy(blocked), qiaoSuccess);
  EXPECT_EQ(emu().queueDestroy(free), qiaoSuccess);
}

} // namespace
