// Recoverable errors (a bad argument to a runtime call, an invalid launch configuration) leave
// the context usable: kernels launched afterwards run and their results are right, and
// cudaDeviceSynchronize reports success.
// conform: tags=errors,recovery
// expect: three recoverable errors, then a kernel computed 4950 and synchronize said cudaSuccess
// expect: PASS launch_after_recoverable
#include "conform.h"

__global__ void sum(int *out) { atomicAdd(out, (int)threadIdx.x); }

int main() {
  int *d, h = 0;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  EXPECT(cudaMemcpy(d, &h, sizeof h, static_cast<cudaMemcpyKind>(99)) != cudaSuccess);
  sum<<<1, 2048>>>(d);
  EXPECT(cudaGetLastError() == cudaErrorInvalidConfiguration);
  EXPECT(cudaSetDevice(-1) == cudaErrorInvalidDevice);
  cudaGetLastError();
  sum<<<1, 100>>>(d);
  cudaError_t s = cudaDeviceSynchronize();
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("three recoverable errors, then a kernel computed %d and synchronize said %s\n", h,
              cudaGetErrorName(s));
  std::printf("PASS launch_after_recoverable\n");
  return 0;
}
