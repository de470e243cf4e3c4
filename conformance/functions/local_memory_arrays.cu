// Per-thread arrays indexed by run-time values live in local memory: each thread keeps its own
// copy (no sharing between threads), across a call that takes the array by pointer.
// conform: tags=functions,local-memory
// expect: 128 threads each kept a private array: checksum 1040512
// expect: PASS local_memory_arrays
#include "conform.h"

__device__ __noinline__ int walk(int *a, int n, int start) {
  int s = 0, i = start;
  for (int k = 0; k < n; ++k) {
    s += a[i];
    i = (i * 5 + 1) % n;
  }
  return s;
}

__global__ void run(int *out, int n) {
  int a[64];
  for (int i = 0; i < n; ++i)
    a[i] = threadIdx.x * 2 + (i == threadIdx.x % n ? 1 : 0);
  out[threadIdx.x] = walk(a, n, threadIdx.x % n);
}

int main() {
  int *d, h[128];
  CHECK(cudaMalloc(&d, sizeof h));
  run<<<1, 128>>>(d, 64);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  long long checksum = 0;
  for (int t = 0; t < 128; ++t) {
    EXPECT(h[t] == t * 2 * 64 + 1);
    checksum += h[t];
  }
  std::printf("128 threads each kept a private array: checksum %lld\n", checksum);
  std::printf("PASS local_memory_arrays\n");
  return 0;
}
