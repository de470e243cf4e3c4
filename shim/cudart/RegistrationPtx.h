// Chooses the PTX the emulated device runs from the fatbinary behind a registration wrapper.
#pragma once

#include "support/Expected.h"

#include <string>

namespace qiao::shim {

// The newest architecture nvcc 13 emits PTX for (nvcc --list-gpu-arch: compute_75 ...
// compute_121). The PTX engine does not limit the target architecture, only the ISA version, so
// PTX built for a newer GPU than the emulated device still loads when nothing better is there.
inline constexpr unsigned kNewestPtxArch = 121;

// The PTX text of the best entry: the newest PTX not above `deviceArch` (as CUDA's driver picks
// what to JIT), else the newest up to kNewestPtxArch. A SASS-only fatbinary gives Error{209}
// saying what it holds and how to rebuild it; a malformed one Error{200}.
Expected<std::string> selectPtx(const void *wrapper, unsigned deviceArch);

} // namespace qiao::shim
