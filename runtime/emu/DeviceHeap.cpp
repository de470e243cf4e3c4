#include "DeviceHeap.h"

#include <sys/mman.h>

#include <cstring>
#include <iterator>
#include <mutex>

namespace qiao::emu {
namespace {

uint64_t roundUp(uint64_t bytes, uint64_t unit) { return (bytes + unit - 1) / unit * unit; }

// Device memory is backed when it is allocated, as a GPU's is: a kernel's first writes to an
// output array would otherwise take a page fault every 4 KiB inside the kernel (a 64 MiB array:
// about 60 ms of a first launch that runs in 20). Past kPopulateLimit pages come on first touch,
// so that a program reserving more than it uses does not hold it all.
constexpr uint64_t kPopulateLimit = uint64_t{256} << 20;

void *mapZeroed(uint64_t bytes) {
  const int populate = bytes <= kPopulateLimit ? MAP_POPULATE : 0;
  void *mapped =
      mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | populate, -1, 0);
  return mapped == MAP_FAILED ? nullptr : mapped;
}

// The bytes a small request occupies in its granule: the allocation rounded to kPlacement, then
// its slack.
uint64_t slotBytes(uint64_t bytes) {
  return roundUp(bytes, DeviceHeap::kPlacement) + DeviceHeap::kSlack;
}

} // namespace

DeviceHeap::~DeviceHeap() { releaseAll(); }

void *DeviceHeap::allocate(uint64_t bytes) {
  if (bytes == 0 || bytes > UINT64_MAX / 2)
    return nullptr;
  if (bytes >= kSmallLimit)
    return allocateLarge(bytes);
  void *memory = allocateSmall(slotBytes(bytes));
  // A reused slot holds what its last owner left; fresh memory reads zero.
  if (memory)
    std::memset(memory, 0, roundUp(bytes, kPlacement));
  return memory;
}

void *DeviceHeap::allocateSmall(uint64_t slot) {
  std::unique_lock lock(mutex_);
  for (auto &[base, region] : regions_) {
    if (!region.granule)
      continue;
    for (auto it = region.free.begin(); it != region.free.end(); ++it) {
      if (it->second < slot)
        continue;
      const uint64_t offset = it->first, length = it->second;
      region.free.erase(it);
      if (length > slot)
        region.free.emplace(offset + slot, length - slot);
      ++region.live;
      return reinterpret_cast<void *>(base + offset);
    }
  }
  void *mapped = mapZeroed(kGranule);
  if (!mapped)
    return nullptr;
  Region granule;
  granule.size = kGranule;
  granule.granule = true;
  granule.live = 1;
  granule.free.emplace(kSlack + slot, kGranule - kSlack - slot);
  regions_.emplace(reinterpret_cast<uint64_t>(mapped), std::move(granule));
  return static_cast<uint8_t *>(mapped) + kSlack;
}

void *DeviceHeap::allocateLarge(uint64_t bytes) {
  const uint64_t size = roundUp(bytes + 2 * kLargeSlack, kGranule);
  void *mapped = mapZeroed(size);
  if (!mapped)
    return nullptr;
  Region own;
  own.size = size;
  std::unique_lock lock(mutex_);
  regions_.emplace(reinterpret_cast<uint64_t>(mapped), std::move(own));
  return static_cast<uint8_t *>(mapped) + kLargeSlack;
}

void DeviceHeap::release(void *ptr, uint64_t bytes) {
  const uint64_t addr = reinterpret_cast<uint64_t>(ptr);
  std::unique_lock lock(mutex_);
  auto it = regions_.upper_bound(addr);
  if (it == regions_.begin())
    return;
  --it;
  Region &region = it->second;
  if (addr - it->first >= region.size)
    return;
  if (!region.granule) {
    munmap(reinterpret_cast<void *>(it->first), region.size);
    regions_.erase(it);
    return;
  }
  // Back into the free extents, merged with its neighbours.
  uint64_t offset = addr - it->first, length = slotBytes(bytes);
  auto next = region.free.lower_bound(offset);
  if (next != region.free.end() && offset + length == next->first) {
    length += next->second;
    next = region.free.erase(next);
  }
  if (next != region.free.begin()) {
    auto previous = std::prev(next);
    if (previous->first + previous->second == offset) {
      offset = previous->first;
      length += previous->second;
      region.free.erase(previous);
    }
  }
  region.free.emplace(offset, length);
  if (--region.live == 0)
    madvise(reinterpret_cast<void *>(it->first), region.size, MADV_DONTNEED);
}

bool DeviceHeap::region(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const {
  std::shared_lock lock(mutex_);
  auto it = regions_.upper_bound(addr);
  if (it == regions_.begin())
    return false;
  --it;
  const Region &region = it->second;
  const uint64_t offset = addr - it->first;
  // Written without addr + bytes so that ranges near the top of the address space cannot wrap.
  if (bytes > region.size || offset > region.size - bytes || (region.granule && region.live == 0))
    return false;
  base = it->first;
  size = region.size;
  return true;
}

void DeviceHeap::releaseAll() {
  std::unique_lock lock(mutex_);
  for (const auto &[base, region] : regions_)
    munmap(reinterpret_cast<void *>(base), region.size);
  regions_.clear();
}

} // namespace qiao::emu
