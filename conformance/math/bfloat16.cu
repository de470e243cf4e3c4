// __nv_bfloat16: 8 significant bits, float's range; conversions round to nearest even;
// arithmetic on exact values.
// conform: tags=math,bfloat16
// expect: 1/3 -> 0.333984, 257 -> 256, 259 -> 260, 1e38 finite 1
// expect: 1.5+2.25=3.75 3*-0.5=-1.5
// expect: PASS bfloat16
#include "conform.h"

#include <cuda_bf16.h>

__global__ void brain(float *o) {
  o[0] = __bfloat162float(__float2bfloat16(1.0f / 3.0f));
  o[1] = __bfloat162float(__float2bfloat16(257.0f));
  o[2] = __bfloat162float(__float2bfloat16(259.0f));
  o[3] = __bfloat162float(__float2bfloat16(1e38f));
  o[4] = __bfloat162float(__hadd(__float2bfloat16(1.5f), __float2bfloat16(2.25f)));
  o[5] = __bfloat162float(__hmul(__float2bfloat16(3.0f), __float2bfloat16(-0.5f)));
}

int main() {
  float *d, h[6];
  CHECK(cudaMalloc(&d, sizeof h));
  brain<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("1/3 -> %g, 257 -> %g, 259 -> %g, 1e38 finite %d\n", h[0], h[1], h[2],
              h[3] > 9e37f && h[3] < 2e38f);
  std::printf("1.5+2.25=%g 3*-0.5=%g\n", h[4], h[5]);
  std::printf("PASS bfloat16\n");
  return 0;
}
