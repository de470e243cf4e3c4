// Pitched (2D) and 3D copies, peer 3D copies, and their per-thread-default-stream flavours. A 3D
// copy may name a CUDA array on either side (libqiao's copy.cpp).
#include "MemorySupport.h"

using namespace qiao::cudart;

namespace {

qiaoMemcpyKind toQiao(cudaMemcpyKind kind) { return static_cast<qiaoMemcpyKind>(kind); }

// Same layout (QiaoCuda.h asserts the size; the fields are CUDA's, in CUDA's order).
const qiaoMemcpy3DParms *toQiao(const cudaMemcpy3DParms *p) {
  return reinterpret_cast<const qiaoMemcpy3DParms *>(p);
}

} // namespace

extern "C" {

cudaError_t cudaMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
                         size_t height, cudaMemcpyKind kind) {
  return QIAO_TRACED(toCuda(qiaoMemcpy2D(dst, dpitch, src, spitch, width, height, toQiao(kind))),
                     dst, dpitch, src, spitch, width, height, kind);
}

cudaError_t cudaMemcpy2D_ptds(void *dst, size_t dpitch, const void *src, size_t spitch,
                              size_t width, size_t height, cudaMemcpyKind kind) {
  return QIAO_TRACED(
      syncOnPerThreadStream(qiaoMemcpy2DAsync(dst, dpitch, src, spitch, width, height, toQiao(kind),
                                              qiaoStreamPerThread)),
      dst, dpitch, src, spitch, width, height, kind);
}

cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch,
                              size_t width, size_t height, cudaMemcpyKind kind,
                              cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemcpy2DAsync(dst, dpitch, src, spitch, width, height, toQiao(kind),
                                              qiao::cudart::toQiao(stream))),
                     dst, dpitch, src, spitch, width, height, kind, stream);
}

cudaError_t cudaMemcpy2DAsync_ptsz(void *dst, size_t dpitch, const void *src, size_t spitch,
                                   size_t width, size_t height, cudaMemcpyKind kind,
                                   cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemcpy2DAsync(dst, dpitch, src, spitch, width, height, toQiao(kind),
                                              perThread(stream))),
                     dst, dpitch, src, spitch, width, height, kind, stream);
}

cudaError_t cudaMemcpy3D(const cudaMemcpy3DParms *p) {
  return QIAO_TRACED(toCuda(qiaoMemcpy3D(toQiao(p))), p);
}

cudaError_t cudaMemcpy3D_ptds(const cudaMemcpy3DParms *p) {
  return QIAO_TRACED(syncOnPerThreadStream(qiaoMemcpy3DAsync(toQiao(p), qiaoStreamPerThread)), p);
}

cudaError_t cudaMemcpy3DAsync(const cudaMemcpy3DParms *p, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemcpy3DAsync(toQiao(p), qiao::cudart::toQiao(stream))), p, stream);
}

cudaError_t cudaMemcpy3DAsync_ptsz(const cudaMemcpy3DParms *p, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemcpy3DAsync(toQiao(p), perThread(stream))), p, stream);
}

cudaError_t cudaMemcpy3DPeer(const cudaMemcpy3DPeerParms *p) {
  return QIAO_TRACED(copy3DPeer(p, qiaoStreamLegacy, true), p);
}

cudaError_t cudaMemcpy3DPeer_ptds(const cudaMemcpy3DPeerParms *p) {
  return QIAO_TRACED(copy3DPeer(p, qiaoStreamPerThread, true), p);
}

cudaError_t cudaMemcpy3DPeerAsync(const cudaMemcpy3DPeerParms *p, cudaStream_t stream) {
  return QIAO_TRACED(copy3DPeer(p, qiao::cudart::toQiao(stream), false), p, stream);
}

cudaError_t cudaMemcpy3DPeerAsync_ptsz(const cudaMemcpy3DPeerParms *p, cudaStream_t stream) {
  return QIAO_TRACED(copy3DPeer(p, perThread(stream), false), p, stream);
}

} // extern "C"
