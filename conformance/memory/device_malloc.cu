// malloc and free inside a kernel (the device heap): each thread allocates, fills, sums and frees
// its own block; the heap size limit can be read back.
// conform: tags=memory,device-heap
// expect: 64 threads each summed 1..32 = 528
// expect: PASS device_malloc
#include "conform.h"

__global__ void useHeap(int *sums) {
  int *mine = static_cast<int *>(malloc(32 * sizeof(int)));
  if (!mine) {
    sums[threadIdx.x] = -1;
    return;
  }
  for (int i = 0; i < 32; ++i)
    mine[i] = i + 1;
  int sum = 0;
  for (int i = 0; i < 32; ++i)
    sum += mine[i];
  free(mine);
  sums[threadIdx.x] = sum;
}

int main() {
  size_t heap = 0;
  CHECK(cudaDeviceGetLimit(&heap, cudaLimitMallocHeapSize));
  EXPECT(heap > 0);
  int *sums, h[64];
  CHECK(cudaMalloc(&sums, sizeof h));
  useHeap<<<1, 64>>>(sums);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, sums, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 64; ++i)
    EXPECT(h[i] == 528);
  std::printf("64 threads each summed 1..32 = %d\n", h[0]);
  CHECK(cudaFree(sums));
  std::printf("PASS device_malloc\n");
  return 0;
}
