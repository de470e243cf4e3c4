// cudaFuncAttributeMaxDynamicSharedMemorySize cannot exceed what the device allows a block after
// opt-in (cudaDevAttrMaxSharedMemoryPerBlockOptin): a larger request is refused, the largest
// allowed one is accepted.
// conform: tags=errors,shared,attributes
// expect: opt-in limit >= 48 KiB; beyond it refused 1; at it cudaSuccess
// expect: PASS shared_opt_in_limit
#include "conform.h"

__global__ void useShared(int *out) {
  extern __shared__ int s[];
  s[threadIdx.x] = threadIdx.x;
  __syncthreads();
  out[threadIdx.x] = s[threadIdx.x];
}

int main() {
  int optIn = 0;
  CHECK(cudaDeviceGetAttribute(&optIn, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0));
  cudaError_t beyond =
      cudaFuncSetAttribute(useShared, cudaFuncAttributeMaxDynamicSharedMemorySize, optIn + 1024);
  cudaGetLastError();
  cudaError_t at =
      cudaFuncSetAttribute(useShared, cudaFuncAttributeMaxDynamicSharedMemorySize, optIn);
  std::printf("opt-in limit %s 48 KiB; beyond it refused %d; at it %s\n",
              optIn >= 48 * 1024 ? ">=" : "<", beyond != cudaSuccess, cudaGetErrorName(at));
  std::printf("PASS shared_opt_in_limit\n");
  return 0;
}
