// Public device calls: selection, properties, synchronisation, reset, limits and peers.
#include "Graphs.h"
#include "MemPools.h"
#include "Memory.h"
#include "Properties.h"
#include "Registry.h"
#include "Streams.h"

#include <cstdio>
#include <cstring>
#include <set>

using namespace qiao;
using namespace qiao::rt;

extern "C" qiaoError_t qiaoGetDeviceCount(int *count) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(count != nullptr, qiaoErrorInvalidValue);
    *count = static_cast<int>(rt.devices.size());
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoSetDevice(int device) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    currentDevice() = device;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGetDevice(int *device) {
  return enterAlways([&](Runtime &) -> Status {
    QIAO_REQUIRE(device != nullptr, qiaoErrorInvalidValue);
    *device = currentDevice();
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGetDeviceProperties(qiaoDeviceProp_t *prop, int device) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(prop != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    *prop = makeProperties(rt.devices[device].info, device);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDeviceGetAttribute(int *value, qiaoDeviceAttr attr, int device) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(value != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    const qiaoDrvDeviceInfo &info = rt.devices[device].info;
    auto answer = attributeValue(info, device, attr);
    if (!answer)
      return answer.error();
    *value = *answer;
    return Status::ok();
  });
}

// The device whose compute capability is closest to the one asked for (CUDA weighs other
// fields too; with one kind of device the capability decides).
extern "C" qiaoError_t qiaoChooseDevice(int *device, const qiaoDeviceProp_t *prop) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(device != nullptr && prop != nullptr, qiaoErrorInvalidValue);
    int best = 0;
    long bestDistance = -1;
    for (int d = 0; d < static_cast<int>(rt.devices.size()); ++d) {
      const auto &info = rt.devices[d].info;
      long distance = std::labs((info.computeMajor * 10L + info.computeMinor) -
                                (prop->major * 10L + prop->minor));
      if (bestDistance < 0 || distance < bestDistance) {
        best = d;
        bestDistance = distance;
      }
    }
    *device = best;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDeviceSynchronize(void) {
  return enter([&](Runtime &rt) -> Status {
    {
      std::lock_guard lock(rt.mutex);
      QIAO_TRY(refuseUnsafeCall(rt));
    }
    QIAO_TRY(synchronizeDevice(rt, currentDevice()));
    releaseDueFrees(rt);
    return Status::ok();
  });
}

// Drops everything of the current device, the sticky error with it. Allowed while poisoned.
extern "C" qiaoError_t qiaoDeviceReset(void) {
  return enterAlways([&](Runtime &rt) -> Status {
    int device = currentDevice();
    (void)synchronizeDevice(rt, device); // its failure is exactly what a reset clears
    releaseDueFrees(rt);
    std::lock_guard lock(rt.mutex);
    Status status = fromDriver(rt.driver->deviceReset(device), device, "deviceReset");
    forgetDeviceStreams(rt, device);
    // The driver dropped the device's memory and texture objects with it.
    std::erase_if(rt.arrays, [&](qiaoArray *array) {
      bool mine = array->device == device;
      if (mine)
        delete array;
      return mine;
    });
    std::erase_if(rt.textures, [&](const auto &texture) { return texture.second == device; });
    std::erase_if(rt.events, [&](qiaoEvent_st *event) {
      bool mine = event->device == device;
      if (mine && event->holds == 0)
        delete event;
      else if (mine)
        event->destroyed = true; // a waiting qiaoEventSynchronize frees it
      return mine;
    });
    std::vector<qiaoModule_st *> modules;
    for (qiaoModule_st *module : rt.modules)
      if (module->device == device)
        modules.push_back(module);
    for (qiaoModule_st *module : modules)
      forgetModule(rt, module);
    // Graph memory and pool blocks went with the device's memory: their addresses may come back
    // from the next allocation, which must not be taken for one of them.
    std::erase_if(rt.graphAllocations,
                  [&](const auto &entry) { return entry.second.device == device; });
    std::set<qiaoMemPool_st *> released; // destroyed pools that waited for these blocks
    std::erase_if(rt.poolBlocks, [&](const auto &entry) {
      qiaoMemPool_st *pool = entry.second.pool;
      if (pool->device != device)
        return false;
      if (pool->destroyed)
        released.insert(pool);
      return true;
    });
    for (qiaoMemPool_st *pool : released)
      delete pool;
    for (qiaoMemPool_st *pool : rt.memPools)
      if (pool->device == device) {
        pool->idle.clear();
        pool->reserved = pool->used = 0;
      }
    Device &dev = rt.devices[device];
    qiaoDrvDeviceInfo info = dev.info;
    uint64_t generation = dev.generation + 1;
    dev = Device{};
    dev.info = info;
    dev.generation = generation;
    lastError() = qiaoSuccess;
    return status;
  });
}

extern "C" qiaoError_t qiaoDeviceSetLimit(qiaoLimit limit, size_t value) {
  return enter([&](Runtime &rt) -> Status {
    int device = currentDevice();
    std::lock_guard lock(rt.mutex);
    switch (limit) {
    case qiaoLimitStackSize:
    case qiaoLimitPrintfFifoSize:
    case qiaoLimitMallocHeapSize:
    case qiaoLimitDevRuntimeSyncDepth:
    case qiaoLimitDevRuntimePendingLaunchCount:
      return fromDriver(rt.driver->setLimit(device, static_cast<qiaoDrvLimit>(limit), value),
                        device, "setLimit");
    case qiaoLimitMaxL2FetchGranularity:
      // A hint in bytes, 0..128 (CUDA's range); the device has no such knob.
      QIAO_REQUIRE(value <= 128, qiaoErrorInvalidValue);
      rt.devices[device].l2FetchGranularity = value;
      return Status::ok();
    case qiaoLimitPersistingL2CacheSize:
      rt.devices[device].persistingL2 = 0; // no persisting L2 on this device
      return Status::ok();
    default:
      return fail(qiaoErrorUnsupportedLimit, "limit not supported");
    }
  });
}

extern "C" qiaoError_t qiaoDeviceGetLimit(size_t *value, qiaoLimit limit) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(value != nullptr, qiaoErrorInvalidValue);
    int device = currentDevice();
    std::lock_guard lock(rt.mutex);
    switch (limit) {
    case qiaoLimitStackSize:
    case qiaoLimitPrintfFifoSize:
    case qiaoLimitMallocHeapSize:
    case qiaoLimitDevRuntimeSyncDepth:
    case qiaoLimitDevRuntimePendingLaunchCount: {
      uint64_t current = 0;
      QIAO_TRY(fromDriver(rt.driver->getLimit(device, static_cast<qiaoDrvLimit>(limit), &current),
                          device, "getLimit"));
      *value = current;
      return Status::ok();
    }
    case qiaoLimitMaxL2FetchGranularity:
      *value = rt.devices[device].l2FetchGranularity;
      return Status::ok();
    case qiaoLimitPersistingL2CacheSize:
      *value = rt.devices[device].persistingL2;
      return Status::ok();
    default:
      return fail(qiaoErrorUnsupportedLimit, "limit not supported");
    }
  });
}

