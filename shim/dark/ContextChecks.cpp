// Table 263e8860-7cd2-6143-92f6-bbd5006dfa7e: questions the runtime asks about contexts.
#include "DriverImports.h"
#include "Table.h"

#include <cstdint>

namespace qiao::dark {
namespace {

// Slot 2: (CUcontext, uint32_t *flagsOut, const void **extraOut); Qiao's contexts carry nothing
// special, so the answer is 0.
int contextFlags(CUcontext, std::uint32_t *flags, const void **) {
  if (flags != nullptr)
    *flags = 0;
  return kSuccess;
}

// Slot 3: called once at start-up with (0x13, 0, pointer); answering 0 lets it continue.
int startupCheck() { return kSuccess; }

} // namespace

void fillContextChecks(Table &table) {
  table.set(2, reinterpret_cast<const void *>(&contextFlags));
  table.set(3, reinterpret_cast<const void *>(&startupCheck));
}

} // namespace qiao::dark
