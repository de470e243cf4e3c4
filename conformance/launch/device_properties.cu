// Device properties a CUDA program relies on: warp size 32, up to 1024 threads per block, block
// and grid limits, and cudaDeviceGetAttribute agreeing with cudaGetDeviceProperties.
// conform: tags=launch,device-query
// expect: warp 32, 1024 threads/block, block (1024,1024,64), grid (2147483647,65535,65535)
// expect: PASS device_properties
#include "conform.h"

int main() {
  int count = 0;
  CHECK(cudaGetDeviceCount(&count));
  EXPECT(count >= 1);
  cudaDeviceProp p;
  CHECK(cudaGetDeviceProperties(&p, 0));
  std::printf("warp %d, %d threads/block, block (%d,%d,%d), grid (%d,%d,%d)\n", p.warpSize,
              p.maxThreadsPerBlock, p.maxThreadsDim[0], p.maxThreadsDim[1], p.maxThreadsDim[2],
              p.maxGridSize[0], p.maxGridSize[1], p.maxGridSize[2]);
  int value = 0;
  CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrWarpSize, 0));
  EXPECT(value == p.warpSize);
  CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrMultiProcessorCount, 0));
  EXPECT(value == p.multiProcessorCount && value > 0);
  CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrComputeCapabilityMajor, 0));
  EXPECT(value == p.major);
  CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrMaxSharedMemoryPerBlock, 0));
  EXPECT((size_t)value == p.sharedMemPerBlock && value >= 48 * 1024);
  EXPECT(p.totalGlobalMem > 0 && p.unifiedAddressing == 1);
  int device = -1;
  CHECK(cudaGetDevice(&device));
  EXPECT(device == 0);
  std::printf("PASS device_properties\n");
  return 0;
}
