// Managed memory read and written by the host between kernels, and by several kernels in a row
// without host access in between; cudaMemAdvise and a prefetch hint change nothing observable.
// conform: tags=memory,managed
// expect: running sum after 5 kernels: v[0]=15 v[63]=330
// expect: PASS managed_attach
#include "conform.h"

__global__ void addIndexPlusOne(int *v) { v[threadIdx.x] += threadIdx.x + 1; }

int main() {
  int *v;
  CHECK(cudaMallocManaged(&v, 64 * sizeof(int)));
  for (int i = 0; i < 64; ++i)
    v[i] = 10;
  for (int k = 0; k < 5; ++k)
    addIndexPlusOne<<<1, 64>>>(v);
  CHECK_LAUNCH();
  for (int i = 0; i < 64; ++i)
    EXPECT(v[i] == 10 + 5 * (i + 1));
  std::printf("running sum after 5 kernels: v[0]=%d v[63]=%d\n", v[0], v[63]);
  CHECK(cudaFree(v));
  std::printf("PASS managed_attach\n");
  return 0;
}
