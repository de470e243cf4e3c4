// Branch-free selects and short-circuit evaluation: the ternary and && / || evaluate only what
// C++ says they evaluate, even when lanes disagree (a side effect in the skipped operand must not
// happen).
// conform: tags=control-flow,divergence
// expect: selected sum 752, side effects only where evaluated: 16 16
// expect: PASS predicated_select
#include "conform.h"

__device__ int touch(int *counter, int v) {
  atomicAdd(counter, 1);
  return v;
}

__global__ void select(int *sum, int *leftCalls, int *rightCalls) {
  int lane = threadIdx.x;
  int v = lane % 2 ? touch(leftCalls, lane * 2) : lane;
  bool skip = lane < 16 || touch(rightCalls, 1);
  atomicAdd(sum, v);
  if (!skip)
    atomicAdd(sum, 1000000); // never: the || is true either way
}

int main() {
  int *d, h[3];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  select<<<1, 32>>>(d, d + 1, d + 2);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("selected sum %d, side effects only where evaluated: %d %d\n", h[0], h[1], h[2]);
  std::printf("PASS predicated_select\n");
  return 0;
}
