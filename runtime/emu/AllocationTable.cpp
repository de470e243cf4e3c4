#include "AllocationTable.h"

#include "support/ErrorCodes.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <mutex>
#include <string>

namespace qiao::emu {
namespace {

bool chargesBudget(qiaoDrvMemKind kind) {
  // Pinned host memory lives outside the device's memory on real hardware, so it does not
  // reduce what memInfo reports as free.
  return kind == QIAO_DRV_MEM_DEVICE || kind == QIAO_DRV_MEM_MANAGED;
}

// cudaFree releases device and managed memory; cudaFreeHost only pinned host memory.
bool kindFrees(qiaoDrvMemKind requested, qiaoDrvMemKind actual) {
  if (requested == QIAO_DRV_MEM_HOST)
    return actual == QIAO_DRV_MEM_HOST;
  if (requested == QIAO_DRV_MEM_DEVICE || requested == QIAO_DRV_MEM_MANAGED)
    return actual == QIAO_DRV_MEM_DEVICE || actual == QIAO_DRV_MEM_MANAGED;
  return false;
}

uint64_t roundedSize(uint64_t bytes, uint64_t alignment) {
  return (bytes + alignment - 1) / alignment * alignment;
}

Error outOfMemory(uint64_t bytes) {
  return Error{errc::qiaoErrorMemoryAllocation,
               "cannot allocate " + std::to_string(bytes) + " bytes of device memory"};
}

} // namespace

AllocationTable::AllocationTable(uint64_t budgetBytes, int32_t devices)
    : budget_(budgetBytes), used_(size_t(std::max(devices, 1)), 0) {}

AllocationTable::~AllocationTable() { releaseAll(); }

Expected<void *> AllocationTable::allocate(int32_t device, uint64_t bytes, qiaoDrvMemKind kind,
                                           uint32_t flags) {
  if (device < 0 || device >= devices())
    return Error{errc::qiaoErrorInvalidDevice, "no device " + std::to_string(device)};
  if (kind != QIAO_DRV_MEM_DEVICE && kind != QIAO_DRV_MEM_HOST && kind != QIAO_DRV_MEM_MANAGED)
    return Error{errc::qiaoErrorInvalidValue,
                 "memory kind " + std::to_string(int(kind)) + " cannot be allocated"};
  if (bytes == 0)
    return static_cast<void *>(nullptr);
  return insertOwned(device, bytes, kind, flags, Origin::Allocated);
}

Expected<void *> AllocationTable::insertOwned(int32_t device, uint64_t bytes, qiaoDrvMemKind kind,
                                              uint32_t flags, Origin origin) {
  if (bytes > UINT64_MAX - kAlignment)
    return outOfMemory(bytes);
  const uint64_t rounded = roundedSize(bytes, kAlignment);
  const uint64_t charged = chargesBudget(kind) ? rounded : 0;
  {
    // Reserve the budget before allocating so concurrent callers cannot overshoot it together.
    std::unique_lock lock(mutex_);
    if (charged > budget_ - used_[device])
      return outOfMemory(bytes);
    used_[device] += charged;
  }
  // Fresh memory reads zero, as memory a GPU driver hands a process does in practice (it is
  // scrubbed): programs that forget to clear a counter behave the same under both CUDA runtimes
  // and from run to run.
  void *memory = heap_.allocate(bytes);
  std::unique_lock lock(mutex_);
  if (!memory) {
    used_[device] -= charged;
    return outOfMemory(bytes);
  }
  entries_[reinterpret_cast<uint64_t>(memory)] = Entry{bytes, charged, kind, flags, origin, device};
  return memory;
}

Status AllocationTable::release(void *ptr, qiaoDrvMemKind kind) {
  if (!ptr)
    return Status::ok(); // cudaFree(NULL) does nothing
  void *memory = nullptr;
  uint64_t bytes = 0;
  {
    std::unique_lock lock(mutex_);
    auto it = entries_.find(reinterpret_cast<uint64_t>(ptr));
    if (it == entries_.end() || it->second.origin != Origin::Allocated ||
        !kindFrees(kind, it->second.kind))
      return Error{errc::qiaoErrorInvalidValue, "pointer is not the start of an allocation that "
                                                "this free call releases"};
    used_[it->second.device] -= it->second.charged;
    memory = ptr;
    bytes = it->second.size;
    entries_.erase(it);
  }
  heap_.release(memory, bytes);
  return Status::ok();
}

bool AllocationTable::overlapsLocked(uint64_t addr, uint64_t bytes) const {
  // The first range starting at or after addr, and the one before it, are the only candidates.
  auto next = entries_.lower_bound(addr);
  if (next != entries_.end() && next->first - addr < bytes)
    return true;
  if (next == entries_.begin())
    return false;
  auto previous = std::prev(next);
  return addr - previous->first < previous->second.size;
}

Status AllocationTable::registerHost(void *ptr, uint64_t bytes, uint32_t flags) {
  const uint64_t addr = reinterpret_cast<uint64_t>(ptr);
  if (!ptr || bytes == 0 || addr + bytes < addr)
    return Error{errc::qiaoErrorInvalidValue, "host range to register is empty or wraps"};
  std::unique_lock lock(mutex_);
  if (overlapsLocked(addr, bytes))
    return Error{errc::qiaoErrorHostMemoryAlreadyRegistered,
                 "host range overlaps memory the device already knows"};
  entries_[addr] = Entry{bytes, 0, QIAO_DRV_MEM_REGISTERED, flags, Origin::Registered, 0};
  return Status::ok();
}

Status AllocationTable::unregisterHost(void *ptr) {
  std::unique_lock lock(mutex_);
  auto it = entries_.find(reinterpret_cast<uint64_t>(ptr));
  if (!ptr || it == entries_.end() || it->second.origin != Origin::Registered)
    return Error{errc::qiaoErrorHostMemoryNotRegistered,
                 "pointer is not the start of a registered host range"};
  entries_.erase(it);
  return Status::ok();
}

std::optional<Allocation> AllocationTable::find(uint64_t addr) const {
  uint64_t base = 0, size = 0;
  if (!lookup(addr, 1, base, size))
    return std::nullopt;
  std::shared_lock lock(mutex_);
  auto it = entries_.find(base);
  if (it == entries_.end())
    return std::nullopt; // released between the two lookups
  return Allocation{base, it->second.size, it->second.kind, it->second.flags, it->second.device};
}

uint64_t AllocationTable::budgetUsed(int32_t device) const {
  std::shared_lock lock(mutex_);
  return device >= 0 && device < devices() ? used_[device] : 0;
}

size_t AllocationTable::count() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

template <class Select> void AllocationTable::releaseWhere(Select drop) {
  std::vector<std::pair<uint64_t, Entry>> dropped;
  {
    std::unique_lock lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (!drop(it->second)) {
        ++it;
        continue;
      }
      used_[it->second.device] -= it->second.charged;
      dropped.emplace_back(it->first, it->second);
      it = entries_.erase(it);
    }
    // A texture over memory that is gone would sample freed memory.
    std::erase_if(textures_, [&](const auto &texture) {
      uint64_t base = 0, size = 0;
      return !lookupLocked(reinterpret_cast<uint64_t>(texture.second->data), 1, base, size);
    });
  }
  for (const auto &[base, entry] : dropped)
    if (entry.origin != Origin::Registered)
      heap_.release(reinterpret_cast<void *>(base), entry.size);
}

