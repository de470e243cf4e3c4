// A generic kernel template taking a device lambda (nvcc --extended-lambda), instantiated with
// lambdas that capture by value, plus a variadic template kernel: the mangled names and closure
// parameters real template libraries produce.
#include "check.h"

template <typename F> __global__ void forEach(int n, F f) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    f(i);
}

template <typename... Ts> __device__ double sumAll(Ts... values) {
  return (static_cast<double>(values) + ...);
}

template <typename T, typename... Args> __global__ void variadic(T *out, Args... args) {
  out[threadIdx.x] = sumAll(static_cast<T>(threadIdx.x), args...);
}

template <typename F> void launch(int n, F f) { forEach<<<(n + 127) / 128, 128>>>(n, f); }

int main() {
  const int n = 1000;
  float *x, *y;
  double *z;
  CHECK(cudaMalloc(&x, n * sizeof(float)));
  CHECK(cudaMalloc(&y, n * sizeof(float)));
  CHECK(cudaMalloc(&z, 32 * sizeof(double)));
  float a = 2.5f;
  launch(n, [=] __device__(int i) { x[i] = i * 0.5f; });
  launch(n, [=] __device__(int i) { y[i] = a * x[i] + 1.0f; });
  variadic<double, int, float, double><<<1, 32>>>(z, 1, 0.5f, 0.25);
  CHECK(cudaGetLastError());
  static float gotY[n];
  double gotZ[32];
  CHECK(cudaMemcpy(gotY, y, sizeof gotY, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotZ, z, sizeof gotZ, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i)
    EXPECT(gotY[i] == a * (i * 0.5f) + 1.0f);
  for (int t = 0; t < 32; ++t)
    EXPECT(gotZ[t] == t + 1.75);
  std::printf("y[999] = %.2f\n", gotY[999]);
  CHECK(cudaFree(x));
  CHECK(cudaFree(y));
  CHECK(cudaFree(z));
  std::printf("PASS lambda_template\n");
  return 0;
}
