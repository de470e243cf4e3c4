// __constant__ memory written with cudaMemcpyToSymbol (whole and at an offset) and read by every
// thread; cudaMemcpyFromSymbol reads it back.
// conform: tags=symbols,constant
// expect: polynomial at 0..3: 1 6 15 28
// expect: offset write: coefficient[2] = 5
// expect: PASS constant_memory
#include "conform.h"

__constant__ int coefficients[3];

__global__ void evaluate(int *out) {
  int x = threadIdx.x;
  out[x] = coefficients[0] + coefficients[1] * x + coefficients[2] * x * x;
}

int main() {
  const int c[3] = {1, 3, 2};
  CHECK(cudaMemcpyToSymbol(coefficients, c, sizeof c));
  int *out, h[4];
  CHECK(cudaMalloc(&out, sizeof h));
  evaluate<<<1, 4>>>(out);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("polynomial at 0..3: %d %d %d %d\n", h[0], h[1], h[2], h[3]);
  const int five = 5;
  CHECK(cudaMemcpyToSymbol(coefficients, &five, sizeof five, 2 * sizeof(int)));
  int back[3];
  CHECK(cudaMemcpyFromSymbol(back, coefficients, sizeof back));
  EXPECT(back[0] == 1 && back[1] == 3);
  std::printf("offset write: coefficient[2] = %d\n", back[2]);
  std::printf("PASS constant_memory\n");
  return 0;
}
