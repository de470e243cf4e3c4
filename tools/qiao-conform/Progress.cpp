#include "Progress.h"

#include <unistd.h>

#include <cstdio>

namespace qiao::conform {

Progress::Progress() : enabled_(isatty(STDOUT_FILENO) == 1) {}

void Progress::start(std::string phase, size_t total) {
  std::lock_guard<std::mutex> lock(mutex_);
  phase_ = std::move(phase);
  total_ = total;
  done_ = problems_ = 0;
}

void Progress::step(bool problem) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  problems_ += problem ? 1 : 0;
  if (!enabled_)
    return;
  std::printf("\r\033[K%s %zu/%zu", phase_.c_str(), done_, total_);
  if (problems_)
    std::printf(", %zu failing", problems_);
  std::fflush(stdout);
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_) {
    std::printf("\r\033[K");
    std::fflush(stdout);
  }
}

} // namespace qiao::conform
