// What a device-query program asks, and device-wide settings.
#include "check.h"
#include <cstring>

__global__ void noop() {}

int main() {
  int count = 0, runtime = 0, driver = 0;
  CHECK(cudaGetDeviceCount(&count));
  EXPECT(count >= 1);
  CHECK(cudaRuntimeGetVersion(&runtime));
  CHECK(cudaDriverGetVersion(&driver));
  EXPECT(runtime >= 13000 && driver >= runtime);
  CHECK(cudaSetDevice(0));
  int dev = -1;
  CHECK(cudaGetDevice(&dev));
  EXPECT(dev == 0);
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  EXPECT(std::strlen(prop.name) > 0);
  EXPECT(prop.warpSize == 32 && prop.maxThreadsPerBlock == 1024);
  EXPECT(prop.multiProcessorCount > 0 && prop.totalGlobalMem > 0);
  int value = 0;
  CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrMaxSharedMemoryPerBlock, 0));
  EXPECT(value == (int)prop.sharedMemPerBlock);
  CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrComputeCapabilityMajor, 0));
  EXPECT(value == prop.major);
  CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrMaxGridDimX, 0));
  EXPECT(value == prop.maxGridSize[0]);
  int least = 0, greatest = 0;
  CHECK(cudaDeviceGetStreamPriorityRange(&least, &greatest));
  EXPECT(greatest <= least);
  cudaStream_t hi;
  CHECK(cudaStreamCreateWithPriority(&hi, cudaStreamNonBlocking, greatest));
  int prio = 99;
  unsigned sflags = 0;
  CHECK(cudaStreamGetPriority(hi, &prio));
  CHECK(cudaStreamGetFlags(hi, &sflags));
  EXPECT(prio == greatest && sflags == cudaStreamNonBlocking);
  CHECK(cudaDeviceSetCacheConfig(cudaFuncCachePreferShared));
  cudaFuncCache cache;
  CHECK(cudaDeviceGetCacheConfig(&cache));
  CHECK(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, 1 << 20));
  size_t limit = 0;
  CHECK(cudaDeviceGetLimit(&limit, cudaLimitPrintfFifoSize));
  EXPECT(limit >= (1 << 20));
  CHECK(cudaDeviceGetLimit(&limit, cudaLimitStackSize));
  EXPECT(limit > 0);
  int canAccess = -1;
  CHECK(cudaDeviceCanAccessPeer(&canAccess, 0, 0));
  EXPECT(canAccess == 0);
  int chosen = -1;
  CHECK(cudaChooseDevice(&chosen, &prop));
  EXPECT(chosen == 0);
  noop<<<1, 1, 0, hi>>>();
  CHECK(cudaStreamSynchronize(hi));
  CHECK(cudaStreamQuery(hi));
  CHECK(cudaStreamDestroy(hi));
  CHECK(cudaDeviceReset());
  // The device comes back on the next call.
  int *p;
  CHECK(cudaMalloc(&p, 16));
  CHECK(cudaFree(p));
  std::printf("device %s cc %d.%d, %d SMs\n", prop.name, prop.major, prop.minor,
              prop.multiProcessorCount);
  std::printf("PASS device_query\n");
  return 0;
}
