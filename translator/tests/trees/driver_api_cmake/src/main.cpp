// A C++14 CMake project of CUDA's driver API alone: device queries, contexts, and a kernel
// shipped as PTX, loaded, launched with cuLaunchKernel and checked.
#include <cuda.h>

#include "driver_checks.h"

namespace {

bool run() {
  CU_CHECK(cuInit(0));
  int version = 0;
  CU_CHECK(cuDriverGetVersion(&version));
  EXPECT_THAT(version >= 12000, "driver version %d", version);
  CUdevice device;
  CU_CHECK(cuDeviceGet(&device, 0));
  return checkDevice(device) && checkContexts(device) && checkKernels(device);
}

} // namespace

int main() {
  if (!run())
    return 1;
  printf("PASS driver_api_cmake (C++ %ld)\n", long(__cplusplus));
  return 0;
}