void AllocationTable::releaseAll() {
  releaseWhere([](const Entry &) { return true; });
}

void AllocationTable::releaseDevice(int32_t device) {
  releaseWhere([&](const Entry &entry) { return entry.device == device; });
}

void *AllocationTable::allocateGlobal(uint64_t bytes) { return allocateGlobalOn(0, bytes); }

void *AllocationTable::allocateGlobalOn(int32_t device, uint64_t bytes) {
  if (device < 0 || device >= devices())
    return nullptr;
  // A module's variables start zeroed, as .global variables without an initializer do.
  auto memory = insertOwned(device, std::max<uint64_t>(bytes, 1), QIAO_DRV_MEM_DEVICE, 0,
                            Origin::ModuleGlobal);
  if (!memory)
    return nullptr;
  std::memset(memory.value(), 0, bytes);
  return memory.value();
}

void AllocationTable::releaseGlobal(void *ptr) {
  void *memory = nullptr;
  uint64_t bytes = 0;
  {
    std::unique_lock lock(mutex_);
    auto it = entries_.find(reinterpret_cast<uint64_t>(ptr));
    if (!ptr || it == entries_.end() || it->second.origin != Origin::ModuleGlobal)
      return; // already dropped by releaseAll
    used_[it->second.device] -= it->second.charged;
    memory = ptr;
    bytes = it->second.size;
    entries_.erase(it);
  }
  heap_.release(memory, bytes);
}

