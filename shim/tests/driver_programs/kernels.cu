// Kernels for driver_module: built at build time into a fatbin (nvcc -fatbin) and a PTX file
// (nvcc -ptx), which the program loads with cuModuleLoad.
__constant__ int coefficients[2]; // out = in * coefficients[0] + coefficients[1]

extern "C" __global__ void scaleAdd(int *out, const int *in, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = in[i] * coefficients[0] + coefficients[1];
}

extern "C" __global__ void fill(unsigned *out, unsigned value, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = value + i;
}
