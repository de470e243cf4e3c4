// A bulk copy multicast to the blocks of a thread block cluster (PTX ISA, cp.async.bulk with
// .multicast::cluster; compute capability 9.0): the data lands at the same CTA-relative
// shared-memory offset as dstMem in every block whose %cluster_ctarank bit is set in the 16-bit
// ctaMask, and the complete-tx of its size is signalled on the mbarrier at the same CTA-relative
// offset as mbar in each of those blocks; a block the mask leaves out is not written. Built as
// PTX for compute_90 alone, as thread_block_clusters is, and run on a device of compute
// capability 9.0 (QIAO_EMU_CC=9.0 here).
// conform: tags=launch,clusters,async modes=shim,shim-static env=QIAO_EMU_CC=9.0
// conform: nvcc=-arch=compute_90
// expect: mask 0xd: blocks 0 2 3 received rank 2's copy, block 1 kept its own
// expect: PASS cluster_multicast
#include "conform.h"

#include <cooperative_groups.h>

#include <cstdint>

namespace cg = cooperative_groups;

constexpr int kInts = 64; // 256 bytes: a multiple of 16
constexpr unsigned kBytes = kInts * sizeof(int);

// Rank 2 copies `in` to the blocks of `mask`; each named block expects the bytes on its own
// mbarrier and waits for them. Every block reports its tile.
__global__ void multicast(const int *in, int *out, unsigned mask) {
  __shared__ alignas(16) int tile[kInts];
  __shared__ alignas(8) uint64_t barrier;
  cg::cluster_group cluster = cg::this_cluster();
  const unsigned rank = cluster.block_rank();
  const bool named = (mask >> rank) & 1;
  const unsigned bar = unsigned(__cvta_generic_to_shared(&barrier));
  for (int i = threadIdx.x; i < kInts; i += blockDim.x)
    tile[i] = -1 - int(blockIdx.x);
  if (threadIdx.x == 0) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" ::"r"(bar) : "memory");
    asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
  }
  cluster.sync();
  if (threadIdx.x == 0 && named)
    asm volatile(
        "mbarrier.arrive.expect_tx.release.cluster.shared::cta.b64 _, [%0], %1;" ::"r"(bar),
        "r"(kBytes)
        : "memory");
  if (threadIdx.x == 0 && rank == 2)
    asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes"
                 ".multicast::cluster [%0], [%1], %2, [%3], %4;" ::"r"(
                     unsigned(__cvta_generic_to_shared(tile))),
                 "l"(in), "r"(kBytes), "r"(bar), "h"((unsigned short)mask)
                 : "memory");
  if (named) {
    unsigned done = 0;
    while (!done)
      asm volatile("{\n\t.reg .pred p;\n\t"
                   "mbarrier.try_wait.parity.acquire.cluster.shared::cta.b64 p, [%1], 0;\n\t"
                   "selp.u32 %0, 1, 0, p;\n\t}"
                   : "=r"(done)
                   : "r"(bar)
                   : "memory");
  }
  // Every named block has its bytes: a block left out reads its tile after the copy landed.
  cluster.sync();
  for (int i = threadIdx.x; i < kInts; i += blockDim.x)
    out[blockIdx.x * kInts + i] = tile[i];
}

int main() {
  const unsigned mask = 0xd; // ranks 0, 2 and 3
  int host[4 * kInts], input[kInts];
  for (int i = 0; i < kInts; ++i)
    input[i] = i * i + 7;
  int *in, *out;
  CHECK(cudaMalloc(&in, sizeof(input)));
  CHECK(cudaMalloc(&out, sizeof(host)));
  CHECK(cudaMemcpy(in, input, sizeof(input), cudaMemcpyHostToDevice));
  cudaLaunchAttribute attribute;
  attribute.id = cudaLaunchAttributeClusterDimension;
  attribute.val.clusterDim.x = 4;
  attribute.val.clusterDim.y = 1;
  attribute.val.clusterDim.z = 1;
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(4);
  config.blockDim = dim3(32);
  config.attrs = &attribute;
  config.numAttrs = 1;
  CHECK(cudaLaunchKernelEx(&config, multicast, (const int *)in, out, mask));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(host, out, sizeof(host), cudaMemcpyDeviceToHost));
  for (int b = 0; b < 4; ++b)
    for (int i = 0; i < kInts; ++i)
      EXPECT(host[b * kInts + i] == ((mask >> b) & 1 ? input[i] : -1 - b));
  std::printf("mask 0x%x: blocks 0 2 3 received rank 2's copy, block 1 kept its own\n", mask);
  CHECK(cudaFree(in));
  CHECK(cudaFree(out));
  std::printf("PASS cluster_multicast\n");
  return 0;
}
