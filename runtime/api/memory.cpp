// Public allocation calls and pointer queries.
#include "Memory.h"
#include "MemPools.h"
#include "Streams.h"

#include <cerrno>
#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>

using namespace qiao;
using namespace qiao::rt;

namespace {

// CUDA pins every page of a registered range, so a range that runs past the process's mappings
// (or around the address space) fails. Without this check a huge size would make every later
// address look like registered, device-visible memory. msync touches nothing and fails with
// ENOMEM at the first unmapped page.
bool hostRangeIsMapped(const void *ptr, size_t size) {
  auto start = reinterpret_cast<uintptr_t>(ptr);
  if (size > UINTPTR_MAX - start)
    return false;
  auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t first = start / page * page;
  uintptr_t end = start + size;
  if (end > UINTPTR_MAX - page)
    return false;
  return msync(reinterpret_cast<void *>(first), end - first, MS_ASYNC) == 0 || errno != ENOMEM;
}

} // namespace

Status qiao::rt::allocate(Runtime &rt, void **ptr, size_t size, qiaoDrvMemKind kind,
                          unsigned flags) {
  QIAO_REQUIRE(ptr != nullptr, qiaoErrorInvalidValue);
  releaseDueFrees(rt);
  // CUDA: a zero-byte request succeeds and yields NULL.
  if (size == 0) {
    *ptr = nullptr;
    return Status::ok();
  }
  int device = currentDevice();
  void *allocated = nullptr;
  if (rt.driver->memAlloc(device, size, kind, flags, &allocated) != 0 || !allocated)
    return fail(qiaoErrorMemoryAllocation, "driver memAlloc failed");
  *ptr = allocated;
  return Status::ok();
}

Status qiao::rt::release(Runtime &rt, void *ptr, std::initializer_list<qiaoDrvMemKind> kinds) {
  if (!ptr)
    return Status::ok();
  bool poolBlock = false;
  {
    std::lock_guard lock(rt.mutex);
    // A graph's allocation stays for the graph's next launch (Graphs.h).
    if (rt.graphAllocations.count(ptr) != 0)
      return Status::ok();
    poolBlock = isPoolBlock(rt, ptr);
    QIAO_REQUIRE(!isIdlePoolBlock(rt, ptr), qiaoErrorInvalidValue); // freed already
  }
  // Stream-ordered memory freed at once: back to its pool once the device is done with it.
  if (poolBlock) {
    QIAO_TRY(synchronizeDevice(rt, currentDevice()));
    releaseDueFrees(rt);
    (void)returnToPool(rt, ptr);
    return Status::ok();
  }
  auto info = pointerInfo(rt, ptr);
  if (!info)
    return info.error();
  QIAO_REQUIRE(info->base == reinterpret_cast<uint64_t>(ptr), qiaoErrorInvalidValue);
  bool kindMatches = false;
  for (qiaoDrvMemKind kind : kinds)
    kindMatches = kindMatches || info->kind == kind;
  QIAO_REQUIRE(kindMatches, qiaoErrorInvalidValue);
  QIAO_TRY(synchronizeDevice(rt, info->device));
  releaseDueFrees(rt);
  return fromDriver(rt.driver->memFree(ptr, static_cast<qiaoDrvMemKind>(info->kind)), info->device,
                    "memFree");
}

namespace {

size_t pitchAlignment(const Runtime &rt) {
  size_t alignment = rt.devices[currentDevice()].info.textureAlignment;
  return alignment ? alignment : 512;
}

// The row pitch (width rounded up to `alignment`) and the total of a pitched allocation; false
// when either does not fit 64 bits, which is more memory than any device has.
bool pitchedBytes(size_t width, size_t height, size_t depth, size_t alignment, size_t &rowBytes,
                  size_t &bytes) {
  if (__builtin_add_overflow(width, alignment - 1, &rowBytes))
    return false;
  rowBytes = rowBytes / alignment * alignment;
  return !__builtin_mul_overflow(rowBytes, height, &bytes) &&
         !__builtin_mul_overflow(bytes, depth, &bytes);
}

} // namespace

extern "C" qiaoError_t qiaoMalloc(void **devPtr, size_t size) {
  return enter([&](Runtime &rt) { return allocate(rt, devPtr, size, QIAO_DRV_MEM_DEVICE, 0); });
}

extern "C" qiaoError_t qiaoFree(void *devPtr) {
  return enter([&](Runtime &rt) {
    return release(rt, devPtr, {QIAO_DRV_MEM_DEVICE, QIAO_DRV_MEM_MANAGED});
  });
}

extern "C" qiaoError_t qiaoHostAlloc(void **pHost, size_t size, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    constexpr unsigned known =
        qiaoHostAllocPortable | qiaoHostAllocMapped | qiaoHostAllocWriteCombined;
    QIAO_REQUIRE((flags & ~known) == 0, qiaoErrorInvalidValue);
    return allocate(rt, pHost, size, QIAO_DRV_MEM_HOST, flags);
  });
}

