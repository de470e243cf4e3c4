// cudaGetErrorName gives the enumerator's name; cudaGetErrorString gives CUDA's description.
// conform: tags=errors,strings
// expect: cudaSuccess: no error
// expect: cudaErrorInvalidValue: invalid argument
// expect: cudaErrorMemoryAllocation: out of memory
// expect: cudaErrorInvalidConfiguration: invalid configuration argument
// expect: cudaErrorIllegalAddress: an illegal memory access was encountered
// expect: cudaErrorInvalidDevice: invalid device ordinal
// expect: PASS error_strings
#include "conform.h"

int main() {
  const cudaError_t codes[] = {cudaSuccess,
                               cudaErrorInvalidValue,
                               cudaErrorMemoryAllocation,
                               cudaErrorInvalidConfiguration,
                               cudaErrorIllegalAddress,
                               cudaErrorInvalidDevice};
  for (cudaError_t code : codes)
    std::printf("%s: %s\n", cudaGetErrorName(code), cudaGetErrorString(code));
  std::printf("PASS error_strings\n");
  return 0;
}
