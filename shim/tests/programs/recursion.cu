// A recursive __device__ function (needs a call stack on the device).
#include "check.h"

__device__ __noinline__ int fibonacci(int n) {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

__device__ __noinline__ long long factorial(int n) { return n <= 1 ? 1 : n * factorial(n - 1); }

__global__ void compute(int *fib, long long *fact) {
  int i = threadIdx.x;
  fib[i] = fibonacci(i);
  fact[i] = factorial(i);
}

int main() {
  const int n = 16;
  int *fib;
  long long *fact;
  CHECK(cudaMalloc(&fib, n * sizeof(int)));
  CHECK(cudaMalloc(&fact, n * sizeof(long long)));
  compute<<<1, n>>>(fib, fact);
  CHECK(cudaGetLastError());
  int hf[n];
  long long hfact[n];
  CHECK(cudaMemcpy(hf, fib, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hfact, fact, sizeof hfact, cudaMemcpyDeviceToHost));
  int a = 0, b = 1;
  long long f = 1;
  for (int i = 0; i < n; ++i) {
    EXPECT(hf[i] == a);
    int next = a + b;
    a = b;
    b = next;
    f = i == 0 ? 1 : f * i;
    EXPECT(hfact[i] == f);
  }
  std::printf("fib(15) = %d, 15! = %lld\n", hf[15], hfact[15]);
  std::printf("PASS recursion\n");
  return 0;
}
