// Tiles of 128 threads (four warps) in blocks of 256, with the block_tile_memory CUDA asks for
// below compute capability 8.0: rank, meta-group, reduce, broadcast, votes and sync. The kernel's
// parameters arrive as a __grid_constant__ structure whose address is taken.
#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include <vector>

#include "device_api.h"

namespace cg = cooperative_groups;

namespace {

constexpr int kBlocks = 2, kThreads = 256, kTile = 128, kTotal = kBlocks * kThreads;

struct TileParams {
  const int *input;
  int *sums, *firsts, *votes, *ranks;
};

__global__ void tileWork(const __grid_constant__ TileParams p) {
  __shared__ cg::block_tile_memory<kThreads> scratch;
  __shared__ int published[kThreads / kTile];
  cg::thread_block block = cg::this_thread_block(scratch);
  // The parent type in the tile's type, as CUDA's documentation writes it.
  cg::thread_block_tile<kTile, cg::thread_block> tile = cg::tiled_partition<kTile>(block);
  const TileParams *params = &p;
  const int id = blockIdx.x * blockDim.x + threadIdx.x;
  const int value = params->input[id];

  const int sum = cg::reduce(tile, value, cg::plus<int>());
  const int first = tile.shfl(value, 0);
  const int anyNegative = tile.any(value < 0);
  const int allSmall = tile.all(value < 20);
  if (tile.thread_rank() == kTile - 1)
    published[tile.meta_group_rank()] = sum;
  tile.sync(); // the last rank's write is visible to the whole tile
  params->sums[id] = published[tile.meta_group_rank()];
  params->firsts[id] = first;
  params->votes[id] = anyNegative * 10 + allSmall;
  params->ranks[id] = int(tile.thread_rank()) + 1000 * int(tile.meta_group_rank()) +
                      10000 * int(tile.meta_group_size()) +
                      (tile.size() == kTile && tile.num_threads() == kTile ? 0 : 100000);
}

// Only the first tile of each block reduces, the others return (the shape of a block
// reduction's last step): the tile's collectives must not wait for the tiles that left.
__global__ void firstTileReduces(const int *input, int *blockSums) {
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<kTile> tile = cg::tiled_partition<kTile>(block);
  if (tile.meta_group_rank() != 0)
    return;
  const int sum = cg::reduce(tile, input[blockIdx.x * blockDim.x + threadIdx.x], cg::plus<int>());
  if (tile.thread_rank() == 0)
    blockSums[blockIdx.x] = sum;
}

} // namespace

bool checkLargeTiles() {
  std::vector<int> input(kTotal);
  for (int i = 0; i < kTotal; ++i)
    input[i] = i % 13 - (i == 300 ? 50 : 0); // one negative value, in the third tile
  int *dIn, *dOut;
  API_CHECK(cudaMalloc(&dIn, kTotal * sizeof(int)));
  API_CHECK(cudaMalloc(&dOut, 4 * kTotal * sizeof(int)));
  API_CHECK(cudaMemcpy(dIn, input.data(), kTotal * sizeof(int), cudaMemcpyHostToDevice));
  TileParams params{dIn, dOut, dOut + kTotal, dOut + 2 * kTotal, dOut + 3 * kTotal};
  tileWork<<<kBlocks, kThreads>>>(params);
  API_CHECK(cudaGetLastError());
  std::vector<int> out(4 * kTotal);
  API_CHECK(cudaMemcpy(out.data(), dOut, out.size() * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < kTotal; ++i) {
    const int tileStart = i / kTile * kTile;
    int sum = 0, anyNegative = 0, allSmall = 1;
    for (int j = tileStart; j < tileStart + kTile; ++j) {
      sum += input[j];
      anyNegative |= input[j] < 0;
      allSmall &= input[j] < 20;
    }
    const int rank = i % kTile, metaRank = (i % kThreads) / kTile;
    EXPECT_THAT(out[i] == sum, "thread %d: tile sum %d, want %d", i, out[i], sum);
    EXPECT_THAT(out[kTotal + i] == input[tileStart], "thread %d: broadcast %d, want %d", i,
                out[kTotal + i], input[tileStart]);
    EXPECT_THAT(out[2 * kTotal + i] == anyNegative * 10 + allSmall, "thread %d: votes %d", i,
                out[2 * kTotal + i]);
    EXPECT_THAT(out[3 * kTotal + i] == rank + 1000 * metaRank + 10000 * (kThreads / kTile),
                "thread %d: ranks %d", i, out[3 * kTotal + i]);
  }
  firstTileReduces<<<kBlocks, kThreads>>>(dIn, dOut);
  API_CHECK(cudaGetLastError());
  int blockSums[kBlocks];
  API_CHECK(cudaMemcpy(blockSums, dOut, sizeof blockSums, cudaMemcpyDeviceToHost));
  for (int b = 0; b < kBlocks; ++b) {
    int sum = 0;
    for (int j = b * kThreads; j < b * kThreads + kTile; ++j)
      sum += input[j];
    EXPECT_THAT(blockSums[b] == sum, "block %d: first tile's sum %d, want %d", b, blockSums[b],
                sum);
  }
  API_CHECK(cudaFree(dIn));
  API_CHECK(cudaFree(dOut));
  return true;
}
