// Occupancy queries: a small kernel fits at least one block per multiprocessor, the suggested
// block size is a valid one, and a block size beyond the device's limit fits zero blocks.
// conform: tags=launch,occupancy
// expect: occupancy answers are within the device's limits
// expect: PASS occupancy
#include "conform.h"

__global__ void small(float *v) { v[threadIdx.x] += 1.0f; }

int main() {
  cudaDeviceProp p;
  CHECK(cudaGetDeviceProperties(&p, 0));
  int blocks = -1;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, small, 256, 0));
  EXPECT(blocks >= 1 && blocks * 256 <= p.maxThreadsPerMultiProcessor);
  int minGrid = 0, blockSize = 0;
  CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, small, 0, 0));
  EXPECT(blockSize >= 1 && blockSize <= p.maxThreadsPerBlock && minGrid >= 1);
  std::printf("occupancy answers are within the device's limits\n");
  std::printf("PASS occupancy\n");
  return 0;
}
