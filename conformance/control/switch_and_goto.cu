// A switch with fall-through and a default, and a goto out of nested loops, taken differently
// by neighbouring lanes.
// conform: tags=control-flow,divergence
// expect: switch: 10 21 31 33 0 0 0 0
// expect: goto found (3,5) in every lane: 1
// expect: PASS switch_and_goto
#include "conform.h"

__global__ void branches(int *out, int *found) {
  int lane = threadIdx.x;
  int v = 0;
  switch (lane % 8) {
  case 0:
    v = 10;
    break;
  case 1:
    v = 20;
    [[fallthrough]];
  case 2:
    v += 1 + (lane % 8 == 2 ? 30 : 0);
    break;
  case 3:
    v = 33;
    break;
  default:
    v = 0;
  }
  out[lane] = v;
  int fx = -1, fy = -1;
  for (int x = 0; x < 8; ++x)
    for (int y = 0; y < 8; ++y)
      if (x * 8 + y == 29 + (lane - lane)) {
        fx = x, fy = y;
        goto done;
      }
done:
  atomicAnd(found, fx == 3 && fy == 5);
}

int main() {
  int *d, h[33];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  int one = 1;
  CHECK(cudaMemcpy(d + 32, &one, sizeof one, cudaMemcpyHostToDevice));
  branches<<<1, 32>>>(d, d + 32);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("switch: %d %d %d %d %d %d %d %d\n", h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
  std::printf("goto found (3,5) in every lane: %d\n", h[32]);
  std::printf("PASS switch_and_goto\n");
  return 0;
}
