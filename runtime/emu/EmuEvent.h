// Events: markers a queue completes when its worker reaches them, with a steady_clock timestamp.
// Each record is its own EventRecord, so that a wait enqueued after record N waits for record N
// even if the event is recorded again before the wait runs (CUDA's "most recent record at the
// time of the call").
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

namespace qiao::emu {

class EventRecord {
public:
  // Called by the worker that reaches the record; status is that queue's sticky status.
  void complete(int status);
  bool done() const { return done_.load(std::memory_order_acquire); }
  void wait() const;
  // Valid once done().
  std::chrono::steady_clock::time_point timestamp() const { return timestamp_; }
  int status() const { return status_; }

private:
  std::chrono::steady_clock::time_point timestamp_{};
  int status_ = 0;
  std::atomic<bool> done_{false};
};

class EmuEvent {
public:
  // cudaEventDefault, cudaEventBlockingSync, cudaEventDisableTiming, cudaEventInterprocess.
  static constexpr uint32_t kBlockingSync = 0x1;
  static constexpr uint32_t kDisableTiming = 0x2;
  static constexpr uint32_t kInterprocess = 0x4;
  static constexpr uint32_t kKnownFlags = kBlockingSync | kDisableTiming | kInterprocess;

  explicit EmuEvent(uint32_t flags) : flags_(flags) {}

  uint32_t flags() const { return flags_; }
  bool timed() const { return (flags_ & kDisableTiming) == 0; }
  // Starts a new record; the caller enqueues its completion.
  std::shared_ptr<EventRecord> record();
  // The device whose queue recorded the event last (its reset drops the event), -1 before the
  // first record.
  int32_t recordedBy() const { return recordedBy_.load(std::memory_order_relaxed); }
  void setRecordedBy(int32_t device) { recordedBy_.store(device, std::memory_order_relaxed); }
  // The most recent record, or null when the event was never recorded.
  std::shared_ptr<EventRecord> latest() const;

private:
  const uint32_t flags_;
  std::atomic<int32_t> recordedBy_{-1};
  mutable std::mutex mutex_;
  std::shared_ptr<EventRecord> latest_;
};

} // namespace qiao::emu
