// 2D and 3D copies of the driver API (cuMemcpy2D*, cuMemcpy3D*): a description of both sides
// (memory type, pointer or CUDA array, pitch, offsets) becomes the runtime's pitched or array
// copy. With unified addressing the runtime tells host from device memory itself.
#include "DriverState.h"

#include <algorithm>

using namespace qiao::cuda;

namespace {

// One side of a copy: the address of its first byte, or nullptr for an array (unsupported).
template <class Host> char *sideAddress(CUmemorytype type, Host *host, CUdeviceptr device) {
  switch (type) {
  case CU_MEMORYTYPE_HOST:
    return static_cast<char *>(const_cast<void *>(static_cast<const void *>(host)));
  case CU_MEMORYTYPE_DEVICE:
  case CU_MEMORYTYPE_UNIFIED:
    return static_cast<char *>(toPointer(device));
  default:
    return nullptr;
  }
}

// Bytes per texel of a CUDA array; 0 when it is none.
size_t texelBytes(CUarray array) {
  qiaoChannelFormatDesc desc{};
  if (qiaoArrayGetInfo(&desc, nullptr, nullptr, reinterpret_cast<qiaoArray_t>(array)) != 0)
    return 0;
  int channels = 1 + (desc.y != 0) + (desc.z != 0) + (desc.w != 0);
  return size_t(channels) * size_t(desc.x) / 8;
}

// A copy with a CUDA array on a side: the runtime counts that side's x offset and the width in
// texels, the driver API in bytes.
CUresult arrayCopyParms(const CUDA_MEMCPY3D *p, qiaoMemcpy3DParms &parms) {
  bool srcArray = p->srcMemoryType == CU_MEMORYTYPE_ARRAY;
  bool dstArray = p->dstMemoryType == CU_MEMORYTYPE_ARRAY;
  size_t texel = srcArray ? texelBytes(p->srcArray) : texelBytes(p->dstArray);
  if (texel == 0 || (srcArray && dstArray && texel != texelBytes(p->dstArray)))
    return CUDA_ERROR_INVALID_HANDLE;
  if (p->WidthInBytes % texel != 0 || (srcArray && p->srcXInBytes % texel != 0) ||
      (dstArray && p->dstXInBytes % texel != 0))
    return CUDA_ERROR_INVALID_VALUE;
  parms = qiaoMemcpy3DParms{};
  if (srcArray) {
    parms.srcArray = reinterpret_cast<qiaoArray_t>(p->srcArray);
    parms.srcPos = make_qiaoPos(p->srcXInBytes / texel, p->srcY, p->srcZ);
  } else {
    char *src = sideAddress(p->srcMemoryType, p->srcHost, p->srcDevice);
    const size_t height = p->srcHeight ? p->srcHeight : p->Height;
    parms.srcPtr = make_qiaoPitchedPtr(src, p->srcPitch, p->WidthInBytes, height);
    parms.srcPos = make_qiaoPos(p->srcXInBytes, p->srcY, p->srcZ);
  }
  if (dstArray) {
    parms.dstArray = reinterpret_cast<qiaoArray_t>(p->dstArray);
    parms.dstPos = make_qiaoPos(p->dstXInBytes / texel, p->dstY, p->dstZ);
  } else {
    char *dst = sideAddress(p->dstMemoryType, p->dstHost, p->dstDevice);
    const size_t height = p->dstHeight ? p->dstHeight : p->Height;
    parms.dstPtr = make_qiaoPitchedPtr(dst, p->dstPitch, p->WidthInBytes, height);
    parms.dstPos = make_qiaoPos(p->dstXInBytes, p->dstY, p->dstZ);
  }
  parms.extent = make_qiaoExtent(p->WidthInBytes / texel, p->Height, p->Depth ? p->Depth : 1);
  parms.kind = qiaoMemcpyDefault;
  return CUDA_SUCCESS;
}

CUresult copy3D(const CUDA_MEMCPY3D *p, qiaoStream_t stream, bool async) {
  if (CUresult result = requireContext())
    return result;
  qiaoMemcpy3DParms parms{};
  if (CUresult result = toQiaoCopy(p, parms))
    return result;
  return toCuResult(async ? qiaoMemcpy3DAsync(&parms, stream) : qiaoMemcpy3D(&parms));
}

CUresult copy2D(const CUDA_MEMCPY2D *p, qiaoStream_t stream, bool async) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (p->srcMemoryType == CU_MEMORYTYPE_ARRAY || p->dstMemoryType == CU_MEMORYTYPE_ARRAY) {
    // The same copy as one slice of a 3D one.
    CUDA_MEMCPY3D slice{};
    slice.srcXInBytes = p->srcXInBytes, slice.srcY = p->srcY;
    slice.srcMemoryType = p->srcMemoryType, slice.srcHost = p->srcHost;
    slice.srcDevice = p->srcDevice, slice.srcArray = p->srcArray, slice.srcPitch = p->srcPitch;
    slice.dstXInBytes = p->dstXInBytes, slice.dstY = p->dstY;
    slice.dstMemoryType = p->dstMemoryType, slice.dstHost = p->dstHost;
    slice.dstDevice = p->dstDevice, slice.dstArray = p->dstArray, slice.dstPitch = p->dstPitch;
    slice.WidthInBytes = p->WidthInBytes, slice.Height = p->Height, slice.Depth = 1;
    return copy3D(&slice, stream, async);
  }
  char *src = sideAddress(p->srcMemoryType, p->srcHost, p->srcDevice);
  char *dst = sideAddress(p->dstMemoryType, p->dstHost, p->dstDevice);
  if (src == nullptr || dst == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  src += p->srcY * p->srcPitch + p->srcXInBytes;
  dst += p->dstY * p->dstPitch + p->dstXInBytes;
  return toCuResult(async ? qiaoMemcpy2DAsync(dst, p->dstPitch, src, p->srcPitch, p->WidthInBytes,
                                              p->Height, qiaoMemcpyDefault, stream)
                          : qiaoMemcpy2D(dst, p->dstPitch, src, p->srcPitch, p->WidthInBytes,
                                         p->Height, qiaoMemcpyDefault));
}

// Between contexts: Qiao's devices share the process's address space, so once both contexts are
// known live this is the same copy as within one.
CUresult copy3DPeer(const CUDA_MEMCPY3D_PEER *p, qiaoStream_t stream, bool async) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (!isLive(p->srcContext) || !isLive(p->dstContext))
    return CUDA_ERROR_INVALID_CONTEXT;
  CUDA_MEMCPY3D same{};
  same.srcXInBytes = p->srcXInBytes;
  same.srcY = p->srcY;
  same.srcZ = p->srcZ;
  same.srcMemoryType = p->srcMemoryType;
  same.srcHost = p->srcHost;
  same.srcDevice = p->srcDevice;
  same.srcArray = p->srcArray;
  same.srcPitch = p->srcPitch;
  same.srcHeight = p->srcHeight;
  same.dstXInBytes = p->dstXInBytes;
  same.dstY = p->dstY;
  same.dstZ = p->dstZ;
  same.dstMemoryType = p->dstMemoryType;
  same.dstHost = p->dstHost;
  same.dstDevice = p->dstDevice;
  same.dstArray = p->dstArray;
  same.dstPitch = p->dstPitch;
  same.dstHeight = p->dstHeight;
  same.WidthInBytes = p->WidthInBytes;
  same.Height = p->Height;
  same.Depth = p->Depth;
  return copy3D(&same, stream, async);
}

