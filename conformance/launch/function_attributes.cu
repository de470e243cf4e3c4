// cudaFuncGetAttributes: a kernel's static shared memory is reported, maxThreadsPerBlock never
// exceeds the device limit, and cudaFuncSetAttribute raises the dynamic shared memory a launch
// may ask for.
// conform: tags=launch,attributes,shared
// expect: static shared 4096 bytes
// expect: 64 KiB dynamic shared after opt-in: cudaSuccess, last word 16383
// expect: PASS function_attributes
#include "conform.h"

__global__ void withStatic(int *out) {
  __shared__ int tile[1024];
  tile[threadIdx.x] = threadIdx.x;
  __syncthreads();
  out[threadIdx.x] = tile[1023 - threadIdx.x];
}

__global__ void withDynamic(int *out, int words) {
  extern __shared__ int buffer[];
  for (int i = threadIdx.x; i < words; i += blockDim.x)
    buffer[i] = i;
  __syncthreads();
  if (threadIdx.x == 0)
    *out = buffer[words - 1];
}

int main() {
  cudaFuncAttributes a;
  CHECK(cudaFuncGetAttributes(&a, withStatic));
  std::printf("static shared %zu bytes\n", a.sharedSizeBytes);
  EXPECT(a.maxThreadsPerBlock >= 1 && a.maxThreadsPerBlock <= 1024);
  const int bytes = 64 * 1024;
  CHECK(cudaFuncSetAttribute(withDynamic, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes));
  int *out, h = 0;
  CHECK(cudaMalloc(&out, sizeof(int)));
  withDynamic<<<1, 256, bytes>>>(out, bytes / 4);
  cudaError_t e = cudaGetLastError();
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(&h, out, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("64 KiB dynamic shared after opt-in: %s, last word %d\n", cudaGetErrorName(e), h);
  std::printf("PASS function_attributes\n");
  return 0;
}
