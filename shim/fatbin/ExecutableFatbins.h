// Finds the fatbinaries a host executable or shared library registers, from the file alone:
// each wrapper in .nvFatBinSegment, with its data address resolved through the section table.
// For the shim when it is handed a whole file rather than a registration call.
#pragma once

#include "ByteView.h"
#include "FatbinEntry.h"
#include "support/Expected.h"

#include <cstdint>
#include <vector>

namespace qiao::fatbin {

struct RegisteredFatbin {
  unsigned wrapperVersion = 0;
  std::uint64_t dataAddress = 0; // the wrapper's fatbin pointer, as linked
  std::uint64_t fileOffset = 0;  // where that fatbin lies in the file
  std::vector<FatbinEntry> entries;
};

// One element per wrapper, in section order; a file without .nvFatBinSegment has none.
Expected<std::vector<RegisteredFatbin>> readExecutableFatbins(ByteView file);

} // namespace qiao::fatbin
