// atomicAdd on __half and __half2 (sm_70+/sm_60+): small integers add exactly in half precision.
// conform: tags=atomics,half
// expect: half sum 256, half2 sums (128, -256)
// expect: PASS half_atomics
#include "conform.h"

#include <cuda_fp16.h>

__global__ void add(__half *h, __half2 *h2) {
  atomicAdd(h, __float2half(1.0f));
  atomicAdd(h2, __floats2half2_rn(0.5f, -1.0f));
}

int main() {
  __half *h;
  __half2 *h2;
  CHECK(cudaMalloc(&h, sizeof(__half)));
  CHECK(cudaMalloc(&h2, sizeof(__half2)));
  CHECK(cudaMemset(h, 0, sizeof(__half)));
  CHECK(cudaMemset(h2, 0, sizeof(__half2)));
  add<<<2, 128>>>(h, h2);
  CHECK_LAUNCH();
  __half r;
  __half2 r2;
  CHECK(cudaMemcpy(&r, h, sizeof r, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&r2, h2, sizeof r2, cudaMemcpyDeviceToHost));
  float2 f2 = __half22float2(r2);
  std::printf("half sum %g, half2 sums (%g, %g)\n", __half2float(r), f2.x, f2.y);
  std::printf("PASS half_atomics\n");
  return 0;
}
