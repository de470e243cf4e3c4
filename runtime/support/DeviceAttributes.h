// cudaDeviceAttr values from the driver's device facts (DeviceAttributes.def), for the host's
// cudaDeviceGetAttribute and device code's alike. Needs driver.h only, not the runtime's header,
// so that the engine below the seam answers device code from the same table.
#pragma once

#include "qiao/driver.h"

#include <cstdint>

namespace qiao {

// A size as an int attribute: clamped to INT_MAX, as CUDA reports sizes past it.
inline int narrowAttribute(uint64_t value) {
  return value > 0x7fffffff ? 0x7fffffff : static_cast<int>(value);
}

// The attributes CUDA 13 numbers: 1 to 147, each listed once (a switch refuses a repeat).
constexpr int kLastDeviceAttribute = 147;
constexpr int kListedDeviceAttributes = 0
#define QIAO_DEVICE_ATTRIBUTE(number, name, expression) +1
#include "DeviceAttributes.def"
#undef QIAO_DEVICE_ATTRIBUTE
    ;
static_assert(kListedDeviceAttributes == kLastDeviceAttribute,
              "DeviceAttributes.def answers every number CUDA names");

// The value of device attribute `attribute` (cudaDeviceAttr and CUdevice_attribute number them
// alike) of device `device`, which `info` describes; false when the number names no attribute
// (cudaErrorInvalidValue).
inline bool deviceAttributeValue(const qiaoDrvDeviceInfo &info, int device, int attribute,
                                 int &value) {
  switch (attribute) {
#define QIAO_DEVICE_ATTRIBUTE(number, name, expression)                                            \
  case number:                                                                                     \
    value = static_cast<int>(expression);                                                          \
    return true;
#include "DeviceAttributes.def"
#undef QIAO_DEVICE_ATTRIBUTE
  default:
    return false;
  }
}

} // namespace qiao
