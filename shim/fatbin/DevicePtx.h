// The PTX text the emulated device runs for an image a program hands over (a registration
// wrapper, a fatbin container, PTX text or a cubin): one entry point for both shims.
#pragma once

#include "support/Expected.h"

#include <cstddef>
#include <string>

namespace qiao::fatbin {

// The newest architecture nvcc 13 emits PTX for (nvcc --list-gpu-arch: compute_75 ...
// compute_121). The PTX engine does not limit the target architecture, only the ISA version, so
// PTX built for a newer GPU than the emulated device still loads when nothing better is there.
inline constexpr unsigned kNewestPtxArch = 121;

// The best PTX entry's text: the newest PTX not above `deviceArch` (as CUDA's driver picks what to
// JIT), else the newest up to kNewestPtxArch. A linked -rdc=true image (wrapper version 2) gives
// the PTX of each translation unit's relocatable fatbin, one module after another, for the engine
// to link. `knownBytes` is the image's size when known (a file), else 0 to trust its headers.
// A fatbinary without usable PTX gives Error{209} saying what it holds and how to rebuild it
// (for `deviceArch`); a malformed one Error{200}.
Expected<std::string> devicePtx(const void *image, std::size_t knownBytes, unsigned deviceArch);

} // namespace qiao::fatbin
