// Device memory for benchmarks: the emulated device's own allocation table, so the engine's
// checks (and their cost under each QIAO_MEMCHECK setting) are the ones a program run by
// qiao-run meets: mapped regions by default, allocations under memcheck.
#pragma once

#include "AllocationTable.h"
#include "ptx/Engine.h"

#include <cstdint>

namespace qiao::bench {

class BenchMemory : public ptx::DeviceMemory {
public:
  void *allocateGlobal(uint64_t bytes) override { return table_.allocateGlobal(bytes); }
  void releaseGlobal(void *ptr) override { table_.releaseGlobal(ptr); }
  bool lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    return table_.lookup(addr, bytes, base, size);
  }
  bool mapped(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    return table_.mapped(addr, bytes, base, size);
  }
  bool nearestAllocation(uint64_t addr, uint64_t &base, uint64_t &size) const override {
    return table_.nearestAllocation(addr, base, size);
  }

  // Zeroed device memory; null when the host has none left.
  void *allocate(uint64_t bytes) {
    auto memory = table_.allocate(bytes, QIAO_DRV_MEM_DEVICE, 0);
    return memory ? memory.value() : nullptr;
  }
  void release(void *p) { (void)table_.release(p, QIAO_DRV_MEM_DEVICE); }

private:
  emu::AllocationTable table_{UINT64_MAX / 2};
};

} // namespace qiao::bench
