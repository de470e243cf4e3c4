// Cooperative groups: thread_block sync, tiled_partition<32> and <8> shuffles, cg::reduce with
// cg::plus and cg::greater, and the group's rank and size queries.
#include "check.h"

#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

namespace cg = cooperative_groups;

constexpr int kBlock = 128;

__global__ void groups(const int *in, int *blockSums, int *tileMax, int *tile8Sum) {
  cg::thread_block block = cg::this_thread_block();
  __shared__ int warpSums[kBlock / 32];
  int value = in[blockIdx.x * kBlock + block.thread_rank()];
  cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
  int warpSum = cg::reduce(warp, value, cg::plus<int>());
  int warpMax = cg::reduce(warp, value, cg::greater<int>());
  if (warp.thread_rank() == 0) {
    warpSums[warp.meta_group_rank()] = warpSum;
    tileMax[blockIdx.x * warp.meta_group_size() + warp.meta_group_rank()] = warpMax;
  }
  cg::thread_block_tile<8> tile = cg::tiled_partition<8>(block);
  int sum8 = value;
  for (int offset = tile.size() / 2; offset > 0; offset /= 2)
    sum8 += tile.shfl_down(sum8, offset);
  if (tile.thread_rank() == 0)
    tile8Sum[(blockIdx.x * kBlock + block.thread_rank()) / 8] = sum8;
  block.sync();
  if (block.thread_rank() == 0) {
    int total = 0;
    for (int w = 0; w < kBlock / 32; ++w)
      total += warpSums[w];
    blockSums[blockIdx.x] = total;
  }
}

int main() {
  const int blocks = 2, n = blocks * kBlock;
  int host[n];
  for (int i = 0; i < n; ++i)
    host[i] = (i * 53) % 97 - 40;
  int *in, *sums, *maxima, *sums8;
  CHECK(cudaMalloc(&in, sizeof host));
  CHECK(cudaMalloc(&sums, blocks * sizeof(int)));
  CHECK(cudaMalloc(&maxima, n / 32 * sizeof(int)));
  CHECK(cudaMalloc(&sums8, n / 8 * sizeof(int)));
  CHECK(cudaMemcpy(in, host, sizeof host, cudaMemcpyHostToDevice));
  groups<<<blocks, kBlock>>>(in, sums, maxima, sums8);
  CHECK(cudaGetLastError());
  int gotSums[blocks], gotMax[n / 32], got8[n / 8];
  CHECK(cudaMemcpy(gotSums, sums, sizeof gotSums, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotMax, maxima, sizeof gotMax, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(got8, sums8, sizeof got8, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; ++b) {
    int total = 0;
    for (int t = 0; t < kBlock; ++t)
      total += host[b * kBlock + t];
    EXPECT(gotSums[b] == total);
  }
  for (int w = 0; w < n / 32; ++w) {
    int best = host[w * 32];
    for (int l = 0; l < 32; ++l)
      best = host[w * 32 + l] > best ? host[w * 32 + l] : best;
    EXPECT(gotMax[w] == best);
  }
  for (int t = 0; t < n / 8; ++t) {
    int total = 0;
    for (int l = 0; l < 8; ++l)
      total += host[t * 8 + l];
    EXPECT(got8[t] == total);
  }
  std::printf("block %d %d\n", gotSums[0], gotSums[1]);
  CHECK(cudaFree(in));
  CHECK(cudaFree(sums));
  CHECK(cudaFree(maxima));
  CHECK(cudaFree(sums8));
  std::printf("PASS coop_groups\n");
  return 0;
}
