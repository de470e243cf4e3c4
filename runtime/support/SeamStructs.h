// The structs of the driver seam (qiao/driver.h) as C++ code on either side fills and reads them:
// each starts with its structSize, and a side writes no byte past the other side's struct.
#pragma once

#include "qiao/driver.h"

#include <cstdint>
#include <cstring>

namespace qiao {

// A zeroed seam struct whose structSize says how this side was built.
template <class T> T seamStruct() {
  T value{};
  value.structSize = static_cast<uint32_t>(sizeof(T));
  return value;
}

// The ABI 2 size of each seam struct (driver.h's QIAO_DRV_SIZE_V2_*): fields appended since are
// read only where QIAO_DRV_HAS_FIELD finds them.
template <class T> constexpr uint32_t abi2Size() { return sizeof(T); }
template <> constexpr uint32_t abi2Size<qiaoDrvDeviceInfo>() {
  return QIAO_DRV_SIZE_V2_DEVICE_INFO;
}
template <> constexpr uint32_t abi2Size<qiaoDrvFunctionInfo>() {
  return QIAO_DRV_SIZE_V2_FUNCTION_INFO;
}
template <> constexpr uint32_t abi2Size<qiaoDrvLaunch>() { return QIAO_DRV_SIZE_V2_LAUNCH; }

// Whether a struct from the other side holds every field of ABI 2 (driver.h: a smaller one is
// qiaoErrorInvalidValue).
template <class T> bool holdsAbi2(const T *value) {
  return value != nullptr && value->structSize >= abi2Size<T>();
}

// Fills the other side's output struct from `value`: the fields both sides know, no byte past
// the other side's struct, structSize left as the other side set it. The caller checked
// holdsAbi2(out).
template <class T> void fillSeamStruct(T *out, const T &value) {
  const uint32_t theirs = out->structSize;
  std::memcpy(static_cast<void *>(out), &value, theirs < sizeof(T) ? theirs : sizeof(T));
  out->structSize = theirs;
}

} // namespace qiao
