// cudaLaunchKernelEx with a launch attribute (cudaLaunchAttributeCooperative) and dynamic shared
// memory in the config; cudaFuncGetAttributes / cudaFuncSetCacheConfig accept a kernel.
// conform: tags=launch,cooperative,attributes
// expect: cooperative launch through cudaLaunchKernelEx synchronised 4 blocks: 1024
// expect: PASS launch_ex_attributes
#include "conform.h"

#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void gridSum(int *partial, int *total) {
  extern __shared__ int scratch[];
  scratch[threadIdx.x] = 1;
  __syncthreads();
  if (threadIdx.x == 0) {
    int s = 0;
    for (int i = 0; i < (int)blockDim.x; ++i)
      s += scratch[i];
    partial[blockIdx.x] = s;
  }
  cg::this_grid().sync();
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    int s = 0;
    for (int b = 0; b < (int)gridDim.x; ++b)
      s += partial[b];
    *total = s;
  }
}

int main() {
  int *partial, *total, h = 0;
  CHECK(cudaMalloc(&partial, 4 * sizeof(int)));
  CHECK(cudaMalloc(&total, sizeof(int)));
  CHECK(cudaFuncSetCacheConfig(gridSum, cudaFuncCachePreferShared));
  cudaLaunchAttribute attribute;
  attribute.id = cudaLaunchAttributeCooperative;
  attribute.val.cooperative = 1;
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(4);
  config.blockDim = dim3(256);
  config.dynamicSmemBytes = 256 * sizeof(int);
  config.attrs = &attribute;
  config.numAttrs = 1;
  CHECK(cudaLaunchKernelEx(&config, gridSum, partial, total));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(&h, total, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("cooperative launch through cudaLaunchKernelEx synchronised 4 blocks: %d\n", h);
  std::printf("PASS launch_ex_attributes\n");
  return 0;
}
