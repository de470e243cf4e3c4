// Extended __device__ lambdas passed to a kernel template (capturing by value), and a lambda
// defined and called inside device code.
// conform: tags=templates,lambdas nvcc=--extended-lambda
// expect: saxpy lambda: y[10] = 35.0
// expect: inner lambda squares: 0 1 4 9
// expect: PASS lambdas
#include "conform.h"

template <typename F> __global__ void forEach(int n, F f) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    f(i);
}

__global__ void inner(int *out) {
  auto square = [](int v) { return v * v; };
  out[threadIdx.x] = square(threadIdx.x);
}

int main() {
  const int n = 100;
  float *x, *y, hy[n];
  CHECK(cudaMalloc(&x, n * sizeof(float)));
  CHECK(cudaMalloc(&y, n * sizeof(float)));
  float a = 3.0f;
  forEach<<<1, 128>>>(n, [=] __device__(int i) {
    x[i] = (float)i;
    y[i] = 5.0f;
  });
  forEach<<<1, 128>>>(n, [=] __device__(int i) { y[i] = a * x[i] + y[i]; });
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(hy, y, sizeof hy, cudaMemcpyDeviceToHost));
  std::printf("saxpy lambda: y[10] = %.1f\n", hy[10]);
  int *o, h[4];
  CHECK(cudaMalloc(&o, sizeof h));
  inner<<<1, 4>>>(o);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, o, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("inner lambda squares: %d %d %d %d\n", h[0], h[1], h[2], h[3]);
  std::printf("PASS lambdas\n");
  return 0;
}
