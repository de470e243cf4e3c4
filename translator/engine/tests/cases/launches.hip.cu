// Kernel launches: 2, 3 and 4 configuration arguments, template kernels with explicit, deduced
// and dependent template arguments, qualified names, function pointers, and a launch in a macro.
#include <cuda_runtime.h>

namespace kernels {
__global__ void zero(float *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    p[i] = 0;
}
} // namespace kernels

template <class T> __global__ void axpy(T a, const T *x, T *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    y[i] += a * x[i];
}

template <class T, int Block> __global__ void fill(T *p, T v) { p[threadIdx.x % Block] = v; }

__global__ void empty() {}

template <class F> __global__ void apply(int n, F f) {
  if (int(threadIdx.x) < n)
    f(int(threadIdx.x));
}

#define LAUNCH_1D(kernel, n, ...) kernel<<<((n) + 255) / 256, 256>>>(__VA_ARGS__)

template <class T> void run(const T *x, T *y, int n, cudaStream_t s) {
  axpy<<<(n + 127) / 128, 128, 0, s>>>(T(2), x, y, n);
}

int main() {
  float *x, *y;
  int n = 1000;
  cudaMalloc(&x, n * sizeof(float));
  cudaMalloc(&y, n * sizeof(float));
  cudaStream_t stream;
  cudaStreamCreate(&stream);
  kernels::zero<<<(n + 255) / 256, 256>>>(x, n);
  axpy<<<dim3(4), dim3(256), 0>>>(2.0f, x, y, n);
  axpy<float><<<4, 256, 0, stream>>>(2.0f, x, y, n);
  fill<float, 64><<<1, 64>>>(y, 1.0f);
  empty<<<1, 1>>>();
  void (*fp)(float *, int) = kernels::zero;
  fp<<<1, 32>>>(x, n);
  LAUNCH_1D(kernels::zero, n, y, n);
  run<float>(x, y, n, stream);
  apply<<<1, 32>>>(n, [=] __device__(int i) { y[i] = 0; });
  cudaDeviceSynchronize();
  return 0;
}
