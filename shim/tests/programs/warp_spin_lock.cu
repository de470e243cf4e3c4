// Independent thread scheduling: lanes of one warp contend for one spin lock. On sm_70 and later
// the lane that takes the lock makes progress while the others of its warp spin, so both the
// naive loop around atomicCAS and the done-flag idiom terminate; an emulator that always runs the
// spinning lanes first would hang here.
#include "check.h"

__global__ void naiveSpin(int *lock, int *total) {
  while (atomicCAS(lock, 0, 1) != 0) {
  }
  *total += static_cast<int>(threadIdx.x) + 1; // the lock makes this read-modify-write exclusive
  __threadfence();
  atomicExch(lock, 0);
}

__global__ void doneFlag(int *lock, int *total) {
  bool done = false;
  while (!done) {
    if (atomicCAS(lock, 0, 1) == 0) {
      *total += static_cast<int>(threadIdx.x) + 1;
      __threadfence();
      atomicExch(lock, 0);
      done = true;
    }
  }
}

int main() {
  int *lock, *total;
  CHECK(cudaMalloc(&lock, sizeof(int)));
  CHECK(cudaMalloc(&total, sizeof(int)));
  const int blocks = 4, threads = 96; // three warps a block, every lane contends
  const int expected = blocks * threads * (threads + 1) / 2;
  int got = 0;
  for (int kernel = 0; kernel < 2; ++kernel) {
    CHECK(cudaMemset(lock, 0, sizeof(int)));
    CHECK(cudaMemset(total, 0, sizeof(int)));
    if (kernel == 0)
      naiveSpin<<<blocks, threads>>>(lock, total);
    else
      doneFlag<<<blocks, threads>>>(lock, total);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&got, total, sizeof(int), cudaMemcpyDeviceToHost));
    std::printf("%s total %d\n", kernel == 0 ? "naive" : "done-flag", got);
    EXPECT(got == expected);
  }
  std::printf("PASS warp_spin_lock\n");
  return 0;
}
