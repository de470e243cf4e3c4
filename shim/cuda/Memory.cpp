// Allocation: device, pinned host, managed and pitched memory; memory information.
#include "DriverState.h"

using namespace qiao::cuda;

extern "C" CUresult cuMemAlloc(CUdeviceptr *dptr, size_t bytesize) {
  if (CUresult result = requireContext())
    return result;
  // Unlike cudaMalloc, the driver refuses an empty allocation.
  if (dptr == nullptr || bytesize == 0)
    return CUDA_ERROR_INVALID_VALUE;
  void *pointer = nullptr;
  if (qiaoError_t error = qiaoMalloc(&pointer, bytesize))
    return toCuResult(error);
  *dptr = toDevicePointer(pointer);
  return CUDA_SUCCESS;
}

extern "C" CUresult cuMemFree(CUdeviceptr dptr) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoFree(toPointer(dptr)));
}

extern "C" CUresult cuMemAllocHost(void **pp, size_t bytesize) {
  if (CUresult result = requireContext())
    return result;
  if (pp == nullptr || bytesize == 0)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoMallocHost(pp, bytesize));
}

extern "C" CUresult cuMemFreeHost(void *p) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoFreeHost(p));
}

// CU_MEMHOSTALLOC_PORTABLE/DEVICEMAP/WRITECOMBINED have cudaHostAlloc's values.
extern "C" CUresult cuMemHostAlloc(void **pp, size_t bytesize, unsigned int Flags) {
  if (CUresult result = requireContext())
    return result;
  if (pp == nullptr || bytesize == 0)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoHostAlloc(pp, bytesize, Flags));
}

extern "C" CUresult cuMemAllocManaged(CUdeviceptr *dptr, size_t bytesize, unsigned int flags) {
  if (CUresult result = requireContext())
    return result;
  if (dptr == nullptr || bytesize == 0)
    return CUDA_ERROR_INVALID_VALUE;
  void *pointer = nullptr;
  if (qiaoError_t error = qiaoMallocManaged(&pointer, bytesize, flags))
    return toCuResult(error);
  *dptr = toDevicePointer(pointer);
  return CUDA_SUCCESS;
}

extern "C" CUresult cuMemAllocPitch(CUdeviceptr *dptr, size_t *pPitch, size_t WidthInBytes,
                                    size_t Height, unsigned int ElementSizeBytes) {
  if (CUresult result = requireContext())
    return result;
  // The element size only tunes the pitch on hardware, but must be one the driver accepts.
  bool validElement = ElementSizeBytes == 4 || ElementSizeBytes == 8 || ElementSizeBytes == 16;
  if (dptr == nullptr || pPitch == nullptr || !validElement || WidthInBytes == 0 || Height == 0)
    return CUDA_ERROR_INVALID_VALUE;
  void *pointer = nullptr;
  if (qiaoError_t error = qiaoMallocPitch(&pointer, pPitch, WidthInBytes, Height))
    return toCuResult(error);
  *dptr = toDevicePointer(pointer);
  return CUDA_SUCCESS;
}

extern "C" CUresult cuMemGetInfo(size_t *free, size_t *total) {
  if (CUresult result = requireContext())
    return result;
  if (free == nullptr || total == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoMemGetInfo(free, total));
}
