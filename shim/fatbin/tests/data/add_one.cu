// A whole host program: its executable carries .nv_fatbin and the .nvFatBinSegment wrappers.
#include <cstdio>

__global__ void addOne(int *values) { values[threadIdx.x] += 1; }

int main() {
  int *values = nullptr;
  if (cudaMalloc(&values, 32 * sizeof(int)) != cudaSuccess)
    return 1;
  addOne<<<1, 32>>>(values);
  std::printf("%d\n", static_cast<int>(cudaDeviceSynchronize()));
  return 0;
}
