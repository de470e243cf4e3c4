// Stream-ordered memory pools: the default and current pool of each device, pools the program
// creates, their attributes and trimming, and allocation from them (MemPools.h).
#include "MemPools.h"
#include "Memory.h"
#include "Streams.h"

#include <algorithm>
#include <cstring>
#include <iterator>

using namespace qiao;
using namespace qiao::rt;

namespace {

Expected<qiaoMemPool_st *> knownPool(Runtime &rt, qiaoMemPool_t pool) {
  if (pool == nullptr || rt.memPools.count(pool) == 0)
    return Error{qiaoErrorInvalidValue, "not a memory pool"};
  return pool;
}

qiaoMemPool_st *newPool(Runtime &rt, int device) {
  auto *pool = new qiaoMemPool_st();
  pool->device = device;
  pool->generation = rt.devices[device].generation;
  rt.memPools.insert(pool);
  return pool;
}

qiaoMemPool_st *defaultPool(Runtime &rt, int device) {
  Device &d = rt.devices[device];
  if (d.defaultPool == nullptr)
    d.defaultPool = newPool(rt, device);
  return d.defaultPool;
}

// After a qiaoDeviceReset the driver dropped every block of the pool.
void forgetBlocksOfOldResets(Runtime &rt, qiaoMemPool_st *pool) {
  uint64_t generation = rt.devices[pool->device].generation;
  if (pool->generation == generation)
    return;
  for (auto it = rt.poolBlocks.begin(); it != rt.poolBlocks.end();)
    it = it->second.pool == pool ? rt.poolBlocks.erase(it) : std::next(it);
  pool->idle.clear();
  pool->reserved = pool->used = 0;
  pool->generation = generation;
}

// Takes idle blocks out of the pool, largest first, until it reserves at most `keep` bytes; the
// caller frees them without rt.mutex.
void takeIdleAbove(qiaoMemPool_st *pool, uint64_t keep, std::vector<void *> &out) {
  while (pool->reserved > keep && !pool->idle.empty()) {
    auto largest = std::prev(pool->idle.end());
    pool->reserved -= largest->first;
    out.push_back(largest->second);
    pool->idle.erase(largest);
  }
}

void freeBlocks(Runtime &rt, const std::vector<void *> &blocks) {
  for (void *block : blocks)
    (void)rt.driver->memFree(block, QIAO_DRV_MEM_DEVICE);
}

bool isDefaultPool(const Runtime &rt, const qiaoMemPool_st *pool) {
  return std::any_of(rt.devices.begin(), rt.devices.end(),
                     [&](const Device &d) { return d.defaultPool == pool; });
}

Status checkPoolProps(Runtime &rt, const qiaoMemPoolProps *props) {
  QIAO_REQUIRE(props != nullptr, qiaoErrorInvalidValue);
  QIAO_REQUIRE(props->allocType == qiaoMemAllocationTypePinned, qiaoErrorInvalidValue);
  QIAO_REQUIRE(props->location.type == qiaoMemLocationTypeDevice, qiaoErrorInvalidValue);
  QIAO_REQUIRE(validDevice(rt, props->location.id), qiaoErrorInvalidDevice);
  QIAO_REQUIRE(props->win32SecurityAttributes == nullptr, qiaoErrorInvalidValue);
  static const unsigned char zero[sizeof props->reserved] = {};
  QIAO_REQUIRE(std::memcmp(props->reserved, zero, sizeof zero) == 0, qiaoErrorInvalidValue);
  // Sharing allocations with other processes needs handles Qiao's memory does not have.
  if (props->handleTypes != qiaoMemHandleTypeNone)
    return fail(qiaoErrorNotSupported, "memory pools with IPC handle types are not supported");
  return Status::ok();
}

} // namespace

qiaoMemPool_st *qiao::rt::currentPool(Runtime &rt, int device) {
  qiaoMemPool_st *pool = rt.devices[device].currentPool;
  return pool ? pool : defaultPool(rt, device);
}

bool qiao::rt::isPoolBlock(Runtime &rt, void *ptr) { return rt.poolBlocks.count(ptr) != 0; }

bool qiao::rt::isIdlePoolBlock(Runtime &rt, void *ptr) {
  for (const qiaoMemPool_st *pool : rt.memPools)
    for (const auto &[bytes, block] : pool->idle)
      if (block == ptr)
        return true;
  return false;
}

