// A __constant__ table, a global with a pointer initializer, and a templated kernel.
__constant__ float coefficients[4] = {0.5f, 1.0f, 2.0f, -3.25f};
__device__ int counterTable[2][3] = {{1, 2, 3}, {4, 5, 6}};
__device__ int *counterPointer = &counterTable[1][0];

template <typename T> __global__ void polynomial(const T *x, T *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    T v = x[i];
    y[i] = coefficients[0] + v * (coefficients[1] + v * (coefficients[2] + v * coefficients[3]));
    *counterPointer += 1;
  }
}

template __global__ void polynomial<float>(const float *, float *, int);
template __global__ void polynomial<double>(const double *, double *, int);
