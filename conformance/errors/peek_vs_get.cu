// cudaPeekAtLastError returns the last error without resetting it; cudaGetLastError returns it
// and resets it to cudaSuccess.
// conform: tags=errors
// expect: peek cudaErrorInvalidConfiguration
// expect: peek again cudaErrorInvalidConfiguration
// expect: get cudaErrorInvalidConfiguration
// expect: get again cudaSuccess
// expect: PASS peek_vs_get
#include "conform.h"

__global__ void nothing() {}

int main() {
  nothing<<<1, 4096>>>();
  std::printf("peek %s\n", cudaGetErrorName(cudaPeekAtLastError()));
  std::printf("peek again %s\n", cudaGetErrorName(cudaPeekAtLastError()));
  std::printf("get %s\n", cudaGetErrorName(cudaGetLastError()));
  std::printf("get again %s\n", cudaGetErrorName(cudaGetLastError()));
  std::printf("PASS peek_vs_get\n");
  return 0;
}
