// Parses fatbin containers (magic 0xBA55ED50) out of a byte range whose size is known, and
// decompresses their entries.
#pragma once

#include "ByteView.h"
#include "FatbinEntry.h"
#include "support/Expected.h"

#include <cstdint>
#include <vector>

namespace qiao::fatbin {

struct ParsedContainer {
  std::vector<FatbinEntry> entries;
  std::uint64_t totalSize = 0; // header plus declared size: where the container ends
};

// The size a container declares (header size plus the size of the rest), read from its 16-byte
// header alone: what to trust when the caller does not know how large the image is. The magic is
// checked first, so a view of only 4 bytes suffices to reject a wrong magic.
Expected<std::uint64_t> declaredContainerSize(ByteView header);

// Parses the container at the start of `bytes`; reads nothing past its declared end.
Expected<ParsedContainer> readContainer(ByteView bytes);

// Parses containers placed back to back (each at an 8-byte boundary) until `bytes` ends, as in an
// executable's .nv_fatbin section; zero padding after the last one is accepted.
Expected<std::vector<FatbinEntry>> readContainers(ByteView bytes);

} // namespace qiao::fatbin
