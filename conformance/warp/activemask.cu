// __activemask inside divergent branches names exactly the lanes on that path; a partial warp
// (a block of 20 threads) has only its lanes active.
// conform: tags=warp,divergence,activemask
// expect: full 0xffffffff, lanes < 10: 0x000003ff, other lanes: 0xfffffc00, partial warp 0x000fffff
// expect: PASS activemask
#include "conform.h"

__global__ void masks(unsigned *out) {
  int lane = threadIdx.x;
  out[0] = __activemask();
  if (lane < 10) {
    unsigned m = __activemask();
    if (lane == 0)
      out[1] = m;
  } else {
    unsigned m = __activemask();
    if (lane == 10)
      out[2] = m;
  }
}

__global__ void partial(unsigned *out) {
  unsigned m = __activemask();
  if (threadIdx.x == 0)
    *out = m;
}

int main() {
  unsigned *d, h[4];
  CHECK(cudaMalloc(&d, sizeof h));
  masks<<<1, 32>>>(d);
  CHECK_LAUNCH();
  partial<<<1, 20>>>(d + 3);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("full 0x%08x, lanes < 10: 0x%08x, other lanes: 0x%08x, partial warp 0x%08x\n", h[0],
              h[1], h[2], h[3]);
  std::printf("PASS activemask\n");
  return 0;
}
