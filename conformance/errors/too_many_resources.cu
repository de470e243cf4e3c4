// Launch limits beyond the block size: more dynamic shared memory than the device allows per
// block is refused at launch, and so is a block size above the kernel's __launch_bounds__.
// conform: tags=errors,launch,shared
// expect: 1 MiB dynamic shared -> refused 1
// expect: 256 threads for __launch_bounds__(128) -> refused 1
// expect: within limits -> cudaSuccess
// expect: PASS too_many_resources
#include "conform.h"

__global__ void useShared(int *out) {
  extern __shared__ int s[];
  s[threadIdx.x] = 1;
  out[0] = s[0];
}

__global__ void __launch_bounds__(128) bounded(int *out) { out[threadIdx.x] = 1; }

int main() {
  int *d;
  CHECK(cudaMalloc(&d, 1024 * sizeof(int)));
  useShared<<<1, 32, 1 << 20>>>(d);
  cudaError_t shared = cudaGetLastError();
  std::printf("1 MiB dynamic shared -> refused %d\n", shared != cudaSuccess);
  bounded<<<1, 256>>>(d);
  cudaError_t bounds = cudaGetLastError();
  std::printf("256 threads for __launch_bounds__(128) -> refused %d\n", bounds != cudaSuccess);
  bounded<<<1, 128>>>(d);
  cudaError_t ok = cudaGetLastError();
  CHECK(cudaDeviceSynchronize());
  std::printf("within limits -> %s\n", cudaGetErrorName(ok));
  std::printf("PASS too_many_resources\n");
  return 0;
}
