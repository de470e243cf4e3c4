// Questions about memory and hints for it: free/total, pointer attributes, prefetch, advice and
// stream attachment of managed memory.
#include "QiaoCuda.h"

using namespace qiao::cudart;

static_assert(sizeof(qiaoMemLocation) == sizeof(cudaMemLocation));
static_assert(int(qiaoMemoryTypeManaged) == int(cudaMemoryTypeManaged));
static_assert(int(qiaoMemAdviseUnsetAccessedBy) == int(cudaMemAdviseUnsetAccessedBy));

namespace {

qiaoMemLocation toQiao(cudaMemLocation location) {
  return {static_cast<qiaoMemLocationType>(location.type), location.id};
}

} // namespace

extern "C" {

cudaError_t cudaMemGetInfo(size_t *free, size_t *total) {
  return QIAO_TRACED(toCuda(qiaoMemGetInfo(free, total)), free, total);
}

// cudaPointerAttributes has reserved words after the four fields Qiao fills; they read as zero.
cudaError_t cudaPointerGetAttributes(cudaPointerAttributes *attributes, const void *ptr) {
  qiaoPointerAttributes found{};
  cudaError_t result = toCuda(qiaoPointerGetAttributes(attributes ? &found : nullptr, ptr));
  if (result == cudaSuccess) {
    *attributes = cudaPointerAttributes{};
    attributes->type = static_cast<cudaMemoryType>(found.type);
    attributes->device = found.device;
    attributes->devicePointer = found.devicePointer;
    attributes->hostPointer = found.hostPointer;
  }
  return QIAO_TRACED(result, attributes, ptr);
}

cudaError_t cudaMemPrefetchAsync(const void *devPtr, size_t count, cudaMemLocation location,
                                 unsigned int flags, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMemPrefetchAsync(devPtr, count, toQiao(location), flags,
                                                 qiao::cudart::toQiao(stream))),
                     devPtr, count, location.id, flags, stream);
}

cudaError_t cudaMemPrefetchAsync_ptsz(const void *devPtr, size_t count, cudaMemLocation location,
                                      unsigned int flags, cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMemPrefetchAsync(devPtr, count, toQiao(location), flags, perThread(stream))),
      devPtr, count, location.id, flags, stream);
}

cudaError_t cudaMemAdvise(const void *devPtr, size_t count, cudaMemoryAdvise advice,
                          cudaMemLocation location) {
  return QIAO_TRACED(
      toCuda(qiaoMemAdvise(devPtr, count, static_cast<qiaoMemoryAdvise>(advice), toQiao(location))),
      devPtr, count, advice, location.id);
}

// Attaching managed memory to a stream only narrows which work may touch it on hardware; device
// memory is host memory here, so it is a queue-ordered no-op once the arguments are checked.
static cudaError_t attachMem(qiaoStream_t stream, void *devPtr, unsigned int flags) {
  unsigned known = cudaMemAttachGlobal | cudaMemAttachHost | cudaMemAttachSingle;
  if (devPtr == nullptr || flags == 0 || (flags & ~known) != 0 || (flags & (flags - 1)) != 0)
    return cudaErrorInvalidValue;
  return toCuda(qiaoStreamQuery(stream)) == cudaErrorInvalidResourceHandle
             ? cudaErrorInvalidResourceHandle
             : cudaSuccess;
}

cudaError_t cudaStreamAttachMemAsync(cudaStream_t stream, void *devPtr, size_t length,
                                     unsigned int flags) {
  return QIAO_TRACED(attachMem(qiao::cudart::toQiao(stream), devPtr, flags), stream, devPtr, length,
                     flags);
}

cudaError_t cudaStreamAttachMemAsync_ptsz(cudaStream_t stream, void *devPtr, size_t length,
                                          unsigned int flags) {
  return QIAO_TRACED(attachMem(perThread(stream), devPtr, flags), stream, devPtr, length, flags);
}

} // extern "C"