extern "C" qiaoError_t qiaoDeviceGetCacheConfig(qiaoFuncCache *cacheConfig) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(cacheConfig != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    *cacheConfig = static_cast<qiaoFuncCache>(rt.devices[currentDevice()].cacheConfig);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDeviceSetCacheConfig(qiaoFuncCache cacheConfig) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(cacheConfig >= qiaoFuncCachePreferNone && cacheConfig <= qiaoFuncCachePreferEqual,
                 qiaoErrorInvalidValue);
    int device = currentDevice();
    std::lock_guard lock(rt.mutex);
    // The device keeps it too, for device code's cudaDeviceGetCacheConfig; a device without a
    // device runtime does not, and the preference stays the runtime's alone.
    qiaoDrvStatus kept = rt.driver->setLimit(device, QIAO_DRV_LIMIT_CACHE_CONFIG, cacheConfig);
    if (kept != qiaoDrvErrorUnsupportedLimit)
      QIAO_TRY(fromDriver(kept, device, "setLimit"));
    rt.devices[device].cacheConfig = cacheConfig;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoSetDeviceFlags(unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE((flags & ~unsigned(qiaoDeviceMask)) == 0, qiaoErrorInvalidValue);
    // At most one scheduling policy.
    unsigned schedule = flags & qiaoDeviceScheduleMask;
    QIAO_REQUIRE((schedule & (schedule - 1)) == 0, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    rt.devices[currentDevice()].flags = flags;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGetDeviceFlags(unsigned int *flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    *flags = rt.devices[currentDevice()].flags;
    return Status::ok();
  });
}

// Peer access is the driver's (driver.h, peerAccess): a driver without the slot has none.
extern "C" qiaoError_t qiaoDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(canAccessPeer != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(validDevice(rt, device) && validDevice(rt, peerDevice), qiaoErrorInvalidDevice);
    *canAccessPeer = device != peerDevice && QIAO_DRIVER_HAS_SLOT(rt.driver, peerAccess) ? 1 : 0;
    return Status::ok();
  });
}

