// How devices relate: peer access between contexts, copies across them, PCI bus identities.
#include "DriverState.h"

using namespace qiao::cuda;

extern "C" CUresult cuDeviceCanAccessPeer(int *canAccessPeer, CUdevice dev, CUdevice peerDev) {
  if (CUresult result = requireDevice(dev))
    return result;
  if (CUresult result = requireDevice(peerDev))
    return result;
  if (canAccessPeer == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoDeviceCanAccessPeer(canAccessPeer, dev, peerDev));
}

extern "C" CUresult cuDeviceGetP2PAttribute(int *value, CUdevice_P2PAttribute attrib,
                                            CUdevice srcDevice, CUdevice dstDevice) {
  if (CUresult result = requireDevice(srcDevice))
    return result;
  if (CUresult result = requireDevice(dstDevice))
    return result;
  if (value == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (srcDevice == dstDevice)
    return CUDA_ERROR_INVALID_DEVICE; // documented: the two devices must differ
  int canAccess = 0;
  if (qiaoError_t error = qiaoDeviceCanAccessPeer(&canAccess, srcDevice, dstDevice))
    return toCuResult(error);
  switch (attrib) {
  case CU_DEVICE_P2P_ATTRIBUTE_PERFORMANCE_RANK:
    *value = 0;
    return CUDA_SUCCESS;
  case CU_DEVICE_P2P_ATTRIBUTE_ACCESS_SUPPORTED:
  case CU_DEVICE_P2P_ATTRIBUTE_NATIVE_ATOMIC_SUPPORTED:
  case CU_DEVICE_P2P_ATTRIBUTE_CUDA_ARRAY_ACCESS_SUPPORTED:
    *value = canAccess;
    return CUDA_SUCCESS;
  default:
    return CUDA_ERROR_INVALID_VALUE;
  }
}

extern "C" CUresult cuCtxEnablePeerAccess(CUcontext peerContext, unsigned int Flags) {
  if (CUresult result = requireContext())
    return result;
  if (!isLive(peerContext))
    return CUDA_ERROR_INVALID_CONTEXT;
  if (Flags != 0)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoDeviceEnablePeerAccess(peerContext->device, 0));
}

extern "C" CUresult cuCtxDisablePeerAccess(CUcontext peerContext) {
  if (CUresult result = requireContext())
    return result;
  if (!isLive(peerContext))
    return CUDA_ERROR_INVALID_CONTEXT;
  return toCuResult(qiaoDeviceDisablePeerAccess(peerContext->device));
}

namespace {

CUresult copyPeer(CUdeviceptr dst, CUcontext dstContext, CUdeviceptr src, CUcontext srcContext,
                  size_t bytes, bool async, qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  if (!isLive(dstContext) || !isLive(srcContext))
    return CUDA_ERROR_INVALID_CONTEXT;
  if (async)
    return toCuResult(qiaoMemcpyPeerAsync(toPointer(dst), dstContext->device, toPointer(src),
                                          srcContext->device, bytes, stream));
  return toCuResult(qiaoMemcpyPeer(toPointer(dst), dstContext->device, toPointer(src),
                                   srcContext->device, bytes));
}

} // namespace

extern "C" CUresult cuMemcpyPeer(CUdeviceptr dstDevice, CUcontext dstContext, CUdeviceptr srcDevice,
                                 CUcontext srcContext, size_t ByteCount) {
  return copyPeer(dstDevice, dstContext, srcDevice, srcContext, ByteCount, false, nullptr);
}

extern "C" CUresult cuMemcpyPeerAsync(CUdeviceptr dstDevice, CUcontext dstContext,
                                      CUdeviceptr srcDevice, CUcontext srcContext, size_t ByteCount,
                                      CUstream hStream) {
  return copyPeer(dstDevice, dstContext, srcDevice, srcContext, ByteCount, true, toQiao(hStream));
}

// Per-thread default stream flavours (declared only under CUDA_API_PER_THREAD_DEFAULT_STREAM).
extern "C" {
CUresult cuMemcpyPeer_ptds(CUdeviceptr dstDevice, CUcontext dstContext, CUdeviceptr srcDevice,
                           CUcontext srcContext, size_t ByteCount) {
  // A synchronous copy ordered in the calling thread's default stream.
  if (CUresult result = copyPeer(dstDevice, dstContext, srcDevice, srcContext, ByteCount, true,
                                 qiaoStreamPerThread))
    return result;
  return toCuResult(qiaoStreamSynchronize(qiaoStreamPerThread));
}
CUresult cuMemcpyPeerAsync_ptsz(CUdeviceptr dstDevice, CUcontext dstContext, CUdeviceptr srcDevice,
                                CUcontext srcContext, size_t ByteCount, CUstream hStream) {
  return copyPeer(dstDevice, dstContext, srcDevice, srcContext, ByteCount, true,
                  perThread(hStream));
}
}

extern "C" CUresult cuDeviceGetPCIBusId(char *pciBusId, int len, CUdevice dev) {
  if (CUresult result = requireDevice(dev))
    return result;
  if (pciBusId == nullptr || len <= 0)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoDeviceGetPCIBusId(pciBusId, len, dev));
}

extern "C" CUresult cuDeviceGetByPCIBusId(CUdevice *dev, const char *pciBusId) {
  if (CUresult result = requireInit())
    return result;
  if (dev == nullptr || pciBusId == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  int device = -1;
  if (qiaoError_t error = qiaoDeviceGetByPCIBusId(&device, pciBusId))
    return toCuResult(error);
  *dev = device;
  return CUDA_SUCCESS;
}
