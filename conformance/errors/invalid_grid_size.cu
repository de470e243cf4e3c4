// Grid limits: x up to 2^31-1, y and z up to 65535; a zero dimension is invalid.
// conform: tags=errors,launch
// expect: grid y 65536 -> cudaErrorInvalidConfiguration
// expect: grid z 65536 -> cudaErrorInvalidConfiguration
// expect: grid x 0 -> cudaErrorInvalidConfiguration
// expect: block x 0 -> cudaErrorInvalidConfiguration
// expect: grid x 70000 -> cudaSuccess, 70000 blocks counted
// expect: PASS invalid_grid_size
#include "conform.h"

__global__ void count(unsigned *n) {
  if (threadIdx.x == 0)
    atomicAdd(n, 1u);
}

int main() {
  unsigned *n;
  CHECK(cudaMalloc(&n, sizeof(unsigned)));
  CHECK(cudaMemset(n, 0, sizeof(unsigned)));
  count<<<dim3(1, 65536), 1>>>(n);
  std::printf("grid y 65536 -> %s\n", cudaGetErrorName(cudaGetLastError()));
  count<<<dim3(1, 1, 65536), 1>>>(n);
  std::printf("grid z 65536 -> %s\n", cudaGetErrorName(cudaGetLastError()));
  count<<<dim3(0), 1>>>(n);
  std::printf("grid x 0 -> %s\n", cudaGetErrorName(cudaGetLastError()));
  count<<<1, dim3(0)>>>(n);
  std::printf("block x 0 -> %s\n", cudaGetErrorName(cudaGetLastError()));
  count<<<70000, 32>>>(n);
  cudaError_t e = cudaGetLastError();
  CHECK(cudaDeviceSynchronize());
  unsigned h = 0;
  CHECK(cudaMemcpy(&h, n, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("grid x 70000 -> %s, %u blocks counted\n", cudaGetErrorName(e), h);
  CHECK(cudaFree(n));
  std::printf("PASS invalid_grid_size\n");
  return 0;
}
