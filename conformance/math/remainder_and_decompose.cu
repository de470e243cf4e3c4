// Exact functions: fmodf and remainderf (sign and tie rules), frexpf/ldexpf, modff, fdimf,
// copysignf, nextafterf, ilogbf and scalbnf are exact in CUDA (0 ulp).
// conform: tags=math,float,exact
// expect: fmod(7.5,2)=1.5 fmod(-7.5,2)=-1.5 remainder(7.5,2)=-0.5 remainder(5,2)=1
// expect: frexp(48)=0.75*2^6 ldexp(3,-2)=0.75 modf(-3.25)=-3+-0.25
// expect: fdim(2,5)=0 nextafter(1,2)-1=1.1920929e-07 ilogb(1000)=9 scalbn(1,10)=1024
// expect: PASS remainder_and_decompose
#include "conform.h"

__global__ void exact(float *o, int *e) {
  o[0] = fmodf(7.5f, 2.0f);
  o[1] = fmodf(-7.5f, 2.0f);
  o[2] = remainderf(7.5f, 2.0f);
  o[3] = remainderf(5.0f, 2.0f);
  o[4] = frexpf(48.0f, &e[0]);
  o[5] = ldexpf(3.0f, -2);
  float whole;
  o[6] = modff(-3.25f, &whole);
  o[7] = whole;
  o[8] = fdimf(2.0f, 5.0f);
  o[9] = nextafterf(1.0f, 2.0f) - 1.0f;
  e[1] = ilogbf(1000.0f);
  o[10] = scalbnf(1.0f, 10);
}

int main() {
  float *d, h[11];
  int *e, he[2];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMalloc(&e, sizeof he));
  exact<<<1, 1>>>(d, e);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(he, e, sizeof he, cudaMemcpyDeviceToHost));
  std::printf("fmod(7.5,2)=%g fmod(-7.5,2)=%g remainder(7.5,2)=%g remainder(5,2)=%g\n", h[0], h[1],
              h[2], h[3]);
  std::printf("frexp(48)=%g*2^%d ldexp(3,-2)=%g modf(-3.25)=%g+%g\n", h[4], he[0], h[5], h[7],
              h[6]);
  std::printf("fdim(2,5)=%g nextafter(1,2)-1=%.8g ilogb(1000)=%d scalbn(1,10)=%g\n", h[8], h[9],
              he[1], h[10]);
  std::printf("PASS remainder_and_decompose\n");
  return 0;
}