// _ptds: a synchronous copy ordered in the calling thread's default stream.
template <class Params>
CUresult perThreadSynchronous(CUresult (*copy)(const Params *, qiaoStream_t, bool),
                              const Params *p) {
  if (CUresult result = copy(p, qiaoStreamPerThread, true))
    return result;
  return toCuResult(qiaoStreamSynchronize(qiaoStreamPerThread));
}

} // namespace

CUresult qiao::cuda::toQiaoCopy(const CUDA_MEMCPY3D *p, qiaoMemcpy3DParms &parms) {
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (p->reserved0 != nullptr || p->reserved1 != nullptr || p->srcLOD != 0 || p->dstLOD != 0)
    return CUDA_ERROR_INVALID_VALUE;
  if (p->srcMemoryType == CU_MEMORYTYPE_ARRAY || p->dstMemoryType == CU_MEMORYTYPE_ARRAY)
    return arrayCopyParms(p, parms);
  char *src = sideAddress(p->srcMemoryType, p->srcHost, p->srcDevice);
  char *dst = sideAddress(p->dstMemoryType, p->dstHost, p->dstDevice);
  if (src == nullptr || dst == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  // Heights may be 0 for a single slice, as CUDA allows.
  const size_t srcHeight = p->srcHeight ? p->srcHeight : p->Height;
  const size_t dstHeight = p->dstHeight ? p->dstHeight : p->Height;
  // A single row needs no pitch (NVIDIA's runtime leaves it 0 for cudaGraphAddMemcpyNode1D).
  const bool oneRow = p->Height <= 1 && p->Depth <= 1;
  const size_t srcPitch =
      oneRow ? std::max(p->srcPitch, p->srcXInBytes + p->WidthInBytes) : p->srcPitch;
  const size_t dstPitch =
      oneRow ? std::max(p->dstPitch, p->dstXInBytes + p->WidthInBytes) : p->dstPitch;
  parms = qiaoMemcpy3DParms{};
  parms.srcPtr = make_qiaoPitchedPtr(src, srcPitch, p->WidthInBytes, srcHeight);
  parms.srcPos = make_qiaoPos(p->srcXInBytes, p->srcY, p->srcZ);
  parms.dstPtr = make_qiaoPitchedPtr(dst, dstPitch, p->WidthInBytes, dstHeight);
  parms.dstPos = make_qiaoPos(p->dstXInBytes, p->dstY, p->dstZ);
  parms.extent = make_qiaoExtent(p->WidthInBytes, p->Height, p->Depth);
  parms.kind = qiaoMemcpyDefault;
  return CUDA_SUCCESS;
}

extern "C" CUresult cuMemcpy3D(const CUDA_MEMCPY3D *pCopy) { return copy3D(pCopy, nullptr, false); }
extern "C" CUresult cuMemcpy3D_v2_ptds(const CUDA_MEMCPY3D *pCopy) {
  return perThreadSynchronous(copy3D, pCopy);
}
extern "C" CUresult cuMemcpy3DAsync(const CUDA_MEMCPY3D *pCopy, CUstream hStream) {
  return copy3D(pCopy, toQiao(hStream), true);
}
extern "C" CUresult cuMemcpy3DAsync_v2_ptsz(const CUDA_MEMCPY3D *pCopy, CUstream hStream) {
  return copy3D(pCopy, perThread(hStream), true);
}
extern "C" CUresult cuMemcpy2D(const CUDA_MEMCPY2D *pCopy) { return copy2D(pCopy, nullptr, false); }
extern "C" CUresult cuMemcpy2DUnaligned(const CUDA_MEMCPY2D *pCopy) {
  return copy2D(pCopy, nullptr, false);
}
extern "C" CUresult cuMemcpy2DUnaligned_v2_ptds(const CUDA_MEMCPY2D *pCopy) {
  return perThreadSynchronous(copy2D, pCopy);
}
extern "C" CUresult cuMemcpy3DPeer(const CUDA_MEMCPY3D_PEER *pCopy) {
  return copy3DPeer(pCopy, nullptr, false);
}
extern "C" CUresult cuMemcpy3DPeer_ptds(const CUDA_MEMCPY3D_PEER *pCopy) {
  return perThreadSynchronous(copy3DPeer, pCopy);
}
extern "C" CUresult cuMemcpy3DPeerAsync(const CUDA_MEMCPY3D_PEER *pCopy, CUstream hStream) {
  return copy3DPeer(pCopy, toQiao(hStream), true);
}
extern "C" CUresult cuMemcpy3DPeerAsync_ptsz(const CUDA_MEMCPY3D_PEER *pCopy, CUstream hStream) {
  return copy3DPeer(pCopy, perThread(hStream), true);
}
extern "C" CUresult cuMemcpy2D_v2_ptds(const CUDA_MEMCPY2D *pCopy) {
  return perThreadSynchronous(copy2D, pCopy);
}
extern "C" CUresult cuMemcpy2DAsync(const CUDA_MEMCPY2D *pCopy, CUstream hStream) {
  return copy2D(pCopy, toQiao(hStream), true);
}
extern "C" CUresult cuMemcpy2DAsync_v2_ptsz(const CUDA_MEMCPY2D *pCopy, CUstream hStream) {
  return copy2D(pCopy, perThread(hStream), true);
}
