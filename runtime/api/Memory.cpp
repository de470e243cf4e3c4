#include "Memory.h"

#include "Streams.h"

#include <mutex>
#include <vector>

namespace qiao::rt {
namespace {

struct DeferredFree {
  void *ptr;
  int device;
  uint64_t generation;
};

// Host functions run on the driver's threads and must not call the driver: they only move the
// entry to `due`, and the next memory call frees it.
struct DeferredFrees {
  std::mutex mutex;
  std::vector<DeferredFree *> due;
};

DeferredFrees &deferredFrees() {
  static auto *frees = new DeferredFrees();
  return *frees;
}

void markDue(void *data) {
  auto &frees = deferredFrees();
  std::lock_guard lock(frees.mutex);
  frees.due.push_back(static_cast<DeferredFree *>(data));
}

} // namespace

Expected<qiaoDrvPointerInfo> pointerInfo(Runtime &rt, const void *ptr) {
  auto info = seamStruct<qiaoDrvPointerInfo>();
  if (!ptr || rt.driver->pointerInfo(ptr, &info) != 0)
    return Error{qiaoErrorInvalidValue, "pointer lies in no allocation"};
  return info;
}

qiaoDrvCopyDirection copyDirection(Runtime &rt, const void *dst, const void *src) {
  auto onDevice = [&](const void *ptr) {
    auto info = pointerInfo(rt, ptr);
    return info && (info->kind == QIAO_DRV_MEM_DEVICE || info->kind == QIAO_DRV_MEM_MANAGED);
  };
  const bool fromDevice = onDevice(src), toDevice = onDevice(dst);
  if (fromDevice)
    return toDevice ? QIAO_DRV_COPY_DEVICE_TO_DEVICE : QIAO_DRV_COPY_DEVICE_TO_HOST;
  return toDevice ? QIAO_DRV_COPY_HOST_TO_DEVICE : QIAO_DRV_COPY_HOST_TO_HOST;
}

Status requireDeviceRange(Runtime &rt, const void *ptr, size_t bytes) {
  auto info = pointerInfo(rt, ptr);
  if (!info)
    return info.error();
  auto address = reinterpret_cast<uint64_t>(ptr);
  QIAO_REQUIRE(address - info->base + bytes <= info->size, qiaoErrorInvalidValue);
  return Status::ok();
}

Status checkCopy(Runtime &rt, void *dst, const void *src, size_t bytes, qiaoMemcpyKind kind) {
  QIAO_REQUIRE(kind >= qiaoMemcpyHostToHost && kind <= qiaoMemcpyDefault,
               qiaoErrorInvalidMemcpyDirection);
  if (bytes == 0)
    return Status::ok();
  QIAO_REQUIRE(dst != nullptr && src != nullptr, qiaoErrorInvalidValue);
  bool deviceDst = kind == qiaoMemcpyHostToDevice || kind == qiaoMemcpyDeviceToDevice;
  bool deviceSrc = kind == qiaoMemcpyDeviceToHost || kind == qiaoMemcpyDeviceToDevice;
  if (deviceDst)
    QIAO_TRY(requireDeviceRange(rt, dst, bytes));
  if (deviceSrc)
    QIAO_TRY(requireDeviceRange(rt, src, bytes));
  return Status::ok();
}

Status freeWhenReached(Runtime &rt, qiaoStream_t stream, void *ptr) {
  int device = currentDevice();
  auto *entry = new DeferredFree{ptr, device, 0};
  {
    std::lock_guard lock(rt.mutex);
    entry->generation = rt.devices[device].generation;
  }
  const qiaoDriverTable *driver = rt.driver;
  Status status = enqueueWork(
      rt, stream, false,
      [driver, entry](qiaoDrvQueue queue) { return driver->enqueueHostFn(queue, markDue, entry); },
      qiaoGraphNodeTypeHost);
  if (!status)
    delete entry;
  return status;
}

void releaseDueFrees(Runtime &rt) {
  std::vector<DeferredFree *> due;
  {
    auto &frees = deferredFrees();
    std::lock_guard lock(frees.mutex);
    due.swap(frees.due);
  }
  for (DeferredFree *entry : due) {
    bool current = false;
    {
      std::lock_guard lock(rt.mutex);
      current = rt.devices[entry->device].generation == entry->generation;
    }
    // After a reset the driver already dropped the allocation (and may reuse its address).
    if (current)
      (void)rt.driver->memFree(entry->ptr, QIAO_DRV_MEM_DEVICE);
    delete entry;
  }
}

} // namespace qiao::rt
