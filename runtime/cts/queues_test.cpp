// Slots queueCreate, queueDestroy, enqueueCopy, enqueueCopy2D, enqueueFill, enqueueHostFn,
// queueQuery, queueSynchronize.
#include "CtsDriver.h"

#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using qiao::cts::driver;
using qiao::cts::eventually;
using qiao::cts::Memory;
using qiao::cts::Queue;

// A host function that holds its queue until released: what follows it stays pending.
struct Gate {
  std::atomic<bool> open{false};
  std::atomic<bool> reached{false};
  static void wait(void *self) {
    auto *gate = static_cast<Gate *>(self);
    gate->reached = true;
    while (!gate->open)
      std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
};

struct Order {
  std::mutex mutex;
  std::vector<int> seen;
  void add(int value) {
    std::lock_guard lock(mutex);
    seen.push_back(value);
  }
};

template <int N> void note(void *order) { static_cast<Order *>(order)->add(N); }

TEST(queueCreate, CreatesQueuesOnEveryDevice) {
  int32_t devices = 0;
  ASSERT_EQ(driver().deviceCount(&devices), qiaoDrvSuccess);
  for (int32_t device = 0; device < devices; ++device) {
    Queue plain(device), nonBlocking(device, 0x1);
    EXPECT_NE(plain.handle, nullptr);
    EXPECT_NE(nonBlocking.handle, nullptr);
    EXPECT_NE(plain.handle, nonBlocking.handle);
  }
}

TEST(queueCreate, BadArgumentsAreRefused) {
  int32_t devices = 0;
  ASSERT_EQ(driver().deviceCount(&devices), qiaoDrvSuccess);
  qiaoDrvQueue queue = nullptr;
  EXPECT_EQ(driver().queueCreate(0, 0, 0, nullptr), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().queueCreate(0, 0x80, 0, &queue), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().queueCreate(devices, 0, 0, &queue), qiaoDrvErrorInvalidDevice);
}

TEST(queueDestroy, WaitsForTheQueuedWork) {
  qiaoDrvQueue queue = nullptr;
  ASSERT_EQ(driver().queueCreate(0, 0, 0, &queue), qiaoDrvSuccess);
  Gate gate;
  Order order;
  ASSERT_EQ(driver().enqueueHostFn(queue, Gate::wait, &gate), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueHostFn(queue, note<1>, &order), qiaoDrvSuccess);
  std::thread opener([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    gate.open = true;
  });
  EXPECT_EQ(driver().queueDestroy(queue), qiaoDrvSuccess);
  opener.join();
  EXPECT_EQ(order.seen, std::vector<int>{1}) << "queueDestroy returned before the work ran";
}

TEST(enqueueCopy, CopiesInEveryDirection) {
  std::vector<char> in(4096), out(4096, 0), staging(4096, 0);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = char(i * 7 + 1);
  Memory a(4096), b(4096);
  Queue queue;
  ASSERT_EQ(driver().enqueueCopy(queue.handle, staging.data(), in.data(), 4096,
                                 QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoDrvSuccess);
  ASSERT_EQ(
      driver().enqueueCopy(queue.handle, a.ptr, staging.data(), 4096, QIAO_DRV_COPY_HOST_TO_DEVICE),
      qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueCopy(queue.handle, b.ptr, a.ptr, 4096, QIAO_DRV_COPY_DEVICE_TO_DEVICE),
            qiaoDrvSuccess);
  ASSERT_EQ(
      driver().enqueueCopy(queue.handle, out.data(), b.ptr, 4096, QIAO_DRV_COPY_DEVICE_TO_HOST),
      qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  EXPECT_EQ(in, out);
}

TEST(enqueueCopy, ZeroBytesIsNothingToDo) {
  Queue queue;
  EXPECT_EQ(driver().enqueueCopy(queue.handle, nullptr, nullptr, 0, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoDrvSuccess);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
}

TEST(enqueueCopy, BadArgumentsAreRefused) {
  Queue queue;
  char host[16] = {};
  EXPECT_EQ(driver().enqueueCopy(queue.handle, nullptr, host, 16, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().enqueueCopy(queue.handle, host, nullptr, 16, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoDrvErrorInvalidValue);
  EXPECT_EQ(
      driver().enqueueCopy(queue.handle, host, host + 8, 8, static_cast<qiaoDrvCopyDirection>(7)),
      qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
}

TEST(enqueueCopy2D, CopiesRowsBetweenPitches) {
  // 4 rows of 10 bytes, from a pitch of 16 to a pitch of 32.
  std::vector<char> in(4 * 16), out(4 * 32, 0);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = char(i + 1);
  Memory device(4 * 32);
  Queue queue;
  ASSERT_EQ(driver().enqueueFill(queue.handle, device.ptr, 0, 1, 4 * 32), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueCopy2D(queue.handle, device.ptr, 32, in.data(), 16, 10, 4,
                                   QIAO_DRV_COPY_HOST_TO_DEVICE),
            qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueCopy(queue.handle, out.data(), device.ptr, out.size(),
                                 QIAO_DRV_COPY_DEVICE_TO_HOST),
            qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  for (int row = 0; row < 4; ++row)
    for (int column = 0; column < 32; ++column)
      EXPECT_EQ(out[row * 32 + column], column < 10 ? in[row * 16 + column] : 0)
          << row << "," << column;
}

TEST(enqueueCopy2D, AWidthAboveAPitchIsInvalidValue) {
  Queue queue;
  char a[64], b[64];
  EXPECT_EQ(driver().enqueueCopy2D(queue.handle, a, 8, b, 16, 12, 2, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
}

TEST(enqueueFill, FillsElementsOfOneTwoAndFourBytes) {
  Memory device(64);
  Queue queue;
  for (uint32_t size : {1u, 2u, 4u}) {
    std::vector<unsigned char> out(64, 0);
    ASSERT_EQ(driver().enqueueFill(queue.handle, device.ptr, 0, 1, 64), qiaoDrvSuccess);
    ASSERT_EQ(driver().enqueueFill(queue.handle, device.ptr, 0xA1B2C3D4u, size, 32 / size),
              qiaoDrvSuccess);
    ASSERT_EQ(driver().enqueueCopy(queue.handle, out.data(), device.ptr, 64,
                                   QIAO_DRV_COPY_DEVICE_TO_HOST),
              qiaoDrvSuccess);
    ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
    const unsigned char pattern[4] = {0xD4, 0xC3, 0xB2, 0xA1}; // little-endian low bytes
    for (size_t i = 0; i < 64; ++i)
      EXPECT_EQ(out[i], i < 32 ? pattern[i % size] : 0) << "element size " << size << " byte " << i;
  }
}

TEST(enqueueFill, AnElementSizeOtherThanOneTwoOrFourIsInvalidValue) {
  Memory device(64);
  Queue queue;
  EXPECT_EQ(driver().enqueueFill(queue.handle, device.ptr, 0, 3, 4), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().enqueueFill(queue.handle, device.ptr, 0, 8, 4), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
}

TEST(enqueueHostFn, RunsInQueueOrderAfterEarlierWork) {
  Queue queue;
  Order order;
  Memory device(4);
  uint32_t seen = 0;
  ASSERT_EQ(driver().enqueueHostFn(queue.handle, note<1>, &order), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueFill(queue.handle, device.ptr, 0x01020304u, 4, 1), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueCopy(queue.handle, &seen, device.ptr, 4, QIAO_DRV_COPY_DEVICE_TO_HOST),
            qiaoDrvSuccess);
  auto check = [](void *data) {
    auto *pair = static_cast<std::pair<Order *, uint32_t *> *>(data);
    pair->first->add(*pair->second == 0x01020304u ? 2 : -2); // the copy before it is done
  };
  std::pair<Order *, uint32_t *> pair{&order, &seen};
  ASSERT_EQ(driver().enqueueHostFn(queue.handle, check, &pair), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueHostFn(queue.handle, note<3>, &order), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  EXPECT_EQ(order.seen, (std::vector<int>{1, 2, 3}));
}

TEST(enqueueHostFn, AFunctionMayQueueWork) {
  Queue first, second;
  Order order;
  struct Context {
    qiaoDrvQueue other;
    Order *order;
    qiaoDrvStatus status = qiaoDrvErrorUnknown;
  } context{second.handle, &order};
  auto queueMore = [](void *data) {
    auto *c = static_cast<Context *>(data);
    c->status = driver().enqueueHostFn(c->other, note<7>, c->order);
  };
  ASSERT_EQ(driver().enqueueHostFn(first.handle, queueMore, &context), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(first.handle), qiaoDrvSuccess);
  EXPECT_EQ(context.status, qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(second.handle), qiaoDrvSuccess);
  EXPECT_EQ(order.seen, std::vector<int>{7});
}

TEST(enqueueHostFn, NullFunctionIsInvalidValue) {
  Queue queue;
  EXPECT_EQ(driver().enqueueHostFn(queue.handle, nullptr, nullptr), qiaoDrvErrorInvalidValue);
}

TEST(queueQuery, NotReadyWhileWorkIsPendingThenSuccess) {
  Queue queue;
  Gate gate;
  EXPECT_EQ(driver().queueQuery(queue.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueHostFn(queue.handle, Gate::wait, &gate), qiaoDrvSuccess);
  EXPECT_EQ(driver().queueQuery(queue.handle), qiaoDrvErrorNotReady);
  gate.open = true;
  EXPECT_TRUE(eventually([&] { return driver().queueQuery(queue.handle) == qiaoDrvSuccess; }));
}

TEST(queueSynchronize, ReturnsOnceEveryQueuedPieceOfWorkIsDone) {
  Queue queue;
  std::atomic<int> done{0};
  auto slow = [](void *counter) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ++*static_cast<std::atomic<int> *>(counter);
  };
  for (int i = 0; i < 4; ++i)
    ASSERT_EQ(driver().enqueueHostFn(queue.handle, slow, &done), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  EXPECT_EQ(done.load(), 4);
}

TEST(queueSynchronize, QueuesOfOneDeviceRunIndependently) {
  // Work on one queue does not wait for a blocked queue of the same device.
  Queue blocked, free;
  Gate gate;
  Order order;
  ASSERT_EQ(driver().enqueueHostFn(blocked.handle, Gate::wait, &gate), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueHostFn(free.handle, note<1>, &order), qiaoDrvSuccess);
  EXPECT_EQ(driver().queueSynchronize(free.handle), qiaoDrvSuccess);
  EXPECT_EQ(order.seen, std::vector<int>{1});
  gate.open = true;
  EXPECT_EQ(driver().queueSynchronize(blocked.handle), qiaoDrvSuccess);
}

} // namespace
