// Where the emulated device's memory lives: mapped regions that hold allocations the way a GPU
// driver lays them out (aligned, sub-allocated inside larger mapped pages), so that an access a
// little outside an allocation lands in mapped slack, as on hardware, while a wild address
// faults.
//   - A request below kSmallLimit is sub-allocated in a kGranule region: it starts on a
//     kPlacement boundary and is followed by at least kSlack bytes that belong to no allocation;
//     the granule's first kSlack bytes are never handed out, so the kSlack bytes before every
//     allocation are slack too. A read just before an allocation or a write just past its end
//     therefore never touches another allocation.
//   - A larger request gets a mapping of its own: kLargeSlack bytes, the allocation, and the rest
//     of the mapping (at least kLargeSlack bytes) up to a multiple of kGranule.
// Regions are anonymous mappings, so slack that is never touched costs no RAM. A granule whose
// allocations are all freed stays mapped (its pages are returned to the system) for later
// requests, but no longer counts as mapped memory for kernels.
#pragma once

#include <cstdint>
#include <map>
#include <shared_mutex>

namespace qiao::emu {

class DeviceHeap {
public:
  static constexpr uint64_t kGranule = uint64_t{2} << 20;
  static constexpr uint64_t kSmallLimit = uint64_t{1} << 20;
  static constexpr uint64_t kPlacement = 512;
  static constexpr uint64_t kSlack = 512;
  static constexpr uint64_t kLargeSlack = uint64_t{64} << 10;

  DeviceHeap() = default;
  ~DeviceHeap();
  DeviceHeap(const DeviceHeap &) = delete;
  DeviceHeap &operator=(const DeviceHeap &) = delete;

  // bytes > 0 of zeroed memory, kPlacement-aligned; nullptr when the host has no memory left.
  void *allocate(uint64_t bytes);
  // ptr and bytes as allocate returned and was asked.
  void release(void *ptr, uint64_t bytes);
  // Whether [addr, addr+bytes) lies in one region that holds a live allocation; base/size
  // describe the region.
  bool region(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const;
  // Unmaps every region (device reset: every allocation is gone).
  void releaseAll();

private:
  struct Region {
    uint64_t size = 0;
    bool granule = false;
    uint32_t live = 0;                 // allocations in a granule
    std::map<uint64_t, uint64_t> free; // a granule's free extents: offset -> length
  };

  void *allocateSmall(uint64_t slot);
  void *allocateLarge(uint64_t bytes);

  mutable std::shared_mutex mutex_;
  std::map<uint64_t, Region> regions_; // by base address
};

} // namespace qiao::emu
