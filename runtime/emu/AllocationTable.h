// The emulated device's memory: every allocation kernels may touch, keyed by base address.
// Device memory is host memory, so a device pointer is a host address; recording each range lets
// the PTX engine turn an access outside device memory into qiaoErrorIllegalAddress instead of a
// crash. The memory itself comes from a DeviceHeap, laid out as a GPU driver lays it out, so
// that kernels may also touch the mapped slack around allocations as they can on hardware (the
// engine checks against allocations only under QIAO_MEMCHECK).
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
};

class AllocationTable final : public ptx::DeviceMemory {
public:
  // Alignment of every allocation the table makes, as cudaMalloc guarantees.
  static constexpr uint64_t kAlignment = 256;

  // budgetBytes caps the device-resident kinds (device, managed, module globals).
  explicit AllocationTable(uint64_t budgetBytes);
  ~AllocationTable() override;
  AllocationTable(const AllocationTable &) = delete;
  AllocationTable &operator=(const AllocationTable &) = delete;

  // A 0-byte request succeeds with nullptr, as cudaMalloc(&p, 0) does.
  Expected<void *> allocate(uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags);
  // ptr must be the base of an allocation of a kind that `kind` frees (device frees managed too).
  Status release(void *ptr, qiaoDrvMemKind kind);
  // Records user host memory; it stays owned by the user.
  Status registerHost(void *ptr, uint64_t bytes, uint32_t flags);
  Status unregisterHost(void *ptr);

  std::optional<Allocation> find(uint64_t addr) const;
  uint64_t budget() const { return budget_; }
  uint64_t budgetUsed() const;
  size_t count() const;
  // Frees everything the table owns and forgets registrations (deviceReset).
  void releaseAll();

  // Texture objects over the table's memory: the handle is the address of the kept description.
  // The texels must lie inside one allocation.
  Expected<uint64_t> createTexture(const qiaoDrvTextureDesc &desc);
  Status destroyTexture(uint64_t handle);

  // ptx::DeviceMemory
  const qiaoDrvTextureDesc *texture(uint64_t handle) const override;
  void *allocateGlobal(uint64_t bytes) override;
  void releaseGlobal(void *ptr) override;
  bool lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override;
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
  };

  bool overlapsLocked(uint64_t addr, uint64_t bytes) const;
  Expected<void *> insertOwned(uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags, Origin origin);

  const uint64_t budget_;
  mutable std::shared_mutex mutex_;
  std::map<uint64_t, Entry> entries_;
  uint64_t used_ = 0;
  std::map<uint64_t, std::unique_ptr<qiaoDrvTextureDesc>> textures_;
  DeviceHeap heap_;
};

} // namespace qiao::emu