Status qiao::rt::allocateFromPool(Runtime &rt, qiaoMemPool_st *pool, size_t bytes, void **ptr) {
  QIAO_REQUIRE(ptr != nullptr, qiaoErrorInvalidValue);
  releaseDueFrees(rt);
  if (bytes == 0) {
    *ptr = nullptr;
    return Status::ok();
  }
  std::vector<void *> released;
  void *block = nullptr;
  {
    std::lock_guard lock(rt.mutex);
    forgetBlocksOfOldResets(rt, pool);
    // Blocks are exactly as large as asked for, so that QIAO_MEMCHECK reports an access past the
    // end of one as it does for qiaoMalloc: an idle block serves a request of its own size.
    auto idle = pool->idle.find(bytes);
    if (idle != pool->idle.end()) {
      block = idle->second;
      pool->idle.erase(idle);
    } else {
      if (pool->maxSize != 0 && pool->reserved + bytes > pool->maxSize)
        takeIdleAbove(pool, pool->maxSize - std::min<uint64_t>(bytes, pool->maxSize), released);
      if (pool->maxSize == 0 || pool->reserved + bytes <= pool->maxSize) {
        if (rt.driver->memAlloc(pool->device, bytes, QIAO_DRV_MEM_DEVICE, 0, &block) != 0 ||
            block == nullptr) {
          // Memory the pool keeps idle may be what the device lacks: give it back and retry.
          block = nullptr;
          std::vector<void *> idleBlocks;
          takeIdleAbove(pool, 0, idleBlocks);
          freeBlocks(rt, idleBlocks);
          if (rt.driver->memAlloc(pool->device, bytes, QIAO_DRV_MEM_DEVICE, 0, &block) != 0)
            block = nullptr;
        }
        if (block != nullptr) {
          pool->reserved += bytes;
          pool->reservedHigh = std::max(pool->reservedHigh, pool->reserved);
        }
      }
    }
    if (block != nullptr) {
      pool->used += bytes;
      pool->usedHigh = std::max(pool->usedHigh, pool->used);
      rt.poolBlocks[block] = PoolBlock{pool, bytes};
    }
  }
  freeBlocks(rt, released);
  if (block == nullptr)
    return fail(qiaoErrorMemoryAllocation, "the memory pool cannot grow by the requested size");
  *ptr = block;
  return Status::ok();
}

bool qiao::rt::returnToPool(Runtime &rt, void *ptr) {
  std::vector<void *> released;
  qiaoMemPool_st *gone = nullptr;
  {
    std::lock_guard lock(rt.mutex);
    auto found = rt.poolBlocks.find(ptr);
    if (found == rt.poolBlocks.end())
      return false;
    qiaoMemPool_st *pool = found->second.pool;
    size_t bytes = found->second.bytes;
    rt.poolBlocks.erase(found);
    pool->used -= std::min<uint64_t>(bytes, pool->used);
    pool->idle.emplace(bytes, ptr);
    // CUDA gives reserved memory above the threshold back at the next synchronisation; the
    // pool does so as soon as the block is back, which no program can tell apart.
    takeIdleAbove(pool, pool->destroyed ? 0 : pool->releaseThreshold, released);
    if (pool->destroyed && pool->used == 0)
      gone = pool;
  }
  freeBlocks(rt, released);
  delete gone;
  return true;
}

