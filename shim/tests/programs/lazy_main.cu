// A program one of whose translation units (lazy_other.cu) holds a kernel the Qiao device cannot
// run (a texel gather: PTX `tld4`). Only launching that kernel may fail, as with CUDA's lazy
// module loading; the rest of the program works whichever runtime it links.
#include "check.h"

bool launchGatherKernel(); // lazy_other.cu

__global__ void fill(int *p) { p[threadIdx.x] = threadIdx.x * 2; }

int main() {
  int *d;
  CHECK(cudaMalloc(&d, 32 * sizeof(int)));
  fill<<<1, 32>>>(d);
  int h[32];
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  EXPECT(h[31] == 62);
  std::printf("other unit's kernel launches: %s\n", launchGatherKernel() ? "yes" : "no");
  fill<<<1, 32>>>(d);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  std::printf("PASS lazy_modules\n");
  return 0;
}
