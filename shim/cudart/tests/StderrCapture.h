// Collects what the process writes to file descriptor 2 while an object lives (messages that the
// shim prints with fprintf(stderr, ...)).
#pragma once

#include <string>

namespace qiao::test {

class StderrCapture {
public:
  StderrCapture();
  ~StderrCapture();
  StderrCapture(const StderrCapture &) = delete;
  StderrCapture &operator=(const StderrCapture &) = delete;

  // Stops capturing (once) and returns everything written meanwhile.
  std::string finish();

private:
  int saved_ = -1;
  int file_ = -1;
  std::string text_;
};

} // namespace qiao::test
