// Thread block clusters on a device of compute capability 9.0 (QIAO_EMU_CC=9.0), built with
// -arch=sm_90: clusters of 2 and 4 blocks named at launch (cudaLaunchKernelEx) and compiled in
// (__cluster_dims__), distributed shared memory through cooperative groups' map_shared_rank and
// through mapa / st.shared::cluster / red.shared::cluster, cluster.sync(), an mbarrier in a
// peer block's shared memory, the cluster queries, CUDA's launch validation and the cluster
// occupancy queries. Every result is checked against a CPU reference.
#include "check.h"

#include <cooperative_groups.h>

#include <cstdint>
#include <vector>

namespace cg = cooperative_groups;

constexpr int kThreads = 64;

// Each block fills its shared memory, then reads its right-hand neighbour's in the cluster and
// adds one to a counter in every other block's shared memory; after a second cluster.sync()
// each block's counter holds the number of its peers.
__global__ void exchange(int *neighbour, int *counters) {
  __shared__ int values[kThreads];
  __shared__ int counter;
  cg::cluster_group cluster = cg::this_cluster();
  const unsigned rank = cluster.block_rank();
  const unsigned blocks = cluster.num_blocks();
  const unsigned block = blockIdx.x + gridDim.x * blockIdx.y;
  values[threadIdx.x] = int(block * 1000 + threadIdx.x);
  if (threadIdx.x == 0)
    counter = 0;
  cluster.sync();
  int *right = cluster.map_shared_rank(values, (rank + 1) % blocks);
  neighbour[block * kThreads + threadIdx.x] = right[threadIdx.x];
  if (threadIdx.x < blocks && threadIdx.x != rank)
    atomicAdd(cluster.map_shared_rank(&counter, threadIdx.x), 1);
  cluster.sync();
  if (threadIdx.x == 0)
    counters[block] = counter;
}

// A cluster shape compiled in: rank 0 sums the partial sums of its cluster's blocks.
__global__ void __cluster_dims__(4, 1, 1) clusterSum(const int *in, int *sums) {
  __shared__ int partial;
  cg::cluster_group cluster = cg::this_cluster();
  if (threadIdx.x == 0)
    partial = 0;
  __syncthreads();
  atomicAdd(&partial, in[blockIdx.x * blockDim.x + threadIdx.x]);
  cluster.sync();
  if (cluster.block_rank() == 0 && threadIdx.x == 0) {
    int total = 0;
    for (unsigned r = 0; r < cluster.num_blocks(); ++r)
      total += *cluster.map_shared_rank(&partial, r);
    sums[blockIdx.x / 4] = total;
  }
  cluster.sync(); // peers keep their shared memory until rank 0 has read it
}

constexpr int kFacts = 9;

// What each block learns about its cluster (a 2 x 2 cluster in a 4 x 2 grid).
__global__ void facts(unsigned *out) {
  cg::cluster_group cluster = cg::this_cluster();
  if (threadIdx.x != 1)
    return;
  unsigned *mine = out + kFacts * (blockIdx.x + gridDim.x * blockIdx.y);
  dim3 index = cluster.block_index();
  dim3 shape = cluster.dim_blocks();
  dim3 id = __clusterIdx();
  dim3 clusters = __clusterGridDimInClusters();
  mine[0] = cluster.block_rank();
  mine[1] = cluster.num_blocks();
  mine[2] = index.x + 10 * index.y;
  mine[3] = shape.x + 10 * shape.y;
  mine[4] = id.x + 10 * id.y;
  mine[5] = clusters.x + 10 * clusters.y;
  mine[6] = __clusterDimIsSpecified();
  mine[7] = cluster.num_threads();
  mine[8] = cluster.thread_rank();
}

