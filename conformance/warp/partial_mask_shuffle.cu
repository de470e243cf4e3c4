// Shuffles and votes with a partial mask inside a divergent branch: only the named lanes take
// part, and a lane reads from another lane of the same branch.
// conform: tags=warp,shuffle,divergence
// expect: even lanes read lane+2: 2 4 6 ... 30, lane 30 keeps 30
// expect: even-lane ballot 0x55555555, __syncwarp(mask) passed
// expect: PASS partial_mask_shuffle
#include "conform.h"

__global__ void evens(int *out, unsigned *ballot) {
  int lane = threadIdx.x;
  const unsigned mask = 0x55555555;
  if (lane % 2 == 0) {
    out[lane] = __shfl_down_sync(mask, lane, 2);
    unsigned b = __ballot_sync(mask, true);
    __syncwarp(mask);
    if (lane == 0)
      *ballot = b;
  }
}

int main() {
  int *d, h[32];
  unsigned *b, hb = 0;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMalloc(&b, sizeof hb));
  evens<<<1, 32>>>(d, b);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hb, b, sizeof hb, cudaMemcpyDeviceToHost));
  for (int lane = 0; lane < 30; lane += 2)
    EXPECT(h[lane] == lane + 2);
  std::printf("even lanes read lane+2: %d %d %d ... %d, lane 30 keeps %d\n", h[0], h[2], h[4],
              h[28], h[30]);
  std::printf("even-lane ballot 0x%08x, __syncwarp(mask) passed\n", hb);
  std::printf("PASS partial_mask_shuffle\n");
  return 0;
}
