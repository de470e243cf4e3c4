// The same case as a libFuzzer target (cmake -DQIAO_LIBFUZZER=ON with clang): libFuzzer finds
// its own mutations; a broken contract aborts so that libFuzzer keeps the input.
#include "FatbinCase.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  qiao::fatbin::fuzz::CaseResult r = qiao::fatbin::fuzz::runCase(data, size);
  if (!r.broken.empty()) {
    std::fprintf(stderr, "contract broken: %s\n", r.broken.c_str());
    std::abort();
  }
  return 0;
}
