// Asynchronous copies waited for through cooperative groups and pipelines: cg::memcpy_async by a
// block with cg::wait, and by 32-thread tiles in element counts with cg::wait_prior; a
// double-buffered cuda::pipeline shared by the block (every thread produces and consumes, each
// batch copied by the whole block with cuda::memcpy_async); a pipeline whose first warp produces
// and whose other warps consume; and a pipeline of one thread with
// cuda::pipeline_consumer_wait_prior. Each thread reads what other threads copied, so every wait
// must cover the whole group's copies; results are checked against a CPU reference.
#include "check.h"

#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
#include <cuda/pipeline>

namespace cg = cooperative_groups;

constexpr int kThreads = 128, kBlocks = 3, kBatches = 6, kStages = 2;
constexpr int kPerBlock = kBatches * kThreads;

__global__ void groupCopies(const int *in, int *out) {
  __shared__ int tile[kThreads], perWarp[kThreads];
  cg::thread_block block = cg::this_thread_block();
  const int *source = in + blockIdx.x * kPerBlock;
  int t = threadIdx.x;
  cg::memcpy_async(block, tile, source, sizeof(tile));
  cg::wait(block);
  cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
  int *mine = perWarp + 32 * warp.meta_group_rank();
  // 32 elements: the destination's count, less than the source's.
  cg::memcpy_async(warp, mine, size_t(32), source + kThreads + 32 * warp.meta_group_rank(),
                   size_t(40));
  cg::wait_prior<0>(warp);
  out[blockIdx.x * 2 * kThreads + t] = tile[(t + 1) % kThreads];
  out[blockIdx.x * 2 * kThreads + kThreads + t] = mine[(warp.thread_rank() + 5) % 32];
}

// Batch b of the block's slice goes to stage b % kStages; a thread's sum reads another's element.
__global__ void sharedPipeline(const int *in, long long *out) {
  __shared__ int buffer[kStages][kThreads];
  __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, kStages> state;
  cg::thread_block block = cg::this_thread_block();
  cuda::pipeline<cuda::thread_scope_block> pipe = cuda::make_pipeline(block, &state);
  const int *slice = in + blockIdx.x * kPerBlock;
  int t = threadIdx.x;
  auto produce = [&](int batch) {
    pipe.producer_acquire();
    cuda::memcpy_async(block, buffer[batch % kStages], slice + batch * kThreads,
                       sizeof(int) * kThreads, pipe);
    pipe.producer_commit();
  };
  for (int batch = 0; batch < kStages; ++batch)
    produce(batch);
  long long sum = 0;
  for (int batch = 0; batch < kBatches; ++batch) {
    pipe.consumer_wait();
    sum += (long long)buffer[batch % kStages][(t + 7 * batch) % kThreads] * (batch + 1);
    pipe.consumer_release();
    if (batch + kStages < kBatches)
      produce(batch + kStages);
  }
  out[blockIdx.x * kThreads + t] = sum;
}

// Warp 0 produces every batch (each of its threads copies 4 elements); warps 1-3 consume.
__global__ void partitionedPipeline(const int *in, long long *out) {
  __shared__ int buffer[kStages][kThreads];
  __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, kStages> state;
  cg::thread_block block = cg::this_thread_block();
  auto pipe = cuda::make_pipeline(block, &state, 32);
  const int *slice = in + blockIdx.x * kPerBlock;
  int t = threadIdx.x;
  long long sum = 0;
  if (t < 32) {
    for (int batch = 0; batch < kBatches; ++batch) {
      pipe.producer_acquire();
      cuda::memcpy_async(&buffer[batch % kStages][4 * t], slice + batch * kThreads + 4 * t,
                         sizeof(int) * 4, pipe);
      pipe.producer_commit();
    }
  } else {
    for (int batch = 0; batch < kBatches; ++batch) {
      pipe.consumer_wait();
      for (int k = 0; k < 4; ++k)
        sum += buffer[batch % kStages][(t - 32 + 32 * k) % kThreads] ^ batch;
      pipe.consumer_release();
    }
  }
  out[blockIdx.x * kThreads + t] = sum;
}

