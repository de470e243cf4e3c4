// Integer intrinsics: __mulhi/__umulhi/__mul64hi/__umul64hi, __popc, __clz, __ffs, __brev,
// __byte_perm, __sad, and funnel shifts whose shift amount wraps (__funnelshift_l) or clamps
// (__funnelshift_lc).
// conform: tags=integer,intrinsics
// expect: mulhi(-7,-2^31)=3 umulhi(2^32-1,2^32-1)=4294967294
// expect: mul64hi(-1,2^63)=0 umul64hi(2^64-1,3)=2
// expect: popc 16 clz(1)=31 clz(0)=32 ffs(0)=0 ffs(8)=4 brev(1)=0x80000000
// expect: byte_perm 0x44332211 -> 0x11223344, sad(3,10,5)=12
// expect: funnelshift_l 36 -> 0x23456788 funnelshift_lc 36 -> 0x89abcdef
// expect: PASS mul_hi_and_bits
#include "conform.h"

__global__ void bits(long long *o) {
  o[0] = __mulhi(-7, (int)0x80000000); // -7 * -2^31 = 3 * 2^32 + 2^31
  o[1] = __umulhi(0xffffffffu, 0xffffffffu);
  o[2] = __mul64hi(-1LL, (long long)0x8000000000000000ull);
  o[3] = (long long)__umul64hi(~0ull, 3ull);
  o[4] = __popc(0x0f0f0f0f);
  o[5] = __clz(1);
  o[6] = __clz(0);
  o[7] = __ffs(0);
  o[8] = __ffs(8);
  o[9] = __brev(1u);
  o[10] = __byte_perm(0x44332211u, 0, 0x0123);
  o[11] = __sad(3, 10, 5u);
  o[12] = __funnelshift_l(0x89abcdefu, 0x12345678u, 36);  // shift taken mod 32: 4
  o[13] = __funnelshift_lc(0x89abcdefu, 0x12345678u, 36); // clamped to 32: the low word moves up
}

int main() {
  long long *d, h[14];
  CHECK(cudaMalloc(&d, sizeof h));
  bits<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("mulhi(-7,-2^31)=%lld umulhi(2^32-1,2^32-1)=%lld\n", h[0], h[1]);
  std::printf("mul64hi(-1,2^63)=%lld umul64hi(2^64-1,3)=%lld\n", h[2], h[3]);
  std::printf("popc %lld clz(1)=%lld clz(0)=%lld ffs(0)=%lld ffs(8)=%lld brev(1)=0x%08llx\n", h[4],
              h[5], h[6], h[7], h[8], h[9] & 0xffffffffLL);
  std::printf("byte_perm 0x44332211 -> 0x%08llx, sad(3,10,5)=%lld\n", h[10] & 0xffffffffLL, h[11]);
  std::printf("funnelshift_l 36 -> 0x%08llx funnelshift_lc 36 -> 0x%08llx\n", h[12] & 0xffffffffLL,
              h[13] & 0xffffffffLL);
  std::printf("PASS mul_hi_and_bits\n");
  return 0;
}
