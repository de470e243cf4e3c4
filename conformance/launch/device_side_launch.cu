// Dynamic parallelism (CUDA Programming Guide, CUDA Dynamic Parallelism, CDP2): a child grid sees
// the global memory its parent wrote before the launch; a parent grid is complete, for the host,
// only once its children are; a tail launch (cudaStreamTailLaunch) starts after the launching
// grid and all its other work; an invalid configuration is the launching thread's
// cudaGetLastError.
// conform: tags=launch,dynamic-parallelism nvcc=-rdc=true libs=cudadevrt
// expect: children of 8 blocks: out[0] = 1, out[255] = 7658
// expect: tail launch saw 256 child results summing 980352
// expect: block of 2048 from device code: cudaErrorInvalidConfiguration
// expect: PASS device_side_launch
#include "conform.h"

__global__ void child(const int *in, int *out) { out[threadIdx.x] = in[threadIdx.x] + 1; }

__global__ void total(const int *out, int count, long long *sum) {
  long long s = 0;
  for (int i = 0; i < count; ++i)
    s += out[i];
  *sum = s;
}

__global__ void parent(int *in, int *out, long long *sum, int *error) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  in[i] = i * 30 + blockIdx.x;
  __syncthreads();
  if (threadIdx.x != 0)
    return;
  child<<<1, blockDim.x>>>(in + blockIdx.x * blockDim.x, out + blockIdx.x * blockDim.x);
  if (blockIdx.x == 0) {
    total<<<1, 1, 0, cudaStreamTailLaunch>>>(out, gridDim.x * blockDim.x, sum);
    child<<<1, 2048>>>(in, out);
    *error = cudaGetLastError();
  }
}

int main() {
  const int blocks = 8, threads = 32, n = blocks * threads;
  int *in, *out, *error, h[n], e = -1;
  long long *sum, s = 0;
  CHECK(cudaMalloc(&in, n * sizeof(int)));
  CHECK(cudaMalloc(&out, n * sizeof(int)));
  CHECK(cudaMalloc(&sum, sizeof *sum));
  CHECK(cudaMalloc(&error, sizeof *error));
  parent<<<blocks, threads>>>(in, out, sum, error);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&s, sum, sizeof s, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&e, error, sizeof e, cudaMemcpyDeviceToHost));
  long long expected = 0;
  for (int i = 0; i < n; ++i) {
    EXPECT(h[i] == i * 30 + i / threads + 1);
    expected += h[i];
  }
  EXPECT(s == expected);
  std::printf("children of %d blocks: out[0] = %d, out[%d] = %d\n", blocks, h[0], n - 1, h[n - 1]);
  std::printf("tail launch saw %d child results summing %lld\n", n, s);
  std::printf("block of 2048 from device code: %s\n",
              cudaGetErrorName(static_cast<cudaError_t>(e)));
  std::printf("PASS device_side_launch\n");
  return 0;
}
