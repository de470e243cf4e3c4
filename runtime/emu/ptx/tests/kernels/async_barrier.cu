// Arrive/wait barriers and asynchronous copies as CUDA programs write them: cuda::barrier with
// cuda::memcpy_async, cuda::pipeline, cooperative groups' memcpy_async and wait, and (built for
// sm_90) the bulk copies cuda::memcpy_async makes of 16-byte aligned sizes. Each kernel reverses
// one tile of 256 ints per block: out[b * 256 + t] = in[b * 256 + 255 - t] * 2 + 1.
#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
#include <cuda/barrier>
#include <cuda/pipeline>

namespace cg = cooperative_groups;
using block_barrier = cuda::barrier<cuda::thread_scope_block>;

constexpr int kTile = 256;

__device__ void writeReversed(const int *tile, int *out) {
  out[blockIdx.x * kTile + threadIdx.x] = tile[kTile - 1 - threadIdx.x] * 2 + 1;
}

extern "C" __global__ void barrierCopy(const int *in, int *out) {
  __shared__ alignas(16) int tile[kTile];
#pragma nv_diag_suppress static_var_with_dynamic_init
  __shared__ block_barrier bar;
  auto block = cg::this_thread_block();
  if (block.thread_rank() == 0)
    init(&bar, block.size());
  block.sync();
  cuda::memcpy_async(block, tile, in + blockIdx.x * kTile, sizeof(tile), bar);
  bar.arrive_and_wait();
  writeReversed(tile, out);
}

extern "C" __global__ void pipelineCopy(const int *in, int *out) {
  __shared__ alignas(16) int tile[2][kTile / 2];
#pragma nv_diag_suppress static_var_with_dynamic_init
  __shared__ cuda::pipeline_shared_state<cuda::thread_scope_block, 2> state;
  auto block = cg::this_thread_block();
  auto pipe = cuda::make_pipeline(block, &state);
  for (int stage = 0; stage < 2; ++stage) {
    pipe.producer_acquire();
    cuda::memcpy_async(block, tile[stage], in + blockIdx.x * kTile + stage * kTile / 2,
                       cuda::aligned_size_t<16>(sizeof(tile[stage])), pipe);
    pipe.producer_commit();
  }
  // Nothing is produced after these two stages, so stage 0 stays readable once released.
  pipe.consumer_wait();
  pipe.consumer_release();
  pipe.consumer_wait();
  writeReversed(&tile[0][0], out);
  pipe.consumer_release();
}

extern "C" __global__ void groupCopy(const int *in, int *out) {
  __shared__ alignas(16) int tile[kTile];
  auto block = cg::this_thread_block();
  cg::memcpy_async(block, tile, in + blockIdx.x * kTile, sizeof(tile));
  cg::wait(block);
  writeReversed(tile, out);
}

// One thread starts the whole copy; every thread arrives and waits on the token.
extern "C" __global__ void singleThreadCopy(const int *in, int *out) {
  __shared__ alignas(16) int tile[kTile];
#pragma nv_diag_suppress static_var_with_dynamic_init
  __shared__ block_barrier bar;
  if (threadIdx.x == 0)
    init(&bar, blockDim.x);
  __syncthreads();
  if (threadIdx.x == 0)
    cuda::memcpy_async(tile, in + blockIdx.x * kTile, cuda::aligned_size_t<16>(sizeof(tile)), bar);
  block_barrier::arrival_token token = bar.arrive();
  bar.wait(std::move(token));
  writeReversed(tile, out);
}
