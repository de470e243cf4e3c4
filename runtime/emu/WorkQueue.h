// An in-order work queue (a CUDA stream) served by its own worker thread, started on first use.
// The first failing item makes the queue's status sticky: later items see it and may skip their
// work, and query/synchronize report it from then on.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace qiao::emu {

class WorkQueue {
public:
  // Runs on the worker. stickyStatus is the queue's status before the item (0 while healthy);
  // a non-zero result becomes the sticky status unless one is already set.
  using Work = std::function<int(int stickyStatus)>;

  WorkQueue(uint32_t flags, int32_t priority, int32_t device = 0);
  // Waits for the queued work, then stops the worker.
  ~WorkQueue();
  WorkQueue(const WorkQueue &) = delete;
  WorkQueue &operator=(const WorkQueue &) = delete;

  // Returns at once; may throw std::system_error when the worker thread cannot start.
  void enqueue(Work work);
  // The sticky error when set; otherwise qiaoErrorNotReady while work is pending, else 0.
  int query() const;
  // Waits for the work queued before the call; returns the sticky status.
  int synchronize();

  uint32_t flags() const { return flags_; }
  int32_t priority() const { return priority_; }
  int32_t device() const { return device_; }

private:
  void serve();

  const uint32_t flags_;
  const int32_t priority_;
  const int32_t device_;
  mutable std::mutex mutex_;
  std::condition_variable workArrived_;
  std::condition_variable workDone_;
  std::deque<Work> pending_;
  uint64_t submitted_ = 0;
  uint64_t completed_ = 0;
  int sticky_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

} // namespace qiao::emu
