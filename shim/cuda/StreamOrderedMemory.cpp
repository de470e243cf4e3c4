// Stream-ordered allocation from the device's default pool (cuMemAllocAsync / cuMemFreeAsync).
#include "DriverState.h"

using namespace qiao::cuda;

namespace {

CUresult allocate(CUdeviceptr *dptr, size_t bytes, qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  if (dptr == nullptr || bytes == 0)
    return CUDA_ERROR_INVALID_VALUE;
  void *pointer = nullptr;
  if (qiaoError_t error = qiaoMallocAsync(&pointer, bytes, stream))
    return toCuResult(error);
  *dptr = toDevicePointer(pointer);
  return CUDA_SUCCESS;
}

CUresult release(CUdeviceptr dptr, qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoFreeAsync(toPointer(dptr), stream));
}

} // namespace

extern "C" {
CUresult cuMemAllocAsync(CUdeviceptr *dptr, size_t bytesize, CUstream hStream) {
  return allocate(dptr, bytesize, toQiao(hStream));
}
CUresult cuMemAllocAsync_ptsz(CUdeviceptr *dptr, size_t bytesize, CUstream hStream) {
  return allocate(dptr, bytesize, perThread(hStream));
}
CUresult cuMemFreeAsync(CUdeviceptr dptr, CUstream hStream) {
  return release(dptr, toQiao(hStream));
}
CUresult cuMemFreeAsync_ptsz(CUdeviceptr dptr, CUstream hStream) {
  return release(dptr, perThread(hStream));
}
}
