// Included by main.cu after its declarations: Sample and kBins come from there, so this file
// does not compile on its own (nvcc never sees it alone).
__global__ void binSamples(const Sample *samples, int count, unsigned *bins) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < count && samples[i].value >= 0 && samples[i].value < kLimit)
    atomicAdd(&bins[samples[i].value * kBins / kLimit], 1u);
}

__global__ void sumSamples(const Sample *samples, int count, int *total) {
  __shared__ int partial[256];
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  partial[threadIdx.x] = i < count ? samples[i].value : 0;
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride)
      partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0)
    atomicAdd(total, partial[0]);
}
