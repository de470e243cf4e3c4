// memcheck's side of the engine (QIAO_MEMCHECK, Engine.h's MemoryCheck): the report of an access
// that leaves its allocation, in the terms compute-sanitizer's memcheck uses (the kind and size
// of the access, the nearest allocation and where the address lies from it).
#pragma once

#include "Engine.h"
#include "Ir.h"

#include <cstdint>
#include <string>

namespace qiao::ptx {

// "global write of 4 bytes": the space and kind of an access the instruction makes.
std::string describeAccess(Space space, const Inst &inst, uint32_t bytes);

// Where [addr, addr+bytes) lies from the nearest allocation: "4 bytes before the nearest
// allocation at 0x... of 1024 bytes", "0 bytes after the end of ...", "no allocation is live".
std::string describeNearest(const DeviceMemory &memory, uint64_t addr, uint32_t bytes);

// Writes one warning line ("qiao: memcheck: <report>") on stderr. The first kWarningLimit
// warnings of the process are written, then one line saying that the rest are not.
void warnInvalidAccess(const std::string &report);
inline constexpr uint64_t kWarningLimit = 1000;

} // namespace qiao::ptx
