// Built with --default-stream per-thread: stream 0 is the per-thread stream, cudaStreamPerThread
// names it explicitly, and each host thread's default stream orders its own work.
// conform: tags=streams,default-stream,threads modes=shim,shim-static,native
// conform: nvcc=--default-stream,per-thread
// expect: thread 0 sum 4950
// expect: thread 1 sum 14950
// expect: PASS per_thread_default_stream
#include "conform.h"

#include <thread>

__global__ void iotaFrom(int *v, int base) { v[threadIdx.x] = base + threadIdx.x; }

int sumOnThisThread(int base) {
  int *d, h[100];
  if (cudaMalloc(&d, sizeof h) != cudaSuccess)
    return -1;
  iotaFrom<<<1, 100>>>(d, base); // the per-thread default stream
  cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, cudaStreamPerThread);
  cudaStreamSynchronize(cudaStreamPerThread);
  cudaFree(d);
  int sum = 0;
  for (int i = 0; i < 100; ++i)
    sum += h[i];
  return sum;
}

int main() {
  int sums[2];
  std::thread t0([&] { sums[0] = sumOnThisThread(0); });
  t0.join();
  std::thread t1([&] { sums[1] = sumOnThisThread(100); });
  t1.join();
  std::printf("thread 0 sum %d\nthread 1 sum %d\n", sums[0], sums[1]);
  EXPECT(sums[0] == 4950 && sums[1] == 14950);
  CHECK(cudaGetLastError());
  std::printf("PASS per_thread_default_stream\n");
  return 0;
}
