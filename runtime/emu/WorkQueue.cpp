#include "WorkQueue.h"

#include "support/ErrorCodes.h"

namespace qiao::emu {

WorkQueue::WorkQueue(uint32_t flags, int32_t priority, int32_t device)
    : flags_(flags), priority_(priority), device_(device) {}

WorkQueue::~WorkQueue() {
  {
    std::unique_lock lock(mutex_);
    workDone_.wait(lock, [&] { return completed_ == submitted_; });
    stopping_ = true;
  }
  workArrived_.notify_all();
  if (worker_.joinable())
    worker_.join();
}

void WorkQueue::enqueue(Work work) {
  std::unique_lock lock(mutex_);
  if (!worker_.joinable())
    worker_ = std::thread([this] { serve(); });
  pending_.push_back(std::move(work));
  ++submitted_;
  lock.unlock();
  workArrived_.notify_one();
}

int WorkQueue::query() const {
  std::lock_guard lock(mutex_);
  if (sticky_ != 0)
    return sticky_;
  return completed_ == submitted_ ? errc::qiaoSuccess : errc::qiaoErrorNotReady;
}

int WorkQueue::synchronize() {
  std::unique_lock lock(mutex_);
  const uint64_t target = submitted_;
  workDone_.wait(lock, [&] { return completed_ >= target; });
  return sticky_;
}

void WorkQueue::serve() {
  std::unique_lock lock(mutex_);
  for (;;) {
    workArrived_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (pending_.empty())
      return; // stopping, and the destructor saw everything done
    Work work = std::move(pending_.front());
    pending_.pop_front();
    const int before = sticky_;
    lock.unlock();
    int result = errc::qiaoSuccess;
    try {
      result = work(before);
    } catch (...) {
      // An item must not take the worker down; count it as a failed launch.
      result = errc::qiaoErrorLaunchFailure;
    }
    work = nullptr; // drop captured state (modules, buffers) before reporting completion
    lock.lock();
    if (sticky_ == 0 && result != 0)
      sticky_ = result;
    ++completed_;
    workDone_.notify_all();
  }
}

} // namespace qiao::emu
