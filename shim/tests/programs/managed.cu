// __managed__ variables and cudaMallocManaged: the host reads and writes what kernels see.
#include "check.h"

__managed__ int total = 5;
__managed__ float weights[4] = {1.0f, 2.0f, 3.0f, 4.0f};

__global__ void accumulate(int *data, int n) {
  int i = threadIdx.x;
  if (i < n)
    atomicAdd(&total, data[i]);
  if (i < 4)
    weights[i] *= 2.0f;
}

int main() {
  EXPECT(total == 5);
  total = 10;
  int *data;
  const int n = 64;
  CHECK(cudaMallocManaged(&data, n * sizeof(int)));
  for (int i = 0; i < n; ++i)
    data[i] = i;
  accumulate<<<1, n>>>(data, n);
  CHECK(cudaDeviceSynchronize());
  EXPECT(total == 10 + n * (n - 1) / 2);
  for (int i = 0; i < 4; ++i)
    EXPECT(weights[i] == 2.0f * (i + 1));
  CHECK(cudaFree(data));
  std::printf("total %d\n", total);
  std::printf("PASS managed\n");
  return 0;
}
