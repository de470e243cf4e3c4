// The static facts the emulated device reports: a device of the compute capability QIAO_EMU_CC
// chooses (EmuComputeCapability.h; 8.0, Ampere-class, by default) whose memory is the host's and
// whose multiprocessors are the host's hardware threads.
#pragma once

#include "EmuComputeCapability.h"
#include "qiao/driver.h"

#include <cstdint>

namespace qiao::emu {

// Half the host's physical memory, rounded down to a MiB, at least 1 GiB where sysconf fails.
uint64_t hostMemoryBudget();

// Device `index` of the emulator: every device is the same model; its UUID and PCI bus differ.
qiaoDrvDeviceInfo makeEmuDeviceInfo(uint64_t totalGlobalMem, int32_t index = 0,
                                    const EmuArchitecture &architecture = emuArchitecture());

} // namespace qiao::emu
