// Dynamic parallelism, recursively: a sum over a binary tree of launches (each grid splits its
// range and launches two children until a range fits one block), and a chain of single-thread
// launches that goes as deep as CUDA allows: the launch below depth 24 (the host's grid is depth
// 0) fails with cudaErrorLaunchMaxDepthExceeded, which the deepest grid reads from
// cudaGetLastError.
#include "check.h"

constexpr int kLeaf = 128, kCount = 1 << 14;

__global__ void treeSum(const int *values, int count, unsigned long long *total, int *depth,
                        int level) {
  if (count > kLeaf) {
    if (threadIdx.x == 0) {
      int half = count / 2;
      treeSum<<<1, kLeaf>>>(values, half, total, depth, level + 1);
      treeSum<<<1, kLeaf>>>(values + half, count - half, total, depth, level + 1);
    }
    return;
  }
  __shared__ int partial[kLeaf];
  partial[threadIdx.x] = threadIdx.x < count ? values[threadIdx.x] : 0;
  __syncthreads();
  for (int stride = kLeaf / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride)
      partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    atomicAdd(total, static_cast<unsigned long long>(partial[0]));
    atomicMax(depth, level);
  }
}

__global__ void chain(int level, int *deepest, int *failure) {
  atomicMax(deepest, level);
  chain<<<1, 1>>>(level + 1, deepest, failure);
  int code = cudaGetLastError();
  if (code != cudaSuccess) {
    failure[0] = code;
    failure[1] = level;
  }
}

int main() {
  static int h[kCount];
  unsigned long long expected = 0;
  for (int i = 0; i < kCount; ++i) {
    h[i] = (i * 37) % 1001 - 500;
    expected += h[i];
  }
  int *values, *depth, *deepest, *failure;
  unsigned long long *total;
  CHECK(cudaMalloc(&values, sizeof h));
  CHECK(cudaMalloc(&total, sizeof *total));
  CHECK(cudaMalloc(&depth, sizeof *depth));
  CHECK(cudaMalloc(&deepest, sizeof *deepest));
  CHECK(cudaMalloc(&failure, 2 * sizeof *failure));
  CHECK(cudaMemcpy(values, h, sizeof h, cudaMemcpyHostToDevice));
  CHECK(cudaMemset(total, 0, sizeof *total));
  CHECK(cudaMemset(depth, 0, sizeof *depth));
  CHECK(cudaMemset(deepest, 0, sizeof *deepest));
  CHECK(cudaMemset(failure, 0, 2 * sizeof *failure));

  treeSum<<<1, kLeaf>>>(values, kCount, total, depth, 0);
  CHECK(cudaDeviceSynchronize());
  unsigned long long sum = 0;
  int levels = 0;
  CHECK(cudaMemcpy(&sum, total, sizeof sum, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&levels, depth, sizeof levels, cudaMemcpyDeviceToHost));
  EXPECT(sum == expected && levels == 7);
  std::printf("tree sum %lld over %d levels\n", static_cast<long long>(sum), levels);

  chain<<<1, 1>>>(0, deepest, failure);
  CHECK(cudaDeviceSynchronize());
  int deep = 0, f[2] = {};
  CHECK(cudaMemcpy(&deep, deepest, sizeof deep, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(f, failure, sizeof f, cudaMemcpyDeviceToHost));
  EXPECT(deep == 24 && f[0] == cudaErrorLaunchMaxDepthExceeded && f[1] == 24);
  std::printf("chain reached depth %d, the launch from there: %s\n", deep,
              cudaGetErrorName(static_cast<cudaError_t>(f[0])));
  std::printf("PASS device_recursion\n");
  return 0;
}
