// Stream-ordered allocation: cudaMallocAsync / cudaFreeAsync in a stream, with a kernel between
// them, and the device's default memory pool.
// conform: tags=memory,async,pool
// expect: stream-ordered buffer held 256 values, sum 32640
// expect: PASS malloc_async
#include "conform.h"

__global__ void iota(int *v) { v[threadIdx.x] = threadIdx.x; }

int main() {
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  int *d;
  CHECK(cudaMallocAsync(&d, 256 * sizeof(int), s));
  iota<<<1, 256, 0, s>>>(d);
  CHECK(cudaGetLastError());
  int h[256];
  CHECK(cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, s));
  CHECK(cudaFreeAsync(d, s));
  CHECK(cudaStreamSynchronize(s));
  int sum = 0;
  for (int i = 0; i < 256; ++i)
    sum += h[i];
  std::printf("stream-ordered buffer held 256 values, sum %d\n", sum);
  EXPECT(sum == 255 * 256 / 2);
  cudaMemPool_t pool;
  CHECK(cudaDeviceGetDefaultMemPool(&pool, 0));
  EXPECT(pool != nullptr);
  CHECK(cudaStreamDestroy(s));
  std::printf("PASS malloc_async\n");
  return 0;
}
