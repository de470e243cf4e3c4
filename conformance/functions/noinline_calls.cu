// __noinline__ device functions with many parameters of mixed types, a struct returned by
// value, and a reference parameter: the calling convention passes everything intact.
// conform: tags=functions,abi
// expect: mixed(1,2.5,3,4.25,'a',6,7,8,9,10) = 147.75
// expect: pair (7, 2.5), reference bumped to 11
// expect: PASS noinline_calls
#include "conform.h"

struct Pair {
  int i;
  double d;
};

__device__ __noinline__ double mixed(int a, float b, long long c, double d, char e, short f,
                                     unsigned g, int h, int i, int j) {
  return a + b + c + d + e + f + g + h + i + j;
}
__device__ __noinline__ Pair makePair(int i, double d) { return Pair{i, d}; }
__device__ __noinline__ void bump(int &x) { x += 10; }

__global__ void calls(double *o) {
  o[0] = mixed(1, 2.5f, 3, 4.25, 'a', 6, 7, 8, 9, 10);
  Pair p = makePair(7, 2.5);
  o[1] = p.i, o[2] = p.d;
  int r = 1;
  bump(r);
  o[3] = r;
}

int main() {
  double *d, h[4];
  CHECK(cudaMalloc(&d, sizeof h));
  calls<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("mixed(1,2.5,3,4.25,'a',6,7,8,9,10) = %.2f\n", h[0]);
  std::printf("pair (%.0f, %.1f), reference bumped to %.0f\n", h[1], h[2], h[3]);
  std::printf("PASS noinline_calls\n");
  return 0;
}
