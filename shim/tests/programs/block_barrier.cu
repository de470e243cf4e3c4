// cuda::barrier of block scope (<cuda/barrier>): tiles staged into shared memory by
// cuda::memcpy_async and waited for with arrive_and_wait, phase after phase; split arrive/wait
// with work between them; a completion function that runs once per phase before any waiter goes
// on; threads leaving with arrive_and_drop. Every result is checked against a CPU reference.
#include "check.h"

#include <cooperative_groups.h>
#include <cuda/barrier>
#include <utility>

namespace cg = cooperative_groups;

constexpr int kThreads = 128, kTiles = 6, kPhases = 5;

// Each block sums, for every tile of its slice, the tile read backwards times its position.
__global__ void stagedTiles(const int *in, long long *out) {
  __shared__ int tile[kThreads];
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  if (threadIdx.x == 0)
    init(&bar, blockDim.x);
  __syncthreads();
  cg::thread_block block = cg::this_thread_block();
  long long sum = 0;
  for (int t = 0; t < kTiles; ++t) {
    const int *source = in + (blockIdx.x * kTiles + t) * kThreads;
    cuda::memcpy_async(block, tile, source, sizeof(tile), bar);
    bar.arrive_and_wait();
    sum += (long long)tile[kThreads - 1 - threadIdx.x] * (t + 1);
    bar.arrive_and_wait(); // every thread has read the tile before the next copy overwrites it
  }
  out[blockIdx.x * kThreads + threadIdx.x] = sum;
}

// Counts completed phases; the barrier calls it once per phase, before releasing the waiters.
struct CountPhases {
  int *phases;
  __device__ void operator()() noexcept { ++*phases; }
};

// Split arrive/wait: each thread publishes a value, arrives, does unrelated work, then waits and
// reads its neighbour's value of the same phase. Half the threads leave after phase 2
// (arrive_and_drop); the rest go on with one fewer expected each.
__global__ void splitPhases(int *out, int *phasesSeen) {
  __shared__ int published[2][kThreads];
  __shared__ int phases;
  __shared__ cuda::barrier<cuda::thread_scope_block, CountPhases> bar;
  if (threadIdx.x == 0) {
    phases = 0;
    init(&bar, blockDim.x, CountPhases{&phases});
  }
  __syncthreads();
  const int me = threadIdx.x;
  const bool leaves = me % 2 == 1;
  int acc = 0;
  for (int phase = 0; phase < kPhases; ++phase) {
    if (leaves && phase == 2) {
      bar.arrive_and_drop();
      out[me] = acc;
      return;
    }
    published[phase % 2][me] = me * 10 + phase;
    auto token = bar.arrive();
    int local = 0;
    for (int k = 0; k <= me % 7; ++k)
      local += k * phase;
    bar.wait(std::move(token));
    // After phase 2 only even threads take part; the neighbour read is the next even one.
    const int step = phase < 2 ? 1 : 2;
    acc += published[phase % 2][(me + step) % kThreads] + local;
    if (me == 0)
      phasesSeen[phase] = phases;
    bar.arrive_and_wait(); // the slot is read before it is written again two phases on
  }
  out[me] = acc;
}

// One waiter alone in its warp (its warp-mates have returned) waits for another warp's threads,
// which arrive without waiting after writing what it then reads.
__global__ void loneWaiter(int *out) {
  __shared__ int written[kThreads / 2];
  __shared__ cuda::barrier<cuda::thread_scope_block> bar;
  if (threadIdx.x == 0)
    init(&bar, 1 + kThreads / 2);
  __syncthreads();
  if (threadIdx.x > 0 && threadIdx.x < kThreads / 2)
    return;
  if (threadIdx.x >= kThreads / 2) {
    written[threadIdx.x - kThreads / 2] = int(threadIdx.x) * 3;
    (void)bar.arrive();
    return;
  }
  bar.arrive_and_wait();
  int sum = 0;
  for (int i = 0; i < kThreads / 2; ++i)
    sum += written[i];
  *out = sum;
}

int main() {
  const int blocks = 3, n = blocks * kTiles * kThreads;
  int *hostIn = new int[n];
  for (int i = 0; i < n; ++i)
    hostIn[i] = (i * 37) % 1001 - 500;
  int *in;
  long long *out;
  CHECK(cudaMalloc(&in, n * sizeof(int)));
  CHECK(cudaMalloc(&out, blocks * kThreads * sizeof(long long)));
  CHECK(cudaMemcpy(in, hostIn, n * sizeof(int), cudaMemcpyHostToDevice));
  stagedTiles<<<blocks, kThreads>>>(in, out);
  CHECK(cudaGetLastError());
  long long got[blocks * kThreads];
  CHECK(cudaMemcpy(got, out, sizeof got, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; ++b)
    for (int x = 0; x < kThreads; ++x) {
      long long expected = 0;
      for (int t = 0; t < kTiles; ++t)
        expected += (long long)hostIn[(b * kTiles + t) * kThreads + kThreads - 1 - x] * (t + 1);
      EXPECT(got[b * kThreads + x] == expected);
    }
  std::printf("memcpy_async + arrive_and_wait over %d tiles ok: out[5] = %lld\n", kTiles, got[5]);

  int *splitOut, *phasesSeen;
  CHECK(cudaMalloc(&splitOut, kThreads * sizeof(int)));
  CHECK(cudaMalloc(&phasesSeen, kPhases * sizeof(int)));
  splitPhases<<<1, kThreads>>>(splitOut, phasesSeen);
  CHECK(cudaGetLastError());
  int split[kThreads], seen[kPhases];
  CHECK(cudaMemcpy(split, splitOut, sizeof split, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(seen, phasesSeen, sizeof seen, cudaMemcpyDeviceToHost));
  for (int me = 0; me < kThreads; ++me) {
    const bool leaves = me % 2 == 1;
    int expected = 0;
    for (int phase = 0; phase < (leaves ? 2 : kPhases); ++phase) {
      int local = 0;
      for (int k = 0; k <= me % 7; ++k)
        local += k * phase;
      const int step = phase < 2 ? 1 : 2;
      expected += ((me + step) % kThreads) * 10 + phase + local;
    }
    EXPECT(split[me] == expected);
  }
  // Two completions per loop round (the split wait and the closing arrive_and_wait); thread 0
  // reads the count after the first of round p: 2p + 1.
  for (int phase = 0; phase < kPhases; ++phase)
    EXPECT(seen[phase] == 2 * phase + 1);
  std::printf("split arrive/wait, completion and arrive_and_drop ok: out[6] = %d, phases %d\n",
              split[6], seen[kPhases - 1]);
  int *lone;
  CHECK(cudaMalloc(&lone, sizeof(int)));
  loneWaiter<<<1, kThreads>>>(lone);
  CHECK(cudaGetLastError());
  int loneSum = 0;
  CHECK(cudaMemcpy(&loneSum, lone, sizeof loneSum, cudaMemcpyDeviceToHost));
  EXPECT(loneSum == 3 * (kThreads / 2 + kThreads - 1) * (kThreads / 2) / 2);
  std::printf("a lone waiter sees the other warps' arrivals: %d\n", loneSum);
  CHECK(cudaFree(lone));
  CHECK(cudaFree(in));
  CHECK(cudaFree(out));
  CHECK(cudaFree(splitOut));
  CHECK(cudaFree(phasesSeen));
  delete[] hostIn;
  std::printf("PASS block_barrier\n");
  return 0;
}
