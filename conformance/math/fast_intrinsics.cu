// Fast-math intrinsics where CUDA documents exact results: __fdividef(x, y) is 0 for
// 2^126 < |y| < 2^128 (where x / y is a tiny nonzero number), __fmaf_rn is one rounding,
// __fmul_rz and __fmul_ru round an inexact product down and up; __frsqrt_rn(4) and
// __fsqrt_rn(16) are exact.
// conform: tags=math,float,intrinsics
// expect: __fdividef(1, 2^127) = 0, 1 / 2^127 nonzero: 1
// expect: __fmaf_rn(1+2^-23, 1-2^-23, -1) = -1.42108547e-14
// expect: (1+2^-23)^2: __fmul_rz 1.00000024 __fmul_ru 1.00000036
// expect: __frsqrt_rn(4) = 0.5, __fsqrt_rn(16) = 4
// expect: PASS fast_intrinsics
#include "conform.h"

__global__ void fast(float *o, float big) {
  o[0] = __fdividef(1.0f, big);
  o[1] = 1.0f / big;
  float a = 1.0f + 1.0f / 8388608, b = 1.0f - 1.0f / 8388608;
  o[2] = __fmaf_rn(a, b, -1.0f);
  o[3] = __fmul_rz(a, a);
  o[6] = __fmul_ru(a, a);
  o[4] = __frsqrt_rn(4.0f);
  o[5] = __fsqrt_rn(16.0f);
}

int main() {
  float *d, h[7];
  CHECK(cudaMalloc(&d, sizeof h));
  fast<<<1, 1>>>(d, 1.70141183e38f);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("__fdividef(1, 2^127) = %g, 1 / 2^127 nonzero: %d\n", h[0], h[1] != 0.0f);
  std::printf("__fmaf_rn(1+2^-23, 1-2^-23, -1) = %.9g\n", h[2]);
  std::printf("(1+2^-23)^2: __fmul_rz %.9g __fmul_ru %.9g\n", h[3], h[6]);
  std::printf("__frsqrt_rn(4) = %g, __fsqrt_rn(16) = %g\n", h[4], h[5]);
  std::printf("PASS fast_intrinsics\n");
  return 0;
}
