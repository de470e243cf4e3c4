// Device code keeps its CUDA spelling (qiao/device.h provides it): intrinsics, math, warp
// functions, atomics, __constant__/__device__/__managed__ variables and the symbol API.
#include <cuda_runtime.h>

__constant__ float coefficients[4];
__device__ int counter;
__managed__ int total;

__device__ __forceinline__ float warpSum(float v) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2)
    v += __shfl_down_sync(0xffffffffu, v, offset);
  return v;
}

__global__ void kernel(const float *in, float *out) {
  float v = sqrtf(fabsf(in[threadIdx.x])) * coefficients[threadIdx.x % 4] + __expf(0.0f);
  v = warpSum(v);
  if ((threadIdx.x & 31) == 0) {
    atomicAdd(out, v);
    atomicAdd(&counter, 1);
    atomicAdd(&total, __popc(__ballot_sync(0xffffffffu, v > 0)));
  }
}

int main() {
  float host[4] = {1, 2, 3, 4};
  cudaMemcpyToSymbol(coefficients, host, sizeof host);
  int zero = 0;
  cudaMemcpyToSymbol(counter, &zero, sizeof zero, 0, cudaMemcpyHostToDevice);
  float *in, *out;
  cudaMalloc(&in, 64 * sizeof(float));
  cudaMalloc(&out, sizeof(float));
  kernel<<<1, 64>>>(in, out);
  int count;
  cudaMemcpyFromSymbol(&count, counter, sizeof count);
  return count == 2 ? 0 : 1;
}
