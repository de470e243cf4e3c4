// Saturating and SIMD-within-a-word intrinsics: __saturatef clamps to [0,1] (NaN to 0), __vaddss2
// and __vsubus4 saturate per lane, __vabsdiffu4 and __vcmpgtu4 work bytewise, __hadd/__rhadd
// average without overflow.
// conform: tags=integer,saturation,simd
// expect: saturatef: 0 1 0.25 0
// expect: vaddss2(0x7fff0001,0x00010001)=0x7fff0002 vsubus4(0x10203040,0x20202020)=0x00001020
// expect: vabsdiffu4(0x10ff0080,0x2000ff00)=0x10ffff80 vcmpgtu4(0x10ff0080,0x2000ff00)=0x00ff00ff
// expect: hadd(2147483647,1)=1073741824 rhadd(2,3)=3 uhadd(4294967295,1)=2147483648
// expect: PASS simd_saturation
#include "conform.h"

__global__ void sat(float *f, unsigned *u, float nan) {
  f[0] = __saturatef(-2.0f);
  f[1] = __saturatef(7.0f);
  f[2] = __saturatef(0.25f);
  f[3] = __saturatef(nan);
  u[0] = __vaddss2(0x7fff0001u, 0x00010001u);
  u[1] = __vsubus4(0x10203040u, 0x20202020u);
  u[2] = __vabsdiffu4(0x10ff0080u, 0x2000ff00u);
  u[3] = __vcmpgtu4(0x10ff0080u, 0x2000ff00u);
  u[4] = (unsigned)__hadd(2147483647, 1);
  u[5] = (unsigned)__rhadd(2, 3);
  u[6] = __uhadd(4294967295u, 1u);
}

int main() {
  float *df, f[4];
  unsigned *du, u[7];
  CHECK(cudaMalloc(&df, sizeof f));
  CHECK(cudaMalloc(&du, sizeof u));
  sat<<<1, 1>>>(df, du, __builtin_nanf(""));
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(f, df, sizeof f, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(u, du, sizeof u, cudaMemcpyDeviceToHost));
  std::printf("saturatef: %g %g %g %g\n", f[0], f[1], f[2], f[3]);
  std::printf("vaddss2(0x7fff0001,0x00010001)=0x%08x vsubus4(0x10203040,0x20202020)=0x%08x\n", u[0],
              u[1]);
  std::printf("vabsdiffu4(0x10ff0080,0x2000ff00)=0x%08x vcmpgtu4(0x10ff0080,0x2000ff00)=0x%08x\n",
              u[2], u[3]);
  std::printf("hadd(2147483647,1)=%d rhadd(2,3)=%d uhadd(4294967295,1)=%u\n", (int)u[4], (int)u[5],
              u[6]);
  std::printf("PASS simd_saturation\n");
  return 0;
}
