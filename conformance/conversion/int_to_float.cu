// Integer-to-float conversions round as named: 2^24+1 is not representable in float, so _rn
// gives 2^24 (ties to even), _ru 2^24+2, _rd and _rz 2^24; 64-bit to double likewise at 2^53+1.
// conform: tags=conversion,rounding
// expect: 16777217: rn 16777216 rz 16777216 ru 16777218 rd 16777216
// expect: -16777217: rz -16777216 rd -16777218
// expect: 2^53+1 to double: rn 9007199254740992 ru 9007199254740994
// expect: uint 4294967295 -> rn 4294967296 rz 4294967040
// expect: PASS int_to_float
#include "conform.h"

__global__ void convert(double *o, int v, long long w, unsigned u) {
  o[0] = __int2float_rn(v), o[1] = __int2float_rz(v), o[2] = __int2float_ru(v);
  o[3] = __int2float_rd(v);
  o[4] = __int2float_rz(-v), o[5] = __int2float_rd(-v);
  o[6] = __ll2double_rn(w), o[7] = __ll2double_ru(w);
  o[8] = __uint2float_rn(u), o[9] = __uint2float_rz(u);
}

int main() {
  double *d, h[10];
  CHECK(cudaMalloc(&d, sizeof h));
  convert<<<1, 1>>>(d, 16777217, 9007199254740993LL, 4294967295u);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("16777217: rn %.0f rz %.0f ru %.0f rd %.0f\n", h[0], h[1], h[2], h[3]);
  std::printf("-16777217: rz %.0f rd %.0f\n", h[4], h[5]);
  std::printf("2^53+1 to double: rn %.0f ru %.0f\n", h[6], h[7]);
  std::printf("uint 4294967295 -> rn %.0f rz %.0f\n", h[8], h[9]);
  std::printf("PASS int_to_float\n");
  return 0;
}
