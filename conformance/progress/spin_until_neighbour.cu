// Lanes of one warp wait on each other in a chain (lane i spins until lane i-1 has written):
// without forward progress for diverged lanes this never ends.
// conform: tags=progress,warp,divergence timeout=60
// expect: chain of 32 lanes finished: last value 32
// expect: PASS spin_until_neighbour
#include "conform.h"

__global__ void chain(volatile int *slots) {
  int lane = threadIdx.x;
  if (lane > 0)
    while (slots[lane - 1] == 0) {
    }
  slots[lane] = slots[lane > 0 ? lane - 1 : 0] + (lane > 0 ? 1 : 1);
}

int main() {
  int *d, h[32];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  chain<<<1, 32>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 32; ++i)
    EXPECT(h[i] == i + 1);
  std::printf("chain of 32 lanes finished: last value %d\n", h[31]);
  std::printf("PASS spin_until_neighbour\n");
  return 0;
}
