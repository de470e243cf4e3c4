// Relocatable device code: a kernel calls a __device__ function and updates a __device__ variable
// defined in another translation unit (parts/cross_file_lib.cu), linked by nvcc -rdc=true.
// conform: tags=rdc,functions,symbols nvcc=-rdc=true sources=parts/cross_file_lib.cu
// expect: polynomial from the other file: p(0..3) = 5 8 13 20
// expect: calls counted in the other file's variable: 4
// expect: PASS cross_file
#include "conform.h"

extern __device__ int polynomial(int x);
extern __device__ int callCount;

__global__ void evaluate(int *out) { out[threadIdx.x] = polynomial(threadIdx.x); }

int main() {
  int *d, h[4], calls = 0;
  CHECK(cudaMalloc(&d, sizeof h));
  evaluate<<<1, 4>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpyFromSymbol(&calls, callCount, sizeof calls));
  std::printf("polynomial from the other file: p(0..3) = %d %d %d %d\n", h[0], h[1], h[2], h[3]);
  std::printf("calls counted in the other file's variable: %d\n", calls);
  std::printf("PASS cross_file\n");
  return 0;
}
