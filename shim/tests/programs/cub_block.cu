// CUB's block-level primitives from the toolkit's CCCL headers: BlockReduce, BlockScan,
// WarpReduce and BlockRadixSort, each checked against a host loop.
#include "check.h"

#include <cub/block/block_radix_sort.cuh>
#include <cub/block/block_reduce.cuh>
#include <cub/block/block_scan.cuh>
#include <cub/warp/warp_reduce.cuh>

constexpr int kThreads = 128;
constexpr int kItems = 4;

__global__ void blockReduceScan(const int *in, int *sums, int *scans) {
  using Reduce = cub::BlockReduce<int, kThreads>;
  using Scan = cub::BlockScan<int, kThreads>;
  __shared__ typename Reduce::TempStorage reduceStorage;
  __shared__ typename Scan::TempStorage scanStorage;
  int i = blockIdx.x * kThreads + threadIdx.x;
  int value = in[i];
  int total = Reduce(reduceStorage).Sum(value);
  if (threadIdx.x == 0)
    sums[blockIdx.x] = total;
  int prefix;
  Scan(scanStorage).ExclusiveSum(value, prefix);
  scans[i] = prefix;
}

__global__ void warpMax(const int *in, int *out) {
  using WarpReduce = cub::WarpReduce<int>;
  __shared__ typename WarpReduce::TempStorage storage[kThreads / 32];
  int warp = threadIdx.x / 32;
  int best = WarpReduce(storage[warp])
                 .Reduce(in[blockIdx.x * kThreads + threadIdx.x], cuda::maximum<int>{});
  if (threadIdx.x % 32 == 0)
    out[blockIdx.x * (kThreads / 32) + warp] = best;
}

__global__ void radixSort(const unsigned *in, unsigned *out) {
  using Sort = cub::BlockRadixSort<unsigned, kThreads, kItems>;
  __shared__ typename Sort::TempStorage storage;
  unsigned keys[kItems];
  for (int k = 0; k < kItems; ++k)
    keys[k] = in[threadIdx.x * kItems + k];
  Sort(storage).Sort(keys);
  for (int k = 0; k < kItems; ++k)
    out[threadIdx.x * kItems + k] = keys[k];
}

int main() {
  const int blocks = 3, n = blocks * kThreads;
  int host[n];
  for (int i = 0; i < n; ++i)
    host[i] = (i * 37) % 101 - 50;
  int *in, *sums, *scans, *maxima;
  CHECK(cudaMalloc(&in, sizeof host));
  CHECK(cudaMalloc(&sums, blocks * sizeof(int)));
  CHECK(cudaMalloc(&scans, sizeof host));
  CHECK(cudaMalloc(&maxima, n / 32 * sizeof(int)));
  CHECK(cudaMemcpy(in, host, sizeof host, cudaMemcpyHostToDevice));
  blockReduceScan<<<blocks, kThreads>>>(in, sums, scans);
  CHECK(cudaGetLastError());
  warpMax<<<blocks, kThreads>>>(in, maxima);
  CHECK(cudaGetLastError());
  int gotSums[blocks], gotScans[n], gotMax[n / 32];
  CHECK(cudaMemcpy(gotSums, sums, sizeof gotSums, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotScans, scans, sizeof gotScans, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotMax, maxima, sizeof gotMax, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; ++b) {
    int running = 0;
    for (int t = 0; t < kThreads; ++t) {
      EXPECT(gotScans[b * kThreads + t] == running);
      running += host[b * kThreads + t];
    }
    EXPECT(gotSums[b] == running);
  }
  std::printf("block reduce and scan ok\n");
  for (int w = 0; w < n / 32; ++w) {
    int best = host[w * 32];
    for (int l = 1; l < 32; ++l)
      best = host[w * 32 + l] > best ? host[w * 32 + l] : best;
    EXPECT(gotMax[w] == best);
  }
  std::printf("warp reduce ok\n");

  const int m = kThreads * kItems;
  unsigned keys[m], sorted[m];
  for (int i = 0; i < m; ++i)
    keys[i] = (i * 2654435761u) ^ (i << 7);
  unsigned *dKeys, *dSorted;
  CHECK(cudaMalloc(&dKeys, sizeof keys));
  CHECK(cudaMalloc(&dSorted, sizeof keys));
  CHECK(cudaMemcpy(dKeys, keys, sizeof keys, cudaMemcpyHostToDevice));
  radixSort<<<1, kThreads>>>(dKeys, dSorted);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(sorted, dSorted, sizeof sorted, cudaMemcpyDeviceToHost));
  unsigned reference[m];
  for (int i = 0; i < m; ++i)
    reference[i] = keys[i];
  for (int i = 1; i < m; ++i) // insertion sort: the host check stays independent of CUB
    for (int j = i; j > 0 && reference[j - 1] > reference[j]; --j) {
      unsigned t = reference[j];
      reference[j] = reference[j - 1];
      reference[j - 1] = t;
    }
  for (int i = 0; i < m; ++i)
    EXPECT(sorted[i] == reference[i]);
  std::printf("block radix sort ok\n");
  CHECK(cudaFree(in));
  CHECK(cudaFree(sums));
  CHECK(cudaFree(scans));
  CHECK(cudaFree(maxima));
  CHECK(cudaFree(dKeys));
  CHECK(cudaFree(dSorted));
  std::printf("PASS cub_block\n");
  return 0;
}
