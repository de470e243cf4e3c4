// Stream-ordered memory pools over libqiao's pools: cudaMemPool_t is a qiaoMemPool_t, the
// property, access and attribute types have CUDA's layouts and values.
#include "QiaoCuda.h"

using namespace qiao::cudart;

static_assert(sizeof(qiaoMemPoolProps) == sizeof(cudaMemPoolProps));
static_assert(sizeof(qiaoMemAccessDesc) == sizeof(cudaMemAccessDesc));
static_assert(sizeof(qiaoMemLocation) == sizeof(cudaMemLocation));
static_assert(int(qiaoMemPoolAttrUsedMemHigh) == int(cudaMemPoolAttrUsedMemHigh));
static_assert(int(qiaoMemAccessFlagsProtReadWrite) == int(cudaMemAccessFlagsProtReadWrite));

namespace {

qiaoMemPool_t toQiao(cudaMemPool_t pool) { return reinterpret_cast<qiaoMemPool_t>(pool); }
qiaoMemPool_t *toQiao(cudaMemPool_t *pool) { return reinterpret_cast<qiaoMemPool_t *>(pool); }

// cudaMemGetDefaultMemPool and friends name a location and an allocation type: device pools of
// pinned memory are the ones Qiao has.
cudaError_t deviceOf(const cudaMemLocation *location, cudaMemAllocationType type, int &device) {
  if (location == nullptr || type != cudaMemAllocationTypePinned)
    return cudaErrorInvalidValue;
  if (location->type != cudaMemLocationTypeDevice)
    return cudaErrorNotSupported;
  device = location->id;
  return cudaSuccess;
}

cudaError_t getLocationPool(cudaMemPool_t *pool, cudaMemLocation *location,
                            cudaMemAllocationType type, bool current) {
  int device = 0;
  if (cudaError_t failed = deviceOf(location, type, device))
    return failed;
  return toCuda(current ? qiaoDeviceGetMemPool(toQiao(pool), device)
                        : qiaoDeviceGetDefaultMemPool(toQiao(pool), device));
}

} // namespace

extern "C" {

cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t *memPool, int device) {
  return QIAO_TRACED(toCuda(qiaoDeviceGetDefaultMemPool(toQiao(memPool), device)), memPool, device);
}

cudaError_t cudaDeviceGetMemPool(cudaMemPool_t *memPool, int device) {
  return QIAO_TRACED(toCuda(qiaoDeviceGetMemPool(toQiao(memPool), device)), memPool, device);
}

cudaError_t cudaDeviceSetMemPool(int device, cudaMemPool_t memPool) {
  return QIAO_TRACED(toCuda(qiaoDeviceSetMemPool(device, toQiao(memPool))), device, memPool);
}

cudaError_t cudaMemGetDefaultMemPool(cudaMemPool_t *memPool, cudaMemLocation *location,
                                     cudaMemAllocationType type) {
  return QIAO_TRACED(getLocationPool(memPool, location, type, false), memPool, location, type);
}

cudaError_t cudaMemGetMemPool(cudaMemPool_t *memPool, cudaMemLocation *location,
                              cudaMemAllocationType type) {
  return QIAO_TRACED(getLocationPool(memPool, location, type, true), memPool, location, type);
}

cudaError_t cudaMemSetMemPool(cudaMemLocation *location, cudaMemAllocationType type,
                              cudaMemPool_t memPool) {
  int device = 0;
  cudaError_t result = deviceOf(location, type, device);
  if (result == cudaSuccess)
    result = toCuda(qiaoDeviceSetMemPool(device, toQiao(memPool)));
  return QIAO_TRACED(result, location, type, memPool);
}

cudaError_t cudaMemPoolCreate(cudaMemPool_t *memPool, const cudaMemPoolProps *poolProps) {
  return QIAO_TRACED(toCuda(qiaoMemPoolCreate(
                         toQiao(memPool), reinterpret_cast<const qiaoMemPoolProps *>(poolProps))),
                     memPool, poolProps);
}

cudaError_t cudaMemPoolDestroy(cudaMemPool_t memPool) {
  return QIAO_TRACED(toCuda(qiaoMemPoolDestroy(toQiao(memPool))), memPool);
}

cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t memPool, cudaMemPoolAttr attr, void *value) {
  return QIAO_TRACED(
      toCuda(qiaoMemPoolSetAttribute(toQiao(memPool), static_cast<qiaoMemPoolAttr>(attr), value)),
      memPool, attr, value);
}

cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t memPool, cudaMemPoolAttr attr, void *value) {
  return QIAO_TRACED(
      toCuda(qiaoMemPoolGetAttribute(toQiao(memPool), static_cast<qiaoMemPoolAttr>(attr), value)),
      memPool, attr, value);
}

cudaError_t cudaMemPoolTrimTo(cudaMemPool_t memPool, size_t minBytesToKeep) {
  return QIAO_TRACED(toCuda(qiaoMemPoolTrimTo(toQiao(memPool), minBytesToKeep)), memPool,
                     minBytesToKeep);
}

cudaError_t cudaMemPoolSetAccess(cudaMemPool_t memPool, const cudaMemAccessDesc *descList,
                                 size_t count) {
  return QIAO_TRACED(
      toCuda(qiaoMemPoolSetAccess(toQiao(memPool),
                                  reinterpret_cast<const qiaoMemAccessDesc *>(descList), count)),
      memPool, descList, count);
}

cudaError_t cudaMemPoolGetAccess(cudaMemAccessFlags *flags, cudaMemPool_t memPool,
                                 cudaMemLocation *location) {
  return QIAO_TRACED(
      toCuda(qiaoMemPoolGetAccess(reinterpret_cast<qiaoMemAccessFlags *>(flags), toQiao(memPool),
                                  reinterpret_cast<qiaoMemLocation *>(location))),
      flags, memPool, location);
}

cudaError_t cudaMallocFromPoolAsync(void **ptr, size_t size, cudaMemPool_t memPool,
                                    cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoMallocFromPoolAsync(ptr, size, toQiao(memPool), qiao::cudart::toQiao(stream))),
      ptr, size, memPool, stream);
}

cudaError_t cudaMallocFromPoolAsync_ptsz(void **ptr, size_t size, cudaMemPool_t memPool,
                                         cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoMallocFromPoolAsync(ptr, size, toQiao(memPool), perThread(stream))),
                     ptr, size, memPool, stream);
}

} // extern "C"
