// Module images in Qiao kernel IR (docs/kernel-ir.md) for a driver that takes no PTX: the PTX the
// runtime has, lowered by libqiao-kernelir.so, which is loaded beside libqiao.so on first use
// only (it maps libLLVM).
#pragma once

#include "support/Expected.h"

#include <vector>

namespace qiao::rt {

// One bitcode module from the PTX texts (several are linked first, as moduleLink would).
// Errors: qiaoErrorInvalidPtx for PTX the front end refuses or a kernel the dialect cannot
// express yet (the message names the instruction and its line), qiaoErrorNoKernelImageForDevice
// when the library cannot be loaded.
Expected<std::vector<char>> kernelIrFromPtx(const std::vector<const char *> &texts);

} // namespace qiao::rt
