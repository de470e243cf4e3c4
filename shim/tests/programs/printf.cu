// Device printf: output appears by the next synchronisation point, with formats as on CUDA.
#include "check.h"

__global__ void hello(int base) {
  if (threadIdx.x == 0)
    printf("block %d says %d %.2f %s\n", blockIdx.x, base + (int)blockIdx.x, 0.5f * blockIdx.x,
           "hi");
}

int main() {
  hello<<<1, 32>>>(100);
  CHECK(cudaDeviceSynchronize());
  hello<<<2, 32>>>(200);
  CHECK(cudaDeviceSynchronize());
  std::fflush(stdout);
  std::printf("PASS printf\n");
  return 0;
}
