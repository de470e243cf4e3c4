// Linear copies: cudaMemcpy, its asynchronous form, peer copies, and their per-thread-default-
// stream flavours (_ptds: synchronous, ordered on the calling thread's default stream instead of
// the legacy one; _ptsz: stream 0 means that per-thread stream).
#include "MemorySupport.h"

using namespace qiao::cudart;

namespace {

qiaoMemcpyKind toQiao(cudaMemcpyKind kind) { return static_cast<qiaoMemcpyKind>(kind); }

cudaError_t peerDevicesValid(int dstDevice, int srcDevice) {
  int count = 0;
  if (cudaError_t failed = toCuda(qiaoGetDeviceCount(&count)))
    return failed;
  bool valid = dstDevice >= 0 && dstDevice < count && srcDevice >= 0 && srcDevice < count;
  return valid ? cudaSuccess : cudaErrorInvalidDevice;
}

} // namespace

namespace qiao::cudart {

cudaError_t syncOnPerThreadStream(qiaoError_t queued) {
  if (queued != qiaoSuccess)
    return toCuda(queued);
  return toCuda(qiaoStreamSynchronize(qiaoStreamPerThread));
}

} // namespace qiao::cudart

extern "C" {

cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, cudaMemcpyKind kind) {
  return QIAO_TRACED(toCuda(qiaoMemcpy(dst, src, count, toQiao(kind))), dst, src, count, kind);
}

cudaError_t cudaMemcpy_ptds(void *dst, const void *src, size_t count, cudaMemcpyKind kind) {
  return QIAO_TRACED(
      syncOnPerThreadStream(qiaoMemcpyAsync(dst, src, count, toQiao(kind), qiaoStreamPerThread)),
      dst, src, count, kind);
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, cudaMemcpyKind kind,
                            cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemcpyAsync(dst, src, count, toQiao(kind), qiao::cudart::toQiao(stream))), dst,
      src, count, kind, stream);
}

cudaError_t cudaMemcpyAsync_ptsz(void *dst, const void *src, size_t count, cudaMemcpyKind kind,
                                 cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemcpyAsync(dst, src, count, toQiao(kind), perThread(stream))), dst,
                     src, count, kind, stream);
}

cudaError_t cudaMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice, size_t count) {
  return QIAO_TRACED(toCuda(qiaoMemcpyPeer(dst, dstDevice, src, srcDevice, count)), dst, dstDevice,
                     src, srcDevice, count);
}

cudaError_t cudaMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice,
                                size_t count, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemcpyPeerAsync(dst, dstDevice, src, srcDevice, count,
                                                qiao::cudart::toQiao(stream))),
                     dst, dstDevice, src, srcDevice, count, stream);
}

} // extern "C"

namespace qiao::cudart {

// Both devices must exist; then the copy is an ordinary one between unified addresses.
cudaError_t copy3DPeer(const cudaMemcpy3DPeerParms *p, qiaoStream_t stream, bool synchronous) {
  if (p == nullptr)
    return cudaErrorInvalidValue;
  if (cudaError_t failed = peerDevicesValid(p->dstDevice, p->srcDevice))
    return failed;
  qiaoMemcpy3DParms plain{};
  plain.srcArray = reinterpret_cast<qiaoArray_t>(p->srcArray);
  plain.srcPos = {p->srcPos.x, p->srcPos.y, p->srcPos.z};
  plain.srcPtr = {p->srcPtr.ptr, p->srcPtr.pitch, p->srcPtr.xsize, p->srcPtr.ysize};
  plain.dstArray = reinterpret_cast<qiaoArray_t>(p->dstArray);
  plain.dstPos = {p->dstPos.x, p->dstPos.y, p->dstPos.z};
  plain.dstPtr = {p->dstPtr.ptr, p->dstPtr.pitch, p->dstPtr.xsize, p->dstPtr.ysize};
  plain.extent = {p->extent.width, p->extent.height, p->extent.depth};
  plain.kind = qiaoMemcpyDefault;
  if (!synchronous)
    return toCuda(qiaoMemcpy3DAsync(&plain, stream));
  if (stream == qiaoStreamPerThread)
    return syncOnPerThreadStream(qiaoMemcpy3DAsync(&plain, stream));
  return toCuda(qiaoMemcpy3D(&plain));
}

} // namespace qiao::cudart
