// One emulated device's view of the shared allocation table, as the PTX engine sees memory: the
// module globals it allocates belong to that device, and its kernels reach its own memory, every
// host and managed allocation, and the device memory of the peers it enabled (driver.h,
// peerAccess). An access to another device's memory without peer access is an illegal address,
// as on hardware.
#pragma once

#include "AllocationTable.h"

#include <atomic>

namespace qiao::emu {

class DeviceMemoryView final : public ptx::DeviceMemory {
public:
  DeviceMemoryView(AllocationTable &table, int32_t device) : table_(table), device_(device) {}

  int32_t device() const override { return device_; }

  // Whether kernels of this device reach peer's device memory; peer < 32 (kMaxEmuDevices).
  bool peerEnabled(int32_t peer) const { return (peers_.load() >> peer) & 1u; }
  // Sets or clears peer's bit; returns whether it changed.
  bool setPeer(int32_t peer, bool enabled) {
    const uint32_t bit = 1u << peer;
    const uint32_t before = enabled ? peers_.fetch_or(bit) : peers_.fetch_and(~bit);
    return ((before & bit) != 0) != enabled;
  }
  void clearPeers() { peers_.store(0); }

  void *allocateGlobal(uint64_t bytes) override { return table_.allocateGlobalOn(device_, bytes); }
  void releaseGlobal(void *ptr) override { table_.releaseGlobal(ptr); }
  bool lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    int32_t owner = 0;
    bool deviceOnly = false;
    if (!table_.lookupOwner(addr, bytes, base, size, owner, deviceOnly))
      return false;
    return !deviceOnly || owner == device_ || peerEnabled(owner);
  }
  // The slack around allocations (AllocationTable::mapped) is reachable as on hardware when the
  // emulator is one device. With several, the heap's granules mix devices' allocations, and a
  // kernel caching a whole granule could reach another device's memory without peer access:
  // there every allocation is its own region (the precise check).
  bool mapped(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    if (table_.devices() > 1)
      return lookup(addr, bytes, base, size);
    return table_.mapped(addr, bytes, base, size);
  }
  bool nearestAllocation(uint64_t addr, uint64_t &base, uint64_t &size) const override {
    return table_.nearestAllocation(addr, base, size);
  }
  const qiaoDrvTextureDesc *texture(uint64_t handle) const override {
    return table_.texture(handle);
  }
  std::vector<ptx::MemoryRange> writableRanges() const override { return table_.writableRanges(); }

private:
  AllocationTable &table_;
  const int32_t device_;
  std::atomic<uint32_t> peers_{0}; // bit p: peer access to device p is enabled
};

} // namespace qiao::emu
