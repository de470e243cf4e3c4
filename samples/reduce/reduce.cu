// Sums integers: each block reduces its slice in shared memory (a tree, halving the active threads
// each step, __syncthreads between steps), then thread 0 adds the block's sum with one atomicAdd.
#include <cstdio>
#include <vector>

constexpr int kBlock = 256;

__global__ void reduceSum(const int *in, unsigned long long *total, int n) {
  __shared__ long long partial[kBlock];
  long long sum = 0;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    sum += in[i];
  partial[threadIdx.x] = sum;
  __syncthreads();
  for (int half = blockDim.x / 2; half > 0; half /= 2) {
    if (threadIdx.x < half)
      partial[threadIdx.x] += partial[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0)
    atomicAdd(total, static_cast<unsigned long long>(partial[0]));
}

int main() {
  const int n = 100003;
  std::vector<int> in(n);
  long long expected = 0;
  for (int i = 0; i < n; ++i) {
    in[i] = (i * 7919) % 2001 - 1000; // negatives too
    expected += in[i];
  }
  int *dIn;
  unsigned long long *dTotal;
  cudaMalloc(&dIn, n * sizeof(int));
  cudaMalloc(&dTotal, sizeof *dTotal);
  cudaMemcpy(dIn, in.data(), n * sizeof(int), cudaMemcpyHostToDevice);
  cudaMemset(dTotal, 0, sizeof *dTotal);
  reduceSum<<<40, kBlock>>>(dIn, dTotal, n);
  unsigned long long total = 0;
  cudaError_t status = cudaMemcpy(&total, dTotal, sizeof total, cudaMemcpyDeviceToHost);
  cudaFree(dIn);
  cudaFree(dTotal);
  if (status != cudaSuccess || static_cast<long long>(total) != expected) {
    std::printf("reduce: FAIL: %s, got %lld, expected %lld\n", cudaGetErrorString(status),
                static_cast<long long>(total), expected);
    return 1;
  }
  std::printf("reduce: PASS (sum of %d integers = %lld)\n", n, expected);
  return 0;
}
