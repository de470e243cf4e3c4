// printf and a recursive device function (forces a real call with .param blocks).
#include <cstdio>

__device__ int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__global__ void printFib(int n) {
  int value = fib(n + threadIdx.x);
  printf("thread %d: fib(%d) = %d, %f\n", threadIdx.x, n, value, 1.5 * value);
}
