// cuda::barrier with cuda::memcpy_async (Programming Guide, "Asynchronous Data Copies"): the copy
// into shared memory is complete for every thread once the barrier phase it was issued in
// completes; a barrier completes a phase each time all `expected` threads have arrived, and
// arrive_and_drop lowers the count for later phases. The token of an arrival waits for that phase.
// conform: tags=shared,async-copy,barrier
// expect: tile reversed through memcpy_async: 255 254 1 0
// expect: phases completed: 3
// expect: PASS barrier_memcpy_async
#include "conform.h"

#include <cooperative_groups.h>
#include <cuda/barrier>

namespace cg = cooperative_groups;
using block_barrier = cuda::barrier<cuda::thread_scope_block>;

__global__ void reverseTile(const int *in, int *out, int *phases) {
  __shared__ alignas(16) int tile[256];
#pragma nv_diag_suppress static_var_with_dynamic_init
  __shared__ block_barrier bar;
  auto block = cg::this_thread_block();
  if (block.thread_rank() == 0)
    init(&bar, block.size());
  block.sync();
  cuda::memcpy_async(block, tile, in, sizeof(tile), bar);
  bar.arrive_and_wait(); // phase 0: the copy has landed
  out[threadIdx.x] = tile[255 - threadIdx.x];
  block_barrier::arrival_token token = bar.arrive(); // phase 1
  bar.wait(std::move(token));
  if (threadIdx.x >= 128) { // half the block leaves: phase 2 needs only the other half
    bar.arrive_and_drop();
    return;
  }
  bar.arrive_and_wait();
  if (threadIdx.x == 0)
    *phases = 3;
}

int main() {
  int host[256];
  for (int i = 0; i < 256; ++i)
    host[i] = i;
  int *in, *out, *phases;
  CHECK(cudaMalloc(&in, sizeof host));
  CHECK(cudaMalloc(&out, sizeof host));
  CHECK(cudaMalloc(&phases, sizeof(int)));
  CHECK(cudaMemcpy(in, host, sizeof host, cudaMemcpyHostToDevice));
  CHECK(cudaMemset(phases, 0, sizeof(int)));
  reverseTile<<<1, 256>>>(in, out, phases);
  CHECK_LAUNCH();
  int got[256], done = 0;
  CHECK(cudaMemcpy(got, out, sizeof got, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&done, phases, sizeof done, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 256; ++i)
    EXPECT(got[i] == 255 - i);
  std::printf("tile reversed through memcpy_async: %d %d %d %d\n", got[0], got[1], got[254],
              got[255]);
  std::printf("phases completed: %d\n", done);
  std::printf("PASS barrier_memcpy_async\n");
  return 0;
}
