#include "EmuEvent.h"

namespace qiao::emu {

void EventRecord::complete(int status) {
  timestamp_ = std::chrono::steady_clock::now();
  status_ = status;
  done_.store(true, std::memory_order_release);
  done_.notify_all();
}

void EventRecord::wait() const { done_.wait(false, std::memory_order_acquire); }

std::shared_ptr<EventRecord> EmuEvent::record() {
  auto fresh = std::make_shared<EventRecord>();
  std::lock_guard lock(mutex_);
  latest_ = fresh;
  return fresh;
}

std::shared_ptr<EventRecord> EmuEvent::latest() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

} // namespace qiao::emu
