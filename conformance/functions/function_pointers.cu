// Device function pointers: a table of __device__ functions indexed per thread (an indirect call
// whose target differs across the warp), and a pointer taken in device code and passed along.
// conform: tags=functions,function-pointers,divergence
// expect: ops on 12: add 13 sub 11 mul 24 neg -12 ... lane 7 -> -12
// expect: PASS function_pointers
#include "conform.h"

typedef int (*Op)(int);
__device__ int addOne(int x) { return x + 1; }
__device__ int subOne(int x) { return x - 1; }
__device__ int twice(int x) { return 2 * x; }
__device__ int negate(int x) { return -x; }

__device__ int apply(Op op, int x) { return op(x); }

__global__ void dispatch(int *out) {
  Op table[4] = {addOne, subOne, twice, negate};
  int lane = threadIdx.x;
  out[lane] = apply(table[lane % 4], 12);
}

int main() {
  int *d, h[8];
  CHECK(cudaMalloc(&d, sizeof h));
  dispatch<<<1, 8>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("ops on 12: add %d sub %d mul %d neg %d ... lane 7 -> %d\n", h[0], h[1], h[2], h[3],
              h[7]);
  std::printf("PASS function_pointers\n");
  return 0;
}
