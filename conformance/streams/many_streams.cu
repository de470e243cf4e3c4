// Sixteen streams, each with its own chain of copy, kernel and copy back: every chain is ordered
// within its stream whatever the streams do to each other.
// conform: tags=streams,concurrency
// expect: 16 streams, each returned its own 1000 values: stream 15 last 15999
// expect: PASS many_streams
#include "conform.h"

__global__ void addBase(int *v, int base, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    v[i] += base;
}

int main() {
  const int streams = 16, n = 1000;
  cudaStream_t s[streams];
  int *d[streams], *h;
  CHECK(cudaMallocHost(&h, streams * n * sizeof(int)));
  for (int k = 0; k < streams; ++k) {
    CHECK(cudaStreamCreateWithFlags(&s[k], cudaStreamNonBlocking));
    CHECK(cudaMalloc(&d[k], n * sizeof(int)));
    for (int i = 0; i < n; ++i)
      h[k * n + i] = i;
  }
  for (int k = 0; k < streams; ++k) {
    CHECK(cudaMemcpyAsync(d[k], h + k * n, n * sizeof(int), cudaMemcpyHostToDevice, s[k]));
    addBase<<<(n + 255) / 256, 256, 0, s[k]>>>(d[k], k * 1000, n);
    CHECK(cudaMemcpyAsync(h + k * n, d[k], n * sizeof(int), cudaMemcpyDeviceToHost, s[k]));
  }
  CHECK(cudaDeviceSynchronize());
  for (int k = 0; k < streams; ++k)
    for (int i = 0; i < n; ++i)
      EXPECT(h[k * n + i] == k * 1000 + i);
  std::printf("%d streams, each returned its own %d values: stream 15 last %d\n", streams, n,
              h[15 * n + n - 1]);
  for (int k = 0; k < streams; ++k) {
    CHECK(cudaStreamDestroy(s[k]));
    CHECK(cudaFree(d[k]));
  }
  CHECK(cudaFreeHost(h));
  std::printf("PASS many_streams\n");
  return 0;
}
