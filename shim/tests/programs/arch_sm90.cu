// Built for compute capability 9.0 (-arch=sm_90: SASS for sm_90 and PTX for compute_90; or
// sm_90a, or PTX only) and run with QIAO_EMU_CC=9.0, which makes the emulated device present
// itself as 9.0 and so run compute_90 PTX. A launch without a cluster shape runs every block as
// a cluster of one: the cluster queries of cooperative groups and the cluster intrinsics answer
// for that, and cluster.sync() waits for the whole block. A launch that names clusters (a launch
// attribute, or a kernel declared with __cluster_dims__) runs them (clusters.cu tests them
// further).
#include "check.h"

#include <cooperative_groups.h>

namespace cg = cooperative_groups;

constexpr int kFacts = 8;

// What a block learns about its cluster; then every thread adds its index after a cluster-wide
// barrier, so the sum shows that the barrier waited for the whole block.
__global__ void clusterFacts(unsigned *facts, unsigned *sums) {
  __shared__ unsigned partial[64];
  cg::cluster_group cluster = cg::this_cluster();
  unsigned block = blockIdx.x + gridDim.x * blockIdx.y;
  partial[threadIdx.x] = threadIdx.x + 1;
  cluster.sync();
  if (threadIdx.x == 0) {
    unsigned *mine = facts + kFacts * block;
    mine[0] = cluster.block_rank();
    mine[1] = cluster.num_blocks();
    dim3 within = cluster.block_index();
    mine[2] = within.x + within.y + within.z;
    dim3 shape = cluster.dim_blocks();
    mine[3] = shape.x * shape.y * shape.z;
    mine[4] = __clusterDimIsSpecified();
    dim3 id = __clusterIdx();
    mine[5] = id.x + 100 * id.y;
    dim3 clusters = __clusterGridDimInClusters();
    mine[6] = clusters.x + 100 * clusters.y;
    unsigned sum = 0;
    for (unsigned i = 0; i < blockDim.x; ++i)
      sum += partial[i];
    sums[block] = sum;
  }
}

__global__ void __cluster_dims__(2, 1, 1) pairs(unsigned *sums) { sums[blockIdx.x] = 1; }

int main() {
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("compute capability %d.%d, %zu KiB shared memory per block with opt-in\n", prop.major,
              prop.minor, prop.sharedMemPerBlockOptin / 1024);
  EXPECT(prop.major == 9 && prop.minor == 0);
  int clusterLaunch = -1;
  CHECK(cudaDeviceGetAttribute(&clusterLaunch, cudaDevAttrClusterLaunch, 0));
  EXPECT(clusterLaunch == 1);
  cudaFuncAttributes attributes;
  CHECK(cudaFuncGetAttributes(&attributes, clusterFacts));
  std::printf("kernel ptxVersion %d binaryVersion %d\n", attributes.ptxVersion,
              attributes.binaryVersion);

  const dim3 grid(3, 2);
  const int blocks = 6, threads = 64;
  unsigned *facts, *sums;
  CHECK(cudaMalloc(&facts, blocks * kFacts * sizeof(unsigned)));
  CHECK(cudaMalloc(&sums, blocks * sizeof(unsigned)));
  CHECK(cudaMemset(facts, 0xff, blocks * kFacts * sizeof(unsigned)));
  clusterFacts<<<grid, threads>>>(facts, sums);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  unsigned hostFacts[blocks * kFacts], hostSums[blocks];
  CHECK(cudaMemcpy(hostFacts, facts, sizeof(hostFacts), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hostSums, sums, sizeof(hostSums), cudaMemcpyDeviceToHost));
  for (int block = 0; block < blocks; ++block) {
    const unsigned *mine = hostFacts + kFacts * block;
    EXPECT(mine[0] == 0 && mine[1] == 1 && mine[2] == 0 && mine[3] == 1 && mine[4] == 0);
    EXPECT(mine[5] == unsigned(block % 3 + 100 * (block / 3)) && mine[6] == 3 + 100 * 2);
    EXPECT(hostSums[block] == threads * (threads + 1) / 2);
  }
  std::printf("clusters of one: rank 0 of 1, cluster (2,1) of (3,2), sum %u\n", hostSums[5]);

  // An explicit cluster of one block runs, and says it was named; so do clusters of 3 blocks
  // along x, and a kernel declared with clusters of 2.
  cudaLaunchConfig_t config = {};
  config.gridDim = grid;
  config.blockDim = threads;
  cudaLaunchAttribute attribute;
  attribute.id = cudaLaunchAttributeClusterDimension;
  attribute.val.clusterDim.x = 1;
  attribute.val.clusterDim.y = 1;
  attribute.val.clusterDim.z = 1;
  config.attrs = &attribute;
  config.numAttrs = 1;
  CHECK(cudaLaunchKernelEx(&config, clusterFacts, facts, sums));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(hostFacts, facts, sizeof(hostFacts), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hostSums, sums, sizeof(hostSums), cudaMemcpyDeviceToHost));
  EXPECT(hostSums[0] == threads * (threads + 1) / 2 && hostFacts[4] == 1);
  attribute.val.clusterDim.x = 3;
  CHECK(cudaLaunchKernelEx(&config, clusterFacts, facts, sums));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(hostFacts, facts, sizeof(hostFacts), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hostSums, sums, sizeof(hostSums), cudaMemcpyDeviceToHost));
  for (int block = 0; block < blocks; ++block) {
    const unsigned *mine = hostFacts + kFacts * block;
    EXPECT(mine[0] == unsigned(block % 3) && mine[1] == 3 && mine[2] == unsigned(block % 3));
    EXPECT(mine[3] == 3 && mine[4] == 1 && mine[5] == unsigned(100 * (block / 3)));
    EXPECT(mine[6] == 1 + 100 * 2 && hostSums[block] == threads * (threads + 1) / 2);
  }
  std::printf("cluster of 3 blocks: block 5 is rank %u of %u\n", hostFacts[kFacts * 5],
              hostFacts[kFacts * 5 + 1]);
  pairs<<<4, 32>>>(sums);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(hostSums, sums, 4 * sizeof(unsigned), cudaMemcpyDeviceToHost));
  EXPECT(hostSums[0] == 1 && hostSums[1] == 1 && hostSums[2] == 1 && hostSums[3] == 1);
  std::printf("__cluster_dims__(2, 1, 1): ran\n");
  CHECK(cudaFree(facts));
  CHECK(cudaFree(sums));
  std::printf("PASS arch_sm90\n");
  return 0;
}
