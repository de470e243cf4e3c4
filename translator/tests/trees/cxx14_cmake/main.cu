// A C++14 project (CMAKE_CXX_STANDARD 14): Qiao's headers must compile as C++14. Host memory
// from cudaMallocHost's C++ overload (default flags), an asynchronous memset on the default
// stream, and a launch through cudaLaunchKernel with its default shared memory and stream.
#include <cuda_runtime.h>

#include "gpu_utils.h"

__global__ void fill(int *values, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    values[i] = i % 100;
}

int main() {
  const int n = 1000;
  int *device = nullptr, *host = nullptr;
  GPU_CHECK(cudaMalloc(&device, n * sizeof(int)));
  GPU_CHECK(cudaMallocHost(&host, n * sizeof(int)));
  GPU_CHECK(cudaMemsetAsync(device, 0, n * sizeof(int)));
  int count = n;
  void *args[] = {&device, &count};
  GPU_CHECK(cudaLaunchKernel(fill, dim3((n + 127) / 128), dim3(128), args));
  GPU_CHECK(cudaMemcpy(host, device, n * sizeof(int), cudaMemcpyDeviceToHost));
  const Stats s = computeStats(device, n);
  // 0..99 ten times, plus values[0] once more from the second launch.
  long bits = 0;
  for (int i = 0; i < n; ++i)
    bits += __builtin_popcount(unsigned(host[i]));
  if (s.sum != 49500.0 || s.maximum != 99 || s.bits != bits) {
    printf("FAIL sum %g max %d bits %d (expected 49500 99 %ld)\n", s.sum, s.maximum, s.bits, bits);
    return 1;
  }
  // The block size the occupancy calculator picks, with shared memory growing with the block.
  int minGrid = 0, block = 0, minGridFlat = 0, blockFlat = 0;
  GPU_CHECK(cudaOccupancyMaxPotentialBlockSizeVariableSMem(
      &minGrid, &block, fill, [](int threads) { return threads * sizeof(int); }));
  GPU_CHECK(cudaOccupancyMaxPotentialBlockSizeWithFlags(&minGridFlat, &blockFlat, fill));
  cudaEvent_t untimed;
  GPU_CHECK(cudaEventCreate(&untimed, cudaEventDisableTiming)); // C++ overload with flags
  GPU_CHECK(cudaEventRecord(untimed));
  GPU_CHECK(cudaEventSynchronize(untimed));
  if (block <= 0 || block % 32 != 0 || minGrid <= 0 || blockFlat <= 0 || minGridFlat <= 0) {
    printf("FAIL occupancy: block %d grid %d, flat block %d grid %d\n", block, minGrid, blockFlat,
           minGridFlat);
    return 1;
  }
  GPU_CHECK(cudaEventDestroy(untimed));
  GPU_CHECK(cudaFreeHost(host));
  GPU_CHECK(cudaFree(device));
  printf("PASS cxx14_cmake (C++ %ld)\n", long(__cplusplus));
  return 0;
}
