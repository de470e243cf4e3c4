// Cooperative groups: thread_block_tile<64> (tiles wider than a warp, sm_80 and later without a
// user-provided block_tile_memory) with its sync, thread_rank, meta_group_rank and cg::reduce.
// conform: tags=cooperative-groups
// expect: tile sums of 64: 2016 6112 10208 14304
// expect: ranks of thread 100: 36 of tile 1
// expect: PASS large_tiles
#include "conform.h"

#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;

__global__ void tiles(int *sums, int *ranks) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<64> tile = cg::tiled_partition<64>(block);
  int sum = cg::reduce(tile, (int)block.thread_rank(), cg::plus<int>());
  tile.sync();
  if (tile.thread_rank() == 0)
    sums[tile.meta_group_rank()] = sum;
  if (block.thread_rank() == 100) {
    ranks[0] = tile.thread_rank();
    ranks[1] = tile.meta_group_rank();
  }
}

int main() {
  int *sums, *ranks;
  CHECK(cudaMalloc(&sums, 4 * sizeof(int)));
  CHECK(cudaMalloc(&ranks, 2 * sizeof(int)));
  tiles<<<1, 256>>>(sums, ranks);
  CHECK_LAUNCH();
  int s[4], r[2];
  CHECK(cudaMemcpy(s, sums, sizeof s, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(r, ranks, sizeof r, cudaMemcpyDeviceToHost));
  std::printf("tile sums of 64: %d %d %d %d\n", s[0], s[1], s[2], s[3]);
  std::printf("ranks of thread 100: %d of tile %d\n", r[0], r[1]);
  for (int t = 0; t < 4; ++t)
    EXPECT(s[t] == 64 * 64 * t + 63 * 64 / 2);
  std::printf("PASS large_tiles\n");
  return 0;
}
