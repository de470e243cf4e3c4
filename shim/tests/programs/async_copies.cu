// Asynchronous copies and split arrive/wait barriers as CUDA 13 code writes them for sm_80:
// cuda::barrier with cuda::memcpy_async (the whole block, and one thread for all), a multi-stage
// cuda::pipeline, the __pipeline_memcpy_async primitives with a zero-filled tail, cooperative
// groups' memcpy_async + wait, and a producer warp feeding consumer warps through two barriers
// over many phases (the consumers spin in try_wait while the producer runs). Every result is
// checked against the same computation on the CPU.
#include "check.h"

#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
#include <cuda/barrier>
#include <cuda/pipeline>
#include <cuda_pipeline.h>

#include <vector>

namespace cg = cooperative_groups;
using block_barrier = cuda::barrier<cuda::thread_scope_block>;

constexpr int kTile = 256; // threads per block and ints per tile

// out = reverse of the block's tile of `in`, times 3.
__global__ void barrierCopy(const int *in, int *out) {
  __shared__ alignas(16) int tile[kTile];
#pragma nv_diag_suppress static_var_with_dynamic_init
  __shared__ block_barrier bar;
  auto block = cg::this_thread_block();
  if (block.thread_rank() == 0)
    init(&bar, block.size());
  block.sync();
  if (blockIdx.x % 2 == 0) {
    cuda::memcpy_async(block, tile, in + blockIdx.x * kTile, sizeof(tile), bar);
  } else if (threadIdx.x == 0) {
    cuda::memcpy_async(tile, in + blockIdx.x * kTile, cuda::aligned_size_t<16>(sizeof(tile)), bar);
  }
  bar.arrive_and_wait();
  out[blockIdx.x * kTile + threadIdx.x] = tile[kTile - 1 - threadIdx.x] * 3;
}

// Sums `stages` consecutive tiles through a 2-stage pipeline: out[t] = sum over s of in[s][t].
__global__ void pipelineSum(const int *in, int *out, int stages) {
  constexpr int kStages = 2;
  __shared__ alignas(16) int tile[kStages][kTile];
#pragma nv_diag_suppress static_var_with_dynamic_init
  __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, kStages> state;
  auto block = cg::this_thread_block();
  auto pipe = cuda::make_pipeline(block, &state);
  int fetched = 0, sum = 0;
  for (; fetched < kStages && fetched < stages; ++fetched) {
    pipe.producer_acquire();
    cuda::memcpy_async(block, tile[fetched % kStages], in + fetched * kTile,
                       cuda::aligned_size_t<16>(sizeof(tile[0])), pipe);
    pipe.producer_commit();
  }
  for (int s = 0; s < stages; ++s) {
    pipe.consumer_wait();
    sum += tile[s % kStages][threadIdx.x];
    block.sync(); // every thread has read the stage before it is refilled
    pipe.consumer_release();
    if (fetched < stages) {
      pipe.producer_acquire();
      cuda::memcpy_async(block, tile[fetched % kStages], in + fetched * kTile,
                         cuda::aligned_size_t<16>(sizeof(tile[0])), pipe);
      pipe.producer_commit();
      ++fetched;
    }
  }
  out[threadIdx.x] = sum;
}

// The primitives: each thread copies 8 bytes of which only `valid` come from memory (the rest
// is zero-filled), two batches in two commit groups.
__global__ void primitives(const int2 *in, int2 *out, int valid) {
  __shared__ alignas(8) int2 first[kTile], second[kTile];
  __pipeline_memcpy_async(&first[threadIdx.x], &in[threadIdx.x], sizeof(int2),
                          sizeof(int2) - valid);
  __pipeline_commit();
  __pipeline_memcpy_async(&second[threadIdx.x], &in[kTile + threadIdx.x], sizeof(int2));
  __pipeline_commit();
  __pipeline_wait_prior(1); // the first batch
  int2 a = first[threadIdx.x];
  __pipeline_wait_prior(0);
  int2 b = second[threadIdx.x];
  out[threadIdx.x] = make_int2(a.x + b.x, a.y + b.y);
}

// out = the block's tile + 1, copied by the group and awaited with cg::wait.
__global__ void groupCopy(const int *in, int *out) {
  __shared__ alignas(16) int tile[kTile];
  auto block = cg::this_thread_block();
  cg::memcpy_async(block, tile, in + blockIdx.x * kTile, sizeof(tile));
  cg::wait(block);
  out[blockIdx.x * kTile + threadIdx.x] = tile[(threadIdx.x + 1) % kTile] + 1;
}

