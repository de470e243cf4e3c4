// deviceReset: waits for the device's work, then forgets every handle and allocation.
#include "EmuDriver.h"
#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

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
void count(void *data) { static_cast<std::atomic<int> *>(data)->fetch_add(1); }

TEST(EmuDeviceReset, WaitsForWorkThenDropsEverything) {
  void *device = nullptr, *pinned = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 1 << 16, QIAO_DRV_MEM_DEVICE, 0, &device), qiaoSuccess);
  ASSERT_EQ(emu().memAlloc(0, 256, QIAO_DRV_MEM_HOST, 0, &pinned), qiaoSuccess);
  std::vector<char> host(128);
  ASSERT_EQ(emu().memRegister(host.data(), host.size(), 0), qiaoSuccess);
  qiaoDrvQueue queue = nullptr;
  qiaoDrvEvent event = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  ASSERT_EQ(emu().eventCreate(0, &event), qiaoSuccess);
  ASSERT_EQ(emu().setLimit(0, QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE, 4096), qiaoSuccess);

  Gate gate;
  std::atomic<int> ran{0};
  ASSERT_EQ(emu().enqueueHostFn(queue, waitAtGate, &gate), qiaoSuccess);
  ASSERT_EQ(emu().enqueueHostFn(queue, count, &ran), qiaoSuccess);
  ASSERT_EQ(emu().enqueueEventRecord(queue, event), qiaoSuccess);
  gate.reached.wait();
  std::thread opener([&] { gate.opened.set_value(); });
  ASSERT_EQ(emu().deviceReset(0), qiaoSuccess);
  opener.join();
  EXPECT_EQ(ran.load(), 1); // the queued work finished before the queue went away

  auto info = qiao::seamStruct<qiaoDrvPointerInfo>();
  EXPECT_EQ(emu().pointerInfo(device, &info), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().pointerInfo(pinned, &info), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().pointerInfo(host.data(), &info), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memFree(device, QIAO_DRV_MEM_DEVICE), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().queueQuery(queue), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().eventQuery(event), qiaoErrorInvalidResourceHandle);
  uint64_t freeBytes = 0, total = 0, fifo = 0;
  ASSERT_EQ(emu().memInfo(0, &freeBytes, &total), qiaoSuccess);
  EXPECT_EQ(freeBytes, total);
  ASSERT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE, &fifo), qiaoSuccess);
  EXPECT_EQ(fifo, 1u << 20);
  // Registration works again on the same memory: the old one is gone.
  EXPECT_EQ(emu().memRegister(host.data(), host.size(), 0), qiaoSuccess);
  EXPECT_EQ(emu().memUnregister(host.data()), qiaoSuccess);
  EXPECT_EQ(emu().deviceReset(1), qiaoErrorInvalidDevice);
}

TEST(EmuDeviceReset, DeviceIsUsableAfterReset) {
  ASSERT_EQ(emu().deviceReset(0), qiaoSuccess);
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
  void *device = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 16, QIAO_DRV_MEM_DEVICE, 0, &device), qiaoSuccess);
  uint32_t out = 0;
  ASSERT_EQ(emu().enqueueFill(queue, device, 0xabcdef01, 4, 1), qiaoSuccess);
  ASSERT_EQ(emu().enqueueCopy(queue, &out, device, 4, QIAO_DRV_COPY_HOST_TO_HOST), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  EXPECT_EQ(out, 0xabcdef01u);
  ASSERT_EQ(emu().deviceReset(0), qiaoSuccess);
}

} // namespace
