// Driver-style contexts: qiaoCtxCreate/Destroy, the calling thread's context stack, and the
// queries on the current context (cuCtx* of CUDA's driver API).
#include "Contexts.h"
#include "Streams.h"

#include <algorithm>

using namespace qiao;
using namespace qiao::rt;

namespace {

// A handle given as an argument: one this runtime made and not destroyed.
Status requireLive(qiaoCtx_t ctx) {
  if (!knownContext(ctx) || !ctx->live)
    return fail(qiaoErrorDeviceUninitialized, "not a live context (CUDA_ERROR_INVALID_CONTEXT)");
  return Status::ok();
}

} // namespace

extern "C" qiaoError_t qiaoCtxCreate(qiaoCtx_t *ctx, void *params, unsigned int flags,
                                     qiaoDevice_t device) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(ctx != nullptr && (flags & ~kContextFlags) == 0, qiaoErrorInvalidValue);
    QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
    if (params != nullptr)
      return fail(qiaoErrorNotSupported, "context creation parameters (execution affinity, "
                                         "graphics interop) are not supported");
    auto lock = lockContexts();
    *ctx = createContext(device, flags);
    contextStack().push_back(*ctx);
    followContextStack();
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoCtxDestroy(qiaoCtx_t ctx) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(ctx != nullptr, qiaoErrorInvalidValue);
    int device = 0;
    {
      auto lock = lockContexts();
      QIAO_TRY(requireLive(ctx));
      if (ctx->primary)
        return fail(qiaoErrorDeviceUninitialized, "a primary context is released, not destroyed");
      device = ctx->device;
    }
    // cuCtxDestroy waits for the context's work; here that is the device's.
    Status synced = synchronizeDevice(rt, device);
    auto lock = lockContexts();
    ctx->live = false;
    auto &stack = contextStack();
    stack.erase(std::remove(stack.begin(), stack.end(), ctx), stack.end());
    followContextStack();
    return synced;
  });
}

extern "C" qiaoError_t qiaoCtxPushCurrent(qiaoCtx_t ctx) {
  return enterAlways([&](Runtime &) -> Status {
    QIAO_REQUIRE(ctx != nullptr, qiaoErrorInvalidValue);
    auto lock = lockContexts();
    QIAO_TRY(requireLive(ctx));
    contextStack().push_back(ctx);
    followContextStack();
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoCtxPopCurrent(qiaoCtx_t *ctx) {
  return enterAlways([&](Runtime &) -> Status {
    auto lock = lockContexts();
    auto &stack = contextStack();
    if (stack.empty())
      return fail(qiaoErrorDeviceUninitialized, "the context stack is empty");
    if (ctx)
      *ctx = stack.back();
    stack.pop_back();
    followContextStack();
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoCtxSetCurrent(qiaoCtx_t ctx) {
  return enterAlways([&](Runtime &) -> Status {
    auto lock = lockContexts();
    if (ctx != nullptr)
      QIAO_TRY(requireLive(ctx));
    auto &stack = contextStack();
    if (!stack.empty())
      stack.pop_back();
    if (ctx != nullptr)
      stack.push_back(ctx);
    followContextStack();
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoCtxGetCurrent(qiaoCtx_t *ctx) {
  return enterAlways([&](Runtime &) -> Status {
    QIAO_REQUIRE(ctx != nullptr, qiaoErrorInvalidValue);
    auto lock = lockContexts();
    *ctx = currentContext();
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoCtxGetDevice(qiaoDevice_t *device) {
  if (qiaoError_t error = requireCurrentContext())
    return error;
  return enterAlways([&](Runtime &) -> Status {
    QIAO_REQUIRE(device != nullptr, qiaoErrorInvalidValue);
    auto lock = lockContexts();
    *device = currentContext()->device;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoCtxGetFlags(unsigned int *flags) {
  if (qiaoError_t error = requireCurrentContext())
    return error;
  return enterAlways([&](Runtime &) -> Status {
    QIAO_REQUIRE(flags != nullptr, qiaoErrorInvalidValue);
    auto lock = lockContexts();
    *flags = currentContext()->flags;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoCtxSynchronize(void) {
  return driverCall([] { return qiaoDeviceSynchronize(); });
}

extern "C" qiaoError_t qiaoCtxGetApiVersion(qiaoCtx_t ctx, unsigned int *version) {
  return enterAlways([&](Runtime &) -> Status {
    QIAO_REQUIRE(version != nullptr, qiaoErrorInvalidValue);
    auto lock = lockContexts();
    if (ctx == nullptr)
      ctx = currentContext();
    QIAO_TRY(requireLive(ctx));
    *version = 13000;
    return Status::ok();
  });
}
