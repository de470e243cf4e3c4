// Page-locked host memory (cudaMallocHost, cudaHostAlloc) with asynchronous copies and a kernel
// in one stream: the stream orders them, cudaStreamSynchronize waits for all.
// conform: tags=memory,pinned,async,streams
// expect: sum of squares 0..4095 = 22898104320
// expect: PASS pinned_async
#include "conform.h"

__global__ void square(long long *v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    v[i] = v[i] * v[i];
}

int main() {
  const int n = 4096;
  long long *in, *out, *d;
  CHECK(cudaMallocHost(&in, n * sizeof(long long)));
  CHECK(cudaHostAlloc(&out, n * sizeof(long long), cudaHostAllocDefault));
  CHECK(cudaMalloc(&d, n * sizeof(long long)));
  for (int i = 0; i < n; ++i)
    in[i] = i, out[i] = -1;
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  CHECK(cudaMemcpyAsync(d, in, n * sizeof(long long), cudaMemcpyHostToDevice, s));
  square<<<n / 256, 256, 0, s>>>(d, n);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpyAsync(out, d, n * sizeof(long long), cudaMemcpyDeviceToHost, s));
  CHECK(cudaStreamSynchronize(s));
  long long sum = 0;
  for (int i = 0; i < n; ++i) {
    EXPECT(out[i] == (long long)i * i);
    sum += out[i];
  }
  std::printf("sum of squares 0..%d = %lld\n", n - 1, sum);
  unsigned flags = 99;
  CHECK(cudaHostGetFlags(&flags, out));
  CHECK(cudaStreamDestroy(s));
  CHECK(cudaFreeHost(in));
  CHECK(cudaFreeHost(out));
  CHECK(cudaFree(d));
  std::printf("PASS pinned_async\n");
  return 0;
}
