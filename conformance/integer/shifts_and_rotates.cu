// Shift semantics CUDA defines beyond C++: PTX shl/shr clamp the shift amount (a shift by 32 or
// more gives 0, or the sign for arithmetic shifts), reached through inline PTX; rotates through
// __funnelshift_l with equal halves.
// conform: tags=integer,shifts,inline-ptx modes=shim,shim-static,native
// expect: shl 40 -> 0x00000000 shr.u32 33 -> 0x00000000 shr.s32 99 of -8 -> -1
// expect: rotate left 8 of 0x12345678 -> 0x34567812
// expect: PASS shifts_and_rotates
#include "conform.h"

__global__ void shifts(int *o, unsigned v, unsigned big, int negative) {
  unsigned r;
  asm("shl.b32 %0, %1, %2;" : "=r"(r) : "r"(v), "r"(big));
  o[0] = (int)r;
  asm("shr.u32 %0, %1, %2;" : "=r"(r) : "r"(v), "r"(big - 7));
  o[1] = (int)r;
  int s;
  asm("shr.s32 %0, %1, %2;" : "=r"(s) : "r"(negative), "r"(big + 59));
  o[2] = s;
  o[3] = (int)__funnelshift_l(v, v, 8);
}

int main() {
  int *d, h[4];
  CHECK(cudaMalloc(&d, sizeof h));
  shifts<<<1, 1>>>(d, 0x12345678u, 40u, -8);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("shl 40 -> 0x%08x shr.u32 33 -> 0x%08x shr.s32 99 of -8 -> %d\n", (unsigned)h[0],
              (unsigned)h[1], h[2]);
  std::printf("rotate left 8 of 0x12345678 -> 0x%08x\n", (unsigned)h[3]);
  std::printf("PASS shifts_and_rotates\n");
  return 0;
}
