// Threads that have exited do not block a later __syncthreads of the threads that remain
// (documented for exited threads since Volta); the survivors still exchange data.
// conform: tags=shared,barriers,control-flow
// expect: survivors 64, neighbour sum ok: 4032
// expect: PASS early_exit_barrier
#include "conform.h"

__global__ void halfExit(int *out) {
  __shared__ int values[128];
  int t = threadIdx.x;
  if (t >= 64)
    return;
  values[t] = t;
  __syncthreads();
  int sum = values[t] + values[63 - t];
  atomicAdd(out, sum);
  atomicAdd(out + 1, 1);
}

int main() {
  int *d, h[2];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  halfExit<<<1, 128>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("survivors %d, neighbour sum ok: %d\n", h[1], h[0]);
  std::printf("PASS early_exit_barrier\n");
  return 0;
}
