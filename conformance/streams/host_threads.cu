// Several host threads share the device: each creates its own stream, launches and copies, and
// the runtime keeps their work apart; cudaGetDevice is per thread.
// conform: tags=streams,threads,concurrency
// expect: 4 host threads each summed their own 512 values correctly
// expect: PASS host_threads
#include "conform.h"

#include <thread>
#include <vector>

__global__ void fill(int *v, int base) { v[threadIdx.x + blockIdx.x * blockDim.x] = base; }

int main() {
  std::vector<int> ok(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &ok] {
      cudaStream_t s;
      int *d, h[512], device = -1;
      if (cudaSetDevice(0) != cudaSuccess || cudaGetDevice(&device) != cudaSuccess || device != 0)
        return;
      if (cudaStreamCreate(&s) != cudaSuccess || cudaMalloc(&d, sizeof h) != cudaSuccess)
        return;
      for (int round = 0; round < 5; ++round) {
        fill<<<2, 256, 0, s>>>(d, t * 10 + round);
        cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, s);
        cudaStreamSynchronize(s);
        long sum = 0;
        for (int v : h)
          sum += v;
        if (sum != 512L * (t * 10 + round))
          return;
      }
      cudaFree(d);
      cudaStreamDestroy(s);
      ok[t] = 1;
    });
  for (std::thread &th : threads)
    th.join();
  EXPECT(ok[0] && ok[1] && ok[2] && ok[3]);
  std::printf("4 host threads each summed their own 512 values correctly\n");
  std::printf("PASS host_threads\n");
  return 0;
}
