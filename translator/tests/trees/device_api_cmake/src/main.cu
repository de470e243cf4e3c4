// A C++14 CMake project (Qiao's headers must work from C++14 on) that uses the device-side API
// beyond the basics: complex numbers, scoped atomic built-ins, tiles of more than a warp,
// __grid_constant__ parameters, launch bounds and occupancy queries, with the profiler
// bracketing the work.
#include <cuda_profiler_api.h>
#include <cuda_runtime.h>

#include "device_api.h"

int main() {
  if (cudaProfilerStart() != cudaSuccess) {
    printf("FAIL cudaProfilerStart\n");
    return 1;
  }
  const bool passed =
      checkComplexMath() && checkScopedAtomics() && checkLargeTiles() && checkLaunchLimits();
  if (cudaProfilerStop() != cudaSuccess) {
    printf("FAIL cudaProfilerStop\n");
    return 1;
  }
  if (!passed)
    return 1;
  printf("PASS device_api_cmake (C++ %ld)\n", long(__cplusplus));
  return 0;
}
