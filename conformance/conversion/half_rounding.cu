// float-to-half conversions with each rounding mode: 1 + 2^-11 lies halfway between two halves
// (ties to even gives 1), 1 + 3*2^-12 rounds up to nearest; overflow and the largest half.
// conform: tags=conversion,rounding,half
// expect: 1+2^-11: rn 1 rz 1 ru 1.00098 rd 1
// expect: 1+3*2^-12: rn 1.00098 rz 1 ru 1.00098 rd 1
// expect: 65520: rn inf rz 65504
// expect: PASS half_rounding
#include "conform.h"

#include <cuda_fp16.h>

__global__ void toHalf(float *o, float a, float b, float c) {
  o[0] = __half2float(__float2half_rn(a)), o[1] = __half2float(__float2half_rz(a));
  o[2] = __half2float(__float2half_ru(a)), o[3] = __half2float(__float2half_rd(a));
  o[4] = __half2float(__float2half_rn(b)), o[5] = __half2float(__float2half_rz(b));
  o[6] = __half2float(__float2half_ru(b)), o[7] = __half2float(__float2half_rd(b));
  o[8] = __half2float(__float2half_rn(c)), o[9] = __half2float(__float2half_rz(c));
}

int main() {
  float *d, h[10];
  CHECK(cudaMalloc(&d, sizeof h));
  toHalf<<<1, 1>>>(d, 1.0f + 1.0f / 2048, 1.0f + 3.0f / 4096, 65520.0f);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("1+2^-11: rn %g rz %g ru %g rd %g\n", h[0], h[1], h[2], h[3]);
  std::printf("1+3*2^-12: rn %g rz %g ru %g rd %g\n", h[4], h[5], h[6], h[7]);
  std::printf("65520: rn %g rz %g\n", h[8], h[9]);
  std::printf("PASS half_rounding\n");
  return 0;
}
