// Page-locked host memory the program allocated itself: registration, the device address of mapped
// memory, and the flags an allocation was made with.
#include "DriverState.h"

using namespace qiao::cuda;

// CU_MEMHOSTREGISTER_* have cudaHostRegister*'s values.
static_assert(CU_MEMHOSTREGISTER_PORTABLE == qiaoHostRegisterPortable &&
              CU_MEMHOSTREGISTER_DEVICEMAP == qiaoHostRegisterMapped &&
              CU_MEMHOSTREGISTER_IOMEMORY == qiaoHostRegisterIoMemory &&
              CU_MEMHOSTREGISTER_READ_ONLY == qiaoHostRegisterReadOnly);

extern "C" CUresult cuMemHostRegister(void *p, size_t bytesize, unsigned int Flags) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr || bytesize == 0)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoHostRegister(p, bytesize, Flags));
}

extern "C" CUresult cuMemHostUnregister(void *p) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoHostUnregister(p));
}

extern "C" CUresult cuMemHostGetDevicePointer(CUdeviceptr *pdptr, void *p, unsigned int Flags) {
  if (CUresult result = requireContext())
    return result;
  // The flags are reserved and must be 0.
  if (pdptr == nullptr || p == nullptr || Flags != 0)
    return CUDA_ERROR_INVALID_VALUE;
  void *device = nullptr;
  if (qiaoError_t error = qiaoHostGetDevicePointer(&device, p, 0))
    return toCuResult(error);
  *pdptr = toDevicePointer(device);
  return CUDA_SUCCESS;
}

extern "C" CUresult cuMemHostGetFlags(unsigned int *pFlags, void *p) {
  if (CUresult result = requireContext())
    return result;
  if (pFlags == nullptr || p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoHostGetFlags(pFlags, p));
}
