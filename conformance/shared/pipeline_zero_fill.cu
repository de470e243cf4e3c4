// The pipeline primitives (Programming Guide, "Pipeline Primitives Interface"):
// __pipeline_memcpy_async copies size bytes, of which the last zfill are written as zeros
// instead of being read; __pipeline_wait_prior(N) waits until at most N of the thread's committed
// batches are still pending, so after wait_prior(1) the first of two batches is complete.
// conform: tags=shared,async-copy
// expect: zero-filled: 1 0 3 0
// expect: second batch: 11 12 13 14
// expect: PASS pipeline_zero_fill
#include "conform.h"

#include <cuda_pipeline.h>

__global__ void copyBatches(const int2 *in, int2 *out) {
  __shared__ alignas(8) int2 first[64], second[64];
  int t = threadIdx.x;
  __pipeline_memcpy_async(&first[t], &in[t], sizeof(int2), 4); // the .y half is zero-filled
  __pipeline_commit();
  __pipeline_memcpy_async(&second[t], &in[64 + t], sizeof(int2));
  __pipeline_commit();
  __pipeline_wait_prior(1);
  out[t] = first[t];
  __pipeline_wait_prior(0);
  out[64 + t] = second[t];
}

int main() {
  int2 host[128];
  for (int i = 0; i < 128; ++i)
    host[i] = make_int2(2 * i + 1, 2 * i + 2);
  for (int i = 64; i < 128; ++i)
    host[i] = make_int2(10 + 2 * (i - 64) + 1, 10 + 2 * (i - 64) + 2);
  int2 *in, *out;
  CHECK(cudaMalloc(&in, sizeof host));
  CHECK(cudaMalloc(&out, sizeof host));
  CHECK(cudaMemcpy(in, host, sizeof host, cudaMemcpyHostToDevice));
  copyBatches<<<1, 64>>>(in, out);
  CHECK_LAUNCH();
  int2 got[128];
  CHECK(cudaMemcpy(got, out, sizeof got, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 64; ++i) {
    EXPECT(got[i].x == host[i].x && got[i].y == 0);
    EXPECT(got[64 + i].x == host[64 + i].x && got[64 + i].y == host[64 + i].y);
  }
  std::printf("zero-filled: %d %d %d %d\n", got[0].x, got[0].y, got[1].x, got[1].y);
  std::printf("second batch: %d %d %d %d\n", got[64].x, got[64].y, got[65].x, got[65].y);
  std::printf("PASS pipeline_zero_fill\n");
  return 0;
}
