// Explicit contexts and the per-thread context stack.
#include "DriverState.h"

#include <algorithm>

using namespace qiao::cuda;

namespace {

// The flags cuCtxCreate accepts: scheduling (0x07), map host (0x08), local memory resize (0x10),
// coredump and user coredump (0x20, 0x40), sync memops (0x80). Qiao accepts and records them.
constexpr unsigned kKnownContextFlags = 0xff;

CUresult create(CUcontext *pctx, unsigned flags, CUdevice dev) {
  if (CUresult result = requireInit())
    return result;
  if (pctx == nullptr || (flags & ~kKnownContextFlags) != 0)
    return CUDA_ERROR_INVALID_VALUE;
  if (!validDevice(dev))
    return CUDA_ERROR_INVALID_DEVICE;
  // cuCtxCreate pushes the new context onto the calling thread's stack.
  *pctx = createContext(dev, flags);
  contextStack().push_back(*pctx);
  followCurrentContext();
  return CUDA_SUCCESS;
}

CUresult destroy(CUcontext ctx) {
  if (CUresult result = requireInit())
    return result;
  if (ctx == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  // A primary context is released, never destroyed.
  if (ctx->primary || !isLive(ctx))
    return CUDA_ERROR_INVALID_CONTEXT;
  // Work queued in the context finishes first, as cuCtxDestroy waits for the device.
  int previous = 0;
  qiaoGetDevice(&previous);
  qiaoSetDevice(ctx->device);
  qiaoError_t synced = qiaoDeviceSynchronize();
  qiaoSetDevice(previous);
  destroyContext(ctx);
  auto &stack = contextStack();
  stack.erase(std::remove(stack.begin(), stack.end(), ctx), stack.end());
  followCurrentContext();
  return toCuResult(synced);
}

CUresult push(CUcontext ctx) {
  if (CUresult result = requireInit())
    return result;
  if (ctx == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (!isLive(ctx))
    return CUDA_ERROR_INVALID_CONTEXT;
  contextStack().push_back(ctx);
  followCurrentContext();
  return CUDA_SUCCESS;
}

CUresult pop(CUcontext *pctx) {
  if (CUresult result = requireInit())
    return result;
  auto &stack = contextStack();
  if (stack.empty())
    return CUDA_ERROR_INVALID_CONTEXT;
  if (pctx)
    *pctx = stack.back();
  stack.pop_back();
  followCurrentContext();
  return CUDA_SUCCESS;
}

} // namespace

// cuda.h maps cuCtxCreate to _v4, cuCtxDestroy/PushCurrent/PopCurrent to _v2.
extern "C" CUresult cuCtxCreate(CUcontext *pctx, CUctxCreateParams *ctxCreateParams,
                                unsigned int flags, CUdevice dev) {
  if (ctxCreateParams != nullptr) {
    // Execution affinity (SM partitions) and CUDA-in-graphics contexts have no Qiao meaning.
    if (ctxCreateParams->numExecAffinityParams > 0)
      return CUDA_ERROR_UNSUPPORTED_EXEC_AFFINITY;
    if (ctxCreateParams->cigParams != nullptr)
      return CUDA_ERROR_NOT_SUPPORTED;
  }
  return create(pctx, flags, dev);
}
extern "C" CUresult cuCtxDestroy(CUcontext ctx) { return destroy(ctx); }
extern "C" CUresult cuCtxPushCurrent(CUcontext ctx) { return push(ctx); }
extern "C" CUresult cuCtxPopCurrent(CUcontext *pctx) { return pop(pctx); }

// The older flavours the library still exports.
#undef cuCtxCreate
#undef cuCtxDestroy
#undef cuCtxPushCurrent
#undef cuCtxPopCurrent
extern "C" CUresult cuCtxCreate(CUcontext *pctx, unsigned int flags, CUdevice dev) {
  return create(pctx, flags, dev);
}
extern "C" CUresult cuCtxCreate_v2(CUcontext *pctx, unsigned int flags, CUdevice dev) {
  return create(pctx, flags, dev);
}
extern "C" CUresult cuCtxCreate_v3(CUcontext *pctx, CUexecAffinityParam *paramsArray, int numParams,
                                   unsigned int flags, CUdevice dev) {
  if (numParams > 0 || paramsArray != nullptr)
    return numParams < 0 ? CUDA_ERROR_INVALID_VALUE : CUDA_ERROR_UNSUPPORTED_EXEC_AFFINITY;
  return create(pctx, flags, dev);
}
extern "C" CUresult cuCtxDestroy(CUcontext ctx) { return destroy(ctx); }
extern "C" CUresult cuCtxPushCurrent(CUcontext ctx) { return push(ctx); }
extern "C" CUresult cuCtxPopCurrent(CUcontext *pctx) { return pop(pctx); }

// Replaces the top of the stack; NULL unbinds it.
extern "C" CUresult cuCtxSetCurrent(CUcontext ctx) {
  if (CUresult result = requireInit())
    return result;
  if (ctx != nullptr && !isLive(ctx))
    return CUDA_ERROR_INVALID_CONTEXT;
  auto &stack = contextStack();
  if (!stack.empty())
    stack.pop_back();
  if (ctx != nullptr)
    stack.push_back(ctx);
  followCurrentContext();
  return CUDA_SUCCESS;
}

extern "C" CUresult cuCtxGetCurrent(CUcontext *pctx) {
  if (CUresult result = requireInit())
    return result;
  if (pctx == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *pctx = currentContext();
  return CUDA_SUCCESS;
}

extern "C" CUresult cuCtxGetDevice(CUdevice *device) {
  if (CUresult result = requireContext())
    return result;
  if (device == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *device = currentContext()->device;
  return CUDA_SUCCESS;
}

extern "C" CUresult cuCtxSynchronize(void) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoDeviceSynchronize());
}

// The CUDA 13 flavours name the context (null: the current one); NVIDIA's static runtime calls
// them with its primary context.
extern "C" CUresult cuCtxGetDevice_v2(CUdevice *device, CUcontext ctx) {
  if (ctx == nullptr)
    return cuCtxGetDevice(device);
  if (CUresult result = requireInit())
    return result;
  if (device == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *device = ctx->device;
  return CUDA_SUCCESS;
}

// One device and one engine: synchronising any context waits for all the device's work.
extern "C" CUresult cuCtxSynchronize_v2(CUcontext ctx) {
  if (ctx == nullptr)
    return cuCtxSynchronize();
  if (CUresult result = requireInit())
    return result;
  return toCuResult(qiaoDeviceSynchronize());
}
