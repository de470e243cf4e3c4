// Float-to-integer conversions: the _rn/_rz/_ru/_rd intrinsics on halfway and negative values;
// out-of-range values saturate to the destination's limits and NaN converts to 0 (PTX cvt
// semantics: device code never traps or wraps here).
// conform: tags=conversion,rounding,saturation
// expect: 2.5: rn 2 rz 2 ru 3 rd 2; -2.5: rn -2 rz -2 ru -2 rd -3; 3.5 rn 4
// expect: 1e20 -> 2147483647, -1e20 -> -2147483648, nan -> 0
// expect: unsigned: -5 -> 0, 1e20 -> 4294967295; ll: 1e30 -> 9223372036854775807
// expect: PASS float_to_int
#include "conform.h"

__global__ void convert(long long *o, float half, float big, float nan) {
  o[0] = __float2int_rn(half), o[1] = __float2int_rz(half), o[2] = __float2int_ru(half);
  o[3] = __float2int_rd(half);
  o[4] = __float2int_rn(-half), o[5] = __float2int_rz(-half), o[6] = __float2int_ru(-half);
  o[7] = __float2int_rd(-half);
  o[8] = __float2int_rn(half + 1.0f);
  o[9] = __float2int_rz(big), o[10] = __float2int_rz(-big), o[11] = __float2int_rz(nan);
  o[12] = __float2uint_rz(-5.0f + half - 2.5f), o[13] = __float2uint_rz(big);
  o[14] = __float2ll_rz(big * 1e10f);
}

int main() {
  long long *d, h[15];
  CHECK(cudaMalloc(&d, sizeof h));
  convert<<<1, 1>>>(d, 2.5f, 1e20f, __builtin_nanf(""));
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("2.5: rn %lld rz %lld ru %lld rd %lld; -2.5: rn %lld rz %lld ru %lld rd %lld; 3.5 rn "
              "%lld\n",
              h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]);
  std::printf("1e20 -> %lld, -1e20 -> %lld, nan -> %lld\n", h[9], h[10], h[11]);
  std::printf("unsigned: -5 -> %lld, 1e20 -> %lld; ll: 1e30 -> %lld\n", h[12], h[13], h[14]);
  std::printf("PASS float_to_int\n");
  return 0;
}
