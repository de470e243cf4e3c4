// The pre-Volta warp-synchronous idiom: the last 64 -> 1 steps of a block reduction and an
// inclusive warp scan through a volatile shared array with no __syncwarp(), relying on the lanes
// of a warp executing each statement together (all read before any writes). Four blocks of 64.
// conform: tags=warp,shared,volatile
// expect: sums 2080 6176 10272 14368
// expect: scan lane 0: 1, lane 1: 3, lane 31: 528; block 3 lane 31: 6672
// expect: PASS volatile_warp_synchronous
#include "conform.h"

__device__ void warpReduce(volatile int *sdata, unsigned tid) {
  sdata[tid] += sdata[tid + 32];
  sdata[tid] += sdata[tid + 16];
  sdata[tid] += sdata[tid + 8];
  sdata[tid] += sdata[tid + 4];
  sdata[tid] += sdata[tid + 2];
  sdata[tid] += sdata[tid + 1];
}

__global__ void blockSums(const int *in, int *sums) {
  __shared__ int sdata[64];
  const unsigned tid = threadIdx.x;
  sdata[tid] = in[blockIdx.x * 64 + tid];
  __syncthreads();
  if (tid < 32)
    warpReduce(sdata, tid);
  if (tid == 0)
    sums[blockIdx.x] = sdata[0];
}

__global__ void warpScan(const int *in, int *out) {
  __shared__ volatile int s[64];
  const unsigned tid = threadIdx.x, lane = tid % 32;
  s[tid] = in[blockIdx.x * 64 + tid];
  if (lane >= 1)
    s[tid] += s[tid - 1];
  if (lane >= 2)
    s[tid] += s[tid - 2];
  if (lane >= 4)
    s[tid] += s[tid - 4];
  if (lane >= 8)
    s[tid] += s[tid - 8];
  if (lane >= 16)
    s[tid] += s[tid - 16];
  out[blockIdx.x * 64 + tid] = s[tid];
}

int main() {
  const int n = 256;
  int h[n], *in, *sums, *scan;
  for (int i = 0; i < n; ++i)
    h[i] = i + 1;
  CHECK(cudaMalloc(&in, sizeof h));
  CHECK(cudaMalloc(&sums, 4 * sizeof(int)));
  CHECK(cudaMalloc(&scan, sizeof h));
  CHECK(cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice));
  blockSums<<<4, 64>>>(in, sums);
  CHECK_LAUNCH();
  warpScan<<<4, 64>>>(in, scan);
  CHECK_LAUNCH();
  int hs[4], hscan[n];
  CHECK(cudaMemcpy(hs, sums, sizeof hs, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hscan, scan, sizeof hscan, cudaMemcpyDeviceToHost));
  std::printf("sums %d %d %d %d\n", hs[0], hs[1], hs[2], hs[3]);
  std::printf("scan lane 0: %d, lane 1: %d, lane 31: %d; block 3 lane 31: %d\n", hscan[0],
              hscan[1], hscan[31], hscan[3 * 64 + 31]);
  for (int i = 0; i < n; ++i) {
    int expected = 0;
    for (int j = i - i % 32; j <= i; ++j)
      expected += h[j];
    EXPECT(hscan[i] == expected);
  }
  std::printf("PASS volatile_warp_synchronous\n");
  return 0;
}
