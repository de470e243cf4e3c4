// A __managed__ variable is one object the host and kernels both use directly by name: the host
// sets it, a kernel updates it, the host reads it after synchronising.
// conform: tags=symbols,managed
// expect: host set 40, 2 kernels of 32 threads added 1 each: 104
// expect: PASS managed_variable
#include "conform.h"

__managed__ int total = 0;

__global__ void addOne() { atomicAdd(&total, 1); }

int main() {
  total = 40;
  addOne<<<1, 32>>>();
  addOne<<<1, 32>>>();
  CHECK_LAUNCH();
  std::printf("host set 40, 2 kernels of 32 threads added 1 each: %d\n", total);
  std::printf("PASS managed_variable\n");
  return 0;
}
