// Each lane runs a loop of its own length (data-dependent trip counts, break and continue): the
// warp diverges and reconverges with every lane's result intact.
// conform: tags=control-flow,divergence
// expect: collatz steps of 1..8: 0 1 7 2 5 8 16 3
// expect: total over 256 lanes: 11515
// expect: PASS divergent_loops
#include "conform.h"

__global__ void collatz(int *steps) {
  unsigned n = threadIdx.x + 1, count = 0;
  while (n != 1) {
    if (n % 2 == 0) {
      n /= 2;
      ++count;
      continue;
    }
    n = 3 * n + 1;
    ++count;
    if (count > 10000)
      break;
  }
  steps[threadIdx.x] = count;
}

int main() {
  int *d, h[256];
  CHECK(cudaMalloc(&d, sizeof h));
  collatz<<<1, 256>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("collatz steps of 1..8:");
  for (int i = 0; i < 8; ++i)
    std::printf(" %d", h[i]);
  int total = 0;
  for (int i = 0; i < 256; ++i)
    total += h[i];
  std::printf("\ntotal over 256 lanes: %d\n", total);
  std::printf("PASS divergent_loops\n");
  return 0;
}
