// Device queries: ordinals, name, UUID, memory, attributes, compute capability.
#include "DriverState.h"

#include <cstring>

using namespace qiao::cuda;

namespace {

CUresult properties(CUdevice device, qiaoDeviceProp_t &props) {
  if (CUresult result = requireDevice(device))
    return result;
  return toCuResult(qiaoGetDeviceProperties(&props, device));
}

CUresult uuid(CUuuid *out, CUdevice device) {
  if (out == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoDeviceProp_t props{};
  if (CUresult result = properties(device, props))
    return result;
  static_assert(sizeof out->bytes == sizeof props.uuid.bytes);
  std::memcpy(out->bytes, props.uuid.bytes, sizeof out->bytes);
  return CUDA_SUCCESS;
}

} // namespace

extern "C" CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  if (CUresult result = requireInit())
    return result;
  if (device == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (!validDevice(ordinal))
    return CUDA_ERROR_INVALID_DEVICE;
  *device = ordinal;
  return CUDA_SUCCESS;
}

extern "C" CUresult cuDeviceGetCount(int *count) {
  if (CUresult result = requireInit())
    return result;
  if (count == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *count = deviceCount();
  return CUDA_SUCCESS;
}

extern "C" CUresult cuDeviceGetName(char *name, int len, CUdevice dev) {
  if (CUresult result = requireInit())
    return result;
  if (name == nullptr || len <= 0)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoDeviceProp_t props{};
  if (CUresult result = properties(dev, props))
    return result;
  // Truncated to fit, always terminated.
  size_t length = strnlen(props.name, sizeof props.name);
  size_t kept = length < static_cast<size_t>(len) - 1 ? length : static_cast<size_t>(len) - 1;
  std::memcpy(name, props.name, kept);
  name[kept] = '\0';
  return CUDA_SUCCESS;
}

// cuda.h maps cuDeviceGetUuid to _v2; the first flavour has the same signature and meaning.
extern "C" CUresult cuDeviceGetUuid(CUuuid *out, CUdevice dev) { return uuid(out, dev); }
#undef cuDeviceGetUuid
extern "C" CUresult cuDeviceGetUuid(CUuuid *out, CUdevice dev) { return uuid(out, dev); }

extern "C" CUresult cuDeviceTotalMem(size_t *bytes, CUdevice dev) {
  if (CUresult result = requireInit())
    return result;
  if (bytes == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoDeviceProp_t props{};
  if (CUresult result = properties(dev, props))
    return result;
  *bytes = props.totalGlobalMem;
  return CUDA_SUCCESS;
}

// CUdevice_attribute and cudaDeviceAttr share their numbering, and libqiao answers every number
// either names (support/DeviceAttributes.def), so both APIs see one device.
extern "C" CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev) {
  if (CUresult result = requireDevice(dev))
    return result;
  if (pi == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoDeviceGetAttribute(pi, static_cast<qiaoDeviceAttr>(attrib), dev));
}

extern "C" CUresult cuDeviceComputeCapability(int *major, int *minor, CUdevice dev) {
  if (CUresult result = requireInit())
    return result;
  if (major == nullptr || minor == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoDeviceProp_t props{};
  if (CUresult result = properties(dev, props))
    return result;
  *major = props.major;
  *minor = props.minor;
  return CUDA_SUCCESS;
}
