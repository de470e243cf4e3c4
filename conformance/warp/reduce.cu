// The sm_80 warp reductions: __reduce_add_sync, min, max (signed and unsigned) and the bitwise
// and, or, xor, over a full warp and over the odd lanes only.
// conform: tags=warp,redux
// expect: add 496 min -16 max 15 umin 0 umax 31
// expect: and 0x00000000 or 0x0000001f xor 0x00000000
// expect: odd lanes add 256
// expect: PASS reduce
#include "conform.h"

__global__ void reductions(int *out) {
  unsigned lane = threadIdx.x;
  int s = (int)lane - 16;
  out[0] = __reduce_add_sync(0xffffffff, lane);
  out[1] = __reduce_min_sync(0xffffffff, s);
  out[2] = __reduce_max_sync(0xffffffff, s);
  out[3] = __reduce_min_sync(0xffffffff, lane);
  out[4] = __reduce_max_sync(0xffffffff, lane);
  out[5] = __reduce_and_sync(0xffffffff, lane);
  out[6] = __reduce_or_sync(0xffffffff, lane);
  out[7] = __reduce_xor_sync(0xffffffff, lane);
  if (lane % 2)
    out[8] = __reduce_add_sync(0xaaaaaaaa, lane);
}

int main() {
  int *d, h[9];
  CHECK(cudaMalloc(&d, sizeof h));
  reductions<<<1, 32>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("add %d min %d max %d umin %u umax %u\n", h[0], h[1], h[2], h[3], h[4]);
  std::printf("and 0x%08x or 0x%08x xor 0x%08x\n", h[5], h[6], h[7]);
  std::printf("odd lanes add %d\n", h[8]);
  std::printf("PASS reduce\n");
  return 0;
}
