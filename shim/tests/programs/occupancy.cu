// Device properties, kernel attributes and occupancy queries.
#include "check.h"

__global__ void staticShared(float *out) {
  __shared__ float buffer[256];
  buffer[threadIdx.x] = float(threadIdx.x);
  __syncthreads();
  out[threadIdx.x] = buffer[255 - threadIdx.x];
}

int main() {
  int count = 0;
  CHECK(cudaGetDeviceCount(&count));
  EXPECT(count >= 1);
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  EXPECT(prop.major >= 8 && prop.warpSize == 32 && prop.maxThreadsPerBlock == 1024);
  EXPECT(prop.sharedMemPerBlock == 48 * 1024);
  int major = 0;
  CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, 0));
  EXPECT(major == prop.major);

  cudaFuncAttributes attributes;
  CHECK(cudaFuncGetAttributes(&attributes, staticShared));
  EXPECT(attributes.sharedSizeBytes == 256 * sizeof(float));
  EXPECT(attributes.maxThreadsPerBlock > 0);
  CHECK(cudaFuncSetAttribute(staticShared, cudaFuncAttributeMaxDynamicSharedMemorySize, 8192));
  CHECK(cudaFuncGetAttributes(&attributes, staticShared));
  EXPECT(attributes.maxDynamicSharedSizeBytes == 8192);
  CHECK(cudaFuncSetCacheConfig(staticShared, cudaFuncCachePreferShared));

  int blocks = 0;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, staticShared, 256, 0));
  EXPECT(blocks >= 1);
  int minGrid = 0, blockSize = 0;
  CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, staticShared, 0, 256));
  EXPECT(blockSize >= 32 && blockSize <= 256 && blockSize % 32 == 0 && minGrid >= 1);
  float *out;
  CHECK(cudaMalloc(&out, 256 * sizeof(float)));
  staticShared<<<1, 256>>>(out);
  CHECK(cudaDeviceSynchronize());
  float host[256];
  CHECK(cudaMemcpy(host, out, sizeof host, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 256; ++i)
    EXPECT(host[i] == float(255 - i));
  std::printf("compute capability %d.%d\n", prop.major, prop.minor);
  std::printf("PASS occupancy\n");
  return 0;
}
