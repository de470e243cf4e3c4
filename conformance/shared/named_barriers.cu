// Named barriers (PTX bar.sync with an id and a thread count): two groups of warps synchronise
// on barriers 1 and 2 independently, each exchanging data through shared memory.
// conform: tags=shared,barriers,inline-ptx modes=shim,shim-static,native
// expect: group 0 sum 2016, group 1 sum 6112
// expect: PASS named_barriers
#include "conform.h"

__device__ void namedBarrier(int id, int threads) {
  asm volatile("bar.sync %0, %1;" ::"r"(id), "r"(threads) : "memory");
}

__global__ void groups(int *out) {
  __shared__ int values[128];
  int t = threadIdx.x;
  int group = t / 64; // warps 0-1 and warps 2-3
  values[t] = t;
  namedBarrier(1 + group, 64);
  if (t % 64 == 0) {
    int sum = 0;
    for (int i = 0; i < 64; ++i)
      sum += values[group * 64 + i];
    out[group] = sum;
  }
}

int main() {
  int *d, h[2];
  CHECK(cudaMalloc(&d, sizeof h));
  groups<<<1, 128>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("group 0 sum %d, group 1 sum %d\n", h[0], h[1]);
  std::printf("PASS named_barriers\n");
  return 0;
}
