// cuInit and cuDriverGetVersion.
#include "DriverState.h"

using namespace qiao::cuda;

namespace {
constexpr int kDriverVersion = 13000; // the CUDA version of the headers the shim implements
}

extern "C" CUresult cuInit(unsigned int flags) {
  if (flags != 0)
    return CUDA_ERROR_INVALID_VALUE;
  int devices = 0;
  if (qiaoError_t error = qiaoGetDeviceCount(&devices))
    return toCuResult(error);
  if (devices == 0)
    return CUDA_ERROR_NO_DEVICE;
  markInitialized(devices);
  return CUDA_SUCCESS;
}

// Answers before cuInit, as NVIDIA's driver does: programs check the version first.
extern "C" CUresult cuDriverGetVersion(int *driverVersion) {
  if (driverVersion == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *driverVersion = kDriverVersion;
  return CUDA_SUCCESS;
}
