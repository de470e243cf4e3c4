// Hints about managed memory: prefetching and advice. Device memory is host memory on the Qiao
// device, so libqiao checks the range and the hint and there is nothing to move.
#include "DriverState.h"

using namespace qiao::cuda;

// CUmemLocation and CUmem_advise have cudaMemLocation's and cudaMemoryAdvise's layout and values.
// The enumerations are distinct types, so their values are compared as numbers.
template <class Cuda, class Qiao> constexpr bool sameValue(Cuda cuda, Qiao qiao) {
  return static_cast<long long>(cuda) == static_cast<long long>(qiao);
}
static_assert(sizeof(CUmemLocation) == sizeof(qiaoMemLocation));
static_assert(sameValue(CU_MEM_LOCATION_TYPE_DEVICE, qiaoMemLocationTypeDevice) &&
              sameValue(CU_MEM_LOCATION_TYPE_HOST, qiaoMemLocationTypeHost) &&
              sameValue(CU_MEM_LOCATION_TYPE_HOST_NUMA_CURRENT,
                        qiaoMemLocationTypeHostNumaCurrent));
static_assert(sameValue(CU_MEM_ADVISE_SET_READ_MOSTLY, qiaoMemAdviseSetReadMostly) &&
              sameValue(CU_MEM_ADVISE_UNSET_ACCESSED_BY, qiaoMemAdviseUnsetAccessedBy));

namespace {

qiaoMemLocation toQiao(CUmemLocation location) {
  return {static_cast<qiaoMemLocationType>(location.type), location.id};
}

// The first flavours named a device ordinal, CU_DEVICE_CPU (-1) for host memory.
CUmemLocation locationOf(CUdevice device) {
  CUmemLocation location{};
  location.type = device == CU_DEVICE_CPU ? CU_MEM_LOCATION_TYPE_HOST : CU_MEM_LOCATION_TYPE_DEVICE;
  location.id = device == CU_DEVICE_CPU ? 0 : device;
  return location;
}

CUresult prefetch(CUdeviceptr dptr, size_t count, CUmemLocation location, unsigned flags,
                  qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoMemPrefetchAsync(toPointer(dptr), count, toQiao(location), flags, stream));
}

CUresult advise(CUdeviceptr dptr, size_t count, CUmem_advise advice, CUmemLocation location) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoMemAdvise(toPointer(dptr), count, static_cast<qiaoMemoryAdvise>(advice),
                                  toQiao(location)));
}

} // namespace

extern "C" CUresult cuMemPrefetchAsync(CUdeviceptr devPtr, size_t count, CUmemLocation location,
                                       unsigned int flags, CUstream hStream) {
  return prefetch(devPtr, count, location, flags, toQiao(hStream));
}

extern "C" CUresult cuMemAdvise(CUdeviceptr devPtr, size_t count, CUmem_advise advice,
                                CUmemLocation location) {
  return advise(devPtr, count, advice, location);
}

// The flavours before CUDA 12.2, still exported (cuda.h maps the plain names to _v2).
#undef cuMemPrefetchAsync
#undef cuMemAdvise
extern "C" {
CUresult cuMemPrefetchAsync_v2_ptsz(CUdeviceptr devPtr, size_t count, CUmemLocation location,
                                    unsigned int flags, CUstream hStream) {
  return prefetch(devPtr, count, location, flags, perThread(hStream));
}
CUresult cuMemPrefetchAsync(CUdeviceptr devPtr, size_t count, CUdevice dstDevice,
                            CUstream hStream) {
  return prefetch(devPtr, count, locationOf(dstDevice), 0, toQiao(hStream));
}
CUresult cuMemPrefetchAsync_ptsz(CUdeviceptr devPtr, size_t count, CUdevice dstDevice,
                                 CUstream hStream) {
  return prefetch(devPtr, count, locationOf(dstDevice), 0, perThread(hStream));
}
CUresult cuMemAdvise(CUdeviceptr devPtr, size_t count, CUmem_advise advice, CUdevice device) {
  return advise(devPtr, count, advice, locationOf(device));
}
}
