// The two compressors nvcc 13 applies to fatbin entries: raw LZ4 blocks (--compress-mode=speed)
// and zstd frames (the default and --compress-mode=size). Both check that the output has exactly
// the size the entry header declares, since a short or long result means a corrupt entry.
#pragma once

#include "support/Expected.h"

#include <cstdint>
#include <span>
#include <vector>

namespace qiao::fatbin {

// Decompresses one raw LZ4 block (no frame) of `compressed` into exactly `expectedSize` bytes.
Expected<std::vector<std::uint8_t>> decompressLz4Block(std::span<const std::uint8_t> compressed,
                                                       std::uint64_t expectedSize);

// Decompresses one zstd frame occupying all of `compressed` into exactly `expectedSize` bytes.
Expected<std::vector<std::uint8_t>> decompressZstdFrame(std::span<const std::uint8_t> compressed,
                                                        std::uint64_t expectedSize);

} // namespace qiao::fatbin
