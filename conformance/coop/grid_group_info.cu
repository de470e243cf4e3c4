// grid_group queries in a cooperative launch: size, thread_rank, num_blocks, block_rank and
// is_valid agree with the launch configuration, and two grid.sync() rounds keep phases apart.
// conform: tags=cooperative-groups,grid-sync,cooperative
// expect: grid of 4 x 64: size 256, blocks 4, valid 1, two phases summed 32640 and 65280
// expect: PASS grid_group_info
#include "conform.h"

#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void phases(int *data, unsigned long long *info, int *sums) {
  cg::grid_group grid = cg::this_grid();
  unsigned long long r = grid.thread_rank();
  data[r] = (int)r;
  grid.sync();
  if (r == 0) {
    int s = 0;
    for (int i = 0; i < 256; ++i)
      s += data[i];
    sums[0] = s;
  }
  grid.sync();
  data[r] *= 2;
  grid.sync();
  if (r == 255) {
    int s = 0;
    for (int i = 0; i < 256; ++i)
      s += data[i];
    sums[1] = s;
    info[0] = grid.size(), info[1] = grid.num_blocks(), info[2] = grid.is_valid();
  }
}

int main() {
  int *data, *sums, hs[2];
  unsigned long long *info, hi[3];
  CHECK(cudaMalloc(&data, 256 * sizeof(int)));
  CHECK(cudaMalloc(&sums, sizeof hs));
  CHECK(cudaMalloc(&info, sizeof hi));
  void *args[] = {&data, &info, &sums};
  CHECK(cudaLaunchCooperativeKernel((const void *)phases, dim3(4), dim3(64), args, 0, nullptr));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(hs, sums, sizeof hs, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hi, info, sizeof hi, cudaMemcpyDeviceToHost));
  std::printf("grid of 4 x 64: size %llu, blocks %llu, valid %llu, two phases summed %d and %d\n",
              hi[0], hi[1], hi[2], hs[0], hs[1]);
  std::printf("PASS grid_group_info\n");
  return 0;
}
