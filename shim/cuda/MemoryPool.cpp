// Stream-ordered memory pools of the driver API over libqiao's pools: a CUmemoryPool is a
// qiaoMemPool_t; properties, access descriptors and attributes have CUDA's layouts and values.
#include "DriverState.h"

using namespace qiao::cuda;

static_assert(sizeof(CUmemPoolProps) == sizeof(qiaoMemPoolProps));
static_assert(sizeof(CUmemAccessDesc) == sizeof(qiaoMemAccessDesc));
static_assert(sizeof(CUmemLocation) == sizeof(qiaoMemLocation));
static_assert(CU_MEMPOOL_ATTR_USED_MEM_HIGH == int(qiaoMemPoolAttrUsedMemHigh));
static_assert(CU_MEM_ACCESS_FLAGS_PROT_READWRITE == int(qiaoMemAccessFlagsProtReadWrite));

namespace {

qiaoMemPool_t toQiao(CUmemoryPool pool) { return reinterpret_cast<qiaoMemPool_t>(pool); }
qiaoMemPool_t *toQiao(CUmemoryPool *pool) { return reinterpret_cast<qiaoMemPool_t *>(pool); }

template <class Call> CUresult initialized(Call &&call) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(call());
}

// The cuMem*MemPool calls name a location and an allocation type: device pools of pinned memory
// are the ones Qiao has.
CUresult deviceOf(const CUmemLocation *location, CUmemAllocationType type, int &device) {
  if (CUresult result = requireInit())
    return result;
  if (location == nullptr || type != CU_MEM_ALLOCATION_TYPE_PINNED)
    return CUDA_ERROR_INVALID_VALUE;
  if (location->type != CU_MEM_LOCATION_TYPE_DEVICE)
    return CUDA_ERROR_NOT_SUPPORTED;
  device = location->id;
  return CUDA_SUCCESS;
}

CUresult allocateFromPool(CUdeviceptr *dptr, size_t bytes, CUmemoryPool pool, qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  if (dptr == nullptr || bytes == 0)
    return CUDA_ERROR_INVALID_VALUE;
  void *pointer = nullptr;
  if (qiaoError_t error = qiaoMallocFromPoolAsync(&pointer, bytes, toQiao(pool), stream))
    return toCuResult(error);
  *dptr = toDevicePointer(pointer);
  return CUDA_SUCCESS;
}

} // namespace

extern "C" {

CUresult cuDeviceGetDefaultMemPool(CUmemoryPool *pool_out, CUdevice dev) {
  return initialized([&] { return qiaoDeviceGetDefaultMemPool(toQiao(pool_out), dev); });
}

CUresult cuDeviceGetMemPool(CUmemoryPool *pool, CUdevice dev) {
  return initialized([&] { return qiaoDeviceGetMemPool(toQiao(pool), dev); });
}

CUresult cuDeviceSetMemPool(CUdevice dev, CUmemoryPool pool) {
  return initialized([&] { return qiaoDeviceSetMemPool(dev, toQiao(pool)); });
}

CUresult cuMemGetDefaultMemPool(CUmemoryPool *pool_out, CUmemLocation *location,
                                CUmemAllocationType type) {
  int device = 0;
  if (CUresult result = deviceOf(location, type, device))
    return result;
  return toCuResult(qiaoDeviceGetDefaultMemPool(toQiao(pool_out), device));
}

CUresult cuMemGetMemPool(CUmemoryPool *pool, CUmemLocation *location, CUmemAllocationType type) {
  int device = 0;
  if (CUresult result = deviceOf(location, type, device))
    return result;
  return toCuResult(qiaoDeviceGetMemPool(toQiao(pool), device));
}

CUresult cuMemSetMemPool(CUmemLocation *location, CUmemAllocationType type, CUmemoryPool pool) {
  int device = 0;
  if (CUresult result = deviceOf(location, type, device))
    return result;
  return toCuResult(qiaoDeviceSetMemPool(device, toQiao(pool)));
}

CUresult cuMemPoolCreate(CUmemoryPool *pool, const CUmemPoolProps *poolProps) {
  return initialized([&] {
    return qiaoMemPoolCreate(toQiao(pool), reinterpret_cast<const qiaoMemPoolProps *>(poolProps));
  });
}

CUresult cuMemPoolDestroy(CUmemoryPool pool) {
  return initialized([&] { return qiaoMemPoolDestroy(toQiao(pool)); });
}

CUresult cuMemPoolSetAttribute(CUmemoryPool pool, CUmemPool_attribute attr, void *value) {
  return initialized([&] {
    return qiaoMemPoolSetAttribute(toQiao(pool), static_cast<qiaoMemPoolAttr>(attr), value);
  });
}

CUresult cuMemPoolGetAttribute(CUmemoryPool pool, CUmemPool_attribute attr, void *value) {
  return initialized([&] {
    return qiaoMemPoolGetAttribute(toQiao(pool), static_cast<qiaoMemPoolAttr>(attr), value);
  });
}

CUresult cuMemPoolTrimTo(CUmemoryPool pool, size_t minBytesToKeep) {
  return initialized([&] { return qiaoMemPoolTrimTo(toQiao(pool), minBytesToKeep); });
}

CUresult cuMemPoolSetAccess(CUmemoryPool pool, const CUmemAccessDesc *map, size_t count) {
  return initialized([&] {
    return qiaoMemPoolSetAccess(toQiao(pool), reinterpret_cast<const qiaoMemAccessDesc *>(map),
                                count);
  });
}

CUresult cuMemPoolGetAccess(CUmemAccess_flags *flags, CUmemoryPool memPool,
                            CUmemLocation *location) {
  return initialized([&] {
    return qiaoMemPoolGetAccess(reinterpret_cast<qiaoMemAccessFlags *>(flags), toQiao(memPool),
                                reinterpret_cast<qiaoMemLocation *>(location));
  });
}

CUresult cuMemAllocFromPoolAsync(CUdeviceptr *dptr, size_t bytesize, CUmemoryPool pool,
                                 CUstream hStream) {
  return allocateFromPool(dptr, bytesize, pool, qiao::cuda::toQiao(hStream));
}

CUresult cuMemAllocFromPoolAsync_ptsz(CUdeviceptr *dptr, size_t bytesize, CUmemoryPool pool,
                                      CUstream hStream) {
  return allocateFromPool(dptr, bytesize, pool, perThread(hStream));
}

} // extern "C"
