// nvcc includes cuda_runtime.h by itself, so programs often do not: the translation adds the
// Qiao header the file needs (here qiao/device.h, since it has device code).
#include <cstdio>

__global__ void hello() { printf("hello from %d\n", threadIdx.x); }

int main() {
  hello<<<1, 4>>>();
  return cudaDeviceSynchronize() == cudaSuccess ? 0 : 1;
}
