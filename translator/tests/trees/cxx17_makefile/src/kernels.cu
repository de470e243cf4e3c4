#include "kernels.cuh"
#include "../common/check_helpers.h"

#include <type_traits>

template <typename T> HOST_DEVICE T twice(T v) {
  if constexpr (std::is_integral_v<T>) // C++17
    return v << 1;
  else
    return v + v;
}

__global__ void scaleAdd(float *out, const float *in, int n, float scale, const float *bias) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = in[i] * scale + (bias ? bias[i] : 0.0f);
}

__global__ void histogram(const int *values, int n, unsigned *bins) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    atomicAdd(&bins[(values[i] + twice(values[i])) % kBins], 1u); // 3i: every bin alike
}

__global__ void sum(const float *in, int n, float *total) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    atomicAdd(total, in[i]);
}

void launchScaleAdd(float *out, const float *in, int n, cudaStream_t stream) {
  scaleAdd<<<(n + 127) / 128, 128, 0, stream>>>(out, in, n);
  CHECK(cudaGetLastError());
}
