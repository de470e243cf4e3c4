// Primary contexts: one per device, shared by everything in the process that retains it.
#include "DriverState.h"
#include "Libraries.h"
#include <qiao/qiao_internal.h>

#include <mutex>

using namespace qiao::cuda;

namespace {

constexpr unsigned kKnownPrimaryFlags = 0xff; // as cuCtxCreate (Context.cpp)

CUresult release(CUdevice dev) {
  if (CUresult result = requireDevice(dev))
    return result;
  return withPrimary(dev, [](PrimaryContext &primary) {
    if (primary.retained == 0)
      return CUDA_ERROR_INVALID_CONTEXT;
    --primary.retained;
    return CUDA_SUCCESS;
  });
}

CUresult setFlags(CUdevice dev, unsigned int flags) {
  if (CUresult result = requireDevice(dev))
    return result;
  if ((flags & ~kKnownPrimaryFlags) != 0)
    return CUDA_ERROR_INVALID_VALUE;
  return withPrimary(dev, [&](PrimaryContext &primary) {
    primary.flags = flags;
    primary.context.flags = flags;
    return CUDA_SUCCESS;
  });
}

// Frees every allocation and resets the device's state, as cuDevicePrimaryCtxReset does; the
// retain count is kept, so holders of the handle may go on using it.
CUresult reset(CUdevice dev) {
  if (CUresult result = requireDevice(dev))
    return result;
  int previous = 0;
  qiaoGetDevice(&previous);
  qiaoSetDevice(dev);
  qiaoError_t error = qiaoDeviceReset();
  qiaoSetDevice(previous);
  withPrimary(dev, [](PrimaryContext &primary) {
    primary.flags = 0;
    primary.context.flags = 0;
    return 0;
  });
  return toCuResult(error);
}

} // namespace

// libqiao's own count, so that a reset by Qiao's libcudart (cudaDeviceReset in a program that
// also loads libraries through the driver API) counts as well as cuDevicePrimaryCtxReset.
std::uint64_t qiao::cuda::deviceResets(int device) {
  uint64_t resets = 0;
  return qiaoInternalDeviceResetCount(device, &resets) == qiaoSuccess ? resets : 0;
}

extern "C" CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev) {
  if (CUresult result = requireDevice(dev))
    return result;
  if (pctx == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *pctx = withPrimary(dev, [](PrimaryContext &primary) {
    ++primary.retained;
    return &primary.context;
  });
  return CUDA_SUCCESS;
}

extern "C" CUresult cuDevicePrimaryCtxGetState(CUdevice dev, unsigned int *flags, int *active) {
  if (CUresult result = requireDevice(dev))
    return result;
  if (flags == nullptr || active == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  withPrimary(dev, [&](PrimaryContext &primary) {
    *flags = primary.flags;
    *active = primary.retained > 0 ? 1 : 0;
    return 0;
  });
  return CUDA_SUCCESS;
}

// cuda.h maps these three to their _v2 flavours; the first flavours are exported too. Flags on an
// active primary context were an error before _v2 (CUDA_ERROR_PRIMARY_CONTEXT_ACTIVE).
extern "C" CUresult cuDevicePrimaryCtxRelease(CUdevice dev) { return release(dev); }
extern "C" CUresult cuDevicePrimaryCtxReset(CUdevice dev) { return reset(dev); }
extern "C" CUresult cuDevicePrimaryCtxSetFlags(CUdevice dev, unsigned int flags) {
  return setFlags(dev, flags);
}
#undef cuDevicePrimaryCtxRelease
#undef cuDevicePrimaryCtxReset
#undef cuDevicePrimaryCtxSetFlags
extern "C" CUresult cuDevicePrimaryCtxRelease(CUdevice dev) { return release(dev); }
extern "C" CUresult cuDevicePrimaryCtxReset(CUdevice dev) { return reset(dev); }
extern "C" CUresult cuDevicePrimaryCtxSetFlags(CUdevice dev, unsigned int flags) {
  if (CUresult result = requireDevice(dev))
    return result;
  bool active = withPrimary(dev, [](PrimaryContext &primary) { return primary.retained > 0; });
  if (active)
    return CUDA_ERROR_PRIMARY_CONTEXT_ACTIVE;
  return setFlags(dev, flags);
}
