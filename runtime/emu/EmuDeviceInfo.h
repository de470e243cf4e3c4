// The static facts the emulated device reports: an Ampere-class (compute capability 8.0) device
// whose memory is the host's and whose multiprocessors are the host's hardware threads.
#pragma once

#include "qiao/driver.h"

#include <cstdint>

namespace qiao::emu {

// Half the host's physical memory, rounded down to a MiB, at least 1 GiB where sysconf fails.
uint64_t hostMemoryBudget();

// Device `index` of the emulator: every device is the same model; its UUID and PCI bus differ.
qiaoDrvDeviceInfo makeEmuDeviceInfo(uint64_t totalGlobalMem, int32_t index = 0);

// The compute capability the emulated device reports, as major*10+minor.
constexpr int32_t kEmuComputeCapability = 80;

} // namespace qiao::emu
