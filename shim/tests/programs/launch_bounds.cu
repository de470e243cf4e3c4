// __launch_bounds__ with a fully unrolled inner loop over a register array (the shape of tuned
// stencil and GEMM kernels): many registers, long straight-line PTX.
#include "check.h"

constexpr int kTaps = 32;
constexpr int kPerThread = 8;

__global__ void __launch_bounds__(256, 2)
    stencil(const float *in, const float *taps, float *out, int n) {
  float weights[kTaps];
#pragma unroll
  for (int t = 0; t < kTaps; ++t)
    weights[t] = taps[t];
  int base = (blockIdx.x * blockDim.x + threadIdx.x) * kPerThread;
#pragma unroll
  for (int k = 0; k < kPerThread; ++k) {
    int i = base + k;
    if (i >= n)
      break;
    float acc = 0.0f;
#pragma unroll
    for (int t = 0; t < kTaps; ++t)
      acc += weights[t] * in[i + t];
    out[i] = acc;
  }
}

int main() {
  const int n = 4096;
  static float host[n + kTaps], got[n];
  float taps[kTaps];
  for (int i = 0; i < n + kTaps; ++i)
    host[i] = static_cast<float>((i * 13) % 17 - 8);
  for (int t = 0; t < kTaps; ++t)
    taps[t] = static_cast<float>(t % 5 - 2);
  float *in, *dTaps, *out;
  CHECK(cudaMalloc(&in, sizeof host));
  CHECK(cudaMalloc(&dTaps, sizeof taps));
  CHECK(cudaMalloc(&out, sizeof got));
  CHECK(cudaMemcpy(in, host, sizeof host, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dTaps, taps, sizeof taps, cudaMemcpyHostToDevice));
  cudaFuncAttributes attributes;
  CHECK(cudaFuncGetAttributes(&attributes, stencil));
  EXPECT(attributes.maxThreadsPerBlock >= 256);
  int threads = 256, blocks = (n / kPerThread + threads - 1) / threads;
  stencil<<<blocks, threads>>>(in, dTaps, out, n);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(got, out, sizeof got, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    float acc = 0.0f; // small integers: every partial sum is exact, order does not matter
    for (int t = 0; t < kTaps; ++t)
      acc += taps[t] * host[i + t];
    EXPECT(got[i] == acc);
  }
  std::printf("out[100] = %.1f\n", got[100]);
  CHECK(cudaFree(in));
  CHECK(cudaFree(dTaps));
  CHECK(cudaFree(out));
  std::printf("PASS launch_bounds\n");
  return 0;
}
