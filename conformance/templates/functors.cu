// Function objects with state passed by value to a kernel template, and a device-side generic
// reduction parameterised by the functor.
// conform: tags=templates,functors
// expect: affine(2x+3) of 0..4: 3 5 7 9 11
// expect: reduce max 99, min -50
// expect: PASS functors
#include "conform.h"

struct Affine {
  int scale, offset;
  __device__ int operator()(int x) const { return scale * x + offset; }
};
struct Max {
  __device__ int operator()(int a, int b) const { return a > b ? a : b; }
};
struct Min {
  __device__ int operator()(int a, int b) const { return a < b ? a : b; }
};

template <typename F> __global__ void map(int *v, int n, F f) {
  int i = threadIdx.x;
  if (i < n)
    v[i] = f(i);
}

template <typename Op> __global__ void reduce(const int *v, int n, int *out, Op op) {
  int acc = v[0];
  for (int i = 1; i < n; ++i)
    acc = op(acc, v[i]);
  *out = acc;
}

int main() {
  int *v, h[5];
  CHECK(cudaMalloc(&v, 150 * sizeof(int)));
  map<<<1, 5>>>(v, 5, Affine{2, 3});
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, v, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("affine(2x+3) of 0..4: %d %d %d %d %d\n", h[0], h[1], h[2], h[3], h[4]);
  map<<<1, 150>>>(v, 150, Affine{1, -50});
  int *r, hr[2];
  CHECK(cudaMalloc(&r, sizeof hr));
  reduce<<<1, 1>>>(v, 150, r, Max{});
  reduce<<<1, 1>>>(v, 150, r + 1, Min{});
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(hr, r, sizeof hr, cudaMemcpyDeviceToHost));
  std::printf("reduce max %d, min %d\n", hr[0], hr[1]);
  std::printf("PASS functors\n");
  return 0;
}
