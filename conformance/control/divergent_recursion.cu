// Recursion whose depth differs per lane: each lane of a warp recurses to its own depth while
// the others have returned, and all results come back right.
// conform: tags=control-flow,recursion,divergence
// expect: depth-per-lane sums: lane 0 0, lane 1 1, lane 31 496, total 5456
// expect: PASS divergent_recursion
#include "conform.h"

__device__ int triangle(int n) { return n == 0 ? 0 : n + triangle(n - 1); }

__global__ void run(int *o) { o[threadIdx.x] = triangle(threadIdx.x); }

int main() {
  int *d, h[32];
  CHECK(cudaMalloc(&d, sizeof h));
  run<<<1, 32>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  int total = 0;
  for (int i = 0; i < 32; ++i) {
    EXPECT(h[i] == i * (i + 1) / 2);
    total += h[i];
  }
  std::printf("depth-per-lane sums: lane 0 %d, lane 1 %d, lane 31 %d, total %d\n", h[0], h[1],
              h[31], total);
  std::printf("PASS divergent_recursion\n");
  return 0;
}
