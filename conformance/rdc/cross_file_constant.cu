// Relocatable device code: an extern __constant__ array defined in another translation unit is
// written by the host through its symbol and read by a kernel here; a device function pointer
// taken in the other unit is called here.
// conform: tags=rdc,constant,function-pointers nvcc=-rdc=true sources=parts/constant_lib.cu
// expect: coefficients from the other unit: 2 3 5 7
// expect: function pointer from the other unit: triple(14) = 42
// expect: PASS cross_file_constant
#include "conform.h"

extern __constant__ int coefficients[4];
typedef int (*IntOp)(int);
extern __device__ IntOp tripleOp;

__global__ void read(int *out) {
  out[threadIdx.x] = coefficients[threadIdx.x];
  if (threadIdx.x == 0)
    out[4] = tripleOp(14);
}

int main() {
  const int c[4] = {2, 3, 5, 7};
  CHECK(cudaMemcpyToSymbol(coefficients, c, sizeof c));
  int *d, h[5];
  CHECK(cudaMalloc(&d, sizeof h));
  read<<<1, 4>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("coefficients from the other unit: %d %d %d %d\n", h[0], h[1], h[2], h[3]);
  std::printf("function pointer from the other unit: triple(14) = %d\n", h[4]);
  std::printf("PASS cross_file_constant\n");
  return 0;
}
