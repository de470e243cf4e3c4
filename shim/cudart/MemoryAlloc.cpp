// Allocation of device, host (pinned), managed, pitched and 3D memory; host registration; the
// stream-ordered allocator. Device memory is host memory on the emulated device, so every kind
// is addressable from the host and unified addressing holds.
#include "QiaoCuda.h"

using namespace qiao::cudart;

extern "C" {

cudaError_t cudaMalloc(void **devPtr, size_t size) {
  return QIAO_TRACED(toCuda(qiaoMalloc(devPtr, size)), devPtr, size);
}

cudaError_t cudaFree(void *devPtr) { return QIAO_TRACED(toCuda(qiaoFree(devPtr)), devPtr); }

cudaError_t cudaMallocHost(void **ptr, size_t size) {
  return QIAO_TRACED(toCuda(qiaoMallocHost(ptr, size)), ptr, size);
}

cudaError_t cudaHostAlloc(void **pHost, size_t size, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoHostAlloc(pHost, size, flags)), pHost, size, flags);
}

cudaError_t cudaFreeHost(void *ptr) { return QIAO_TRACED(toCuda(qiaoFreeHost(ptr)), ptr); }

cudaError_t cudaHostRegister(void *ptr, size_t size, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoHostRegister(ptr, size, flags)), ptr, size, flags);
}

cudaError_t cudaHostUnregister(void *ptr) {
  return QIAO_TRACED(toCuda(qiaoHostUnregister(ptr)), ptr);
}

cudaError_t cudaHostGetDevicePointer(void **pDevice, void *pHost, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoHostGetDevicePointer(pDevice, pHost, flags)), pDevice, pHost,
                     flags);
}

cudaError_t cudaHostGetFlags(unsigned int *pFlags, void *pHost) {
  return QIAO_TRACED(toCuda(qiaoHostGetFlags(pFlags, pHost)), pFlags, pHost);
}

cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoMallocManaged(devPtr, size, flags)), devPtr, size, flags);
}

cudaError_t cudaMallocPitch(void **devPtr, size_t *pitch, size_t width, size_t height) {
  return QIAO_TRACED(toCuda(qiaoMallocPitch(devPtr, pitch, width, height)), devPtr, pitch, width,
                     height);
}

cudaError_t cudaMalloc3D(cudaPitchedPtr *pitchedDevPtr, cudaExtent extent) {
  qiaoExtent qExtent{extent.width, extent.height, extent.depth};
  return QIAO_TRACED(
      toCuda(qiaoMalloc3D(reinterpret_cast<qiaoPitchedPtr *>(pitchedDevPtr), qExtent)),
      pitchedDevPtr, extent);
}

cudaError_t cudaMallocAsync(void **devPtr, size_t size, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMallocAsync(devPtr, size, toQiao(stream))), devPtr, size, stream);
}

cudaError_t cudaMallocAsync_ptsz(void **devPtr, size_t size, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMallocAsync(devPtr, size, perThread(stream))), devPtr, size,
                     stream);
}

cudaError_t cudaFreeAsync(void *devPtr, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoFreeAsync(devPtr, toQiao(stream))), devPtr, stream);
}

cudaError_t cudaFreeAsync_ptsz(void *devPtr, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoFreeAsync(devPtr, perThread(stream))), devPtr, stream);
}

} // extern "C"
