// Double-precision math: sin, exp, pow pull in large inlined code with slow paths and local arrays.
__global__ void transcendental(const double *x, double *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    y[i] = sin(x[i]) + exp(x[i]) * pow(x[i], 1.5) - erf(x[i]);
}

__global__ void __launch_bounds__(128, 4) vectorLoad(const float4 *__restrict__ in, float *out) {
  float4 v = __ldg(&in[threadIdx.x]);
  out[threadIdx.x] = sinf(v.x) + cosf(v.y) + v.z * v.w;
}
