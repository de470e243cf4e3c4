// Handles destroyed while another thread waits on them: CUDA releases a destroyed stream's or
// event's resources once its work is done, so the waiting thread must see its wait end normally,
// and the destroying thread gets qiaoSuccess at once. Host functions that block on promises hold
// the work back, so the order of events is forced, not timed.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace {

void waitFor(void *future) { static_cast<std::shared_future<void> *>(future)->wait(); }

TEST(HandleLifetime, EventDestroyedWhileAnotherThreadSynchronizesOnIt) {
  qiaoStream_t stream = nullptr;
  ASSERT_EQ(qiaoStreamCreateWithFlags(&stream, qiaoStreamNonBlocking), qiaoSuccess);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  qiaoEvent_t event = nullptr;
  ASSERT_EQ(qiaoEventCreate(&event), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(stream, waitFor, &released), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(event, stream), qiaoSuccess);

  std::atomic<bool> waiting{false};
  qiaoError_t waited = qiaoErrorUnknown;
  std::thread waiter([&] {
    waiting = true;
    waited = qiaoEventSynchronize(event);
  });
  while (!waiting)
    std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(20)); // let it reach the wait
  EXPECT_EQ(qiaoEventDestroy(event), qiaoSuccess);
  EXPECT_EQ(qiaoEventQuery(event), qiaoErrorInvalidResourceHandle);
  release.set_value();
  waiter.join();
  EXPECT_EQ(waited, qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  qiaoGetLastError();
}

TEST(HandleLifetime, StreamDestroyedWhileAFreeSynchronizesTheDevice) {
  qiaoStream_t stream = nullptr;
  ASSERT_EQ(qiaoStreamCreate(&stream), qiaoSuccess);
  qiaoStream_t busy = nullptr;
  ASSERT_EQ(qiaoStreamCreateWithFlags(&busy, qiaoStreamNonBlocking), qiaoSuccess);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_EQ(qiaoLaunchHostFunc(busy, waitFor, &released), qiaoSuccess);
  void *memory = nullptr;
  ASSERT_EQ(qiaoMalloc(&memory, 256), qiaoSuccess);

  // The free waits for every queue of the device, the busy one included; meanwhile the idle
  // stream it also waits on is destroyed.
  std::atomic<bool> freeing{false};
  qiaoError_t freed = qiaoErrorUnknown;
  std::thread freer([&] {
    freeing = true;
    freed = qiaoFree(memory);
  });
  while (!freeing)
    std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
  EXPECT_EQ(qiaoStreamQuery(stream), qiaoErrorInvalidResourceHandle);
  release.set_value();
  freer.join();
  EXPECT_EQ(freed, qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(busy), qiaoSuccess);
  qiaoGetLastError();
}

} // namespace
