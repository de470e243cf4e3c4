// IEEE special values through device arithmetic and the math library: NaN from invalid
// operations, signed infinities and zeros, fminf/fmaxf ignoring a NaN operand, copysign, and
// subnormals kept (no flush to zero without fast math).
// conform: tags=math,float,ieee,special-values
// expect: sqrt(-1) nan, 1/0 inf, -1/0 -inf, 0/0 nan, log(0) -inf, exp(1000) inf
// expect: fminf(nan,2) 2, fmaxf(3,nan) 3, copysignf(2,-0) -2, 1/-0 -inf
// expect: subnormal 2^-140 * 2^-5 = 2^-145 kept: 1
// expect: PASS special_values
#include "conform.h"

#include <cmath>

__global__ void specials(float *o, float zero, float minusOne) {
  o[0] = sqrtf(minusOne);
  o[1] = 1.0f / zero;
  o[2] = -1.0f / zero;
  o[3] = zero / zero;
  o[4] = logf(zero);
  o[5] = expf(1000.0f + zero);
  o[6] = fminf(zero / zero, 2.0f);
  o[7] = fmaxf(3.0f, zero / zero);
  o[8] = copysignf(2.0f, -zero);
  o[9] = 1.0f / -zero;
  float sub = ldexpf(1.0f, -140) + zero;
  o[10] = sub * ldexpf(1.0f, -5);
}

int main() {
  float *d, h[11];
  CHECK(cudaMalloc(&d, sizeof h));
  specials<<<1, 1>>>(d, 0.0f, -1.0f);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  auto show = [](float v) { return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"); };
  std::printf("sqrt(-1) %s, 1/0 %s, -1/0 %s, 0/0 %s, log(0) %s, exp(1000) %s\n", show(h[0]),
              show(h[1]), show(h[2]), show(h[3]), show(h[4]), show(h[5]));
  std::printf("fminf(nan,2) %g, fmaxf(3,nan) %g, copysignf(2,-0) %g, 1/-0 %s\n", h[6], h[7], h[8],
              show(h[9]));
  std::printf("subnormal 2^-140 * 2^-5 = 2^-145 kept: %d\n", h[10] == std::ldexp(1.0f, -145));
  std::printf("PASS special_values\n");
  return 0;
}
