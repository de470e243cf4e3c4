// The emulated devices' memory: every allocation kernels may touch, keyed by base address.
// Device memory is host memory, so a device pointer is a host address; recording each range lets
// the PTX engine turn an access outside device memory into qiaoErrorIllegalAddress instead of a
// crash. One table serves every emulated device: addresses are unique across devices (unified
// addressing), each allocation remembers its device, and each device has its own budget. The
// memory itself comes from a DeviceHeap, laid out as a GPU driver lays it out, so that kernels
// may also touch the mapped slack around allocations as they can on hardware (the engine checks
// against allocations only under QIAO_MEMCHECK).
#pragma once

#include "DeviceHeap.h"
#include "ptx/Engine.h"
#include "qiao/driver.h"
#include "support/Expected.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <vector>

namespace qiao::emu {

struct Allocation {
  uint64_t base = 0;
  uint64_t size = 0; // bytes the caller asked for
  qiaoDrvMemKind kind = QIAO_DRV_MEM_DEVICE;
  uint32_t flags = 0;
  int32_t device = 0;
};

class AllocationTable final : public ptx::DeviceMemory {
public:
  // Alignment of every allocation the table makes, as cudaMalloc guarantees.
  static constexpr uint64_t kAlignment = 256;

  // budgetBytes caps the device-resident kinds (device, managed, module globals) of each of
  // `devices` devices; the one-argument form is a table for one device.
  explicit AllocationTable(uint64_t budgetBytes, int32_t devices = 1);
  ~AllocationTable() override;
  AllocationTable(const AllocationTable &) = delete;
  AllocationTable &operator=(const AllocationTable &) = delete;

  // A 0-byte request succeeds with nullptr, as cudaMalloc(&p, 0) does. device is below devices().
  Expected<void *> allocate(int32_t device, uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags);
  Expected<void *> allocate(uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags) {
    return allocate(0, bytes, kind, flags);
  }
  // ptr must be the base of an allocation of a kind that `kind` frees (device frees managed too).
  Status release(void *ptr, qiaoDrvMemKind kind);
  // Records user host memory; it stays owned by the user. It counts as device 0's (see reset).
  Status registerHost(void *ptr, uint64_t bytes, uint32_t flags);
  Status unregisterHost(void *ptr);

  std::optional<Allocation> find(uint64_t addr) const;
  int32_t devices() const { return int32_t(used_.size()); }
  uint64_t budget() const { return budget_; }
  uint64_t budgetUsed(int32_t device = 0) const;
  size_t count() const;
  // Frees everything the table owns and forgets registrations.
  void releaseAll();
  // Frees what belongs to one device (deviceReset): its allocations and module globals, and for
  // device 0 the registrations too.
  void releaseDevice(int32_t device);
  // Module globals of a device (allocateGlobal serves device 0).
  void *allocateGlobalOn(int32_t device, uint64_t bytes);

  // Texture objects over the table's memory: the handle is the address of the kept description.
  // The texels must lie inside one allocation.
  Expected<uint64_t> createTexture(const qiaoDrvTextureDesc &desc);
  Status destroyTexture(uint64_t handle);

  // ptx::DeviceMemory
  const qiaoDrvTextureDesc *texture(uint64_t handle) const override;
  void *allocateGlobal(uint64_t bytes) override;
  void releaseGlobal(void *ptr) override;
  bool lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override;
  // lookup, also naming the device the range belongs to and whether only kernels of that device
  // (and its peers) may reach it: device memory and module globals, not host or managed memory.
  bool lookupOwner(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size, int32_t &device,
                   bool &deviceOnly) const;
  std::vector<ptx::MemoryRange> writableRanges() const override;
  bool mapped(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override;
  bool nearestAllocation(uint64_t addr, uint64_t &base, uint64_t &size) const override;

private:
  // Who made the range: only Allocated ranges are freed by release().
  enum class Origin { Allocated, ModuleGlobal, Registered };

  struct Entry {
    uint64_t size = 0;
    uint64_t charged = 0; // bytes counted against the budget
    qiaoDrvMemKind kind = QIAO_DRV_MEM_DEVICE;
    uint32_t flags = 0;
    Origin origin = Origin::Allocated;
    int32_t device = 0;
  };

  bool overlapsLocked(uint64_t addr, uint64_t bytes) const;
  bool lookupLocked(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const;
  Expected<void *> insertOwned(int32_t device, uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags,
                               Origin origin);
  // Frees the entries `drop` selects (all of them: releaseAll).
  template <class Select> void releaseWhere(Select drop);

  const uint64_t budget_;
  mutable std::shared_mutex mutex_;
  std::map<uint64_t, Entry> entries_;
  std::vector<uint64_t> used_; // per device
  std::map<uint64_t, std::unique_ptr<qiaoDrvTextureDesc>> textures_;
  DeviceHeap heap_;
};

} // namespace qiao::emu
