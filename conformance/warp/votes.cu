// __all_sync, __any_sync and __ballot_sync over a full warp, and __ballot_sync inside a divergent
// branch with the branch's mask.
// conform: tags=warp,vote,divergence
// expect: all(even)=0 any(even)=1 all(<32)=1 any(>40)=0
// expect: ballot(lane%3==0) = 0x49249249
// expect: ballot in odd branch = 0xaaaaaaaa
// expect: PASS votes
#include "conform.h"

__global__ void vote(unsigned *out) {
  int lane = threadIdx.x;
  unsigned all = 0xffffffff;
  out[0] = __all_sync(all, lane % 2 == 0);
  out[1] = __any_sync(all, lane % 2 == 0);
  out[2] = __all_sync(all, lane < 32);
  out[3] = __any_sync(all, lane > 40);
  out[4] = __ballot_sync(all, lane % 3 == 0);
  if (lane % 2 == 1)
    out[5] = __ballot_sync(0xaaaaaaaa, true);
}

int main() {
  unsigned *d, h[6];
  CHECK(cudaMalloc(&d, sizeof h));
  vote<<<1, 32>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("all(even)=%u any(even)=%u all(<32)=%u any(>40)=%u\n", h[0], h[1] != 0, h[2] != 0,
              h[3]);
  std::printf("ballot(lane%%3==0) = 0x%08x\n", h[4]);
  std::printf("ballot in odd branch = 0x%08x\n", h[5]);
  std::printf("PASS votes\n");
  return 0;
}
