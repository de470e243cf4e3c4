// Cooperative-groups tiles wider than a warp (tiled_partition<64> and <128>): on sm_80 and later
// CUDA keeps their barriers and exchange slots in the block's reserved shared memory, which the
// kernel finds through %reserved_smem_offset_1. The program also reads the shared-memory special
// registers and checks them against what CUDA documents.
#include "check.h"

#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

#include <vector>

namespace cg = cooperative_groups;

constexpr int kBlock = 256;

// sums64[i] = sum of i's 64-thread tile; maxima128[i] = max of i's 128-thread tile; each value
// also passes through tile.sync() and a block-wide sync between the two partitions.
__global__ void tiles(const int *in, int *sums64, int *maxima128) {
  auto block = cg::this_thread_block();
  int i = blockIdx.x * kBlock + block.thread_rank();
  int value = in[i];
  auto tile64 = cg::tiled_partition<64>(block);
  int sum = cg::reduce(tile64, value, cg::plus<int>());
  tile64.sync();
  sums64[i] = sum;
  block.sync();
  auto tile128 = cg::tiled_partition<128>(block);
  maxima128[i] = cg::reduce(tile128, value, cg::greater<int>());
}

__global__ void smemRegisters(unsigned *out) {
  extern __shared__ int dynamicArea[];
  __shared__ int fixed[64];
  fixed[threadIdx.x] = static_cast<int>(threadIdx.x);
  __syncthreads();
  dynamicArea[threadIdx.x] = fixed[63 - threadIdx.x];
  __syncthreads();
  unsigned begin, end, cap, dynamicSize, totalSize;
  asm volatile("mov.u32 %0, %%reserved_smem_offset_begin;" : "=r"(begin));
  asm volatile("mov.u32 %0, %%reserved_smem_offset_end;" : "=r"(end));
  asm volatile("mov.u32 %0, %%reserved_smem_offset_cap;" : "=r"(cap));
  asm volatile("mov.u32 %0, %%dynamic_smem_size;" : "=r"(dynamicSize));
  asm volatile("mov.u32 %0, %%total_smem_size;" : "=r"(totalSize));
  if (threadIdx.x == 0) {
    out[0] = end - begin;
    out[1] = cap;
    out[2] = dynamicSize;
    out[3] = totalSize;
    out[4] = static_cast<unsigned>(dynamicArea[5]);
  }
}

int main() {
  const int blocks = 3, n = blocks * kBlock;
  std::vector<int> host(n);
  for (int i = 0; i < n; ++i)
    host[i] = (i * 29) % 211 - 100;
  int *in, *sums, *maxima;
  CHECK(cudaMalloc(&in, n * sizeof(int)));
  CHECK(cudaMalloc(&sums, n * sizeof(int)));
  CHECK(cudaMalloc(&maxima, n * sizeof(int)));
  CHECK(cudaMemcpy(in, host.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  tiles<<<blocks, kBlock>>>(in, sums, maxima);
  CHECK(cudaGetLastError());
  std::vector<int> gotSums(n), gotMaxima(n);
  CHECK(cudaMemcpy(gotSums.data(), sums, n * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotMaxima.data(), maxima, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    int sum = 0, max = host[i / 128 * 128];
    for (int j = i / 64 * 64; j < i / 64 * 64 + 64; ++j)
      sum += host[j];
    for (int j = i / 128 * 128; j < i / 128 * 128 + 128; ++j)
      max = host[j] > max ? host[j] : max;
    EXPECT(gotSums[i] == sum);
    EXPECT(gotMaxima[i] == max);
  }
  std::printf("tiles of 64 and 128 ok: sum %d max %d\n", gotSums[0], gotMaxima[0]);

  unsigned *regs;
  CHECK(cudaMalloc(&regs, 5 * sizeof(unsigned)));
  smemRegisters<<<1, 64, 300>>>(regs);
  CHECK(cudaGetLastError());
  unsigned got[5];
  CHECK(cudaMemcpy(got, regs, sizeof got, cudaMemcpyDeviceToHost));
  int reserved = 0;
  CHECK(cudaDeviceGetAttribute(&reserved, cudaDevAttrReservedSharedMemoryPerBlock, 0));
  std::printf("reserved %u of cap %u (attribute %d), dynamic %u, total %u\n", got[0], got[1],
              reserved, got[2], got[3]);
  EXPECT(got[0] == 1024 && got[1] == 1024 && reserved == 1024);
  EXPECT(got[2] == 300);
  EXPECT(got[3] == 640); // 256 static + 300 dynamic bytes in 128-byte allocation units
  EXPECT(got[4] == 58);
  CHECK(cudaFree(in));
  CHECK(cudaFree(sums));
  CHECK(cudaFree(maxima));
  CHECK(cudaFree(regs));
  std::printf("PASS coop_large_tiles\n");
  return 0;
}
