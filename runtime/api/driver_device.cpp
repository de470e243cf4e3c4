// Driver-style device calls: qiaoInit and the device queries of CUDA's driver API (cuDeviceGet,
// cuDeviceGetName, cuDeviceTotalMem, cuDeviceComputeCapability), answered from the device's
// properties.
#include "Runtime.h"

#include <algorithm>
#include <cstring>

using namespace qiao;
using namespace qiao::rt;

namespace {

// The properties of a device the caller named by ordinal: qiaoErrorInvalidDevice otherwise.
qiaoError_t deviceProperties(qiaoDeviceProp_t &prop, qiaoDevice_t device) {
  int count = 0;
  if (qiaoError_t error = qiaoGetDeviceCount(&count))
    return error;
  if (device < 0 || device >= count)
    return finish(fail(qiaoErrorInvalidDevice, "no such device"));
  return qiaoGetDeviceProperties(&prop, device);
}

} // namespace

extern "C" qiaoError_t qiaoInit(unsigned int flags) {
  if (flags != 0)
    return finish(fail(qiaoErrorInvalidValue, "qiaoInit takes no flags"));
  int count = 0;
  if (qiaoError_t error = qiaoGetDeviceCount(&count))
    return error;
  return count > 0 ? qiaoSuccess : finish(fail(qiaoErrorNoDevice, "no device"));
}

extern "C" qiaoError_t qiaoDeviceGet(qiaoDevice_t *device, int ordinal) {
  if (device == nullptr)
    return finish(fail(qiaoErrorInvalidValue, "device is NULL"));
  int count = 0;
  if (qiaoError_t error = qiaoGetDeviceCount(&count))
    return error;
  if (ordinal < 0 || ordinal >= count)
    return finish(fail(qiaoErrorInvalidDevice, "no such device"));
  *device = ordinal;
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoDeviceGetName(char *name, int len, qiaoDevice_t device) {
  if (name == nullptr || len <= 0)
    return finish(fail(qiaoErrorInvalidValue, "name is NULL or len is not positive"));
  qiaoDeviceProp_t prop{};
  if (qiaoError_t error = deviceProperties(prop, device))
    return error;
  size_t kept = std::min(std::strlen(prop.name), static_cast<size_t>(len) - 1);
  std::memcpy(name, prop.name, kept);
  name[kept] = '\0';
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoDeviceTotalMem(size_t *bytes, qiaoDevice_t device) {
  if (bytes == nullptr)
    return finish(fail(qiaoErrorInvalidValue, "bytes is NULL"));
  qiaoDeviceProp_t prop{};
  if (qiaoError_t error = deviceProperties(prop, device))
    return error;
  *bytes = prop.totalGlobalMem;
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoDeviceComputeCapability(int *major, int *minor, qiaoDevice_t device) {
  if (major == nullptr || minor == nullptr)
    return finish(fail(qiaoErrorInvalidValue, "major or minor is NULL"));
  qiaoDeviceProp_t prop{};
  if (qiaoError_t error = deviceProperties(prop, device))
    return error;
  *major = prop.major;
  *minor = prop.minor;
  return qiaoSuccess;
}
