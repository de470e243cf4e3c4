// Cooperative groups in kernels compiled to PTX: the thread block, tiles of it (warp-sized and
// larger) with cg::reduce and their shuffles and votes, coalesced groups, and the grid of a
// cooperative launch synchronised three times (grid.sync()).
#include <cstdio>
#include <qiao/cooperative_groups.h>
#include <qiao/device.h>
namespace cg = cooperative_groups;

// Per tile of 8: the sum of its ranks (28), its shuffles, and the ballot of its odd ranks; per
// tile of 64: their number and the sum of their ranks.
__global__ void tiles(int *out) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<8> tile = cg::tiled_partition<8>(block);
  const int rank = int(tile.thread_rank());
  const int sum = cg::reduce(tile, rank, cg::plus<int>());
  const int below = tile.shfl_down(rank, 1); // the last rank reads its own
  const unsigned odd = tile.ballot(rank & 1);
  cg::thread_block_tile<64> wide = cg::tiled_partition<64>(block);                // two warps
  const int wideSum = cg::reduce(wide, int(wide.thread_rank()), cg::plus<int>()); // 2016
  block.sync();
  const int i = int(block.thread_rank());
  out[i] = sum * 1000000 + below * 1000 + int(odd);
  if (wide.thread_rank() == 0)
    out[128 + wide.meta_group_rank()] = int(wide.meta_group_size()) * 10000 + wideSum;
}

// The odd lanes of a warp as one coalesced group.
__global__ void oddLanes(int *out) {
  const int lane = int(threadIdx.x);
  if (lane % 2) {
    cg::coalesced_group active = cg::coalesced_threads();
    const int first = active.shfl(lane, 0);
    const int up = active.shfl_up(lane, 2);
    const unsigned high = active.ballot(lane > 20);
    if (lane == 31)
      out[0] = int(active.size()), out[1] = int(active.thread_rank()), out[2] = first, out[3] = up,
      out[4] = int(high);
  }
}

// Each phase reads what every block of the grid wrote in the one before.
__global__ void phases(int *data, unsigned long long *info, int *sums) {
  cg::grid_group grid = cg::this_grid();
  const unsigned long long r = grid.thread_rank();
  data[r] = int(r);
  grid.sync();
  if (r == 0) {
    int s = 0;
    for (int i = 0; i < 256; ++i)
      s += data[i];
    sums[0] = s;
  }
  grid.sync();
  data[r] *= 2;
  cg::sync(grid);
  if (r == 255) {
    int s = 0;
    for (int i = 0; i < 256; ++i)
      s += data[i];
    sums[1] = s;
    info[0] = grid.size(), info[1] = grid.num_blocks(), info[2] = grid.is_valid();
  }
}

int main() {
  int *tileOut, *laneOut, *data, *sums;
  unsigned long long *info;
  qiaoMalloc(&tileOut, 130 * sizeof(int));
  qiaoMalloc(&laneOut, 5 * sizeof(int));
  qiaoMalloc(&data, 256 * sizeof(int));
  qiaoMalloc(&sums, 2 * sizeof(int));
  qiaoMalloc(&info, 3 * sizeof(unsigned long long));
  qiaoLaunchKernelGGL(tiles, dim3(1), dim3(128), 0, 0, tileOut);
  qiaoLaunchKernelGGL(oddLanes, dim3(1), dim3(32), 0, 0, laneOut);
  void *args[] = {&data, &info, &sums};
  // The typed form, as qiao-translate writes cudaLaunchCooperativeKernel.
  const qiaoError_t launched =
      qiaoLaunchCooperativeKernel(phases, dim3(4), dim3(64), args, 0, nullptr);
  const qiaoError_t ran = qiaoDeviceSynchronize();
  int t[130], l[5], s[2];
  unsigned long long g[3];
  qiaoMemcpy(t, tileOut, sizeof t, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(l, laneOut, sizeof l, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(s, sums, sizeof s, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(g, info, sizeof g, qiaoMemcpyDeviceToHost);
  std::printf("tile of 8: %d %d %d, tiles of 64: %d %d\n", t[0], t[7], t[127], t[128], t[129]);
  std::printf("odd lanes: size %d, lane 31 rank %d, rank 0 lane %d, up 2 lane %d, ballot %x\n",
              l[0], l[1], l[2], l[3], l[4]);
  std::printf("grid: launch %s, run %s, size %llu, blocks %llu, valid %llu, sums %d %d\n",
              qiaoGetErrorName(launched), qiaoGetErrorName(ran), g[0], g[1], g[2], s[0], s[1]);
  return 0;
}
