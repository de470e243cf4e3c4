// A templated block reduction in shared memory, instantiated for int and double.
#include "check.h"

template <typename T, int Block> __global__ void blockSum(const T *in, T *out, int n) {
  __shared__ T partial[Block];
  int i = blockIdx.x * Block + threadIdx.x;
  partial[threadIdx.x] = i < n ? in[i] : T(0);
  __syncthreads();
  for (int stride = Block / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride)
      partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0)
    out[blockIdx.x] = partial[0];
}

template <typename T, int Block> static int reduce(int n, T expected, const char *name) {
  T *host = new T[n];
  for (int i = 0; i < n; ++i)
    host[i] = T(i % 17) + T(1);
  int blocks = (n + Block - 1) / Block;
  T *in, *out;
  CHECK(cudaMalloc(&in, n * sizeof(T)));
  CHECK(cudaMalloc(&out, blocks * sizeof(T)));
  CHECK(cudaMemcpy(in, host, n * sizeof(T), cudaMemcpyHostToDevice));
  blockSum<T, Block><<<blocks, Block>>>(in, out, n);
  CHECK(cudaGetLastError());
  T *sums = new T[blocks];
  CHECK(cudaMemcpy(sums, out, blocks * sizeof(T), cudaMemcpyDeviceToHost));
  T total = 0;
  for (int b = 0; b < blocks; ++b)
    total += sums[b];
  EXPECT(total == expected);
  std::printf("%s sum ok\n", name);
  delete[] host;
  delete[] sums;
  CHECK(cudaFree(in));
  CHECK(cudaFree(out));
  return 0;
}

int main() {
  // sum over i < n of (i % 17 + 1)
  auto expected = [](int n) {
    long long s = 0;
    for (int i = 0; i < n; ++i)
      s += i % 17 + 1;
    return s;
  };
  if (reduce<int, 128>(3000, int(expected(3000)), "int"))
    return 1;
  if (reduce<double, 64>(1000, double(expected(1000)), "double"))
    return 1;
  std::printf("PASS reduce_template\n");
  return 0;
}
