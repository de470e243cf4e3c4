// Bulk copies multicast to the blocks of a thread block cluster (PTX ISA,
// cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster), built for
// sm_90a as CUDA's cuda::ptx::cp_async_bulk with a ctaMask requires, and run on a device of
// compute capability 9.0 (QIAO_EMU_CC=9.0). One copy lands at the same CTA-relative
// shared-memory offset in every block whose rank's bit is set in the 16-bit ctaMask, and
// completes the transaction bytes on the mbarrier at the same offset in each of them. Two ways
// that programs use it: one block loads a tile for the blocks of its mask (cuda::ptx), and every
// block loads its slice of a tile for all of them (inline PTX, as GEMM kernels split the loads of
// a tile that several blocks share). Every block checks its tile against what the ISA says it
// holds, and blocks not named keep their own contents.
#include "check.h"

#include <cooperative_groups.h>
#include <cuda/ptx>

#include <cstdint>
#include <vector>

namespace cg = cooperative_groups;

constexpr int kThreads = 128;
constexpr int kTileInts = 256; // 1 KiB: a multiple of 16 bytes for every slice below
constexpr unsigned kTileBytes = kTileInts * sizeof(int);

// The block's mbarrier, ready for one arrival, initialised and made visible to the cluster
// before any block's copy may complete on it.
__device__ void initBarrier(uint64_t *barrier) {
  if (threadIdx.x == 0) {
    cuda::ptx::mbarrier_init(barrier, 1);
    cuda::ptx::fence_mbarrier_init(cuda::ptx::sem_release, cuda::ptx::scope_cluster);
  }
}

// Waits for the phase in which the block's expected bytes arrived.
__device__ void waitForTile(uint64_t *barrier) {
  while (!cuda::ptx::mbarrier_try_wait_parity(cuda::ptx::sem_acquire, cuda::ptx::scope_cluster,
                                              barrier, 0)) {
  }
}

// Every block fills its tile with its own marker; the block of rank `leader` copies the
// cluster's tile from global memory to the blocks named by `mask`, which announce the bytes on
// their mbarrier and wait for them. Every block then writes out what its tile holds.
__global__ void leaderLoads(const int *in, int *out, unsigned leader, unsigned short mask) {
  __shared__ alignas(16) int tile[kTileInts];
  __shared__ alignas(8) uint64_t barrier;
  cg::cluster_group cluster = cg::this_cluster();
  const unsigned rank = cluster.block_rank();
  const unsigned cluster_index = blockIdx.x / cluster.num_blocks();
  const bool named = (mask >> rank) & 1;
  for (int i = threadIdx.x; i < kTileInts; i += blockDim.x)
    tile[i] = -1 - int(blockIdx.x);
  initBarrier(&barrier);
  cluster.sync();
  if (threadIdx.x == 0) {
    const uint32_t bytes = kTileBytes; // cuda::ptx takes it by reference
    if (named)
      cuda::ptx::mbarrier_arrive_expect_tx(cuda::ptx::sem_release, cuda::ptx::scope_cluster,
                                           cuda::ptx::space_shared, &barrier, bytes);
    if (rank == leader)
      cuda::ptx::cp_async_bulk(cuda::ptx::space_cluster, cuda::ptx::space_global, tile,
                               in + cluster_index * kTileInts, bytes, &barrier, mask);
  }
  if (named)
    waitForTile(&barrier);
  // Every named block has its bytes: a block left out reads its tile after the copy landed.
  cluster.sync();
  for (int i = threadIdx.x; i < kTileInts; i += blockDim.x)
    out[blockIdx.x * kTileInts + i] = tile[i];
}

// Every block copies its slice of the cluster's tile to all blocks of the cluster, in PTX's own
// spelling; each block expects the whole tile on its mbarrier.
__global__ void slicesToAll(const int *in, int *out) {
  __shared__ alignas(16) int tile[kTileInts];
  __shared__ alignas(8) uint64_t barrier;
  cg::cluster_group cluster = cg::this_cluster();
  const unsigned rank = cluster.block_rank();
  const unsigned blocks = cluster.num_blocks();
  const unsigned sliceInts = kTileInts / blocks;
  const unsigned cluster_index = blockIdx.x / blocks;
  initBarrier(&barrier);
  cluster.sync();
  if (threadIdx.x == 0) {
    const unsigned barrierAddress = unsigned(__cvta_generic_to_shared(&barrier));
    const unsigned sliceAddress = unsigned(__cvta_generic_to_shared(tile + rank * sliceInts));
    const unsigned short all = (1u << blocks) - 1;
    asm volatile("mbarrier.arrive.expect_tx.release.cluster.shared::cta.b64 _, [%0], %1;" ::"r"(
                     barrierAddress),
                 "r"(kTileBytes)
                 : "memory");
    asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes"
                 ".multicast::cluster [%0], [%1], %2, [%3], %4;" ::"r"(sliceAddress),
                 "l"(in + cluster_index * kTileInts + rank * sliceInts),
                 "r"(unsigned(sliceInts * sizeof(int))), "r"(barrierAddress), "h"(all)
                 : "memory");
  }
  waitForTile(&barrier);
  for (int i = threadIdx.x; i < kTileInts; i += blockDim.x)
    out[blockIdx.x * kTileInts + i] = tile[i];
  cluster.sync();
}

