// The same case as a libFuzzer target (cmake -DQIAO_LIBFUZZER=ON with clang): libFuzzer finds
// its own mutations; a broken contract aborts so libFuzzer keeps the input.
#include "PtxCase.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace qiao::ptx::fuzz;
  std::string_view text(reinterpret_cast<const char *>(data), size);
  CaseResult r = runCase(text, CaseOptions{false, 0});
  if (r.outcome == Outcome::Loaded)
    r = runCase(text, CaseOptions{true, 200});
  if (r.outcome == Outcome::ContractBroken) {
    std::fprintf(stderr, "contract broken: %s\n", r.details.c_str());
    std::abort();
  }
  return 0;
}
