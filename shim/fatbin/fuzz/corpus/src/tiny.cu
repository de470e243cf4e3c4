// The seed of the fatbin fuzzer's corpus (regenerate.sh builds every corpus file from it): two
// small kernels, so containers hold more than one function, with a global for relocatable code.
__device__ int fuzzTotal;

extern "C" __global__ void addTo(int *values, int amount) {
  values[threadIdx.x] += amount;
  atomicAdd(&fuzzTotal, amount);
}

extern "C" __global__ void copyHalf(const float *in, float *out) {
  out[threadIdx.x] = in[threadIdx.x] * 0.5f;
}
