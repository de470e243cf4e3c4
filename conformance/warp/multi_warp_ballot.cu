// Each warp of a block votes separately: ballots, any and all only see the warp's own lanes,
// including in a last, partial warp.
// conform: tags=warp,vote
// expect: warp 0 0x0000ffff warp 1 0xffff0000 warp 2 (partial, 8 lanes) 0x000000ff
// expect: PASS multi_warp_ballot
#include "conform.h"

__global__ void perWarp(unsigned *out) {
  int t = threadIdx.x;
  unsigned mask = __activemask();
  unsigned b = __ballot_sync(mask, t < 16 || (t >= 48 && t < 64) || t >= 64);
  if (t % 32 == 0)
    out[t / 32] = b;
}

int main() {
  unsigned *d, h[3];
  CHECK(cudaMalloc(&d, sizeof h));
  perWarp<<<1, 72>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("warp 0 0x%08x warp 1 0x%08x warp 2 (partial, 8 lanes) 0x%08x\n", h[0], h[1], h[2]);
  std::printf("PASS multi_warp_ballot\n");
  return 0;
}
