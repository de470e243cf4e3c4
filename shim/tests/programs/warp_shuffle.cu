// Warp intrinsics: shuffle-down reduction, xor butterfly, broadcast, ballot and vote.
#include "check.h"

__global__ void warpOps(int *sums, int *butterfly, int *broadcast, unsigned *ballots, int *votes) {
  int lane = threadIdx.x % 32;
  int warp = threadIdx.x / 32;
  int value = lane + 1;
  int sum = value;
  for (int offset = 16; offset > 0; offset /= 2)
    sum += __shfl_down_sync(0xffffffffu, sum, offset);
  if (lane == 0)
    sums[warp] = sum;
  int x = value;
  for (int mask = 1; mask < 32; mask *= 2)
    x += __shfl_xor_sync(0xffffffffu, x, mask);
  butterfly[threadIdx.x] = x;
  broadcast[threadIdx.x] = __shfl_sync(0xffffffffu, lane * 10, 7);
  unsigned ballot = __ballot_sync(0xffffffffu, lane % 3 == 0);
  if (lane == 0)
    ballots[warp] = ballot;
  votes[threadIdx.x] = __all_sync(0xffffffffu, lane < 32) * 2 + __any_sync(0xffffffffu, lane == 31);
}

int main() {
  const int threads = 64;
  int *sums, *butterfly, *broadcast, *votes;
  unsigned *ballots;
  CHECK(cudaMalloc(&sums, 2 * sizeof(int)));
  CHECK(cudaMalloc(&butterfly, threads * sizeof(int)));
  CHECK(cudaMalloc(&broadcast, threads * sizeof(int)));
  CHECK(cudaMalloc(&ballots, 2 * sizeof(unsigned)));
  CHECK(cudaMalloc(&votes, threads * sizeof(int)));
  warpOps<<<1, threads>>>(sums, butterfly, broadcast, ballots, votes);
  CHECK(cudaDeviceSynchronize());
  int hs[2], hb[threads], hc[threads], hv[threads];
  unsigned hballots[2];
  CHECK(cudaMemcpy(hs, sums, sizeof hs, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hb, butterfly, sizeof hb, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hc, broadcast, sizeof hc, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hballots, ballots, sizeof hballots, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hv, votes, sizeof hv, cudaMemcpyDeviceToHost));
  EXPECT(hs[0] == 528 && hs[1] == 528);
  for (int i = 0; i < threads; ++i) {
    EXPECT(hb[i] == 528);
    EXPECT(hc[i] == 70);
    EXPECT(hv[i] == 3);
  }
  EXPECT(hballots[0] == 0x49249249u && hballots[1] == 0x49249249u);
  std::printf("shuffles ok\nballot 0x%08x\n", hballots[0]);
  std::printf("PASS warp_shuffle\n");
  return 0;
}
