// Half and bfloat16 functions whose PTX packs, compares or approximates in 16 bits: conversions of
// float pairs (cvt.rn.f16x2.f32, .bf16x2), hexp/hlog/hsin (set.*.f16), packed comparisons
// (set.*.f16x2), __hisnan, htanh; and device printf's `*` widths and h/hh length modifiers.
#include "check.h"

#include <cmath>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

__global__ void halves(float *out) {
  __half2 pair = __floats2half2_rn(1.5f, -2.25f);
  out[0] = __low2float(pair);
  out[1] = __high2float(pair);
  __nv_bfloat162 bpair = __floats2bfloat162_rn(3.0f, 0.5f);
  out[2] = __low2float(bpair);
  out[3] = __high2float(bpair);
  __half x = __float2half(0.5f);
  out[4] = __half2float(hexp(x));
  out[5] = __half2float(hlog(__float2half(2.0f)));
  out[6] = __half2float(hsin(x));
  out[7] = __half2float(htanh(x));
  __half2 a = __floats2half2_rn(1.0f, 2.0f), b = __floats2half2_rn(1.0f, 3.0f);
  __half2 eq = __heq2(a, b);
  out[8] = __low2float(eq);
  out[9] = __high2float(eq);
  out[10] = __hbeq2(a, a) ? 1.0f : 0.0f;
  out[11] = __hisnan(__float2half(nanf(""))) ? 1.0f : 0.0f;
  printf("[%*d][%-*d][%hhd][%hd]\n", 5, 42, 4, 7, 300, 70000);
}

int main() {
  float *out;
  CHECK(cudaMallocManaged(&out, 12 * sizeof(float)));
  halves<<<1, 1>>>(out);
  CHECK(cudaDeviceSynchronize());
  EXPECT(out[0] == 1.5f && out[1] == -2.25f && out[2] == 3.0f && out[3] == 0.5f);
  // Half results within half precision (2^-10 relative) of the float ones.
  EXPECT(std::fabs(out[4] - std::exp(0.5f)) < 2e-3f);
  EXPECT(std::fabs(out[5] - std::log(2.0f)) < 2e-3f);
  EXPECT(std::fabs(out[6] - std::sin(0.5f)) < 2e-3f);
  EXPECT(std::fabs(out[7] - std::tanh(0.5f)) < 2e-3f);
  EXPECT(out[8] == 1.0f && out[9] == 0.0f && out[10] == 1.0f && out[11] == 1.0f);
  std::printf("half functions ok\n");
  std::printf("PASS half_functions\n");
  return 0;
}