extern "C" qiaoError_t qiaoDeviceGetDefaultMemPool(qiaoMemPool_t *memPool, int device) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(memPool != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    *memPool = defaultPool(rt, device);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDeviceGetMemPool(qiaoMemPool_t *memPool, int device) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(memPool != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    *memPool = currentPool(rt, device);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDeviceSetMemPool(int device, qiaoMemPool_t memPool) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    auto known = knownPool(rt, memPool);
    if (!known)
      return known.error();
    QIAO_REQUIRE(memPool->device == device, qiaoErrorInvalidValue);
    rt.devices[device].currentPool = memPool;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMemPoolCreate(qiaoMemPool_t *memPool, const qiaoMemPoolProps *props) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(memPool != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkPoolProps(rt, props));
    qiaoMemPool_st *pool = newPool(rt, props->location.id);
    pool->maxSize = props->maxSize;
    *memPool = pool;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMemPoolDestroy(qiaoMemPool_t memPool) {
  return enter([&](Runtime &rt) -> Status {
    std::vector<void *> released;
    bool gone = false;
    {
      std::lock_guard lock(rt.mutex);
      auto known = knownPool(rt, memPool);
      if (!known)
        return known.error();
      QIAO_REQUIRE(!isDefaultPool(rt, memPool), qiaoErrorInvalidValue);
      rt.memPools.erase(memPool);
      for (Device &device : rt.devices)
        if (device.currentPool == memPool)
          device.currentPool = nullptr;
      forgetBlocksOfOldResets(rt, memPool);
      memPool->destroyed = true;
      takeIdleAbove(memPool, 0, released);
      gone = memPool->used == 0;
    }
    freeBlocks(rt, released);
    if (gone)
      delete memPool;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMemPoolSetAttribute(qiaoMemPool_t memPool, qiaoMemPoolAttr attr,
                                               void *value) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(value != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownPool(rt, memPool);
    if (!known)
      return known.error();
    // The reuse flags are ints, the byte counts 64-bit: read only as much as the attribute has.
    auto flag = [&] { return *static_cast<const int *>(value) != 0 ? 1 : 0; };
    auto bytes = [&] { return *static_cast<const uint64_t *>(value); };
    switch (attr) {
    case qiaoMemPoolReuseFollowEventDependencies:
      memPool->reuseFollowEventDependencies = flag();
      return Status::ok();
    case qiaoMemPoolReuseAllowOpportunistic:
      memPool->reuseAllowOpportunistic = flag();
      return Status::ok();
    case qiaoMemPoolReuseAllowInternalDependencies:
      memPool->reuseAllowInternalDependencies = flag();
      return Status::ok();
    case qiaoMemPoolAttrReleaseThreshold:
      memPool->releaseThreshold = bytes();
      return Status::ok();
    // The high watermarks can only be reset, to the current value (CUDA: "reset to zero").
    case qiaoMemPoolAttrReservedMemHigh:
      QIAO_REQUIRE(bytes() == 0, qiaoErrorInvalidValue);
      memPool->reservedHigh = memPool->reserved;
      return Status::ok();
    case qiaoMemPoolAttrUsedMemHigh:
      QIAO_REQUIRE(bytes() == 0, qiaoErrorInvalidValue);
      memPool->usedHigh = memPool->used;
      return Status::ok();
    default: // the current counters are read only
      return fail(qiaoErrorInvalidValue, "memory pool attribute cannot be set");
    }
  });
}

extern "C" qiaoError_t qiaoMemPoolGetAttribute(qiaoMemPool_t memPool, qiaoMemPoolAttr attr,
                                               void *value) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(value != nullptr, qiaoErrorInvalidValue);
    releaseDueFrees(rt); // blocks whose stream-ordered free was reached are back in their pool
    std::lock_guard lock(rt.mutex);
    auto known = knownPool(rt, memPool);
    if (!known)
      return known.error();
    forgetBlocksOfOldResets(rt, memPool);
    auto *flag = static_cast<int *>(value);
    auto *bytes = static_cast<uint64_t *>(value);
    switch (attr) {
    case qiaoMemPoolReuseFollowEventDependencies:
      *flag = memPool->reuseFollowEventDependencies;
      return Status::ok();
    case qiaoMemPoolReuseAllowOpportunistic:
      *flag = memPool->reuseAllowOpportunistic;
      return Status::ok();
    case qiaoMemPoolReuseAllowInternalDependencies:
      *flag = memPool->reuseAllowInternalDependencies;
      return Status::ok();
    case qiaoMemPoolAttrReleaseThreshold:
      *bytes = memPool->releaseThreshold;
      return Status::ok();
    case qiaoMemPoolAttrReservedMemCurrent:
      *bytes = memPool->reserved;
      return Status::ok();
    case qiaoMemPoolAttrReservedMemHigh:
      *bytes = memPool->reservedHigh;
      return Status::ok();
    case qiaoMemPoolAttrUsedMemCurrent:
      *bytes = memPool->used;
      return Status::ok();
    case qiaoMemPoolAttrUsedMemHigh:
      *bytes = memPool->usedHigh;
      return Status::ok();
    default:
      return fail(qiaoErrorInvalidValue, "unknown memory pool attribute");
    }
  });
}

extern "C" qiaoError_t qiaoMemPoolTrimTo(qiaoMemPool_t memPool, size_t minBytesToKeep) {
  return enter([&](Runtime &rt) -> Status {
    releaseDueFrees(rt);
    std::vector<void *> released;
    {
      std::lock_guard lock(rt.mutex);
      auto known = knownPool(rt, memPool);
      if (!known)
        return known.error();
      forgetBlocksOfOldResets(rt, memPool);
      takeIdleAbove(memPool, minBytesToKeep, released);
    }
    freeBlocks(rt, released);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMemPoolSetAccess(qiaoMemPool_t memPool,
                                            const qiaoMemAccessDesc *descList, size_t count) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(count == 0 || descList != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownPool(rt, memPool);
    if (!known)
      return known.error();
    for (size_t i = 0; i < count; ++i) {
      const qiaoMemAccessDesc &desc = descList[i];
      QIAO_REQUIRE(desc.location.type == qiaoMemLocationTypeDevice, qiaoErrorInvalidValue);
      QIAO_REQUIRE(validDevice(rt, desc.location.id), qiaoErrorInvalidDevice);
      // The pool's own device always reads and writes it (CUDA refuses to change that).
      QIAO_REQUIRE(desc.location.id == memPool->device &&
                       desc.flags == qiaoMemAccessFlagsProtReadWrite,
                   qiaoErrorInvalidValue);
    }
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMemPoolGetAccess(qiaoMemAccessFlags *flags, qiaoMemPool_t memPool,
                                            qiaoMemLocation *location) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags != nullptr && location != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownPool(rt, memPool);
    if (!known)
      return known.error();
    QIAO_REQUIRE(location->type == qiaoMemLocationTypeDevice && validDevice(rt, location->id),
                 qiaoErrorInvalidValue);
    *flags = location->id == memPool->device ? qiaoMemAccessFlagsProtReadWrite
                                             : qiaoMemAccessFlagsProtNone;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMallocFromPoolAsync(void **ptr, size_t size, qiaoMemPool_t memPool,
                                               qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(ptr != nullptr, qiaoErrorInvalidValue);
    {
      std::lock_guard lock(rt.mutex);
      auto known = knownPool(rt, memPool);
      if (!known)
        return known.error();
      auto resolved = resolveStream(rt, stream);
      if (!resolved)
        return resolved.error();
    }
    // Allocating now is a valid stream order: the memory exists before any later work.
    return allocateFromPool(rt, memPool, size, ptr);
  });
}
