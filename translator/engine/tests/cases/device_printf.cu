// printf in device-only code returns CUDA's value (the number of arguments) through
// qiaoDevicePrintf; host code and __host__ __device__ functions keep the C library's.
#include <cstdio>

__device__ int report(int x) { return printf("x %d\n", x); }

__global__ void kernel(int *out) {
  out[0] = printf("no arguments\n");
  out[1] = report(out[0]);
}

__host__ __device__ void both() { printf("both\n"); }

int main() {
  printf("host\n");
  return 0;
}