// PTX's own spelling: each block but rank 0 stores its rank into rank 0's shared memory
// (st.shared::cluster), adds it (red.shared::cluster) and arrives on rank 0's mbarrier from
// afar; rank 0 waits for the barrier's phase and reports what arrived.
__global__ void remoteArrive(unsigned *out) {
  __shared__ uint64_t barrier;
  __shared__ unsigned slots[8];
  __shared__ unsigned sum;
  cg::cluster_group cluster = cg::this_cluster();
  const unsigned rank = cluster.block_rank();
  const unsigned blocks = cluster.num_blocks();
  const unsigned barrierAddress = unsigned(__cvta_generic_to_shared(&barrier));
  if (threadIdx.x == 0 && rank == 0) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(barrierAddress), "r"(blocks - 1));
    sum = 0;
  }
  cluster.sync();
  if (threadIdx.x == 0 && rank != 0) {
    unsigned slot, total, remoteBarrier;
    asm("mapa.shared::cluster.u32 %0, %1, 0;"
        : "=r"(slot)
        : "r"(unsigned(__cvta_generic_to_shared(&slots[rank]))));
    asm("mapa.shared::cluster.u32 %0, %1, 0;"
        : "=r"(total)
        : "r"(unsigned(__cvta_generic_to_shared(&sum))));
    asm("mapa.shared::cluster.u32 %0, %1, 0;" : "=r"(remoteBarrier) : "r"(barrierAddress));
    asm volatile("st.shared::cluster.u32 [%0], %1;" ::"r"(slot), "r"(rank * 10));
    asm volatile("red.shared::cluster.add.u32 [%0], %1;" ::"r"(total), "r"(rank) : "memory");
    asm volatile("mbarrier.arrive.release.cluster.shared::cluster.b64 _, [%0];" ::"r"(remoteBarrier)
                 : "memory");
  }
  if (threadIdx.x == 0 && rank == 0) {
    unsigned done = 0;
    while (!done)
      asm volatile("{\n\t.reg .pred p;\n\t"
                   "mbarrier.try_wait.parity.acquire.cluster.shared::cta.b64 p, [%1], 0;\n\t"
                   "selp.u32 %0, 1, 0, p;\n\t}"
                   : "=r"(done)
                   : "r"(barrierAddress)
                   : "memory");
    unsigned rankOfSum;
    asm("getctarank.shared::cluster.u32 %0, %1;"
        : "=r"(rankOfSum)
        : "r"(unsigned(__cvta_generic_to_shared(&sum))));
    unsigned slotSum = 0;
    for (unsigned r = 1; r < blocks; ++r)
      slotSum += slots[r];
    out[blockIdx.x / blocks * 3 + 0] = sum;
    out[blockIdx.x / blocks * 3 + 1] = slotSum;
    out[blockIdx.x / blocks * 3 + 2] = rankOfSum;
  }
  cluster.sync();
}

cudaLaunchAttribute clusterOf(unsigned x, unsigned y) {
  cudaLaunchAttribute attribute;
  attribute.id = cudaLaunchAttributeClusterDimension;
  attribute.val.clusterDim.x = x;
  attribute.val.clusterDim.y = y;
  attribute.val.clusterDim.z = 1;
  return attribute;
}

