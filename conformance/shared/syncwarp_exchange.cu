// __syncwarp orders shared-memory accesses within a warp: lanes write, synchronise, then read a
// neighbour's slot, round after round, without __syncthreads.
// conform: tags=shared,warp,barriers
// expect: after 32 rotations every lane holds its own value again: 1
// expect: PASS syncwarp_exchange
#include "conform.h"

__global__ void rotate(int *ok) {
  __shared__ int slots[2][32];
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  int value = warp * 100 + lane;
  for (int round = 0; round < 32; ++round) {
    slots[warp][lane] = value;
    __syncwarp();
    value = slots[warp][(lane + 1) % 32];
    __syncwarp();
  }
  if (value != warp * 100 + lane)
    atomicExch(ok, 0);
}

int main() {
  int *d, h = 0, one = 1;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemcpy(d, &one, sizeof one, cudaMemcpyHostToDevice));
  rotate<<<1, 64>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("after 32 rotations every lane holds its own value again: %d\n", h);
  std::printf("PASS syncwarp_exchange\n");
  return 0;
}