Expected<uint64_t> AllocationTable::createTexture(const qiaoDrvTextureDesc &desc) {
  bool bits = desc.channelBits == 8 || desc.channelBits == 16 || desc.channelBits == 32;
  bool kind = desc.channelKind <= QIAO_DRV_CHANNEL_FLOAT &&
              (desc.channelKind != QIAO_DRV_CHANNEL_FLOAT || desc.channelBits != 8);
  bool shape = desc.dimensions >= 1 && desc.dimensions <= 3 && desc.width > 0 && desc.height > 0 &&
               desc.depth > 0 && desc.channels >= 1 && desc.channels <= 4;
  bool modes = desc.addressMode[0] <= 3 && desc.addressMode[1] <= 3 && desc.addressMode[2] <= 3;
  if (!desc.data || !bits || !kind || !shape || !modes)
    return Error{errc::qiaoErrorInvalidValue, "malformed texture description"};
  uint64_t rowBytes = desc.width * desc.channels * desc.channelBits / 8;
  if (desc.pitch < rowBytes || (desc.depth > 1 && desc.slicePitch < desc.pitch * desc.height))
    return Error{errc::qiaoErrorInvalidValue, "texture pitch smaller than its rows"};
  uint64_t span = (desc.depth - 1) * desc.slicePitch + (desc.height - 1) * desc.pitch + rowBytes;
  uint64_t base = 0, size = 0;
  if (!lookup(reinterpret_cast<uint64_t>(desc.data), span, base, size))
    return Error{errc::qiaoErrorInvalidValue, "texture memory outside every allocation"};
  auto kept = std::make_unique<qiaoDrvTextureDesc>(desc);
  uint64_t handle = reinterpret_cast<uint64_t>(kept.get());
  std::unique_lock lock(mutex_);
  textures_.emplace(handle, std::move(kept));
  return handle;
}

Status AllocationTable::destroyTexture(uint64_t handle) {
  std::unique_lock lock(mutex_);
  if (textures_.erase(handle) == 0)
    return Error{errc::qiaoErrorInvalidValue, "not a texture object"};
  return Status::ok();
}

const qiaoDrvTextureDesc *AllocationTable::texture(uint64_t handle) const {
  std::shared_lock lock(mutex_);
  auto it = textures_.find(handle);
  return it == textures_.end() ? nullptr : it->second.get();
}

bool AllocationTable::lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const {
  std::shared_lock lock(mutex_);
  return lookupLocked(addr, bytes, base, size);
}

bool AllocationTable::lookupOwner(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size,
                                  int32_t &device, bool &deviceOnly) const {
  std::shared_lock lock(mutex_);
  if (!lookupLocked(addr, bytes, base, size))
    return false;
  const Entry &entry = entries_.find(base)->second;
  device = entry.device;
  deviceOnly = entry.kind == QIAO_DRV_MEM_DEVICE;
  return true;
}

bool AllocationTable::lookupLocked(uint64_t addr, uint64_t bytes, uint64_t &base,
                                   uint64_t &size) const {
  auto it = entries_.upper_bound(addr);
  if (it == entries_.begin())
    return false;
  --it;
  const uint64_t offset = addr - it->first;
  // Written without addr + bytes so that ranges near the top of the address space cannot wrap.
  if (bytes > it->second.size || offset > it->second.size - bytes)
    return false;
  base = it->first;
  size = it->second.size;
  return true;
}

bool AllocationTable::mapped(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const {
  // Registered host memory is the user's: only the registered bytes are the device's.
  return heap_.region(addr, bytes, base, size) || lookup(addr, bytes, base, size);
}

bool AllocationTable::nearestAllocation(uint64_t addr, uint64_t &base, uint64_t &size) const {
  std::shared_lock lock(mutex_);
  auto above = entries_.upper_bound(addr);
  auto pick = entries_.end();
  if (above != entries_.begin()) {
    auto below = std::prev(above);
    pick = below;
    // Past the end of the one below: the one above is nearer when its start is closer.
    const uint64_t pastBelow =
        addr - below->first - std::min(addr - below->first, below->second.size);
    if (pastBelow > 0 && above != entries_.end() && above->first - addr < pastBelow)
      pick = above;
  } else {
    pick = above;
  }
  if (pick == entries_.end())
    return false;
  base = pick->first;
  size = pick->second.size;
  return true;
}

std::vector<ptx::MemoryRange> AllocationTable::writableRanges() const {
  std::shared_lock lock(mutex_);
  std::vector<ptx::MemoryRange> ranges;
  ranges.reserve(entries_.size());
  for (const auto &[base, entry] : entries_)
    ranges.push_back({base, entry.size});
  return ranges;
}

} // namespace qiao::emu
