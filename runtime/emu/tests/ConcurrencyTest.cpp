// Several host threads using the driver at once.
#include "EmuDriver.h"
#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace qiao::errc;

const qiaoDriverTable &emu() { return *qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION); }

constexpr int kThreads = 8;

TEST(EmuConcurrency, ThreadsAllocateFillAndCopyOnTheirOwnQueues) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t, &failures] {
      qiaoDrvQueue queue = nullptr;
      if (emu().queueCreate(0, 0, 0, &queue) != qiaoSuccess)
        return void(failures++);
      for (uint32_t round = 0; round < 50; ++round) {
        void *device = nullptr;
        uint32_t host[16] = {};
        const uint32_t value = uint32_t(t) << 16 | round;
        if (emu().memAlloc(0, sizeof(host), QIAO_DRV_MEM_DEVICE, 0, &device) != qiaoSuccess ||
            emu().enqueueFill(queue, device, value, 4, 16) != qiaoSuccess ||
            emu().enqueueCopy(queue, host, device, sizeof(host), QIAO_DRV_COPY_DEVICE_TO_HOST) !=
                qiaoSuccess ||
            emu().queueSynchronize(queue) != qiaoSuccess)
          failures++;
        for (uint32_t word : host)
          if (word != value)
            failures++;
        if (emu().memFree(device, QIAO_DRV_MEM_DEVICE) != qiaoSuccess)
          failures++;
      }
      if (emu().queueDestroy(queue) != qiaoSuccess)
        failures++;
    });
  for (auto &thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
  uint64_t freeBytes = 0, total = 0;
  ASSERT_EQ(emu().memInfo(0, &freeBytes, &total), qiaoSuccess);
  EXPECT_EQ(freeBytes, total);
}

struct Ordered {
  std::mutex mutex;
  std::vector<std::vector<int>> seen = std::vector<std::vector<int>>(kThreads);
};
struct Tag {
  Ordered *ordered;
  int thread;
  int index;
};
void recordTag(void *data) {
  auto *tag = static_cast<Tag *>(data);
  std::lock_guard lock(tag->ordered->mutex);
  tag->ordered->seen[tag->thread].push_back(tag->index);
}

TEST(EmuConcurrency, OneQueueKeepsEachThreadsOrder) {
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  constexpr int kPerThread = 200;
  Ordered ordered;
  std::vector<std::vector<Tag>> tags(kThreads);
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kPerThread; ++i)
      tags[t].push_back({&ordered, t, i});
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (Tag &tag : tags[t])
        if (emu().enqueueHostFn(queue, recordTag, &tag) != qiaoSuccess)
          failures++;
    });
  for (auto &thread : threads)
    thread.join();
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  EXPECT_EQ(failures.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(ordered.seen[t].size(), size_t(kPerThread)) << t;
    for (int i = 0; i < kPerThread; ++i)
      EXPECT_EQ(ordered.seen[t][i], i) << t;
  }
  EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
}

TEST(EmuConcurrency, EventsRecordedAndQueriedFromManyThreads) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&failures] {
      qiaoDrvQueue queue = nullptr;
      qiaoDrvEvent start = nullptr, stop = nullptr;
      if (emu().queueCreate(0, 0, 0, &queue) || emu().eventCreate(0, &start) ||
          emu().eventCreate(0, &stop))
        return void(failures++);
      for (int round = 0; round < 50; ++round) {
        float ms = -1;
        if (emu().enqueueEventRecord(queue, start) || emu().enqueueEventRecord(queue, stop) ||
            emu().eventSynchronize(stop) || emu().eventElapsed(start, stop, &ms) || ms < 0)
          failures++;
      }
      if (emu().eventDestroy(start) || emu().eventDestroy(stop) || emu().queueDestroy(queue))
        failures++;
    });
  for (auto &thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
}

} // namespace
