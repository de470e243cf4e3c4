// c = a + b over n floats. A grid-stride loop, so any grid size covers any n.
extern "C" __global__ void vector_add(const float *a, const float *b, float *c, int n) {
  int stride = blockDim.x * gridDim.x;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
    c[i] = a[i] + b[i];
}
