// Kernels for the fatbin reader's tests; extern "C" keeps their PTX names unmangled.
extern "C" __global__ void scaleVector(float *values, float factor, int count) {
  int index = blockIdx.x * blockDim.x + threadIdx.x;
  if (index < count)
    values[index] *= factor;
}

extern "C" __global__ void fillIndex(int *out) { out[threadIdx.x] = threadIdx.x; }
