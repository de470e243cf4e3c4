// Primary contexts: one per device, counted by qiaoDevicePrimaryCtxRetain/Release, the context
// a thread uses when it chose none (cuDevicePrimaryCtx* of CUDA's driver API).
#include "Contexts.h"

using namespace qiao;
using namespace qiao::rt;

extern "C" qiaoError_t qiaoDevicePrimaryCtxRetain(qiaoCtx_t *ctx, qiaoDevice_t device) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(ctx != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    auto lock = lockContexts();
    *ctx = primaryContext(device);
    ++(*ctx)->retained;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDevicePrimaryCtxRelease(qiaoDevice_t device) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    auto lock = lockContexts();
    qiaoCtx_t primary = primaryContext(device);
    if (primary->retained == 0)
      return fail(qiaoErrorDeviceUninitialized, "the primary context is not retained");
    --primary->retained;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDevicePrimaryCtxGetState(qiaoDevice_t device, unsigned int *flags,
                                                    int *active) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags != nullptr && active != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    auto lock = lockContexts();
    qiaoCtx_t primary = primaryContext(device);
    *flags = primary->flags;
    *active = primary->retained > 0 ? 1 : 0;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDevicePrimaryCtxSetFlags(qiaoDevice_t device, unsigned int flags) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE((flags & ~kContextFlags) == 0, qiaoErrorInvalidValue);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    auto lock = lockContexts();
    primaryContext(device)->flags = flags;
    return Status::ok();
  });
}

// The retain count is kept: holders of the handle go on using it, as in CUDA.
extern "C" qiaoError_t qiaoDevicePrimaryCtxReset(qiaoDevice_t device) {
  int previous = 0;
  if (qiaoError_t error = qiaoGetDevice(&previous))
    return error;
  if (qiaoError_t error = qiaoSetDevice(device))
    return error;
  qiaoError_t reset = qiaoDeviceReset();
  qiaoSetDevice(previous);
  if (reset == qiaoSuccess) {
    auto lock = lockContexts();
    primaryContext(device)->flags = 0;
  }
  return driverResult(reset);
}
