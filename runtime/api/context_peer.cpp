// Driver-style peer calls: peer access and copies named by contexts (cuCtxEnablePeerAccess,
// cuMemcpyPeer of CUDA's driver API). A context names a device; the work is the device calls'.
#include "Contexts.h"

using namespace qiao;
using namespace qiao::rt;

namespace {

// The device of a live context, or qiaoErrorDeviceUninitialized (CUDA_ERROR_INVALID_CONTEXT).
qiaoError_t contextDevice(qiaoCtx_t context, int &device) {
  auto lock = lockContexts();
  if (!knownContext(context) || !context->live)
    return qiaoErrorDeviceUninitialized;
  device = context->device;
  return qiaoSuccess;
}

} // namespace

extern "C" qiaoError_t qiaoCtxEnablePeerAccess(qiaoCtx_t peerContext, unsigned int flags) {
  return driverCall([&] {
    int peer = 0;
    if (qiaoError_t error = contextDevice(peerContext, peer))
      return error;
    return qiaoDeviceEnablePeerAccess(peer, flags);
  });
}

extern "C" qiaoError_t qiaoCtxDisablePeerAccess(qiaoCtx_t peerContext) {
  return driverCall([&] {
    int peer = 0;
    if (qiaoError_t error = contextDevice(peerContext, peer))
      return error;
    return qiaoDeviceDisablePeerAccess(peer);
  });
}

extern "C" qiaoError_t qiaoCtxMemcpyPeerAsync(qiaoDeviceptr_t dst, qiaoCtx_t dstContext,
                                              qiaoDeviceptr_t src, qiaoCtx_t srcContext,
                                              size_t bytes, qiaoStream_t stream) {
  return driverCall([&] {
    int dstDevice = 0, srcDevice = 0;
    if (qiaoError_t error = contextDevice(dstContext, dstDevice))
      return error;
    if (qiaoError_t error = contextDevice(srcContext, srcDevice))
      return error;
    return qiaoMemcpyPeerAsync(toPointer(dst), dstDevice, toPointer(src), srcDevice, bytes, stream);
  });
}

extern "C" qiaoError_t qiaoCtxMemcpyPeer(qiaoDeviceptr_t dst, qiaoCtx_t dstContext,
                                         qiaoDeviceptr_t src, qiaoCtx_t srcContext, size_t bytes) {
  return driverCall([&] {
    int dstDevice = 0, srcDevice = 0;
    if (qiaoError_t error = contextDevice(dstContext, dstDevice))
      return error;
    if (qiaoError_t error = contextDevice(srcContext, srcDevice))
      return error;
    return qiaoMemcpyPeer(toPointer(dst), dstDevice, toPointer(src), srcDevice, bytes);
  });
}