extern "C" qiaoError_t qiaoMallocHost(void **ptr, size_t size) {
  return qiaoHostAlloc(ptr, size, qiaoHostAllocDefault);
}

extern "C" qiaoError_t qiaoFreeHost(void *ptr) {
  return enter([&](Runtime &rt) { return release(rt, ptr, {QIAO_DRV_MEM_HOST}); });
}

extern "C" qiaoError_t qiaoMallocManaged(void **devPtr, size_t size, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(devPtr != nullptr && size != 0, qiaoErrorInvalidValue);
    QIAO_REQUIRE(flags == qiaoMemAttachGlobal || flags == qiaoMemAttachHost, qiaoErrorInvalidValue);
    return allocate(rt, devPtr, size, QIAO_DRV_MEM_MANAGED, flags);
  });
}

extern "C" qiaoError_t qiaoMallocPitch(void **devPtr, size_t *pitch, size_t width, size_t height) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(devPtr != nullptr && pitch != nullptr, qiaoErrorInvalidValue);
    size_t rowBytes = 0, bytes = 0;
    QIAO_REQUIRE(pitchedBytes(width, height, 1, pitchAlignment(rt), rowBytes, bytes),
                 qiaoErrorMemoryAllocation);
    QIAO_TRY(allocate(rt, devPtr, bytes, QIAO_DRV_MEM_DEVICE, 0));
    *pitch = rowBytes;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMalloc3D(qiaoPitchedPtr *pitchedDevPtr, qiaoExtent extent) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pitchedDevPtr != nullptr, qiaoErrorInvalidValue);
    size_t rowBytes = 0, bytes = 0;
    QIAO_REQUIRE(pitchedBytes(extent.width, extent.height, extent.depth, pitchAlignment(rt),
                              rowBytes, bytes),
                 qiaoErrorMemoryAllocation);
    void *ptr = nullptr;
    QIAO_TRY(allocate(rt, &ptr, bytes, QIAO_DRV_MEM_DEVICE, 0));
    *pitchedDevPtr = qiaoPitchedPtr{ptr, rowBytes, extent.width, extent.height};
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMallocAsync(void **devPtr, size_t size, qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    {
      std::lock_guard lock(rt.mutex);
      auto resolved = resolveStream(rt, stream);
      if (!resolved)
        return resolved.error();
    }
    qiaoMemPool_st *pool = nullptr;
    {
      std::lock_guard lock(rt.mutex);
      pool = currentPool(rt, currentDevice());
    }
    // Allocating now is a valid stream order: the memory exists before any later work.
    return allocateFromPool(rt, pool, size, devPtr);
  });
}

extern "C" qiaoError_t qiaoFreeAsync(void *devPtr, qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    if (!devPtr) {
      std::lock_guard lock(rt.mutex);
      auto resolved = resolveStream(rt, stream);
      return resolved ? Status::ok() : Status(resolved.error());
    }
    auto info = pointerInfo(rt, devPtr);
    if (!info)
      return info.error();
    QIAO_REQUIRE(info->kind == QIAO_DRV_MEM_DEVICE &&
                     info->base == reinterpret_cast<uint64_t>(devPtr),
                 qiaoErrorInvalidValue);
    {
      std::lock_guard lock(rt.mutex);
      auto resolved = resolveStream(rt, stream);
      if (!resolved)
        return resolved.error();
      // Freed inside a capture: every launch of the graph uses this same memory (CUDA's graph
      // memory nodes also keep their address across launches), so it stays allocated; so does
      // a graph memory node's allocation.
      if ((*resolved)->capturing || rt.graphAllocations.count(devPtr) != 0)
        return Status::ok();
      QIAO_REQUIRE(!isIdlePoolBlock(rt, devPtr), qiaoErrorInvalidValue); // freed already
    }
    return freeWhenReached(rt, stream, devPtr);
  });
}

extern "C" qiaoError_t qiaoHostRegister(void *ptr, size_t size, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    constexpr unsigned known = qiaoHostRegisterPortable | qiaoHostRegisterMapped |
                               qiaoHostRegisterIoMemory | qiaoHostRegisterReadOnly;
    QIAO_REQUIRE(ptr != nullptr && size != 0, qiaoErrorInvalidValue);
    QIAO_REQUIRE((flags & ~known) == 0, qiaoErrorInvalidValue);
    QIAO_REQUIRE(hostRangeIsMapped(ptr, size), qiaoErrorInvalidValue);
    return fromDriver(rt.driver->memRegister(ptr, size, flags), currentDevice(), "memRegister");
  });
}

extern "C" qiaoError_t qiaoHostUnregister(void *ptr) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(ptr != nullptr, qiaoErrorInvalidValue);
    auto info = pointerInfo(rt, ptr);
    QIAO_REQUIRE(info && info->kind == QIAO_DRV_MEM_REGISTERED &&
                     info->base == reinterpret_cast<uint64_t>(ptr),
                 qiaoErrorHostMemoryNotRegistered);
    QIAO_TRY(synchronizeDevice(rt, info->device));
    return fromDriver(rt.driver->memUnregister(ptr), info->device, "memUnregister");
  });
}

