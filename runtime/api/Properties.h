// cudaDeviceProp and cudaDeviceAttr answers built from the driver's device facts.
#pragma once

#include "support/Expected.h"

#include <qiao/driver.h>
#include <qiao/qiao_runtime.h>

namespace qiao::rt {

qiaoDeviceProp_t makeProperties(const qiaoDrvDeviceInfo &info, int device);
// From support/DeviceAttributes.def; qiaoErrorInvalidValue for a value that names no attribute.
Expected<int> attributeValue(const qiaoDrvDeviceInfo &info, int device, int attribute);

} // namespace qiao::rt
