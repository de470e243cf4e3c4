// The one-line progress display on a terminal ("build 12/150", "run 40/420, 2 failing"); nothing
// when standard output is not a terminal, so logs and CI output stay clean.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>

namespace qiao::conform {

class Progress {
public:
  Progress();
  void start(std::string phase, size_t total);
  void step(bool problem = false);
  void finish(); // clears the line

private:
  std::mutex mutex_;
  bool enabled_;
  std::string phase_;
  size_t total_ = 0, done_ = 0, problems_ = 0;
};

} // namespace qiao::conform
