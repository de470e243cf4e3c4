// Cooperative-groups tiles wider than a warp: on sm_80 and later they synchronise and exchange
// values through the block's reserved shared memory, which CUDA finds in %reserved_smem_offset_1.
// Each 64-thread tile sums its inputs: out[i] = the sum of i's tile, plus the tile's number in
// the block times 10^6.
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

namespace cg = cooperative_groups;

extern "C" __global__ void tileSums(const int *in, int *out) {
  auto block = cg::this_thread_block();
  auto tile = cg::tiled_partition<64>(block);
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int sum = cg::reduce(tile, in[i], cg::plus<int>());
  tile.sync();
  out[i] = sum + static_cast<int>(tile.meta_group_rank()) * 1000000;
}

// out[i] = the sum of the block ranks of i's 64-thread tile. Lane 0 of each warp waits for the
// other warp of its tile inside cooperative groups' barrier while the warp's other lanes go on to
// a __syncwarp(): they must wait there for lane 0 (bar.warp.sync is a meeting point).
extern "C" __global__ void tileRankSums(int *out) {
  auto block = cg::this_thread_block();
  auto tile = cg::tiled_partition<64>(block);
  out[block.thread_rank()] =
      cg::reduce(tile, static_cast<int>(block.thread_rank()), cg::plus<int>());
}

// The shared-memory special registers as a kernel reads them.
extern "C" __global__ void smemRegisters(unsigned *out) {
  extern __shared__ int dynamicArea[];
  __shared__ int fixed[40];
  fixed[threadIdx.x] = threadIdx.x;
  dynamicArea[threadIdx.x] = fixed[threadIdx.x];
  unsigned v[8];
  asm volatile("mov.u32 %0, %%reserved_smem_offset_begin;" : "=r"(v[0]));
  asm volatile("mov.u32 %0, %%reserved_smem_offset_end;" : "=r"(v[1]));
  asm volatile("mov.u32 %0, %%reserved_smem_offset_cap;" : "=r"(v[2]));
  asm volatile("mov.u32 %0, %%reserved_smem_offset_0;" : "=r"(v[3]));
  asm volatile("mov.u32 %0, %%reserved_smem_offset_1;" : "=r"(v[4]));
  asm volatile("mov.u32 %0, %%dynamic_smem_size;" : "=r"(v[5]));
  asm volatile("mov.u32 %0, %%total_smem_size;" : "=r"(v[6]));
  v[7] = dynamicArea[threadIdx.x];
  if (threadIdx.x == 1)
    for (int k = 0; k < 8; ++k)
      out[k] = v[k];
}
