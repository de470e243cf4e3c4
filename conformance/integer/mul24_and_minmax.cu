// __mul24/__umul24 multiply the low 24 bits of their operands (sign-extended for __mul24);
// min, max, abs and the unsigned variants on extreme values.
// conform: tags=integer,intrinsics
// expect: mul24(0x1000003, 5)=15 mul24(0xffffff, 2)=-2 umul24(0xffffff, 2)=33554430
// expect: min(-2^31, 5)=-2147483648 umax(2^32-1, 0)=4294967295 abs(-2^31+1)=2147483647
// expect: PASS mul24_and_minmax
#include "conform.h"

__global__ void run(long long *o, int a, int b) {
  o[0] = __mul24(a, 5);
  o[1] = __mul24(b, 2);
  o[2] = __umul24((unsigned)b, 2u);
  o[3] = min((int)0x80000000, 5);
  o[4] = umax(0xffffffffu, 0u);
  o[5] = abs((int)0x80000001);
}

int main() {
  long long *d, h[6];
  CHECK(cudaMalloc(&d, sizeof h));
  run<<<1, 1>>>(d, 0x1000003, 0xffffff);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("mul24(0x1000003, 5)=%lld mul24(0xffffff, 2)=%lld umul24(0xffffff, 2)=%lld\n", h[0],
              h[1], h[2]);
  std::printf("min(-2^31, 5)=%lld umax(2^32-1, 0)=%lld abs(-2^31+1)=%lld\n", h[3], h[4], h[5]);
  std::printf("PASS mul24_and_minmax\n");
  return 0;
}