cudaLaunchConfig_t clusterLaunch(unsigned clusterX, unsigned blocks, cudaLaunchAttribute &attr) {
  attr.id = cudaLaunchAttributeClusterDimension;
  attr.val.clusterDim.x = clusterX;
  attr.val.clusterDim.y = 1;
  attr.val.clusterDim.z = 1;
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(blocks);
  config.blockDim = dim3(kThreads);
  config.attrs = &attr;
  config.numAttrs = 1;
  return config;
}

// Checks each block's tile: the cluster's tile where the mask names the block's rank, else the
// block's own marker. Returns the number of blocks that received the tile, or -1.
int checkTiles(const std::vector<int> &input, const std::vector<int> &got, unsigned clusterX,
               unsigned blocks, unsigned mask) {
  int received = 0;
  for (unsigned b = 0; b < blocks; ++b) {
    const bool named = (mask >> (b % clusterX)) & 1;
    received += named;
    for (int i = 0; i < kTileInts; ++i) {
      int expected = named ? input[(b / clusterX) * kTileInts + i] : -1 - int(b);
      if (got[b * kTileInts + i] != expected) {
        std::printf("FAIL block %u word %d: %d, expected %d\n", b, i, got[b * kTileInts + i],
                    expected);
        return -1;
      }
    }
  }
  return received;
}

int main() {
  const unsigned maxBlocks = 8;
  std::vector<int> input(maxBlocks * kTileInts);
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = int(i * 2654435761u % 100003);
  int *in, *out;
  CHECK(cudaMalloc(&in, input.size() * sizeof(int)));
  CHECK(cudaMalloc(&out, input.size() * sizeof(int)));
  CHECK(cudaMemcpy(in, input.data(), input.size() * sizeof(int), cudaMemcpyHostToDevice));
  std::vector<int> got(input.size());

  struct LeaderCase {
    unsigned clusterX, leader;
    unsigned short mask;
  };
  for (LeaderCase c : {LeaderCase{4, 3, 0x5}, LeaderCase{4, 0, 0xf}, LeaderCase{2, 1, 0x3}}) {
    cudaLaunchAttribute attr;
    cudaLaunchConfig_t config = clusterLaunch(c.clusterX, maxBlocks, attr);
    CHECK(cudaMemset(out, 0, input.size() * sizeof(int)));
    CHECK(cudaLaunchKernelEx(&config, leaderLoads, (const int *)in, out, c.leader, c.mask));
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(got.data(), out, got.size() * sizeof(int), cudaMemcpyDeviceToHost));
    int received = checkTiles(input, got, c.clusterX, maxBlocks, c.mask);
    EXPECT(received >= 0);
    std::printf("clusters of %u, rank %u to mask 0x%x: %d of %u blocks received the tile\n",
                c.clusterX, c.leader, c.mask, received, maxBlocks);
  }

  for (unsigned clusterX : {2u, 4u}) {
    cudaLaunchAttribute attr;
    cudaLaunchConfig_t config = clusterLaunch(clusterX, maxBlocks, attr);
    CHECK(cudaMemset(out, 0, input.size() * sizeof(int)));
    CHECK(cudaLaunchKernelEx(&config, slicesToAll, (const int *)in, out));
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(got.data(), out, got.size() * sizeof(int), cudaMemcpyDeviceToHost));
    int received = checkTiles(input, got, clusterX, maxBlocks, (1u << clusterX) - 1);
    EXPECT(received == int(maxBlocks));
    std::printf("clusters of %u, a slice from each block to all: %d blocks hold the whole tile\n",
                clusterX, received);
  }

  CHECK(cudaFree(in));
  CHECK(cudaFree(out));
  std::printf("PASS cluster_multicast\n");
  return 0;
}
