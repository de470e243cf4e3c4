// Code in every preprocessor branch is translated, active or not.
#include <cuda_runtime.h>

#define USE_ASYNC 0

__global__ void touch(int *p) { p[threadIdx.x] = 1; }

int main() {
  int *p;
#if USE_ASYNC
  cudaMallocAsync(&p, 256, 0);
  touch<<<1, 64, 0, 0>>>(p);
  cudaFreeAsync(p, 0);
#else
  cudaMalloc(&p, 256);
  touch<<<1, 64>>>(p);
  cudaFree(p);
#endif
#ifdef SOME_PLATFORM_WE_DO_NOT_HAVE
  cudaSetDevice(1);
  cudaError_t e = cudaDeviceReset();
#endif
  return 0;
}