extern "C" qiaoError_t qiaoHostGetDevicePointer(void **pDevice, void *pHost, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pDevice != nullptr && pHost != nullptr && flags == 0, qiaoErrorInvalidValue);
    auto info = pointerInfo(rt, pHost);
    QIAO_REQUIRE(info && (info->kind == QIAO_DRV_MEM_HOST || info->kind == QIAO_DRV_MEM_REGISTERED),
                 qiaoErrorInvalidValue);
    // Unified addressing: the device sees pinned host memory at its host address.
    *pDevice = pHost;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoHostGetFlags(unsigned int *pFlags, void *pHost) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pFlags != nullptr && pHost != nullptr, qiaoErrorInvalidValue);
    auto info = pointerInfo(rt, pHost);
    QIAO_REQUIRE(info && (info->kind == QIAO_DRV_MEM_HOST || info->kind == QIAO_DRV_MEM_REGISTERED),
                 qiaoErrorInvalidValue);
    *pFlags = info->flags;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMemGetInfo(size_t *freeBytes, size_t *totalBytes) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(freeBytes != nullptr && totalBytes != nullptr, qiaoErrorInvalidValue);
    releaseDueFrees(rt);
    uint64_t freeValue = 0, totalValue = 0;
    QIAO_TRY(fromDriver(rt.driver->memInfo(currentDevice(), &freeValue, &totalValue),
                        currentDevice(), "memInfo"));
    *freeBytes = freeValue;
    *totalBytes = totalValue;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoPointerGetAttributes(qiaoPointerAttributes *attributes,
                                                const void *ptr) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(attributes != nullptr && ptr != nullptr, qiaoErrorInvalidValue);
    auto info = pointerInfo(rt, ptr);
    // CUDA 11+: memory unknown to the runtime is reported, not refused.
    if (!info) {
      *attributes =
          qiaoPointerAttributes{qiaoMemoryTypeUnregistered, qiaoInvalidDeviceId, nullptr, nullptr};
      return Status::ok();
    }
    void *address = const_cast<void *>(ptr);
    switch (info->kind) {
    case QIAO_DRV_MEM_DEVICE:
      *attributes = qiaoPointerAttributes{qiaoMemoryTypeDevice, info->device, address, nullptr};
      break;
    case QIAO_DRV_MEM_MANAGED:
      *attributes = qiaoPointerAttributes{qiaoMemoryTypeManaged, info->device, address, address};
      break;
    default:
      *attributes = qiaoPointerAttributes{qiaoMemoryTypeHost, info->device, address, address};
      break;
    }
    return Status::ok();
  });
}

namespace {
Status checkLocation(Runtime &rt, qiaoMemLocation location) {
  switch (location.type) {
  case qiaoMemLocationTypeDevice:
    QIAO_REQUIRE(validDevice(rt, location.id), qiaoErrorInvalidDevice);
    return Status::ok();
  case qiaoMemLocationTypeHost:
  case qiaoMemLocationTypeHostNuma:
  case qiaoMemLocationTypeHostNumaCurrent:
    return Status::ok();
  default:
    return fail(qiaoErrorInvalidValue, "memory location type");
  }
}

Status requireManagedRange(Runtime &rt, const void *ptr, size_t count) {
  QIAO_REQUIRE(ptr != nullptr && count != 0, qiaoErrorInvalidValue);
  auto info = pointerInfo(rt, ptr);
  QIAO_REQUIRE(info && info->kind == QIAO_DRV_MEM_MANAGED, qiaoErrorInvalidValue);
  return requireDeviceRange(rt, ptr, count);
}
} // namespace

// Device memory is one address space with the host here, so prefetching and advice change
// nothing; both are validated as CUDA does and otherwise accepted.
extern "C" qiaoError_t qiaoMemPrefetchAsync(const void *devPtr, size_t count,
                                            qiaoMemLocation location, unsigned int flags,
                                            qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags == 0, qiaoErrorInvalidValue);
    QIAO_TRY(requireManagedRange(rt, devPtr, count));
    QIAO_TRY(checkLocation(rt, location));
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    return resolved ? Status::ok() : Status(resolved.error());
  });
}

extern "C" qiaoError_t qiaoMemAdvise(const void *devPtr, size_t count, qiaoMemoryAdvise advice,
                                     qiaoMemLocation location) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(advice >= qiaoMemAdviseSetReadMostly && advice <= qiaoMemAdviseUnsetAccessedBy,
                 qiaoErrorInvalidValue);
    QIAO_TRY(requireManagedRange(rt, devPtr, count));
    // Read-mostly advice ignores the location.
    if (advice != qiaoMemAdviseSetReadMostly && advice != qiaoMemAdviseUnsetReadMostly)
      QIAO_TRY(checkLocation(rt, location));
    return Status::ok();
  });
}
