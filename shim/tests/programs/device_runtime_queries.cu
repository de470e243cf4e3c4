// The device runtime's questions about the device and its kernels, answered in device code as the
// host answers them: cudaDeviceGetAttribute for every attribute the runtime names and numbers
// past them, cudaDeviceGetLimit for the limits the host set, cudaFuncGetAttributes of a
// kernel, cudaOccupancyMaxActiveBlocksPerMultiprocessor over block sizes and shared memory,
// cudaGetDeviceCount, cudaRuntimeGetVersion, cudaDeviceGetSharedMemConfig, cudaDeviceGetCacheConfig
// (the preference the host set), and cudaGetErrorName /
// cudaGetErrorString's texts;
// and their errors: an attribute number that names none, a device that does not exist, a
// function that is not a kernel.
#include "check.h"

#include <cstring>

// cudaDeviceGetSharedMemConfig is deprecated, and still called by programs: so is it here.
#pragma nv_diag_suppress 1215
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

constexpr int kAttributes = 160; // past the last attribute CUDA 13 names
constexpr int kLimits = 5;       // stack, printf FIFO, malloc heap, sync depth, pending launches
constexpr int kBlockSizes = 8;
constexpr int kTexts = 4;

__global__ void __launch_bounds__(256) worker(float *data) {
  __shared__ float tile[1024];
  tile[threadIdx.x] = data[threadIdx.x];
  __syncthreads();
  data[threadIdx.x] = tile[(threadIdx.x + 1) % blockDim.x] * 2.0f;
}

__device__ int notAKernel(int x) { return x + 1; }

struct Answers {
  int attributeCode[kAttributes], attribute[kAttributes];
  int limitCode[kLimits];
  size_t limit[kLimits];
  int funcCode;
  cudaFuncAttributes func;
  int occupancy[kBlockSizes][2];
  int occupancyWithFlags;
  int badDevice, badFunction, badOccupancyFunction, badFlags, lastError;
  int count, countCode, version, versionCode, bankCode, cacheCode, nullCacheCode;
  cudaFuncCache cache;
  cudaSharedMemConfig bank;
  char names[kTexts][64], texts[kTexts][128];
};

// Error codes whose names and descriptions device code asks for (the last names none): ones whose
// descriptions Qiao's runtime and NVIDIA's word alike, as the host side here is either.
__host__ __device__ cudaError_t errorCode(int i) {
  const int codes[kTexts] = {cudaSuccess, cudaErrorInvalidValue, cudaErrorIllegalAddress, 12345};
  return cudaError_t(codes[i]);
}

__device__ void copyText(char *out, const char *text, int capacity) {
  int i = 0;
  for (; text && text[i] && i < capacity - 1; ++i)
    out[i] = text[i];
  out[i] = 0;
}

__global__ void ask(Answers *a, int device) {
  if (threadIdx.x != 0 || blockIdx.x != 0)
    return;
  for (int n = 0; n < kAttributes; ++n) {
    a->attribute[n] = -12345;
    a->attributeCode[n] = cudaDeviceGetAttribute(&a->attribute[n], cudaDeviceAttr(n), device);
  }
  for (int n = 0; n < kLimits; ++n)
    a->limitCode[n] = cudaDeviceGetLimit(&a->limit[n], cudaLimit(n));
  a->funcCode = cudaFuncGetAttributes(&a->func, worker);
  for (int i = 0; i < kBlockSizes; ++i) {
    int size = 32 << (i % 4);
    size_t shared = i < 4 ? 0 : 4096 * (i - 3);
    a->occupancy[i][0] =
        cudaOccupancyMaxActiveBlocksPerMultiprocessor(&a->occupancy[i][1], worker, size, shared);
  }
  int blocks = 0;
  cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(&blocks, worker, 128, 0,
                                                         cudaOccupancyDisableCachingOverride);
  a->occupancyWithFlags = blocks;
  int unused;
  a->badDevice = cudaDeviceGetAttribute(&unused, cudaDevAttrWarpSize, 99);
  a->badFunction = cudaFuncGetAttributes(&a->func, notAKernel);
  a->badOccupancyFunction =
      cudaOccupancyMaxActiveBlocksPerMultiprocessor(&unused, notAKernel, 128, 0);
  a->cacheCode = cudaDeviceGetCacheConfig(&a->cache);
  a->nullCacheCode = cudaDeviceGetCacheConfig(nullptr);
  a->badFlags = cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(&unused, worker, 128, 0, 8);
  a->lastError = cudaGetLastError();
  a->countCode = cudaGetDeviceCount(&a->count);
  a->versionCode = cudaRuntimeGetVersion(&a->version);
  a->bankCode = cudaDeviceGetSharedMemConfig(&a->bank);
  for (int i = 0; i < kTexts; ++i) {
    copyText(a->names[i], cudaGetErrorName(errorCode(i)), 64);
    copyText(a->texts[i], cudaGetErrorString(errorCode(i)), 128);
  }
  cudaFuncGetAttributes(&a->func, worker);
}

