// Streams: handles, flags, callbacks, and the legacy default stream's implicit ordering, proven
// with host functions that block on promises (no timing assumptions).
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <vector>

namespace {

struct Log {
  std::mutex mutex;
  std::vector<int> order;
  void add(int v) {
    std::lock_guard lock(mutex);
    order.push_back(v);
  }
};

struct Mark {
  Log *log;
  int value;
  static void run(void *self) {
    auto *m = static_cast<Mark *>(self);
    m->log->add(m->value);
  }
};

void waitFor(void *future) { static_cast<std::shared_future<void> *>(future)->wait(); }

TEST(Streams, CreateQueryDestroyAndFlags) {
  qiaoStream_t s = nullptr;
  ASSERT_EQ(qiaoStreamCreateWithFlags(&s, qiaoStreamNonBlocking), qiaoSuccess);
  unsigned flags = 99;
  EXPECT_EQ(qiaoStreamGetFlags(s, &flags), qiaoSuccess);
  EXPECT_EQ(flags, unsigned(qiaoStreamNonBlocking));
  EXPECT_EQ(qiaoStreamQuery(s), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(s), qiaoSuccess);
  EXPECT_EQ(qiaoStreamQuery(s), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoStreamDestroy(s), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoStreamDestroy(nullptr), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoStreamCreateWithFlags(&s, 4), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoStreamCreate(nullptr), qiaoErrorInvalidValue);
  // Priorities are clamped into [greatest, least].
  ASSERT_EQ(qiaoStreamCreateWithPriority(&s, 0, -100), qiaoSuccess);
  int priority = 0;
  EXPECT_EQ(qiaoStreamGetPriority(s, &priority), qiaoSuccess);
  EXPECT_EQ(priority, -5);
  EXPECT_EQ(qiaoStreamDestroy(s), qiaoSuccess);
  EXPECT_EQ(qiaoStreamGetFlags(qiaoStreamLegacy, &flags), qiaoSuccess);
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ(qiaoStreamQuery(qiaoStreamPerThread), qiaoSuccess);
  EXPECT_EQ(qiaoStreamSynchronize(qiaoStreamPerThread), qiaoSuccess);
  qiaoGetLastError();
}

TEST(Streams, HostFunctionsAndCallbacksRunInOrder) {
  qiaoStream_t s = nullptr;
  ASSERT_EQ(qiaoStreamCreate(&s), qiaoSuccess);
  Log log;
  Mark a{&log, 1}, b{&log, 2};
  ASSERT_EQ(qiaoLaunchHostFunc(s, Mark::run, &a), qiaoSuccess);
  struct CallbackData {
    Log *log;
    qiaoStream_t seen;
    qiaoError_t status;
  } data{&log, nullptr, qiaoErrorUnknown};
  auto callback = [](qiaoStream_t stream, qiaoError_t status, void *user) {
    auto *d = static_cast<CallbackData *>(user);
    d->seen = stream;
    d->status = status;
    d->log->add(3);
  };
  ASSERT_EQ(qiaoStreamAddCallback(s, callback, &data, 0), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(s, Mark::run, &b), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(s), qiaoSuccess);
  EXPECT_EQ(log.order, (std::vector<int>{1, 3, 2}));
  EXPECT_EQ(data.seen, s);
  EXPECT_EQ(data.status, qiaoSuccess);
  EXPECT_EQ(qiaoStreamAddCallback(s, callback, &data, 1), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoLaunchHostFunc(s, nullptr, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoStreamDestroy(s), qiaoSuccess);
  qiaoGetLastError();
}

// Work on the legacy stream waits for earlier work on blocking streams; a non-blocking stream's
// work runs meanwhile.
TEST(Streams, LegacyStreamWaitsForBlockingStreams) {
  qiaoStream_t blocking = nullptr, independent = nullptr;
  ASSERT_EQ(qiaoStreamCreate(&blocking), qiaoSuccess);
  ASSERT_EQ(qiaoStreamCreateWithFlags(&independent, qiaoStreamNonBlocking), qiaoSuccess);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Log log;
  Mark first{&log, 1}, legacy{&log, 2}, other{&log, 3};
  ASSERT_EQ(qiaoLaunchHostFunc(blocking, waitFor, &released), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(blocking, Mark::run, &first), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(nullptr, Mark::run, &legacy), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(independent, Mark::run, &other), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(independent), qiaoSuccess); // must not need the release
  EXPECT_EQ(qiaoStreamQuery(nullptr), qiaoErrorNotReady);
  EXPECT_EQ(qiaoStreamQuery(blocking), qiaoErrorNotReady);
  {
    std::lock_guard lock(log.mutex);
    EXPECT_EQ(log.order, (std::vector<int>{3}));
  }
  release.set_value();
  ASSERT_EQ(qiaoStreamSynchronize(qiaoStreamLegacy), qiaoSuccess);
  EXPECT_EQ(log.order, (std::vector<int>{3, 1, 2}));
  EXPECT_EQ(qiaoStreamDestroy(blocking), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(independent), qiaoSuccess);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess); // NotReady is an answer, not an error
}

// Later work on a blocking stream waits for earlier legacy work; non-blocking streams do not.
TEST(Streams, BlockingStreamsWaitForLegacyStream) {
  qiaoStream_t blocking = nullptr, independent = nullptr;
  ASSERT_EQ(qiaoStreamCreate(&blocking), qiaoSuccess);
  ASSERT_EQ(qiaoStreamCreateWithFlags(&independent, qiaoStreamNonBlocking), qiaoSuccess);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Log log;
  Mark legacy{&log, 1}, after{&log, 2}, other{&log, 3};
  ASSERT_EQ(qiaoLaunchHostFunc(qiaoStreamLegacy, waitFor, &released), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(qiaoStreamLegacy, Mark::run, &legacy), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(blocking, Mark::run, &after), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(independent, Mark::run, &other), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(independent), qiaoSuccess);
  EXPECT_EQ(qiaoStreamQuery(blocking), qiaoErrorNotReady);
  {
    std::lock_guard lock(log.mutex);
    EXPECT_EQ(log.order, (std::vector<int>{3}));
  }
  release.set_value();
  ASSERT_EQ(qiaoStreamSynchronize(blocking), qiaoSuccess);
  EXPECT_EQ(log.order, (std::vector<int>{3, 1, 2}));
  EXPECT_EQ(qiaoStreamDestroy(blocking), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(independent), qiaoSuccess);
}

TEST(Streams, DeviceSynchronizeWaitsForEveryStream) {
  qiaoStream_t s = nullptr;
  ASSERT_EQ(qiaoStreamCreateWithFlags(&s, qiaoStreamNonBlocking), qiaoSuccess);
  std::atomic<int> done{0};
  auto bump = [](void *counter) { ++*static_cast<std::atomic<int> *>(counter); };
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(qiaoLaunchHostFunc(s, bump, &done), qiaoSuccess);
    ASSERT_EQ(qiaoLaunchHostFunc(qiaoStreamPerThread, bump, &done), qiaoSuccess);
  }
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  EXPECT_EQ(done.load(), 20);
  EXPECT_EQ(qiaoStreamDestroy(s), qiaoSuccess);
}

TEST(Streams, FreeAsyncWaitsForTheStream) {
  qiaoStream_t s = nullptr;
  ASSERT_EQ(qiaoStreamCreate(&s), qiaoSuccess);
  void *p = nullptr;
  ASSERT_EQ(qiaoMallocAsync(&p, 128, s), qiaoSuccess);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(qiaoMemsetAsync(p, 1, 128, s), qiaoSuccess);
  ASSERT_EQ(qiaoFreeAsync(p, s), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(s), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  qiaoPointerAttributes a{};
  ASSERT_EQ(qiaoPointerGetAttributes(&a, p), qiaoSuccess);
  EXPECT_EQ(a.type, qiaoMemoryTypeUnregistered);
  int local = 0;
  EXPECT_EQ(qiaoFreeAsync(&local, s), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoStreamDestroy(s), qiaoSuccess);
  qiaoGetLastError();
}

} // namespace
