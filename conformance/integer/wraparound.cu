// Integer arithmetic wraps modulo 2^N for unsigned types; signed narrowing conversions keep the
// low bits (two's complement); 64-bit arithmetic carries across 32 bits; shifts of 64-bit values.
// conform: tags=integer,overflow
// expect: 0xffffffff+1=0 0-1=4294967295 0x80000000*2=0
// expect: (char)300=44 (short)70000=4464 (int)0x1ffffffff=-1
// expect: 0xffffffff+1 as u64 = 4294967296, 1<<40 = 1099511627776, -1>>63 = -1, u64 max>>63 = 1
// expect: PASS wraparound
#include "conform.h"

__global__ void wrap(long long *o, unsigned big, unsigned zero, int three00, int seventyK,
                     long long wide) {
  o[0] = (unsigned)(big + 1u);
  o[1] = (unsigned)(zero - 1u);
  o[2] = (unsigned)(0x80000000u * (zero + 2u));
  o[3] = (signed char)three00;
  o[4] = (short)seventyK;
  o[5] = (int)wide;
  o[6] = (long long)big + 1;
  o[7] = 1LL << (40 + zero);
  o[8] = (-1LL - zero) >> 63;
  o[9] = (long long)(~0ull >> (63 + zero));
}

int main() {
  long long *d, h[10];
  CHECK(cudaMalloc(&d, sizeof h));
  wrap<<<1, 1>>>(d, 0xffffffffu, 0u, 300, 70000, 0x1ffffffffLL);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("0xffffffff+1=%lld 0-1=%lld 0x80000000*2=%lld\n", h[0], h[1], h[2]);
  std::printf("(char)300=%lld (short)70000=%lld (int)0x1ffffffff=%lld\n", h[3], h[4], h[5]);
  std::printf("0xffffffff+1 as u64 = %lld, 1<<40 = %lld, -1>>63 = %lld, u64 max>>63 = %lld\n", h[6],
              h[7], h[8], h[9]);
  std::printf("PASS wraparound\n");
  return 0;
}
