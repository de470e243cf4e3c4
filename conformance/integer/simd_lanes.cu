// SIMD-within-a-word intrinsics beyond the basics: signed and unsigned saturating add and
// subtract (each lane clamped to its range), signed absolute difference, and the signed and
// unsigned lane comparisons (all ones where true), on lanes that reach their limits.
// conform: tags=integer,saturation,simd
// expect: vaddss2 0x7fff8000 vsubss4 0x7f80fb05 vaddus4 0xff3002ff vsubus2 0x00000001
// expect: vabsdiffs4 0xff810505
// expect: vcmpgts2 0xffffffff vcmples4 0x00ffff00 vcmpgeu4 0x00ff00ff vcmpltu2 0xffffffff
// expect: PASS simd_lanes
#include "conform.h"

__global__ void simd(unsigned *u) {
  u[0] = __vaddss2(0x7ffe8001u, 0x0005fff0u);
  u[1] = __vsubss4(0x7f80050au, 0x80010a05u);
  u[2] = __vaddus4(0xf0100180u, 0x20200180u);
  u[3] = __vsubus2(0x00108000u, 0x00207fffu);
  u[4] = __vabsdiffs4(0x7f80050au, 0x80010a05u);
  u[5] = __vcmpgts2(0x7fff0001u, 0x8000ffffu);
  u[6] = __vcmples4(0x7f80050au, 0x80010a05u);
  u[7] = __vcmpgeu4(0x7f80050au, 0x80010a05u);
  u[8] = __vcmpltu2(0x7fff0001u, 0x8000ffffu);
}

int main() {
  unsigned *d, u[9];
  CHECK(cudaMalloc(&d, sizeof u));
  simd<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(u, d, sizeof u, cudaMemcpyDeviceToHost));
  std::printf("vaddss2 0x%08x vsubss4 0x%08x vaddus4 0x%08x vsubus2 0x%08x\n", u[0], u[1], u[2],
              u[3]);
  std::printf("vabsdiffs4 0x%08x\n", u[4]);
  std::printf("vcmpgts2 0x%08x vcmples4 0x%08x vcmpgeu4 0x%08x vcmpltu2 0x%08x\n", u[5], u[6],
              u[7], u[8]);
  std::printf("PASS simd_lanes\n");
  return 0;
}
