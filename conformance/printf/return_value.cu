// Device printf returns the number of arguments parsed (not the number of characters, unlike
// C's printf): 0 with no arguments, 3 with three.
// conform: tags=printf
// expect: a line without arguments
// expect: three: 1 2.5 x
// expect: returned 0 and 3
// expect: PASS return_value
#include "conform.h"

__global__ void count(int *o) {
  o[0] = printf("a line without arguments\n");
  o[1] = printf("three: %d %.1f %c\n", 1, 2.5, 'x');
}

int main() {
  int *d, h[2];
  CHECK(cudaMalloc(&d, sizeof h));
  count<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("returned %d and %d\n", h[0], h[1]);
  std::printf("PASS return_value\n");
  return 0;
}