// Each thread copies its own element through its own pipeline.
__global__ void threadPipeline(const int *in, int *out) {
  __shared__ int staged[kThreads];
  auto pipe = cuda::make_pipeline();
  int t = threadIdx.x;
  pipe.producer_acquire();
  cuda::memcpy_async(&staged[t], in + blockIdx.x * kPerBlock + t, sizeof(int), pipe);
  pipe.producer_commit();
  cuda::pipeline_consumer_wait_prior<0>(pipe);
  out[blockIdx.x * kThreads + t] = staged[t] * 3;
  pipe.consumer_release();
}

int main() {
  static int host[kBlocks * kPerBlock];
  for (int i = 0; i < kBlocks * kPerBlock; ++i)
    host[i] = (i * 37 + 11) % 1000 - 300;
  int *in, *copied, *single;
  long long *sums, *partitioned;
  CHECK(cudaMalloc(&in, sizeof host));
  CHECK(cudaMalloc(&copied, kBlocks * 2 * kThreads * sizeof(int)));
  CHECK(cudaMalloc(&single, kBlocks * kThreads * sizeof(int)));
  CHECK(cudaMalloc(&sums, kBlocks * kThreads * sizeof(long long)));
  CHECK(cudaMalloc(&partitioned, kBlocks * kThreads * sizeof(long long)));
  CHECK(cudaMemcpy(in, host, sizeof host, cudaMemcpyHostToDevice));
  groupCopies<<<kBlocks, kThreads>>>(in, copied);
  sharedPipeline<<<kBlocks, kThreads>>>(in, sums);
  partitionedPipeline<<<kBlocks, kThreads>>>(in, partitioned);
  threadPipeline<<<kBlocks, kThreads>>>(in, single);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  static int gotCopied[kBlocks * 2 * kThreads], gotSingle[kBlocks * kThreads];
  static long long gotSums[kBlocks * kThreads], gotPartitioned[kBlocks * kThreads];
  CHECK(cudaMemcpy(gotCopied, copied, sizeof gotCopied, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotSingle, single, sizeof gotSingle, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotSums, sums, sizeof gotSums, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotPartitioned, partitioned, sizeof gotPartitioned, cudaMemcpyDeviceToHost));
  long long total = 0, partitionedTotal = 0;
  for (int b = 0; b < kBlocks; ++b) {
    const int *slice = host + b * kPerBlock;
    for (int t = 0; t < kThreads; ++t) {
      EXPECT(gotCopied[b * 2 * kThreads + t] == slice[(t + 1) % kThreads]);
      int lane = t % 32, warp = t / 32;
      EXPECT(gotCopied[b * 2 * kThreads + kThreads + t] ==
             slice[kThreads + 32 * warp + (lane + 5) % 32]);
      EXPECT(gotSingle[b * kThreads + t] == slice[t] * 3);
      long long sum = 0, consumed = 0;
      for (int batch = 0; batch < kBatches; ++batch) {
        sum += (long long)slice[batch * kThreads + (t + 7 * batch) % kThreads] * (batch + 1);
        if (t >= 32)
          for (int k = 0; k < 4; ++k)
            consumed += slice[batch * kThreads + (t - 32 + 32 * k) % kThreads] ^ batch;
      }
      EXPECT(gotSums[b * kThreads + t] == sum);
      EXPECT(gotPartitioned[b * kThreads + t] == consumed);
      total += sum;
      partitionedTotal += consumed;
    }
  }
  std::printf("cg::memcpy_async and cg::wait by a block and by tiles ok\n");
  std::printf("block pipeline of %d stages over %d batches: %lld\n", kStages, kBatches, total);
  std::printf("one warp producing for three: %lld\n", partitionedTotal);
  std::printf("one thread's pipeline ok\n");
  std::printf("PASS async_pipelines\n");
  return 0;
}
