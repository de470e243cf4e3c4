// printf with many arguments of mixed sizes in one call (ints, doubles, pointers to strings,
// 64-bit values): every argument lands in its place.
// conform: tags=printf,abi
// expect: 1 2.5 three 4 5.25 six 7 8000000000 9.125 ten 11 12
// expect: PASS many_arguments
#include "conform.h"

__global__ void many() {
  printf("%d %.1f %s %u %.2f %s %hd %lld %.3f %s %c%c %d\n", 1, 2.5, "three", 4u, 5.25, "six",
         (short)7, 8000000000LL, 9.125, "ten", '1', '1', 12);
}

int main() {
  many<<<1, 1>>>();
  CHECK_LAUNCH();
  std::printf("PASS many_arguments\n");
  return 0;
}
