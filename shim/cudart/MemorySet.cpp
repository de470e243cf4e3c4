// cudaMemset in 1, 2 and 3 dimensions, synchronous and asynchronous, with the per-thread-default-
// stream flavours.
#include "MemorySupport.h"

using namespace qiao::cudart;

namespace {

qiaoPitchedPtr toQiao(cudaPitchedPtr p) { return {p.ptr, p.pitch, p.xsize, p.ysize}; }
qiaoExtent toQiao(cudaExtent e) { return {e.width, e.height, e.depth}; }

} // namespace

extern "C" {

cudaError_t cudaMemset(void *devPtr, int value, size_t count) {
  return QIAO_TRACED(toCuda(qiaoMemset(devPtr, value, count)), devPtr, value, count);
}

cudaError_t cudaMemset_ptds(void *devPtr, int value, size_t count) {
  return QIAO_TRACED(
      syncOnPerThreadStream(qiaoMemsetAsync(devPtr, value, count, qiaoStreamPerThread)), devPtr,
      value, count);
}

cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemsetAsync(devPtr, value, count, qiao::cudart::toQiao(stream))),
                     devPtr, value, count, stream);
}

cudaError_t cudaMemsetAsync_ptsz(void *devPtr, int value, size_t count, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemsetAsync(devPtr, value, count, perThread(stream))), devPtr,
                     value, count, stream);
}

cudaError_t cudaMemset2D(void *devPtr, size_t pitch, int value, size_t width, size_t height) {
  return QIAO_TRACED(toCuda(qiaoMemset2D(devPtr, pitch, value, width, height)), devPtr, pitch,
                     value, width, height);
}

cudaError_t cudaMemset2D_ptds(void *devPtr, size_t pitch, int value, size_t width, size_t height) {
  return QIAO_TRACED(syncOnPerThreadStream(qiaoMemset2DAsync(devPtr, pitch, value, width, height,
                                                             qiaoStreamPerThread)),
                     devPtr, pitch, value, width, height);
}

cudaError_t cudaMemset2DAsync(void *devPtr, size_t pitch, int value, size_t width, size_t height,
                              cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemset2DAsync(devPtr, pitch, value, width, height, qiao::cudart::toQiao(stream))),
      devPtr, pitch, value, width, height, stream);
}

cudaError_t cudaMemset2DAsync_ptsz(void *devPtr, size_t pitch, int value, size_t width,
                                   size_t height, cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemset2DAsync(devPtr, pitch, value, width, height, perThread(stream))), devPtr,
      pitch, value, width, height, stream);
}

cudaError_t cudaMemset3D(cudaPitchedPtr pitchedDevPtr, int value, cudaExtent extent) {
  return QIAO_TRACED(toCuda(qiaoMemset3D(toQiao(pitchedDevPtr), value, toQiao(extent))),
                     pitchedDevPtr.ptr, value, extent);
}

cudaError_t cudaMemset3D_ptds(cudaPitchedPtr pitchedDevPtr, int value, cudaExtent extent) {
  return QIAO_TRACED(syncOnPerThreadStream(qiaoMemset3DAsync(toQiao(pitchedDevPtr), value,
                                                             toQiao(extent), qiaoStreamPerThread)),
                     pitchedDevPtr.ptr, value, extent);
}

cudaError_t cudaMemset3DAsync(cudaPitchedPtr pitchedDevPtr, int value, cudaExtent extent,
                              cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemset3DAsync(toQiao(pitchedDevPtr), value, toQiao(extent),
                                              qiao::cudart::toQiao(stream))),
                     pitchedDevPtr.ptr, value, extent, stream);
}

cudaError_t cudaMemset3DAsync_ptsz(cudaPitchedPtr pitchedDevPtr, int value, cudaExtent extent,
                                   cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemset3DAsync(toQiao(pitchedDevPtr), value, toQiao(extent), perThread(stream))),
      pitchedDevPtr.ptr, value, extent, stream);
}

} // extern "C"
