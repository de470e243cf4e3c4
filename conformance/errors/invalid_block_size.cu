// A launch with more than 1024 threads per block fails with cudaErrorInvalidConfiguration; the
// error is not sticky: it is cleared by cudaGetLastError and the next launch works.
// conform: tags=errors,launch
// expect: 1025 threads -> cudaErrorInvalidConfiguration
// expect: block (32,32,2) -> cudaErrorInvalidConfiguration
// expect: block z 65 -> cudaErrorInvalidConfiguration
// expect: then cudaSuccess, kernel ran: 7
// expect: PASS invalid_block_size
#include "conform.h"

__global__ void seven(int *p) { *p = 7; }

int main() {
  int *d;
  CHECK(cudaMalloc(&d, sizeof(int)));
  seven<<<1, 1025>>>(d);
  std::printf("1025 threads -> %s\n", cudaGetErrorName(cudaGetLastError()));
  seven<<<1, dim3(32, 32, 2)>>>(d);
  std::printf("block (32,32,2) -> %s\n", cudaGetErrorName(cudaGetLastError()));
  seven<<<1, dim3(1, 1, 65)>>>(d); // z is limited to 64
  std::printf("block z 65 -> %s\n", cudaGetErrorName(cudaGetLastError()));
  seven<<<1, 1>>>(d);
  cudaError_t after = cudaGetLastError();
  CHECK(cudaDeviceSynchronize());
  int h = 0;
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("then %s, kernel ran: %d\n", cudaGetErrorName(after), h);
  CHECK(cudaFree(d));
  std::printf("PASS invalid_block_size\n");
  return 0;
}
