// cudaDeviceAttr values from the driver's device facts (DeviceAttributes.def), for the host's
// cudaDeviceGetAttribute and device code's alike. Needs driver.h only, not the runtime's header,
// so that the engine below the seam answers device code from the same table.
#pragma once

#include "qiao/driver.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace qiao {

// A size as an int attribute: clamped to INT_MAX, as CUDA reports sizes past it.
inline int narrowAttribute(uint64_t value) {
  return value > 0x7fffffff ? 0x7fffffff : static_cast<int>(value);
}

// The value of cudaDeviceAttr `attribute` of device `device`, which `info` describes; false
// when the number names no attribute (cudaErrorInvalidValue).
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
    break;
  }
  // The named attributes run from 1 to 147; the numbers between them (44, 102-105, ...) name
  // nothing.
  constexpr int unnamed[] = {44, 102, 103, 104, 105, 107, 110, 136, 137, 146};
  if (attribute < 1 || attribute > 147 ||
      std::find(std::begin(unnamed), std::end(unnamed), attribute) != std::end(unnamed))
    return false;
  value = 0;
  return true;
}

} // namespace qiao
