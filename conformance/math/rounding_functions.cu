// Rounding functions on halfway and negative values: rintf/nearbyintf (ties to even), roundf
// (ties away from zero), truncf, floorf, ceilf, and lrintf/llroundf.
// conform: tags=math,float,rounding
// expect: rint 2 -2 4 round 3 -3 4 trunc 2 -2 3 floor 2 -3 3 ceil 3 -2 4
// expect: lrint(2.5)=2 llround(-2.5)=-3 nearbyint(0.5)=0
// expect: PASS rounding_functions
#include "conform.h"

__global__ void rounding(float *o, long long *l, float a) {
  float v[3] = {a, -a, a + 1.0f};
  for (int i = 0; i < 3; ++i) {
    o[i] = rintf(v[i]);
    o[3 + i] = roundf(v[i]);
    o[6 + i] = truncf(v[i]);
    o[9 + i] = floorf(v[i]);
    o[12 + i] = ceilf(v[i]);
  }
  l[0] = lrintf(a);
  l[1] = llroundf(-a);
  o[15] = nearbyintf(a - 2.0f);
}

int main() {
  float *d, h[16];
  long long *l, hl[2];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMalloc(&l, sizeof hl));
  rounding<<<1, 1>>>(d, l, 2.5f);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hl, l, sizeof hl, cudaMemcpyDeviceToHost));
  std::printf("rint %g %g %g round %g %g %g trunc %g %g %g floor %g %g %g ceil %g %g %g\n", h[0],
              h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13],
              h[14]);
  std::printf("lrint(2.5)=%lld llround(-2.5)=%lld nearbyint(0.5)=%g\n", hl[0], hl[1], h[15]);
  std::printf("PASS rounding_functions\n");
  return 0;
}
