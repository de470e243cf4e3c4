// Bit reinterpretation intrinsics: __float_as_int/__int_as_float, __double_as_longlong,
// __double2hiint/__double2loint and __hiloint2double round-trip every bit, NaN payloads and -0
// included.
// conform: tags=conversion,bits
// expect: 1.0f 0x3f800000, -0.0f 0x80000000, nan payload kept 1
// expect: 1.0 0x3ff0000000000000 hi 0x3ff00000 lo 0x00000000, rebuilt 1
// expect: PASS reinterpret
#include "conform.h"

__global__ void bits(unsigned long long *o, float one, float negZero, int nanBits, double d) {
  o[0] = (unsigned)__float_as_int(one);
  o[1] = (unsigned)__float_as_int(negZero);
  o[2] = (unsigned)__float_as_int(__int_as_float(nanBits)) == (unsigned)nanBits;
  o[3] = (unsigned long long)__double_as_longlong(d);
  o[4] = (unsigned)__double2hiint(d);
  o[5] = (unsigned)__double2loint(d);
  o[6] = __hiloint2double(__double2hiint(d), __double2loint(d)) == d;
}

int main() {
  unsigned long long *dv, h[7];
  CHECK(cudaMalloc(&dv, sizeof h));
  bits<<<1, 1>>>(dv, 1.0f, -0.0f, 0x7fc12345, 1.0);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, dv, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("1.0f 0x%08llx, -0.0f 0x%08llx, nan payload kept %llu\n", h[0], h[1], h[2]);
  std::printf("1.0 0x%016llx hi 0x%08llx lo 0x%08llx, rebuilt %llu\n", h[3], h[4], h[5], h[6]);
  std::printf("PASS reinterpret\n");
  return 0;
}
