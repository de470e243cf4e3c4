// Independent thread scheduling (sm_70+): every lane of a warp takes the same spin lock in turn;
// the lane holding it must make progress while its siblings spin, so the kernel terminates.
// conform: tags=progress,warp,lock timeout=60
// expect: 64 lanes each took the lock once: total 2016
// expect: PASS intra_warp_lock
#include "conform.h"

__global__ void lockPerLane(int *lock, int *total, int *takes) {
  int t = threadIdx.x + blockIdx.x * blockDim.x;
  bool done = false;
  while (!done) {
    if (atomicCAS(lock, 0, 1) == 0) {
      *total += t;
      takes[t] += 1;
      __threadfence();
      atomicExch(lock, 0);
      done = true;
    }
  }
}

int main() {
  int *d, h[2 + 64];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  lockPerLane<<<2, 32>>>(d, d + 1, d + 2);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 64; ++i)
    EXPECT(h[2 + i] == 1);
  std::printf("64 lanes each took the lock once: total %d\n", h[1]);
  std::printf("PASS intra_warp_lock\n");
  return 0;
}
