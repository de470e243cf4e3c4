// coalesced_threads() inside a divergent branch: its size and ranks cover exactly the active
// lanes, and its shfl reads from the group's ranks.
// conform: tags=cooperative-groups,divergence
// expect: odd lanes: size 16, lane 31 has rank 15, rank 0 is lane 1
// expect: PASS coalesced_groups
#include "conform.h"

#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void odd(int *o) {
  int lane = threadIdx.x;
  if (lane % 2) {
    cg::coalesced_group active = cg::coalesced_threads();
    int first = active.shfl(lane, 0);
    if (lane == 31)
      o[0] = active.size(), o[1] = active.thread_rank(), o[2] = first;
  }
}

int main() {
  int *d, h[3];
  CHECK(cudaMalloc(&d, sizeof h));
  odd<<<1, 32>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("odd lanes: size %d, lane 31 has rank %d, rank 0 is lane %d\n", h[0], h[1], h[2]);
  std::printf("PASS coalesced_groups\n");
  return 0;
}