int main() {
  int device = 0;
  CHECK(cudaGetDevice(&device));
  // Limits the device runtime must read back as the host set them.
  CHECK(cudaDeviceSetLimit(cudaLimitStackSize, 4096));
  CHECK(cudaDeviceSetLimit(cudaLimitMallocHeapSize, size_t(48) << 20));
  CHECK(cudaDeviceSetLimit(cudaLimitDevRuntimePendingLaunchCount, 3000));
  // A cache preference other than the default, which device code must read back.
  CHECK(cudaDeviceSetCacheConfig(cudaFuncCachePreferShared));
  Answers *a;
  CHECK(cudaMallocManaged(&a, sizeof(Answers)));
  ask<<<1, 32>>>(a, device);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());

  // Every number CUDA 13 names answers, those cudaDeviceAttr leaves out (44, 102-105, ...) too,
  // as NVIDIA's runtime answers them from the driver's CUdevice_attribute.
  int named = 0, refused = 0;
  for (int n = 0; n < kAttributes; ++n) {
    int host = -12345;
    cudaError_t hostCode = cudaDeviceGetAttribute(&host, cudaDeviceAttr(n), device);
    cudaGetLastError();
    if (a->attributeCode[n] != hostCode || (hostCode == cudaSuccess && a->attribute[n] != host)) {
      std::printf("FAIL attribute %d: device %s %d, host %s %d\n", n,
                  cudaGetErrorName(cudaError_t(a->attributeCode[n])), a->attribute[n],
                  cudaGetErrorName(hostCode), host);
      return 1;
    }
    if ((hostCode == cudaSuccess) != (n >= 1 && n <= 147)) {
      std::printf("FAIL attribute %d: %s\n", n, cudaGetErrorName(hostCode));
      return 1;
    }
    named += hostCode == cudaSuccess;
    refused += hostCode == cudaErrorInvalidValue;
  }
  for (int n = 0; n < kLimits; ++n) {
    size_t host = 0;
    CHECK(cudaDeviceGetLimit(&host, cudaLimit(n)));
    EXPECT(a->limitCode[n] == cudaSuccess && a->limit[n] == host);
  }
  EXPECT(a->limit[cudaLimitStackSize] == 4096 && a->limit[cudaLimitMallocHeapSize] == 48 << 20);
  EXPECT(a->limit[cudaLimitDevRuntimePendingLaunchCount] == 3000);

  cudaFuncAttributes host;
  CHECK(cudaFuncGetAttributes(&host, worker));
  const cudaFuncAttributes &f = a->func;
  EXPECT(a->funcCode == cudaSuccess);
  EXPECT(f.sharedSizeBytes == host.sharedSizeBytes && f.sharedSizeBytes >= 4096);
  EXPECT(f.constSizeBytes == host.constSizeBytes && f.localSizeBytes == host.localSizeBytes);
  EXPECT(f.maxThreadsPerBlock == host.maxThreadsPerBlock && f.maxThreadsPerBlock == 256);
  EXPECT(f.numRegs == host.numRegs && f.ptxVersion == host.ptxVersion);
  EXPECT(f.binaryVersion == host.binaryVersion);
  EXPECT(f.maxDynamicSharedSizeBytes == host.maxDynamicSharedSizeBytes);
  EXPECT(f.preferredShmemCarveout == host.preferredShmemCarveout);

  for (int i = 0; i < kBlockSizes; ++i) {
    int size = 32 << (i % 4);
    size_t shared = i < 4 ? 0 : 4096 * (i - 3);
    int blocks = -1;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, worker, size, shared));
    EXPECT(a->occupancy[i][0] == cudaSuccess && a->occupancy[i][1] == blocks);
  }
  int blocks128 = -1;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks128, worker, 128, 0));
  EXPECT(a->occupancyWithFlags == blocks128 && blocks128 > 0);

  EXPECT(a->badDevice == cudaErrorInvalidDevice);
  EXPECT(a->badFunction == cudaErrorInvalidDeviceFunction);
  EXPECT(a->badOccupancyFunction == cudaErrorInvalidDeviceFunction);
  EXPECT(a->badFlags == cudaErrorInvalidValue && a->lastError == cudaErrorInvalidValue);
  int hostCount = 0, hostVersion = 0;
  CHECK(cudaGetDeviceCount(&hostCount));
  CHECK(cudaRuntimeGetVersion(&hostVersion));
  EXPECT(a->countCode == cudaSuccess && a->count == hostCount);
  EXPECT(a->versionCode == cudaSuccess && a->version == hostVersion);
  cudaSharedMemConfig hostBank;
  CHECK(cudaDeviceGetSharedMemConfig(&hostBank));
  EXPECT(a->bankCode == cudaSuccess && a->bank == hostBank);
  cudaFuncCache hostCache = cudaFuncCachePreferNone;
  CHECK(cudaDeviceGetCacheConfig(&hostCache));
  EXPECT(a->cacheCode == cudaSuccess && a->cache == hostCache);
  EXPECT(hostCache == cudaFuncCachePreferShared);
  EXPECT(a->nullCacheCode == cudaErrorInvalidValue);
  for (int i = 0; i < kTexts; ++i) {
    EXPECT(std::strcmp(a->names[i], cudaGetErrorName(errorCode(i))) == 0);
    EXPECT(std::strcmp(a->texts[i], cudaGetErrorString(errorCode(i))) == 0);
  }
  std::printf("device code agrees with the host on %d attributes and %d numbers naming none\n",
              named, refused);
  std::printf("limits read in device code: stack %zu, heap %zu, pending launches %zu\n",
              a->limit[cudaLimitStackSize], a->limit[cudaLimitMallocHeapSize],
              a->limit[cudaLimitDevRuntimePendingLaunchCount]);
  std::printf("cudaFuncGetAttributes in device code agrees with the host: %d threads\n",
              f.maxThreadsPerBlock);
  std::printf("occupancy agrees with the host: 128 threads -> %d blocks\n", blocks128);
  std::printf("error texts in device code: %s (%s), %s\n", a->names[2], a->texts[2], a->names[3]);
  std::printf("cudaDeviceGetCacheConfig in device code: %s as the host set\n",
              a->cache == cudaFuncCachePreferShared ? "cudaFuncCachePreferShared" : "another");
  std::printf("cudaGetDeviceCount %d, cudaRuntimeGetVersion %d in device code\n", a->count,
              a->version);
  std::printf("PASS device_runtime_queries\n");
  return 0;
}
