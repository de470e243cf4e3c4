// CUDA arrays: allocation, queries and copies to and from them, over libqiao's arrays (the same
// handles under CUDA's names; cudaChannelFormatDesc has qiaoChannelFormatDesc's layout).
#include "MemorySupport.h"

using namespace qiao::cudart;

static_assert(sizeof(qiaoChannelFormatDesc) == sizeof(cudaChannelFormatDesc));
static_assert(int(qiaoChannelFormatKindNone) == int(cudaChannelFormatKindNone));

namespace {

qiaoArray_t toQiao(cudaArray_t array) { return reinterpret_cast<qiaoArray_t>(array); }
qiaoArray_const_t toQiao(cudaArray_const_t array) {
  return reinterpret_cast<qiaoArray_const_t>(array);
}
qiaoMemcpyKind toQiao(cudaMemcpyKind kind) { return static_cast<qiaoMemcpyKind>(kind); }
const qiaoChannelFormatDesc *toQiao(const cudaChannelFormatDesc *desc) {
  return reinterpret_cast<const qiaoChannelFormatDesc *>(desc);
}

} // namespace

extern "C" {

cudaError_t cudaMallocArray(cudaArray_t *array, const cudaChannelFormatDesc *desc, size_t width,
                            size_t height, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoMallocArray(reinterpret_cast<qiaoArray_t *>(array), toQiao(desc),
                                            width, height, flags)),
                     array, width, height, flags);
}

cudaError_t cudaMalloc3DArray(cudaArray_t *array, const cudaChannelFormatDesc *desc,
                              cudaExtent extent, unsigned int flags) {
  qiaoExtent e{extent.width, extent.height, extent.depth};
  return QIAO_TRACED(
      toCuda(qiaoMalloc3DArray(reinterpret_cast<qiaoArray_t *>(array), toQiao(desc), e, flags)),
      array, extent.width, extent.height, extent.depth, flags);
}

cudaError_t cudaFreeArray(cudaArray_t array) {
  return QIAO_TRACED(toCuda(qiaoFreeArray(toQiao(array))), array);
}

cudaError_t cudaArrayGetInfo(cudaChannelFormatDesc *desc, cudaExtent *extent, unsigned int *flags,
                             cudaArray_t array) {
  return QIAO_TRACED(
      toCuda(qiaoArrayGetInfo(reinterpret_cast<qiaoChannelFormatDesc *>(desc),
                              reinterpret_cast<qiaoExtent *>(extent), flags, toQiao(array))),
      desc, extent, flags, array);
}

cudaError_t cudaGetChannelDesc(cudaChannelFormatDesc *desc, cudaArray_const_t array) {
  return QIAO_TRACED(
      toCuda(qiaoArrayGetInfo(reinterpret_cast<qiaoChannelFormatDesc *>(desc), nullptr, nullptr,
                              const_cast<qiaoArray_t>(toQiao(array)))),
      desc, array);
}

cudaError_t cudaMemcpy2DToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void *src,
                                size_t spitch, size_t width, size_t height, cudaMemcpyKind kind) {
  return QIAO_TRACED(toCuda(qiaoMemcpy2DToArray(toQiao(dst), wOffset, hOffset, src, spitch, width,
                                                height, toQiao(kind))),
                     dst, wOffset, hOffset, src, spitch, width, height, kind);
}

cudaError_t cudaMemcpy2DToArray_ptds(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                     const void *src, size_t spitch, size_t width, size_t height,
                                     cudaMemcpyKind kind) {
  return QIAO_TRACED(syncOnPerThreadStream(
                         qiaoMemcpy2DToArrayAsync(toQiao(dst), wOffset, hOffset, src, spitch, width,
                                                  height, toQiao(kind), qiaoStreamPerThread)),
                     dst, wOffset, hOffset, src, spitch, width, height, kind);
}

cudaError_t cudaMemcpy2DToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                     const void *src, size_t spitch, size_t width, size_t height,
                                     cudaMemcpyKind kind, cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemcpy2DToArrayAsync(toQiao(dst), wOffset, hOffset, src, spitch, width, height,
                                      toQiao(kind), qiao::cudart::toQiao(stream))),
      dst, wOffset, hOffset, src, spitch, width, height, kind, stream);
}

cudaError_t cudaMemcpy2DToArrayAsync_ptsz(cudaArray_t dst, size_t wOffset, size_t hOffset,
                                          const void *src, size_t spitch, size_t width,
                                          size_t height, cudaMemcpyKind kind, cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemcpy2DToArrayAsync(toQiao(dst), wOffset, hOffset, src, spitch, width, height,
                                      toQiao(kind), perThread(stream))),
      dst, wOffset, hOffset, src, spitch, width, height, kind, stream);
}

cudaError_t cudaMemcpy2DFromArray(void *dst, size_t dpitch, cudaArray_const_t src, size_t wOffset,
                                  size_t hOffset, size_t width, size_t height,
                                  cudaMemcpyKind kind) {
  return QIAO_TRACED(toCuda(qiaoMemcpy2DFromArray(dst, dpitch, toQiao(src), wOffset, hOffset, width,
                                                  height, toQiao(kind))),
                     dst, dpitch, src, wOffset, hOffset, width, height, kind);
}

cudaError_t cudaMemcpy2DFromArray_ptds(void *dst, size_t dpitch, cudaArray_const_t src,
                                       size_t wOffset, size_t hOffset, size_t width, size_t height,
                                       cudaMemcpyKind kind) {
  return QIAO_TRACED(syncOnPerThreadStream(qiaoMemcpy2DFromArrayAsync(
                         dst, dpitch, toQiao(src), wOffset, hOffset, width, height, toQiao(kind),
                         qiaoStreamPerThread)),
                     dst, dpitch, src, wOffset, hOffset, width, height, kind);
}

cudaError_t cudaMemcpy2DFromArrayAsync(void *dst, size_t dpitch, cudaArray_const_t src,
                                       size_t wOffset, size_t hOffset, size_t width, size_t height,
                                       cudaMemcpyKind kind, cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemcpy2DFromArrayAsync(dst, dpitch, toQiao(src), wOffset, hOffset, width, height,
                                        toQiao(kind), qiao::cudart::toQiao(stream))),
      dst, dpitch, src, wOffset, hOffset, width, height, kind, stream);
}

cudaError_t cudaMemcpy2DFromArrayAsync_ptsz(void *dst, size_t dpitch, cudaArray_const_t src,
                                            size_t wOffset, size_t hOffset, size_t width,
                                            size_t height, cudaMemcpyKind kind,
                                            cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemcpy2DFromArrayAsync(dst, dpitch, toQiao(src), wOffset, hOffset, width, height,
                                        toQiao(kind), perThread(stream))),
      dst, dpitch, src, wOffset, hOffset, width, height, kind, stream);
}

cudaError_t cudaMemcpyToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void *src,
                              size_t count, cudaMemcpyKind kind) {
  return QIAO_TRACED(
      toCuda(qiaoMemcpyToArray(toQiao(dst), wOffset, hOffset, src, count, toQiao(kind))), dst,
      wOffset, hOffset, src, count, kind);
}

cudaError_t cudaMemcpyFromArray(void *dst, cudaArray_const_t src, size_t wOffset, size_t hOffset,
                                size_t count, cudaMemcpyKind kind) {
  return QIAO_TRACED(
      toCuda(qiaoMemcpyFromArray(dst, toQiao(src), wOffset, hOffset, count, toQiao(kind))), dst,
      src, wOffset, hOffset, count, kind);
}

} // extern "C"
