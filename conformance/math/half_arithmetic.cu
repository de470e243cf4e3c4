// __half: conversions round to nearest even, arithmetic on values exact in half precision,
// rounding at the top of the range (65512 down to 65504, 65520 up to infinity), and __half2
// lane-wise operations.
// conform: tags=math,half
// expect: 1/3 as half = 0.333252, 2049 -> 2048, 2051 -> 2052, 70000 -> inf
// expect: 1.5+2.25=3.75 1.5*2.25=3.375 fma(1.5,2,0.25)=3.25 65504+8=65504 65504+16=inf
// expect: half2 (1.5,-2)+(0.5,4) = (2,2)
// expect: PASS half_arithmetic
#include "conform.h"

#include <cuda_fp16.h>

__global__ void halves(float *o) {
  o[0] = __half2float(__float2half_rn(1.0f / 3.0f));
  o[1] = __half2float(__float2half_rn(2049.0f));
  o[2] = __half2float(__float2half_rn(2051.0f));
  o[3] = __half2float(__float2half_rn(70000.0f));
  __half a = __float2half(1.5f), b = __float2half(2.25f);
  o[4] = __half2float(__hadd(a, b));
  o[5] = __half2float(__hmul(a, b));
  o[6] = __half2float(__hfma(a, __float2half(2.0f), __float2half(0.25f)));
  __half big = __float2half(65504.0f);
  o[7] = __half2float(__hadd(big, __float2half(8.0f)));
  o[8] = __half2float(__hadd(big, __float2half(16.0f)));
  __half2 p = __floats2half2_rn(1.5f, -2.0f), q = __floats2half2_rn(0.5f, 4.0f);
  float2 r = __half22float2(__hadd2(p, q));
  o[9] = r.x, o[10] = r.y;
}

int main() {
  float *d, h[11];
  CHECK(cudaMalloc(&d, sizeof h));
  halves<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("1/3 as half = %g, 2049 -> %g, 2051 -> %g, 70000 -> %g\n", h[0], h[1], h[2], h[3]);
  std::printf("1.5+2.25=%g 1.5*2.25=%g fma(1.5,2,0.25)=%g 65504+8=%g 65504+16=%g\n", h[4], h[5],
              h[6], h[7], h[8]);
  std::printf("half2 (1.5,-2)+(0.5,4) = (%g,%g)\n", h[9], h[10]);
  std::printf("PASS half_arithmetic\n");
  return 0;
}
