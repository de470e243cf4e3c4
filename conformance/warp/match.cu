// __match_any_sync gives each lane the mask of lanes holding the same value; __match_all_sync
// gives the full mask and sets pred only when every lane agrees.
// conform: tags=warp,match
// expect: lane 0 peers 0x11111111, lane 3 peers 0x88888888
// expect: match_all on equal values: 0xffffffff pred 1
// expect: match_all on distinct values: 0x00000000 pred 0
// expect: PASS match
#include "conform.h"

__global__ void matches(unsigned *out) {
  int lane = threadIdx.x;
  out[lane] = __match_any_sync(0xffffffff, lane % 4);
  int pred = -1;
  unsigned all = __match_all_sync(0xffffffff, 7, &pred);
  if (lane == 0)
    out[32] = all, out[33] = pred;
  all = __match_all_sync(0xffffffff, lane, &pred);
  if (lane == 0)
    out[34] = all, out[35] = pred;
}

int main() {
  unsigned *d, h[36];
  CHECK(cudaMalloc(&d, sizeof h));
  matches<<<1, 32>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int lane = 0; lane < 32; ++lane)
    EXPECT(h[lane] == (0x11111111u << (lane % 4)));
  std::printf("lane 0 peers 0x%08x, lane 3 peers 0x%08x\n", h[0], h[3]);
  std::printf("match_all on equal values: 0x%08x pred %u\n", h[32], h[33]);
  std::printf("match_all on distinct values: 0x%08x pred %u\n", h[34], h[35]);
  std::printf("PASS match\n");
  return 0;
}
