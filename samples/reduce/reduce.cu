// Sums n integers: each block reduces its slice in shared memory (a tree, halving the active
// threads each step), then thread 0 adds the block's sum to the total with one atomic.
constexpr int kBlock = 256;

extern "C" __global__ void reduce_sum(const int *in, long long *total, int n) {
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
    atomicAdd(reinterpret_cast<unsigned long long *>(total),
              static_cast<unsigned long long>(partial[0]));
}
