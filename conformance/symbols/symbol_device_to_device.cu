// cudaMemcpyToSymbol from device memory (cudaMemcpyDeviceToDevice) and cudaMemcpyFromSymbol into
// device memory; a __device__ array updated by one kernel is seen by the next.
// conform: tags=symbols,copy
// expect: device-to-symbol-to-device: 5 6 7 8, kernel doubled them in place: 10 12 14 16
// expect: PASS symbol_device_to_device
#include "conform.h"

__device__ int values[4];

__global__ void doubleValues() { values[threadIdx.x] *= 2; }

int main() {
  int h[4] = {5, 6, 7, 8}, *src, *dst, back[4], twice[4];
  CHECK(cudaMalloc(&src, sizeof h));
  CHECK(cudaMalloc(&dst, sizeof h));
  CHECK(cudaMemcpy(src, h, sizeof h, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpyToSymbol(values, src, sizeof h, 0, cudaMemcpyDeviceToDevice));
  CHECK(cudaMemcpyFromSymbol(dst, values, sizeof h, 0, cudaMemcpyDeviceToDevice));
  CHECK(cudaMemcpy(back, dst, sizeof back, cudaMemcpyDeviceToHost));
  doubleValues<<<1, 4>>>();
  CHECK_LAUNCH();
  CHECK(cudaMemcpyFromSymbol(twice, values, sizeof twice));
  std::printf(
      "device-to-symbol-to-device: %d %d %d %d, kernel doubled them in place: %d %d %d %d\n",
      back[0], back[1], back[2], back[3], twice[0], twice[1], twice[2], twice[3]);
  std::printf("PASS symbol_device_to_device\n");
  return 0;
}
