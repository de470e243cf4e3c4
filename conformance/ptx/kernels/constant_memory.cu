// __constant__ tables filled by the host (qiaoModuleGetGlobal + qiaoMemcpy), one initialised in
// the PTX itself, and a __device__ variable kernels update.
__constant__ float kCoefficients[8];
__constant__ int kLookup[256];
__constant__ int kPrimes[8] = {2, 3, 5, 7, 11, 13, 17, 19};
__device__ unsigned gCalls;

// Horner's rule with the host's coefficients, a table lookup, and the initialised table.
extern "C" __global__ void use_constants(const float *x, float *poly, int *looked, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  float v = x[i], acc = kCoefficients[7];
  for (int k = 6; k >= 0; --k)
    acc = fmaf(acc, v, kCoefficients[k]);
  poly[i] = acc;
  looked[i] = kLookup[i & 255] * kPrimes[i & 7];
  atomicAdd(&gCalls, 1u);
}
