// Scoped atomics: atomicAdd_block counts within a block's shared counter, atomicAdd_system
// updates mapped host memory the host reads after the kernel.
// conform: tags=atomics,scopes,mapped
// expect: block scope 256 per block, system scope 1024 in host memory
// expect: PASS scoped_atomics
#include "conform.h"

__global__ void count(int *perBlock, int *host) {
  __shared__ int local;
  if (threadIdx.x == 0)
    local = 0;
  __syncthreads();
  atomicAdd_block(&local, 1);
  atomicAdd_system(host, 1);
  __syncthreads();
  if (threadIdx.x == 0)
    perBlock[blockIdx.x] = local;
}

int main() {
  int *perBlock, *host, *hostDevice, h[4];
  CHECK(cudaMalloc(&perBlock, sizeof h));
  CHECK(cudaHostAlloc(&host, sizeof(int), cudaHostAllocMapped));
  *host = 0;
  CHECK(cudaHostGetDevicePointer((void **)&hostDevice, host, 0));
  count<<<4, 256>>>(perBlock, hostDevice);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, perBlock, sizeof h, cudaMemcpyDeviceToHost));
  for (int b = 0; b < 4; ++b)
    EXPECT(h[b] == 256);
  std::printf("block scope %d per block, system scope %d in host memory\n", h[0], *host);
  EXPECT(*host == 1024);
  CHECK(cudaFreeHost(host));
  std::printf("PASS scoped_atomics\n");
  return 0;
}
