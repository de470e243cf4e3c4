// Recursion deep enough to need a larger stack: cudaDeviceSetLimit(cudaLimitStackSize) raises the
// per-thread stack, and cudaDeviceGetLimit reports at least what was set.
// conform: tags=functions,recursion,limits
// expect: stack limit >= 32768
// expect: sum of 1..2000 by recursion: 2001000
// expect: PASS deep_recursion
#include "conform.h"

__device__ long long sumTo(int n, volatile int *pad) {
  volatile int local[4] = {n, n, n, n}; // keeps a frame per call
  if (n == 0)
    return 0;
  return local[n % 4] + sumTo(n - 1, pad);
}

__global__ void run(long long *out, int n) {
  __shared__ int pad;
  *out = sumTo(n, &pad);
}

int main() {
  CHECK(cudaDeviceSetLimit(cudaLimitStackSize, 32768));
  size_t limit = 0;
  CHECK(cudaDeviceGetLimit(&limit, cudaLimitStackSize));
  std::printf("stack limit >= %d\n", limit >= 32768 ? 32768 : (int)limit);
  long long *d, h;
  CHECK(cudaMalloc(&d, sizeof h));
  run<<<1, 1>>>(d, 2000);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("sum of 1..2000 by recursion: %lld\n", h);
  std::printf("PASS deep_recursion\n");
  return 0;
}
