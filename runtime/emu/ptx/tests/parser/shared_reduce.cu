// Block reduction through shared memory and __syncthreads, plus dynamic shared memory.
__global__ void blockSum(const float *in, float *out, int n) {
  __shared__ float partial[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  partial[threadIdx.x] = i < n ? in[i] : 0.0f;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride)
      partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0)
    out[blockIdx.x] = partial[0];
}

extern __shared__ int dynamicBuffer[];

__global__ void reverseDynamic(int *data, int n) {
  int t = threadIdx.x;
  dynamicBuffer[t] = data[t];
  __syncthreads();
  data[t] = dynamicBuffer[n - t - 1];
}
