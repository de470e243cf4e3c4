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
  uint64_t offset = reinterpret_cast<uint64_t>(ptr) - info->base;
  // No sum here may wrap: a count near SIZE_MAX from any offset must be refused.
  QIAO_REQUIRE(offset <= info->size && bytes <= info->size - offset, qiaoErrorInvalidValue);
  return Status::ok();
}

size_t pitchedSpan(size_t pitch, size_t width, size_t height) {
  size_t span = 0;
  if (__builtin_mul_overflow(pitch, height - 1, &span) ||
      __builtin_add_overflow(span, width, &span))
    return SIZE_MAX;
  return span;
}

Status requireKnownRange(Runtime &rt, const void *ptr, size_t bytes) {
  auto info = seamStruct<qiaoDrvPointerInfo>();
  if (rt.driver->pointerInfo(ptr, &info) != 0)
    return Status::ok(); // pageable host memory: its size is the caller's to know
  return requireDeviceRange(rt, ptr, bytes);
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
  if (kind == qiaoMemcpyDefault) {
    QIAO_TRY(requireKnownRange(rt, dst, bytes));
    QIAO_TRY(requireKnownRange(rt, src, bytes));
  }
  return Status::ok();
}

} // namespace qiao::rt