namespace {

Status setPeerAccess(Runtime &rt, int peerDevice, bool enable) {
  int device = currentDevice();
  QIAO_REQUIRE(validDevice(rt, peerDevice) && peerDevice != device, qiaoErrorInvalidDevice);
  if (!QIAO_DRIVER_HAS_SLOT(rt.driver, peerAccess))
    return fail(enable ? qiaoErrorPeerAccessUnsupported : qiaoErrorPeerAccessNotEnabled,
                "the driver has no peer access between its devices");
  std::lock_guard lock(rt.mutex);
  return fromDriver(rt.driver->peerAccess(device, peerDevice, enable ? 1 : 0), device,
                    enable ? "enable peer access" : "disable peer access");
}

} // namespace

extern "C" qiaoError_t qiaoDeviceEnablePeerAccess(int peerDevice, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags == 0, qiaoErrorInvalidValue);
    return setPeerAccess(rt, peerDevice, true);
  });
}

extern "C" qiaoError_t qiaoDeviceDisablePeerAccess(int peerDevice) {
  return enter([&](Runtime &rt) -> Status { return setPeerAccess(rt, peerDevice, false); });
}

// "domain:bus:device.function", as CUDA writes it: 0000:65:00.0
extern "C" qiaoError_t qiaoDeviceGetPCIBusId(char *pciBusId, int len, int device) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pciBusId != nullptr && len > 0, qiaoErrorInvalidValue);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    const auto &info = rt.devices[device].info;
    std::snprintf(pciBusId, static_cast<size_t>(len), "%04x:%02x:%02x.0", info.pciDomainId,
                  info.pciBusId, info.pciDeviceId);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDeviceGetByPCIBusId(int *device, const char *pciBusId) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(device != nullptr && pciBusId != nullptr, qiaoErrorInvalidValue);
    unsigned domain = 0, bus = 0, slot = 0, function = 0;
    // The domain may be left out ("65:00.0").
    int fields = std::sscanf(pciBusId, "%x:%x:%x.%x", &domain, &bus, &slot, &function);
    if (fields < 3) {
      domain = 0;
      fields = std::sscanf(pciBusId, "%x:%x.%x", &bus, &slot, &function);
      QIAO_REQUIRE(fields >= 2, qiaoErrorInvalidValue);
    }
    for (int d = 0; d < static_cast<int>(rt.devices.size()); ++d) {
      const auto &info = rt.devices[d].info;
      if (unsigned(info.pciDomainId) == domain && unsigned(info.pciBusId) == bus &&
          unsigned(info.pciDeviceId) == slot) {
        *device = d;
        return Status::ok();
      }
    }
    return fail(qiaoErrorInvalidDevice, "no device at this PCI bus id");
  });
}