// Thread 0 produces `rounds` values into a one-slot buffer; warps 1..7 consume each. `full` says
// a value is ready, `empty` that every consumer has read it: each warp that arrives first spins in
// try_wait until the others have run. At the end half the consumers leave `full` with
// arrive_and_drop, and the rest complete one more phase without them.
__global__ void producerConsumer(int *out, int rounds) {
  __shared__ int slot;
#pragma nv_diag_suppress static_var_with_dynamic_init
  __shared__ block_barrier full, empty;
  const int consumers = blockDim.x - 32;
  if (threadIdx.x == 0) {
    init(&full, blockDim.x);
    init(&empty, blockDim.x);
  }
  __syncthreads();
  int total = 0;
  for (int r = 0; r < rounds; ++r) {
    if (threadIdx.x == 0)
      slot = r * r + blockIdx.x;
    full.arrive_and_wait();
    if (threadIdx.x >= 32)
      total += slot;
    empty.arrive_and_wait();
  }
  if (threadIdx.x >= 32)
    out[blockIdx.x * consumers + threadIdx.x - 32] = total;
  if (threadIdx.x >= 32 + consumers / 2) {
    full.arrive_and_drop();
    return;
  }
  full.arrive_and_wait();
  if (threadIdx.x == 0)
    out[gridDim.x * consumers + blockIdx.x] = 1;
}

int main() {
  const int blocks = 4, n = blocks * kTile;
  std::vector<int> host(n);
  for (int i = 0; i < n; ++i)
    host[i] = (i * 37) % 1009 - 500;
  int *in, *out;
  CHECK(cudaMalloc(&in, n * sizeof(int)));
  CHECK(cudaMalloc(&out, 2 * n * sizeof(int)));
  CHECK(cudaMemcpy(in, host.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  std::vector<int> got(2 * n);

  barrierCopy<<<blocks, kTile>>>(in, out);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(got.data(), out, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; ++b)
    for (int t = 0; t < kTile; ++t)
      EXPECT(got[b * kTile + t] == host[b * kTile + kTile - 1 - t] * 3);
  std::printf("cuda::barrier + memcpy_async ok: out[1] = %d\n", got[1]);

  pipelineSum<<<1, kTile>>>(in, out, blocks);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(got.data(), out, kTile * sizeof(int), cudaMemcpyDeviceToHost));
  for (int t = 0; t < kTile; ++t) {
    int sum = 0;
    for (int s = 0; s < blocks; ++s)
      sum += host[s * kTile + t];
    EXPECT(got[t] == sum);
  }
  std::printf("cuda::pipeline of %d stages ok: out[7] = %d\n", blocks, got[7]);

  for (int valid : {0, 4, 8}) {
    primitives<<<1, kTile>>>(reinterpret_cast<const int2 *>(in), reinterpret_cast<int2 *>(out),
                             valid);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got.data(), out, 2 * kTile * sizeof(int), cudaMemcpyDeviceToHost));
    for (int t = 0; t < kTile; ++t) {
      int ax = valid >= 4 ? host[2 * t] : 0, ay = valid >= 8 ? host[2 * t + 1] : 0;
      EXPECT(got[2 * t] == ax + host[2 * kTile + 2 * t]);
      EXPECT(got[2 * t + 1] == ay + host[2 * kTile + 2 * t + 1]);
    }
  }
  std::printf("__pipeline_memcpy_async with zero fill ok\n");

  groupCopy<<<blocks, kTile>>>(in, out);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(got.data(), out, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; ++b)
    for (int t = 0; t < kTile; ++t)
      EXPECT(got[b * kTile + t] == host[b * kTile + (t + 1) % kTile] + 1);
  std::printf("cg::memcpy_async + cg::wait ok\n");

  const int rounds = 50, threads = 256, consumers = threads - 32;
  CHECK(cudaMemset(out, 0, 2 * n * sizeof(int)));
  producerConsumer<<<blocks, threads>>>(out, rounds);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(got.data(), out, (blocks * consumers + blocks) * sizeof(int),
                   cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; ++b) {
    int expected = 0;
    for (int r = 0; r < rounds; ++r)
      expected += r * r + b;
    for (int c = 0; c < consumers; ++c)
      EXPECT(got[b * consumers + c] == expected);
    EXPECT(got[blocks * consumers + b] == 1);
  }
  std::printf("producer/consumer over %d phases ok: %d\n", 2 * rounds, got[0]);
  CHECK(cudaFree(in));
  CHECK(cudaFree(out));
  std::printf("PASS async_copies\n");
  return 0;
}
