// 64-bit bit intrinsics: __popcll, __clzll, __ffsll, __brevll, and the min/max/abs family for
// 64-bit and unsigned values (llmin, ullmax, llabs).
// conform: tags=integer,intrinsics,64-bit
// expect: popcll 64 clzll(1)=63 clzll(2^40)=23 ffsll(2^40)=41 brevll(1)=0x8000000000000000
// expect: llmin -5 ullmax 18446744073709551615 llabs 9000000000 umin 3
// expect: PASS bit_intrinsics_64
#include "conform.h"

__global__ void bits(unsigned long long *o, long long neg) {
  o[0] = __popcll(~0ull);
  o[1] = __clzll(1ll);
  o[2] = __clzll(1ll << 40);
  o[3] = __ffsll(1ll << 40);
  o[4] = __brevll(1ull);
  o[5] = (unsigned long long)llmin(neg, 7ll);
  o[6] = ullmax(~0ull, 5ull);
  o[7] = (unsigned long long)llabs(neg * 1800000000ll);
  o[8] = umin(3u, 4000000000u);
}

int main() {
  unsigned long long *d, h[9];
  CHECK(cudaMalloc(&d, sizeof h));
  bits<<<1, 1>>>(d, -5);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("popcll %llu clzll(1)=%llu clzll(2^40)=%llu ffsll(2^40)=%llu brevll(1)=0x%016llx\n",
              h[0], h[1], h[2], h[3], h[4]);
  std::printf("llmin %lld ullmax %llu llabs %llu umin %llu\n", (long long)h[5], h[6], h[7], h[8]);
  std::printf("PASS bit_intrinsics_64\n");
  return 0;
}
