// __host__ __device__ functions compute the same results on both sides; __CUDA_ARCH__ tells
// device compilation apart; default arguments and overloads work in device code.
// conform: tags=functions,host-device
// expect: host 17 device 17, device saw __CUDA_ARCH__ >= 800: 1, host saw it: 0
// expect: overloads int 2 double 3, default argument 15
// expect: PASS host_device_functions
#include "conform.h"

__host__ __device__ int mix(int a, int b) { return a * 3 + b * 2; }
__host__ __device__ int archAtLeast800() {
#if defined(__CUDA_ARCH__)
  return __CUDA_ARCH__ >= 800;
#else
  return 0;
#endif
}
__device__ int kind(int) { return 2; }
__device__ int kind(double) { return 3; }
__device__ int scaled(int x, int factor = 5) { return x * factor; }

__global__ void run(int *o) {
  o[0] = mix(3, 4);
  o[1] = archAtLeast800();
  o[2] = kind(1);
  o[3] = kind(1.0);
  o[4] = scaled(3);
}

int main() {
  int *d, h[5];
  CHECK(cudaMalloc(&d, sizeof h));
  run<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("host %d device %d, device saw __CUDA_ARCH__ >= 800: %d, host saw it: %d\n",
              mix(3, 4), h[0], h[1], archAtLeast800());
  std::printf("overloads int %d double %d, default argument %d\n", h[2], h[3], h[4]);
  std::printf("PASS host_device_functions\n");
  return 0;
}
