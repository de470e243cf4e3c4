// Static and dynamic shared memory in one kernel: both usable at once, the dynamic array placed
// after the static ones, each block with its own copy.
// conform: tags=shared,dynamic
// expect: blocks 0..3 each saw their own shared data: 0 1000 2000 3000 (+ 127 * 2)
// expect: PASS mixed_static_dynamic
#include "conform.h"

__global__ void mixed(int *out) {
  __shared__ int fixed[64];
  extern __shared__ int dynamic[];
  int t = threadIdx.x;
  if (t < 64)
    fixed[t] = blockIdx.x * 1000;
  dynamic[t] = t * 2;
  __syncthreads();
  if (t == 0)
    out[blockIdx.x] = fixed[63] + dynamic[blockDim.x - 1];
}

int main() {
  int *d, h[4];
  CHECK(cudaMalloc(&d, sizeof h));
  mixed<<<4, 128, 128 * sizeof(int)>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int b = 0; b < 4; ++b)
    EXPECT(h[b] == b * 1000 + 254);
  std::printf("blocks 0..3 each saw their own shared data: %d %d %d %d (+ 127 * 2)\n", h[0] - 254,
              h[1] - 254, h[2] - 254, h[3] - 254);
  std::printf("PASS mixed_static_dynamic\n");
  return 0;
}
