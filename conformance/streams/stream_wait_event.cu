// cudaStreamWaitEvent: work in stream B waits for an event recorded in stream A, so B's kernel
// reads what A's kernel wrote.
// conform: tags=streams,events,ordering
// expect: B read 4096 values A wrote, last 8190
// expect: PASS stream_wait_event
#include "conform.h"

__global__ void produce(int *v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  // Enough work that an unordered consumer would likely run first.
  int x = i;
  for (int k = 0; k < 200; ++k)
    x = (x * 3 + k) % 100003;
  if (i < n)
    v[i] = 2 * i + (x - x);
}

__global__ void consume(const int *v, int *w, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    w[i] = v[i];
}

int main() {
  const int n = 4096;
  int *v, *w, h[n];
  CHECK(cudaMalloc(&v, sizeof h));
  CHECK(cudaMalloc(&w, sizeof h));
  CHECK(cudaMemset(v, 0xff, sizeof h));
  cudaStream_t a, b;
  CHECK(cudaStreamCreateWithFlags(&a, cudaStreamNonBlocking));
  CHECK(cudaStreamCreateWithFlags(&b, cudaStreamNonBlocking));
  cudaEvent_t written;
  CHECK(cudaEventCreateWithFlags(&written, cudaEventDisableTiming));
  produce<<<n / 256, 256, 0, a>>>(v, n);
  CHECK(cudaEventRecord(written, a));
  CHECK(cudaStreamWaitEvent(b, written, 0));
  consume<<<n / 256, 256, 0, b>>>(v, w, n);
  CHECK(cudaMemcpyAsync(h, w, sizeof h, cudaMemcpyDeviceToHost, b));
  CHECK(cudaStreamSynchronize(b));
  for (int i = 0; i < n; ++i)
    EXPECT(h[i] == 2 * i);
  std::printf("B read %d values A wrote, last %d\n", n, h[n - 1]);
  CHECK(cudaEventDestroy(written));
  CHECK(cudaStreamDestroy(a));
  CHECK(cudaStreamDestroy(b));
  std::printf("PASS stream_wait_event\n");
  return 0;
}
