// A failed assert() in a kernel prints the condition, file, block and thread on stderr and ends
// the kernel with cudaErrorAssert, which is sticky.
// conform: tags=errors,assert,sticky
// expect: synchronize -> cudaErrorAssert
// expect: later call -> cudaErrorAssert
// expect: PASS device_assert
// expect-stderr: Assertion `value != 3` failed
#include "conform.h"

#include <cassert>

__global__ void checkValues(const int *v) {
  int value = v[threadIdx.x];
  assert(value != 3);
}

int main() {
  int h[8] = {0, 1, 2, 3, 4, 5, 6, 7}, *d;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  checkValues<<<1, 8>>>(d);
  std::printf("synchronize -> %s\n", cudaGetErrorName(cudaDeviceSynchronize()));
  std::printf("later call -> %s\n",
              cudaGetErrorName(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost)));
  std::printf("PASS device_assert\n");
  return 0;
}
