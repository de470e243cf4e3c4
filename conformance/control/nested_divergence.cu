// Nested divergent branches with warp votes at each level: the ballot in each branch sees only
// its own lanes, and the warp is whole again after the branches.
// conform: tags=control-flow,divergence,warp
// expect: outer 0x0000ffff inner 0x000000ff else-inner 0x0000ff00 after 0xffffffff
// expect: PASS nested_divergence
#include "conform.h"

__global__ void nested(unsigned *o) {
  int lane = threadIdx.x;
  if (lane < 16) {
    unsigned outer = __ballot_sync(0x0000ffff, true);
    if (lane < 8) {
      unsigned inner = __ballot_sync(0x000000ff, true);
      if (lane == 0)
        o[1] = inner;
    } else {
      unsigned other = __ballot_sync(0x0000ff00, true);
      if (lane == 8)
        o[2] = other;
    }
    if (lane == 0)
      o[0] = outer;
  }
  __syncwarp();
  unsigned after = __ballot_sync(0xffffffff, true);
  if (lane == 0)
    o[3] = after;
}

int main() {
  unsigned *d, h[4];
  CHECK(cudaMalloc(&d, sizeof h));
  nested<<<1, 32>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("outer 0x%08x inner 0x%08x else-inner 0x%08x after 0x%08x\n", h[0], h[1], h[2], h[3]);
  std::printf("PASS nested_divergence\n");
  return 0;
}
