// thread_block_tile<8> collectives: any, all, ballot and match_any restricted to the tile, and
// meta_group_rank / meta_group_size naming the tile within the block.
// conform: tags=cooperative-groups,warp,vote
// expect: tile 2 of 8: ballot 0x55 any 1 all 0, match_any on lane/2 0x03
// expect: PASS tile_votes
#include "conform.h"

#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void votes(unsigned *o) {
  cg::thread_block_tile<8> tile = cg::tiled_partition<8>(cg::this_thread_block());
  unsigned r = tile.thread_rank();
  unsigned b = tile.ballot(r % 2 == 0);
  int any = tile.any(r == 3);
  int all = tile.all(r < 7);
  unsigned m = tile.match_any(r / 2);
  if (tile.meta_group_rank() == 2 && r == 0)
    o[0] = tile.meta_group_size(), o[1] = b, o[2] = any, o[3] = all, o[4] = m;
}

int main() {
  unsigned *d, h[5];
  CHECK(cudaMalloc(&d, sizeof h));
  votes<<<1, 64>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("tile 2 of %u: ballot 0x%02x any %u all %u, match_any on lane/2 0x%02x\n", h[0], h[1],
              h[2], h[3], h[4]);
  std::printf("PASS tile_votes\n");
  return 0;
}
