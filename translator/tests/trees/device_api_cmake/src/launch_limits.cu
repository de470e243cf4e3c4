// __launch_bounds__ and the occupancy calculator: a bounded kernel reports its bound, the
// occupancy family answers for kernels named through void pointers (also a kernel template's
// specialisation inside a template), and a launch above the bound fails as CUDA's does.
#include <cuda_runtime.h>

#include <algorithm>

#include "device_api.h"

namespace {

constexpr int kBound = 128;

__global__ void __launch_bounds__(kBound, 4) bounded(int *out) {
  out[blockIdx.x * blockDim.x + threadIdx.x] = int(threadIdx.x) + 1;
}

__global__ void unbounded(int *out) { out[threadIdx.x] = 0; }

__global__ void neverLaunched(int *out) { out[threadIdx.x] = 1; }

template <int Scale> __global__ void scaled(int *out) { out[threadIdx.x] = Scale; }

// Blocks of `threads` threads one multiprocessor holds when registers and shared memory do not
// limit them: CUDA's occupancy calculation from the device's own limits.
int residentBlocks(const cudaDeviceProp &prop, int threads) {
  const int warps = (threads + prop.warpSize - 1) / prop.warpSize;
  return std::min(prop.maxBlocksPerMultiProcessor,
                  prop.maxThreadsPerMultiProcessor / prop.warpSize / warps);
}

template <int Scale> bool templateOccupancy(const cudaDeviceProp &prop) {
  int blocks = -1;
  API_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, (void *)scaled<Scale>, 64, 0));
  EXPECT_THAT(blocks == residentBlocks(prop, 64), "template kernel: %d blocks", blocks);
  return true;
}

} // namespace

bool checkLaunchLimits() {
  int device = 0;
  cudaDeviceProp prop;
  API_CHECK(cudaGetDevice(&device));
  API_CHECK(cudaGetDeviceProperties(&prop, device));

  // Named through a pointer variable before the kernel ever ran.
  const void *kernel = (const void *)bounded;
  int blocks = -1;
  API_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernel, 32, 0));
  EXPECT_THAT(blocks == residentBlocks(prop, 32), "%d blocks of 32", blocks);
  API_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(&blocks, (void *)bounded, kBound,
                                                                   0, cudaOccupancyDefault));
  EXPECT_THAT(blocks == residentBlocks(prop, kBound), "%d blocks of %d", blocks, kBound);

  // A kernel without bounds, only ever named through a pointer.
  const void *plainKernel = (const void *)neverLaunched;
  API_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, plainKernel, 256, 0));
  EXPECT_THAT(blocks == residentBlocks(prop, 256), "%d blocks of 256", blocks);

  cudaFuncAttributes attributes;
  API_CHECK(cudaFuncGetAttributes(&attributes, (const void *)bounded));
  EXPECT_THAT(attributes.maxThreadsPerBlock == kBound, "maxThreadsPerBlock %d",
              attributes.maxThreadsPerBlock);
  API_CHECK(cudaFuncGetAttributes(&attributes, unbounded));
  EXPECT_THAT(attributes.maxThreadsPerBlock == prop.maxThreadsPerBlock,
              "unbounded maxThreadsPerBlock %d", attributes.maxThreadsPerBlock);

  // The calculator never proposes more threads than the bound.
  int minGrid = 0, blockSize = 0;
  API_CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, bounded));
  EXPECT_THAT(blockSize == kBound &&
                  minGrid == residentBlocks(prop, kBound) * prop.multiProcessorCount,
              "block %d grid %d", blockSize, minGrid);
  size_t dynamicShared = 0;
  API_CHECK(cudaOccupancyAvailableDynamicSMemPerBlock(&dynamicShared, bounded, 2, kBound));
  EXPECT_THAT(dynamicShared > 0, "no dynamic shared memory for 2 blocks");
  if (!templateOccupancy<3>(prop))
    return false;

  int *out;
  API_CHECK(cudaMalloc(&out, 4 * kBound * sizeof(int)));
  bounded<<<2, kBound>>>(out);
  API_CHECK(cudaGetLastError());
  int host[2 * kBound];
  API_CHECK(cudaMemcpy(host, out, sizeof host, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 2 * kBound; ++i)
    EXPECT_THAT(host[i] == i % kBound + 1, "out[%d] = %d", i, host[i]);
  // More threads than the bound: the launch fails and leaves no sticky error.
  bounded<<<1, 2 * kBound>>>(out);
  const cudaError_t tooMany = cudaGetLastError();
  EXPECT_THAT(tooMany == cudaErrorLaunchOutOfResources, "launch above the bound: %s",
              cudaGetErrorName(tooMany));
  unbounded<<<1, 2 * prop.maxThreadsPerBlock>>>(out);
  const cudaError_t overDevice = cudaGetLastError();
  EXPECT_THAT(overDevice == cudaErrorInvalidConfiguration, "launch above the device: %s",
              cudaGetErrorName(overDevice));
  API_CHECK(cudaDeviceSynchronize());
  API_CHECK(cudaFree(out));
  return true;
}
