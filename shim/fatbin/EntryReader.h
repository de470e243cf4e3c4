// Parses one entry (header, options, payload) of a fatbin container and decompresses its payload.
#pragma once

#include "ByteView.h"
#include "FatbinEntry.h"
#include "support/Expected.h"

#include <cstdint>

namespace qiao::fatbin {

struct ParsedEntry {
  FatbinEntry entry;
  std::uint64_t totalSize = 0; // entry header plus payload: where the next entry starts
};

// `bytes` runs from the entry's first byte to the end of its container; `index` numbers the entry
// within the container for error messages.
Expected<ParsedEntry> readEntry(ByteView bytes, unsigned index);

} // namespace qiao::fatbin
