// cudaStreamDestroy on a stream that still has work returns at once; the work still completes
// (its resources are released afterwards), so a later device synchronisation sees its results.
// conform: tags=streams,lifetime
// expect: destroy returned cudaSuccess, the pending kernels still ran: 8 x 1000 = 8000
// expect: PASS destroy_with_pending_work
#include "conform.h"

__global__ void add(int *p, int n) {
  for (int i = 0; i < n; ++i)
    atomicAdd(p, 1);
}

int main() {
  int *d, h = 0;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  for (int k = 0; k < 8; ++k)
    add<<<1, 1, 0, s>>>(d, 1000);
  cudaError_t destroyed = cudaStreamDestroy(s);
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("destroy returned %s, the pending kernels still ran: 8 x 1000 = %d\n",
              cudaGetErrorName(destroyed), h);
  std::printf("PASS destroy_with_pending_work\n");
  return 0;
}
