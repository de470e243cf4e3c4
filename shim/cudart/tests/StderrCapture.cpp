// See StderrCapture.h.
#include "StderrCapture.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace qiao::test {

StderrCapture::StderrCapture() {
  std::fflush(stderr);
  char name[] = "/tmp/qiao-stderr-XXXXXX";
  file_ = mkstemp(name);
  if (file_ < 0)
    return;
  unlink(name);
  saved_ = dup(2);
  dup2(file_, 2);
}

StderrCapture::~StderrCapture() { finish(); }

std::string StderrCapture::finish() {
  if (saved_ < 0)
    return text_;
  std::fflush(stderr);
  dup2(saved_, 2);
  close(saved_);
  saved_ = -1;
  lseek(file_, 0, SEEK_SET);
  char buffer[4096];
  for (ssize_t n; (n = read(file_, buffer, sizeof buffer)) > 0;)
    text_.append(buffer, static_cast<size_t>(n));
  close(file_);
  file_ = -1;
  return text_;
}

} // namespace qiao::test
