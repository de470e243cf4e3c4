// extern __shared__ arrays: in a kernel, in a template kernel, at namespace scope, aligned.
#include <cuda_runtime.h>

extern __shared__ float sharedAtFile[];

__global__ void sum(const float *in, float *out) {
  extern __shared__ float partial[];
  partial[threadIdx.x] = in[threadIdx.x];
  __syncthreads();
  if (threadIdx.x == 0) {
    float s = 0;
    for (unsigned i = 0; i < blockDim.x; ++i)
      s += partial[i];
    *out = s + sharedAtFile[0] * 0;
  }
}

template <class T> __global__ void copy(const T *in, T *out) {
  extern __shared__ __align__(16) unsigned char raw[];
  T *buffer = reinterpret_cast<T *>(raw);
  buffer[threadIdx.x] = in[threadIdx.x];
  __syncthreads();
  out[threadIdx.x] = buffer[blockDim.x - 1 - threadIdx.x];
}

int main() {
  float *in, *out;
  cudaMalloc(&in, 256 * sizeof(float));
  cudaMalloc(&out, 256 * sizeof(float));
  sum<<<1, 256, 256 * sizeof(float)>>>(in, out);
  copy<<<1, 256, 256 * sizeof(float)>>>(in, out);
  return cudaDeviceSynchronize() == cudaSuccess ? 0 : 1;
}
