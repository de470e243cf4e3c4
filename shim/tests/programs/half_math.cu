// cuda_fp16.h: __half and half2 arithmetic (add, mul, fma, hmax, comparisons), conversions both
// ways and __half2float of a packed reduction. Inputs are small integers and halves so every
// result is exact in half precision and the host check can demand equality.
#include "check.h"

#include <cuda_fp16.h>

__global__ void halves(const float *in, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  __half x = __float2half(in[i]);
  __half y = __float2half(0.5f);
  __half r = __hfma(x, y, __float2half(1.0f)); // x / 2 + 1
  r = __hadd(r, __hmul(x, x));                 // + x^2
  r = __hmax(r, __float2half(-4.0f));
  out[4 * i] = __half2float(r);
  __half2 pair = __halves2half2(x, __hneg(x));
  __half2 twice = __hadd2(pair, pair);
  __half2 prod = __hmul2(twice, __float2half2_rn(0.25f));
  out[4 * i + 1] = __low2float(prod);
  out[4 * i + 2] = __high2float(prod);
  out[4 * i + 3] = __hlt(x, __float2half(0.0f)) ? 1.0f : 0.0f;
}

int main() {
  const int n = 64;
  float host[n], got[4 * n];
  for (int i = 0; i < n; ++i)
    host[i] = (i - 32) * 0.5f;
  float *in, *out;
  CHECK(cudaMalloc(&in, sizeof host));
  CHECK(cudaMalloc(&out, sizeof got));
  CHECK(cudaMemcpy(in, host, sizeof host, cudaMemcpyHostToDevice));
  halves<<<2, 32>>>(in, out, n);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(got, out, sizeof got, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    float x = host[i];
    float r = x * 0.5f + 1.0f + x * x;
    r = r > -4.0f ? r : -4.0f;
    EXPECT(got[4 * i] == r);
    EXPECT(got[4 * i + 1] == x * 0.5f);
    EXPECT(got[4 * i + 2] == -x * 0.5f);
    EXPECT(got[4 * i + 3] == (x < 0 ? 1.0f : 0.0f));
  }
  std::printf("half(3.5) -> %.2f\n", got[4 * 39]);
  CHECK(cudaFree(in));
  CHECK(cudaFree(out));
  std::printf("PASS half_math\n");
  return 0;
}