// Runs exchange with clusters of `clusterX` blocks over `clusters` clusters and checks every
// block against the CPU's answer.
int runExchange(unsigned clusterX, unsigned clusters) {
  const unsigned blocks = clusterX * clusters;
  int *neighbour, *counters;
  CHECK(cudaMalloc(&neighbour, blocks * kThreads * sizeof(int)));
  CHECK(cudaMalloc(&counters, blocks * sizeof(int)));
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(blocks);
  config.blockDim = dim3(kThreads);
  cudaLaunchAttribute attribute = clusterOf(clusterX, 1);
  config.attrs = &attribute;
  config.numAttrs = 1;
  CHECK(cudaLaunchKernelEx(&config, exchange, neighbour, counters));
  CHECK(cudaDeviceSynchronize());
  std::vector<int> got(blocks * kThreads), count(blocks);
  CHECK(cudaMemcpy(got.data(), neighbour, got.size() * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(count.data(), counters, count.size() * sizeof(int), cudaMemcpyDeviceToHost));
  for (unsigned b = 0; b < blocks; ++b) {
    unsigned first = b / clusterX * clusterX;
    unsigned right = first + (b - first + 1) % clusterX;
    for (unsigned t = 0; t < kThreads; ++t)
      EXPECT(got[b * kThreads + t] == int(right * 1000 + t));
    EXPECT(count[b] == int(clusterX - 1));
  }
  std::printf("clusters of %u: block %u read block %u's shared memory, %d peers added\n", clusterX,
              blocks - 1, blocks - clusterX, count[blocks - 1]);
  CHECK(cudaFree(neighbour));
  CHECK(cudaFree(counters));
  return 0;
}

int main() {
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  int clusterLaunch = -1;
  CHECK(cudaDeviceGetAttribute(&clusterLaunch, cudaDevAttrClusterLaunch, 0));
  std::printf("compute capability %d.%d, cluster launch %d\n", prop.major, prop.minor,
              clusterLaunch);
  EXPECT(clusterLaunch == 1 && prop.clusterLaunch == 1);

  if (runExchange(2, 3) || runExchange(4, 2))
    return 1;

  // A compiled-in shape, launched with <<<>>>.
  const int sumBlocks = 8;
  std::vector<int> input(sumBlocks * kThreads);
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = int(i % 97) - 40;
  int *in, *sums;
  CHECK(cudaMalloc(&in, input.size() * sizeof(int)));
  CHECK(cudaMalloc(&sums, 2 * sizeof(int)));
  CHECK(cudaMemcpy(in, input.data(), input.size() * sizeof(int), cudaMemcpyHostToDevice));
  clusterSum<<<sumBlocks, kThreads>>>(in, sums);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  int gotSums[2];
  CHECK(cudaMemcpy(gotSums, sums, sizeof(gotSums), cudaMemcpyDeviceToHost));
  for (int c = 0; c < 2; ++c) {
    int expected = 0;
    for (int i = c * 4 * kThreads; i < (c + 1) * 4 * kThreads; ++i)
      expected += input[i];
    EXPECT(gotSums[c] == expected);
  }
  std::printf("__cluster_dims__(4, 1, 1): sums %d %d\n", gotSums[0], gotSums[1]);
  cudaFuncAttributes attributes;
  CHECK(cudaFuncGetAttributes(&attributes, clusterSum));
  EXPECT(attributes.requiredClusterWidth == 4 && attributes.requiredClusterHeight == 1 &&
         attributes.requiredClusterDepth == 1);

  // Queries in a 2 x 2 cluster.
  unsigned *factsOut;
  const int factBlocks = 8;
  CHECK(cudaMalloc(&factsOut, factBlocks * kFacts * sizeof(unsigned)));
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(4, 2);
  config.blockDim = dim3(kThreads);
  cudaLaunchAttribute square = clusterOf(2, 2);
  config.attrs = &square;
  config.numAttrs = 1;
  CHECK(cudaLaunchKernelEx(&config, facts, factsOut));
  CHECK(cudaDeviceSynchronize());
  unsigned hostFacts[factBlocks * kFacts];
  CHECK(cudaMemcpy(hostFacts, factsOut, sizeof(hostFacts), cudaMemcpyDeviceToHost));
  for (unsigned y = 0; y < 2; ++y)
    for (unsigned x = 0; x < 4; ++x) {
      const unsigned *mine = hostFacts + kFacts * (x + 4 * y);
      unsigned rank = x % 2 + 2 * (y % 2);
      EXPECT(mine[0] == rank && mine[1] == 4);
      EXPECT(mine[2] == x % 2 + 10 * (y % 2) && mine[3] == 2 + 10 * 2);
      EXPECT(mine[4] == x / 2 + 10 * (y / 2) && mine[5] == 2 + 10 * 1);
      EXPECT(mine[6] == 1 && mine[7] == 4 * kThreads && mine[8] == rank * kThreads + 1);
    }
  std::printf("2x2 clusters: block (3,1) is rank %u of %u in cluster (1,0) of (2,1)\n",
              hostFacts[kFacts * 7], hostFacts[kFacts * 7 + 1]);

  // An mbarrier in rank 0's shared memory, arrived on from the other blocks.
  unsigned *arrived;
  CHECK(cudaMalloc(&arrived, 2 * 3 * sizeof(unsigned)));
  config.gridDim = dim3(8);
  cudaLaunchAttribute four = clusterOf(4, 1);
  config.attrs = &four;
  CHECK(cudaLaunchKernelEx(&config, remoteArrive, arrived));
  CHECK(cudaDeviceSynchronize());
  unsigned hostArrived[6];
  CHECK(cudaMemcpy(hostArrived, arrived, sizeof(hostArrived), cudaMemcpyDeviceToHost));
  for (int c = 0; c < 2; ++c)
    EXPECT(hostArrived[3 * c] == 1 + 2 + 3 && hostArrived[3 * c + 1] == 10 + 20 + 30 &&
           hostArrived[3 * c + 2] == 0);
  std::printf("remote mbarrier: sum %u, slots %u\n", hostArrived[0], hostArrived[1]);

  // Launch validation, as CUDA documents it; the context stays usable.
  config.gridDim = dim3(6);
  cudaLaunchAttribute bad = clusterOf(4, 1);
  config.attrs = &bad;
  cudaError_t notMultiple = cudaLaunchKernelEx(&config, facts, factsOut);
  bad = clusterOf(9, 1);
  config.gridDim = dim3(18);
  cudaError_t tooLarge = cudaLaunchKernelEx(&config, facts, factsOut);
  bad = clusterOf(0, 1);
  cudaError_t zero = cudaLaunchKernelEx(&config, facts, factsOut);
  bad = clusterOf(2, 1);
  config.gridDim = dim3(8);
  cudaError_t conflicting = cudaLaunchKernelEx(&config, clusterSum, in, sums);
  clusterSum<<<6, kThreads>>>(in, sums);
  cudaError_t compiledNotMultiple = cudaGetLastError();
  std::printf("grid 6 in clusters of 4: %s, cluster of 9: %s, cluster dimension 0: %s\n",
              cudaGetErrorName(notMultiple), cudaGetErrorName(tooLarge), cudaGetErrorName(zero));
  std::printf("__cluster_dims__(4) launched with clusters of 2: %s, with 6 blocks: %s\n",
              cudaGetErrorName(conflicting), cudaGetErrorName(compiledNotMultiple));
  EXPECT(notMultiple == cudaErrorInvalidClusterSize && tooLarge == cudaErrorInvalidClusterSize);
  EXPECT(zero == cudaErrorInvalidValue && conflicting == cudaErrorInvalidClusterSize);
  EXPECT(compiledNotMultiple == cudaErrorInvalidClusterSize);

  // Occupancy: the portable limit, the compiled shape, and clusters that fit at once.
  int potential = 0, compiled = 0, active = 0, perSm = 0;
  config.gridDim = dim3(8);
  bad = clusterOf(2, 1);
  CHECK(cudaOccupancyMaxPotentialClusterSize(&potential, exchange, &config));
  CHECK(cudaOccupancyMaxPotentialClusterSize(&compiled, clusterSum, &config));
  CHECK(cudaOccupancyMaxActiveClusters(&active, exchange, &config));
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, exchange, kThreads, 0));
  std::printf("occupancy: cluster size up to %d (compiled %d), %d clusters of 2 at once\n",
              potential, compiled, active);
  EXPECT(potential == 8 && compiled == 4 && active == perSm * prop.multiProcessorCount / 2);

  CHECK(cudaDeviceSynchronize());
  CHECK(cudaFree(in));
  CHECK(cudaFree(sums));
  CHECK(cudaFree(factsOut));
  CHECK(cudaFree(arrived));
  std::printf("PASS clusters\n");
  return 0;
}
