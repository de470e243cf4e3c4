// What the driver knows about pointers, and the checks copies make with it.
#include "Memory.h"

namespace qiao::rt {

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

} // namespace qiao::rt
