// __half2 packing and unpacking: __halves2half2, __low2half, __high2half, __lowhigh2highlow,
// __low2float/__high2float and __floats2half2_rn keep the lanes in their documented places
// (low = .x, the first argument).
// conform: tags=conversion,half
// expect: halves2half2(1.5, -2) low 1.5 high -2, swapped low -2 high 1.5
// expect: floats2half2_rn(0.1, 3) as floats: 0.0999756 3
// expect: PASS half2_packing
#include "conform.h"

#include <cuda_fp16.h>

__global__ void pack(float *o) {
  __half2 p = __halves2half2(__float2half(1.5f), __float2half(-2.0f));
  o[0] = __half2float(__low2half(p));
  o[1] = __half2float(__high2half(p));
  __half2 s = __lowhigh2highlow(p);
  o[2] = __low2float(s);
  o[3] = __high2float(s);
  __half2 q = __floats2half2_rn(0.1f, 3.0f);
  o[4] = __low2float(q);
  o[5] = __high2float(q);
}

int main() {
  float *d, h[6];
  CHECK(cudaMalloc(&d, sizeof h));
  pack<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("halves2half2(1.5, -2) low %g high %g, swapped low %g high %g\n", h[0], h[1], h[2],
              h[3]);
  std::printf("floats2half2_rn(0.1, 3) as floats: %g %g\n", h[4], h[5]);
  std::printf("PASS half2_packing\n");
  return 0;
}
