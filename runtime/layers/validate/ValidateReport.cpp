#include "ValidateReport.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace qiao::layers::validate {

void report(Culprit culprit, Slot slot, const std::string &what) {
  // One fprintf per line, so that lines of concurrent threads do not interleave.
  std::fprintf(stderr, "qiao validate: %s: %s: %s\n",
               culprit == Culprit::Runtime ? "runtime" : "driver", slotContract(slot).name,
               what.c_str());
  // Read at each violation (they are rare), so a test may set it late.
  const char *abortOnViolation = std::getenv("QIAO_VALIDATE_ABORT");
  if (abortOnViolation && std::strcmp(abortOnViolation, "1") == 0)
    std::abort();
}

std::string hex(const void *pointer) {
  char text[32];
  std::snprintf(text, sizeof text, "%p", pointer);
  return text;
}

} // namespace qiao::layers::validate
