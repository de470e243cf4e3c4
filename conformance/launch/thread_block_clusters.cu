// Thread block clusters (CUDA Programming Guide, "Thread Block Clusters" and "Distributed Shared
// Memory"; compute capability 9.0): blocks of a cluster reach each other's shared memory through
// cooperative groups' map_shared_rank after cluster.sync(), a cluster's rank runs x fastest, and
// a launch whose grid is not a multiple of the cluster shape is refused with
// cudaErrorInvalidClusterSize. Built as PTX for compute_90 alone (the last -arch wins over the
// suite's sm_80), which runs on a device of compute capability 9.0 (QIAO_EMU_CC=9.0 here).
// conform: tags=launch,clusters modes=shim,shim-static env=QIAO_EMU_CC=9.0
// conform: nvcc=-arch=compute_90
// expect: cluster launch 1
// expect: clusters of 4: every block read its neighbour's shared memory
// expect: grid of 6 in clusters of 4: cudaErrorInvalidClusterSize
// expect: PASS thread_block_clusters
#include "conform.h"

#include <cooperative_groups.h>

namespace cg = cooperative_groups;

__global__ void neighbours(int *out) {
  __shared__ int mine[32];
  cg::cluster_group cluster = cg::this_cluster();
  mine[threadIdx.x] = int(blockIdx.x * 100 + threadIdx.x);
  cluster.sync();
  unsigned right = (cluster.block_rank() + 1) % cluster.num_blocks();
  out[blockIdx.x * 32 + threadIdx.x] = cluster.map_shared_rank(mine, right)[threadIdx.x];
  cluster.sync();
}

int main() {
  int clusterLaunch = 0;
  CHECK(cudaDeviceGetAttribute(&clusterLaunch, cudaDevAttrClusterLaunch, 0));
  std::printf("cluster launch %d\n", clusterLaunch);
  EXPECT(clusterLaunch == 1);
  int *out;
  CHECK(cudaMalloc(&out, 8 * 32 * sizeof(int)));
  cudaLaunchAttribute attribute;
  attribute.id = cudaLaunchAttributeClusterDimension;
  attribute.val.clusterDim.x = 4;
  attribute.val.clusterDim.y = 1;
  attribute.val.clusterDim.z = 1;
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(8);
  config.blockDim = dim3(32);
  config.attrs = &attribute;
  config.numAttrs = 1;
  CHECK(cudaLaunchKernelEx(&config, neighbours, out));
  CHECK(cudaDeviceSynchronize());
  int host[8 * 32];
  CHECK(cudaMemcpy(host, out, sizeof(host), cudaMemcpyDeviceToHost));
  for (int b = 0; b < 8; ++b) {
    int right = b / 4 * 4 + (b % 4 + 1) % 4;
    for (int t = 0; t < 32; ++t)
      EXPECT(host[b * 32 + t] == right * 100 + t);
  }
  std::printf("clusters of 4: every block read its neighbour's shared memory\n");
  config.gridDim = dim3(6);
  cudaError_t refused = cudaLaunchKernelEx(&config, neighbours, out);
  std::printf("grid of 6 in clusters of 4: %s\n", cudaGetErrorName(refused));
  EXPECT(refused == cudaErrorInvalidClusterSize);
  CHECK(cudaFree(out));
  std::printf("PASS thread_block_clusters\n");
  return 0;
}
