// Cooperative groups: thread_block and its sync, tiled_partition<16> with the tile's rank, size
// and shfl_down, and cg::reduce over a tile of 8.
// conform: tags=cooperative-groups,warp
// expect: tile sums of 16: 120 376 632 888
// expect: reduce over tiles of 8: 28 92
// expect: block size 64 rank of thread 37: 37
// expect: PASS tiles
#include "conform.h"

#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;

__global__ void tiles(int *o) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<16> tile = cg::tiled_partition<16>(block);
  int v = block.thread_rank();
  for (int offset = tile.size() / 2; offset > 0; offset /= 2)
    v += tile.shfl_down(v, offset);
  if (tile.thread_rank() == 0)
    o[block.thread_rank() / 16] = v;
  cg::thread_block_tile<8> eight = cg::tiled_partition<8>(block);
  int r = cg::reduce(eight, (int)block.thread_rank(), cg::plus<int>());
  if (eight.thread_rank() == 0 && block.thread_rank() < 16)
    o[4 + block.thread_rank() / 8] = r;
  block.sync();
  if (block.thread_rank() == 37)
    o[6] = block.size(), o[7] = block.thread_rank();
}

int main() {
  int *d, h[8];
  CHECK(cudaMalloc(&d, sizeof h));
  tiles<<<1, 64>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("tile sums of 16: %d %d %d %d\n", h[0], h[1], h[2], h[3]);
  std::printf("reduce over tiles of 8: %d %d\n", h[4], h[5]);
  std::printf("block size %d rank of thread 37: %d\n", h[6], h[7]);
  std::printf("PASS tiles\n");
  return 0;
}
