// Work in one stream runs in issue order: each kernel sees the previous one's writes, and a copy
// issued after them sees the last.
// conform: tags=streams,ordering
// expect: after 10 kernels: v[0]=1023 v[99]=1023
// expect: PASS stream_order
#include "conform.h"

__global__ void doubleAndAddOne(int *v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    v[i] = v[i] * 2 + 1;
}

int main() {
  const int n = 100;
  int *d, h[n];
  CHECK(cudaMalloc(&d, sizeof h));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  CHECK(cudaMemsetAsync(d, 0, sizeof h, s));
  for (int k = 0; k < 10; ++k)
    doubleAndAddOne<<<1, 128, 0, s>>>(d, n);
  CHECK(cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, s));
  CHECK(cudaStreamSynchronize(s));
  for (int i = 0; i < n; ++i)
    EXPECT(h[i] == 1023);
  std::printf("after 10 kernels: v[0]=%d v[99]=%d\n", h[0], h[99]);
  CHECK(cudaStreamDestroy(s));
  CHECK(cudaFree(d));
  std::printf("PASS stream_order\n");
  return 0;
}
