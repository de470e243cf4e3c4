#include "MemoryCheck.h"

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace qiao::ptx {

MemoryCheck memoryCheckMode() {
  static const MemoryCheck mode = [] {
    const char *value = std::getenv("QIAO_MEMCHECK");
    if (!value || !*value || std::strcmp(value, "0") == 0)
      return MemoryCheck::Mapped;
    if (std::strcmp(value, "1") == 0)
      return MemoryCheck::Precise;
    if (std::strcmp(value, "warn") == 0)
      return MemoryCheck::Warn;
    std::fprintf(stderr, "qiao: QIAO_MEMCHECK=%s is not one of 0, 1, warn; using 0\n", value);
    return MemoryCheck::Mapped;
  }();
  return mode;
}

std::string describeAccess(Space space, const Inst &inst, uint32_t bytes) {
  const char *name = space == Space::Global  ? "global"
                     : space == Space::Const ? "constant"
                                             : "generic";
  const char *kind = inst.op == Opcode::St || inst.op == Opcode::Red ? "write"
                     : inst.op == Opcode::Atom                       ? "atomic access"
                                                                     : "read";
  return std::string(name) + " " + kind + " of " + std::to_string(bytes) +
         (bytes == 1 ? " byte" : " bytes");
}

std::string describeNearest(const DeviceMemory &memory, uint64_t addr, uint32_t bytes) {
  uint64_t base = 0, size = 0;
  if (!memory.nearestAllocation(addr, base, size))
    return "no allocation is live";
  char allocation[96];
  std::snprintf(allocation, sizeof allocation,
                "the nearest allocation at 0x%" PRIx64 " of %" PRIu64 " bytes", base, size);
  const uint64_t end = base + size;
  if (addr < base)
    return std::to_string(base - addr) + " bytes before " + allocation;
  if (addr >= end)
    return std::to_string(addr - end) + " bytes after the end of " + allocation;
  // It starts inside and runs past the end.
  return "at offset " + std::to_string(addr - base) + " of " + allocation + ", " +
         std::to_string(addr + bytes - end) + " bytes past its end";
}

void warnInvalidAccess(const std::string &report) {
  static std::atomic<uint64_t> written{0};
  uint64_t n = written.fetch_add(1, std::memory_order_relaxed);
  if (n < kWarningLimit)
    std::fprintf(stderr, "qiao: memcheck: %s\n", report.c_str());
  else if (n == kWarningLimit)
    std::fprintf(stderr,
                 "qiao: memcheck: more than %" PRIu64
                 " invalid accesses; the rest are not reported\n",
                 kWarningLimit);
}

} // namespace qiao::ptx
