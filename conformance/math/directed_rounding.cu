// The rounding-mode intrinsics round as named: toward zero, up, down and to nearest even, for
// add, mul, div, sqrt and reciprocal, in single and double precision.
// conform: tags=math,rounding,float,double
// expect: 1+2^-30: rn 1 rz 1 ru 1.00000012 rd 1
// expect: -1-2^-30: rn -1 rz -1 ru -1 rd -1.00000012
// expect: 1/3: rn 0.333333343 rz 0.333333313 ru 0.333333343 rd 0.333333313
// expect: sqrt(2): rn 1.41421354 rz 1.41421354 ru 1.41421366 rd 1.41421354
// expect: rcp(3): ru 0.333333343 rd 0.333333313
// expect: double 1/3: rz 0.33333333333333331 ru 0.33333333333333337
// expect: PASS directed_rounding
#include "conform.h"

__global__ void rounding(float *f, double *d) {
  float tiny = 1.0f / (1 << 30);
  f[0] = __fadd_rn(1.0f, tiny), f[1] = __fadd_rz(1.0f, tiny), f[2] = __fadd_ru(1.0f, tiny);
  f[3] = __fadd_rd(1.0f, tiny);
  f[4] = __fadd_rn(-1.0f, -tiny), f[5] = __fadd_rz(-1.0f, -tiny), f[6] = __fadd_ru(-1.0f, -tiny);
  f[7] = __fadd_rd(-1.0f, -tiny);
  f[8] = __fdiv_rn(1.0f, 3.0f), f[9] = __fdiv_rz(1.0f, 3.0f), f[10] = __fdiv_ru(1.0f, 3.0f);
  f[11] = __fdiv_rd(1.0f, 3.0f);
  f[12] = __fsqrt_rn(2.0f), f[13] = __fsqrt_rz(2.0f), f[14] = __fsqrt_ru(2.0f);
  f[15] = __fsqrt_rd(2.0f);
  f[16] = __frcp_ru(3.0f), f[17] = __frcp_rd(3.0f);
  d[0] = __ddiv_rz(1.0, 3.0), d[1] = __ddiv_ru(1.0, 3.0);
}

int main() {
  float *df, h[18];
  double *dd, g[2];
  CHECK(cudaMalloc(&df, sizeof h));
  CHECK(cudaMalloc(&dd, sizeof g));
  rounding<<<1, 1>>>(df, dd);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, df, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(g, dd, sizeof g, cudaMemcpyDeviceToHost));
  std::printf("1+2^-30: rn %.9g rz %.9g ru %.9g rd %.9g\n", h[0], h[1], h[2], h[3]);
  std::printf("-1-2^-30: rn %.9g rz %.9g ru %.9g rd %.9g\n", h[4], h[5], h[6], h[7]);
  std::printf("1/3: rn %.9g rz %.9g ru %.9g rd %.9g\n", h[8], h[9], h[10], h[11]);
  std::printf("sqrt(2): rn %.9g rz %.9g ru %.9g rd %.9g\n", h[12], h[13], h[14], h[15]);
  std::printf("rcp(3): ru %.9g rd %.9g\n", h[16], h[17]);
  std::printf("double 1/3: rz %.17g ru %.17g\n", g[0], g[1]);
  std::printf("PASS directed_rounding\n");
  return 0;
}
