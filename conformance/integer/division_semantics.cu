// Signed division truncates toward zero and the remainder takes the dividend's sign (C++);
// unsigned and 64-bit division; division by powers of two of negative numbers.
// conform: tags=integer,division
// expect: -7/2=-3 -7%2=-1 7/-2=-3 7%-2=1 -8/4=-2 -9>>1=-5
// expect: u 4000000000/3=1333333333 r 1; ll -9000000000000/7=-1285714285714 r -2
// expect: PASS division_semantics
#include "conform.h"

__global__ void divide(long long *o, int a, int b, unsigned u, long long l) {
  o[0] = a / b, o[1] = a % b;
  o[2] = -a / -b, o[3] = -a % -b;
  o[4] = (a - 1) / 4;
  o[5] = (a - 2) >> 1;
  o[6] = u / 3u, o[7] = u % 3u;
  o[8] = l / 7, o[9] = l % 7;
}

int main() {
  long long *d, h[10];
  CHECK(cudaMalloc(&d, sizeof h));
  divide<<<1, 1>>>(d, -7, 2, 4000000000u, -9000000000000LL);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("-7/2=%lld -7%%2=%lld 7/-2=%lld 7%%-2=%lld -8/4=%lld -9>>1=%lld\n", h[0], h[1], h[2],
              h[3], h[4], h[5]);
  std::printf("u 4000000000/3=%lld r %lld; ll -9000000000000/7=%lld r %lld\n", h[6], h[7], h[8],
              h[9]);
  std::printf("PASS division_semantics\n");
  return 0;
}
