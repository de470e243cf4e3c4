// Variadic templates and fold expressions in device code, constexpr functions evaluated at
// compile time, and if constexpr choosing per type.
// conform: tags=templates,cxx17 nvcc=-std=c++17
// expect: fold sum 15, product 120, count 5
// expect: constexpr factorial(6) 720, if-constexpr int 1 float 2
// expect: PASS variadic_templates
#include "conform.h"

template <typename... T> __device__ int sumAll(T... v) { return (v + ...); }
template <typename... T> __device__ int productAll(T... v) { return (v * ...); }
template <typename... T> __device__ int countAll(T...) { return sizeof...(T); }
__host__ __device__ constexpr int factorial(int n) { return n <= 1 ? 1 : n * factorial(n - 1); }
template <typename T> __device__ int kind() {
  if constexpr (sizeof(T) == 4 && T(1) / T(2) == T(0))
    return 1;
  else
    return 2;
}

__global__ void folds(int *o) {
  o[0] = sumAll(1, 2, 3, 4, 5);
  o[1] = productAll(1, 2, 3, 4, 5);
  o[2] = countAll(1, 'a', 2.0, 3.0f, 4LL);
  constexpr int f = factorial(6);
  o[3] = f;
  o[4] = kind<int>();
  o[5] = kind<float>();
}

int main() {
  int *d, h[6];
  CHECK(cudaMalloc(&d, sizeof h));
  folds<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("fold sum %d, product %d, count %d\n", h[0], h[1], h[2]);
  std::printf("constexpr factorial(6) %d, if-constexpr int %d float %d\n", h[3], h[4], h[5]);
  std::printf("PASS variadic_templates\n");
  return 0;
}
