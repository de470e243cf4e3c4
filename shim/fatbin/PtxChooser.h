// Picks the PTX the emulated device should run from a fatbinary's entries.
#pragma once

#include "FatbinEntry.h"
#include "support/Expected.h"

#include <vector>

namespace qiao::fatbin {

// The PTX entry with the highest arch not above `maxArch` (80 for compute capability 8.0), as the
// CUDA driver picks PTX to JIT. The caller decides `maxArch`: the emulated device reports 8.0 but
// runs any PTX its engine understands. Of two entries for the same arch, arch-specific PTX
// (`.target sm_90a`) where the device is that arch, portable PTX elsewhere. Without a suitable PTX
// entry: Error{209, message naming what the fatbinary does hold and how to rebuild it}.
Expected<const FatbinEntry *> choosePtx(const std::vector<FatbinEntry> &entries, unsigned maxArch);

} // namespace qiao::fatbin
