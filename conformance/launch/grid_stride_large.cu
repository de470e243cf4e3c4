// A grid-stride loop over 2^22 elements with a grid smaller than the data, and a second launch
// with more blocks than elements: every element is visited exactly once either way.
// conform: tags=launch,indexing
// expect: 4194304 elements visited once with 64 blocks of 256 and with 20000 blocks of 256
// expect: PASS grid_stride_large
#include "conform.h"

__global__ void visit(unsigned char *hits, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    hits[i] += 1;
}

int main() {
  const int n = 1 << 22;
  unsigned char *d;
  CHECK(cudaMalloc(&d, n));
  CHECK(cudaMemset(d, 0, n));
  visit<<<64, 256>>>(d, n);
  visit<<<20000, 256>>>(d, n);
  CHECK_LAUNCH();
  static unsigned char h[n];
  CHECK(cudaMemcpy(h, d, n, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i)
    if (h[i] != 2) {
      std::printf("element %d visited %d times\n", i, h[i]);
      return 1;
    }
  std::printf("%d elements visited once with 64 blocks of 256 and with 20000 blocks of 256\n", n);
  std::printf("PASS grid_stride_large\n");
  return 0;
}
