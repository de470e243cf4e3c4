#include <cuda_runtime.h>

#include "gpu_utils.h"

__device__ double deviceSum;
__device__ int deviceMax;
__device__ unsigned deviceBits;

__global__ void stats(const int *values, int n, int stride = 1) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
    atomicAdd(&deviceSum, double(values[i]));
    atomicMax(&deviceMax, values[i]);
    atomicAdd(&deviceBits, unsigned(__popc(unsigned(values[i]))));
  }
}

Stats computeStats(const int *device, int n) {
  const double zero = 0;
  const int low = -1;
  const unsigned none = 0;
  GPU_CHECK(cudaMemcpyToSymbol(deviceSum, &zero, sizeof zero)); // default offset and kind
  GPU_CHECK(cudaMemcpyToSymbol(deviceMax, &low, sizeof low));
  GPU_CHECK(cudaMemcpyToSymbol(deviceBits, &none, sizeof none));
  const int blocks = (n + 127) / 128;
  stats<<<blocks, 128>>>(device, n, blocks * 128); // with the stride
  stats<<<1, 1>>>(device, 1);                       // the default stride, one value more
  GPU_CHECK(SYNC_ALL());
  Stats s;
  unsigned bits = 0;
  GPU_CHECK(cudaMemcpyFromSymbol(&s.sum, deviceSum, sizeof s.sum));
  GPU_CHECK(cudaMemcpyFromSymbol(&s.maximum, deviceMax, sizeof s.maximum));
  GPU_CHECK(cudaMemcpyFromSymbol(&bits, deviceBits, sizeof bits));
  s.bits = int(bits);
  return s;
}
