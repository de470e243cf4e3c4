#include <cstdio>

// Device printf with several argument types; threads whose index is a multiple of `every` print.
extern "C" __global__ void print_values(int every, double scale) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i % every == 0)
    printf("qiao-printf thread %d block %u value %.2f hex %x\n", i, blockIdx.x, i * scale,
           static_cast<unsigned>(i * 0x101));
}
