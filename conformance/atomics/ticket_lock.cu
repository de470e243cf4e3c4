// A lock built from atomicCAS and atomicExch protects a non-atomic read-modify-write: one thread
// per block takes it, so 512 blocks add 512 times without losing an update.
// conform: tags=atomics,lock,progress
// expect: protected counter 512, tickets 0..511 each once
// expect: PASS ticket_lock
#include "conform.h"

__global__ void lockedIncrement(int *lock, volatile int *counter, int *tickets, int *next) {
  if (threadIdx.x != 0)
    return;
  while (atomicCAS(lock, 0, 1) != 0) {
  }
  __threadfence();
  int value = *counter;
  *counter = value + 1;
  tickets[blockIdx.x] = atomicAdd(next, 1);
  __threadfence();
  atomicExch(lock, 0);
}

int main() {
  int *d, h[3 + 512];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  lockedIncrement<<<512, 32>>>(d, d + 1, d + 3, d + 2);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  bool seen[512] = {};
  for (int i = 0; i < 512; ++i) {
    EXPECT(h[3 + i] >= 0 && h[3 + i] < 512 && !seen[h[3 + i]]);
    seen[h[3 + i]] = true;
  }
  std::printf("protected counter %d, tickets 0..511 each once\n", h[1]);
  std::printf("PASS ticket_lock\n");
  return 0;
}
