// Calls to real (non-inlined) device functions, including recursion, which needs a call stack.
__device__ __noinline__ unsigned long long factorial(unsigned k) {
  return k <= 1 ? 1ull : k * factorial(k - 1);
}

__device__ __noinline__ int fibonacci(int k) {
  return k < 2 ? k : fibonacci(k - 1) + fibonacci(k - 2);
}

// Several parameters and an aggregate return value through .param space.
struct Pair {
  int low, high;
};
__device__ __noinline__ Pair split(long long v, int shift, bool swap) {
  Pair p{static_cast<int>(v & 0xffff), static_cast<int>(v >> shift)};
  return swap ? Pair{p.high, p.low} : p;
}

extern "C" __global__ void call_functions(const int *in, unsigned long long *fact, int *fib,
                                          int *pairs, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  int v = in[i];
  fact[i] = factorial(v % 21);
  fib[i] = fibonacci(v % 12);
  Pair p = split(static_cast<long long>(v) * 100003, 16, v & 1);
  pairs[2 * i] = p.low;
  pairs[2 * i + 1] = p.high;
}
