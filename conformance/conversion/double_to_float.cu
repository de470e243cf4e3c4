// Double-to-float narrowing with each rounding mode, overflow to infinity (rn) or to the largest
// float (rz), and the result of narrowing a value below float's subnormal range.
// conform: tags=conversion,rounding,double
// expect: 1/3: rn 0.333333343 rz 0.333333313 ru 0.333333343 rd 0.333333313
// expect: 1e39: rn inf rz 3.40282347e+38
// expect: 1e-50 rn 0 ru 1.40129846e-45
// expect: PASS double_to_float
#include "conform.h"

__global__ void narrow(float *o, double third, double huge, double tiny) {
  o[0] = __double2float_rn(third), o[1] = __double2float_rz(third);
  o[2] = __double2float_ru(third), o[3] = __double2float_rd(third);
  o[4] = __double2float_rn(huge), o[5] = __double2float_rz(huge);
  o[6] = __double2float_rn(tiny), o[7] = __double2float_ru(tiny);
}

int main() {
  float *d, h[8];
  CHECK(cudaMalloc(&d, sizeof h));
  narrow<<<1, 1>>>(d, 1.0 / 3.0, 1e39, 1e-50);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("1/3: rn %.9g rz %.9g ru %.9g rd %.9g\n", h[0], h[1], h[2], h[3]);
  std::printf("1e39: rn %g rz %.9g\n", h[4], h[5]);
  std::printf("1e-50 rn %g ru %.9g\n", h[6], h[7]);
  std::printf("PASS double_to_float\n");
  return 0;
}
