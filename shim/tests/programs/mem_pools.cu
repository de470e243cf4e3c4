// Stream-ordered memory pools: the device's default pool and its counters, a release threshold
// that keeps freed memory for the next allocation, trimming, a pool of the program's own made the
// device's current one, cudaMallocFromPoolAsync, and the documented errors. Built with -cudart
// shared (Qiao's libcudart.so.13) and with nvcc's static runtime (Qiao's libcuda.so.1).
#include "check.h"

#include <cstdint>

__global__ void fill(int *data, int value, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] = value + i;
}

static uint64_t counter(cudaMemPool_t pool, cudaMemPoolAttr attr) {
  uint64_t value = ~uint64_t{0};
  if (cudaMemPoolGetAttribute(pool, attr, &value) != cudaSuccess)
    std::printf("FAIL cudaMemPoolGetAttribute(%d)\n", int(attr));
  return value;
}

// Allocates, fills by a kernel, checks and frees n ints in stream order from `pool` (or the
// current pool when null).
static int roundTrip(cudaMemPool_t pool, int n, cudaStream_t stream) {
  int *data = nullptr;
  if (pool)
    CHECK(cudaMallocFromPoolAsync(reinterpret_cast<void **>(&data), n * sizeof(int), pool, stream));
  else
    CHECK(cudaMallocAsync(&data, n * sizeof(int), stream));
  fill<<<(n + 255) / 256, 256, 0, stream>>>(data, 100, n);
  int last = 0;
  CHECK(cudaMemcpyAsync(&last, data + n - 1, sizeof last, cudaMemcpyDeviceToHost, stream));
  CHECK(cudaFreeAsync(data, stream));
  CHECK(cudaStreamSynchronize(stream));
  EXPECT(last == 100 + n - 1);
  return 0;
}

int main() {
  const int n = 1 << 18; // 1 MiB of ints
  cudaStream_t stream;
  CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  int device = 0;
  CHECK(cudaGetDevice(&device));

  cudaMemPool_t byDefault, current;
  CHECK(cudaDeviceGetDefaultMemPool(&byDefault, device));
  CHECK(cudaDeviceGetMemPool(&current, device));
  EXPECT(current == byDefault);

  // Threshold 0: after the free is reached the pool holds nothing.
  if (roundTrip(nullptr, n, stream))
    return 1;
  EXPECT(counter(byDefault, cudaMemPoolAttrUsedMemCurrent) == 0);
  EXPECT(counter(byDefault, cudaMemPoolAttrReservedMemCurrent) == 0);
  EXPECT(counter(byDefault, cudaMemPoolAttrUsedMemHigh) >= n * sizeof(int));

  // A threshold above the allocation keeps it reserved, and the next allocation reuses it.
  uint64_t threshold = UINT64_MAX;
  CHECK(cudaMemPoolSetAttribute(byDefault, cudaMemPoolAttrReleaseThreshold, &threshold));
  if (roundTrip(nullptr, n, stream))
    return 1;
  uint64_t reserved = counter(byDefault, cudaMemPoolAttrReservedMemCurrent);
  EXPECT(reserved >= n * sizeof(int));
  if (roundTrip(nullptr, n, stream))
    return 1;
  EXPECT(counter(byDefault, cudaMemPoolAttrReservedMemCurrent) == reserved);
  CHECK(cudaMemPoolTrimTo(byDefault, 0));
  EXPECT(counter(byDefault, cudaMemPoolAttrReservedMemCurrent) == 0);
  uint64_t zero = 0;
  CHECK(cudaMemPoolSetAttribute(byDefault, cudaMemPoolAttrReservedMemHigh, &zero));
  EXPECT(counter(byDefault, cudaMemPoolAttrReservedMemHigh) == 0);
  CHECK(cudaMemPoolSetAttribute(byDefault, cudaMemPoolAttrReleaseThreshold, &zero));
  std::printf("default pool: threshold keeps %llu bytes, trim releases them\n",
              static_cast<unsigned long long>(reserved));

  // A pool of the program's own, used explicitly and as the device's current pool.
  cudaMemPoolProps props = {};
  props.allocType = cudaMemAllocationTypePinned;
  props.location.type = cudaMemLocationTypeDevice;
  props.location.id = device;
  cudaMemPool_t own;
  CHECK(cudaMemPoolCreate(&own, &props));
  if (roundTrip(own, n, stream))
    return 1;
  CHECK(cudaDeviceSetMemPool(device, own));
  CHECK(cudaDeviceGetMemPool(&current, device));
  EXPECT(current == own);
  int *held = nullptr;
  CHECK(cudaMallocAsync(&held, 4096, stream));
  EXPECT(counter(own, cudaMemPoolAttrUsedMemCurrent) >= 4096);
  EXPECT(counter(byDefault, cudaMemPoolAttrUsedMemCurrent) == 0);
  cudaMemAccessFlags access = cudaMemAccessFlagsProtNone;
  cudaMemLocation where = {cudaMemLocationTypeDevice, device};
  CHECK(cudaMemPoolGetAccess(&access, own, &where));
  EXPECT(access == cudaMemAccessFlagsProtReadWrite);
  CHECK(cudaFreeAsync(held, stream));
  CHECK(cudaStreamSynchronize(stream));
  CHECK(cudaMemPoolDestroy(own)); // the default pool becomes current again
  CHECK(cudaDeviceGetMemPool(&current, device));
  EXPECT(current == byDefault);
  std::printf("own pool: current until destroyed\n");

  // Documented errors.
  cudaError_t e = cudaMemPoolDestroy(byDefault);
  std::printf("destroy default pool -> %s\n", cudaGetErrorName(e));
  EXPECT(e == cudaErrorInvalidValue);
  uint64_t five = 5;
  e = cudaMemPoolSetAttribute(byDefault, cudaMemPoolAttrUsedMemCurrent, &five);
  std::printf("set a read-only counter -> %s\n", cudaGetErrorName(e));
  EXPECT(e == cudaErrorInvalidValue);
  props.location.id = 99;
  e = cudaMemPoolCreate(&own, &props);
  std::printf("pool on device 99 -> %s\n", cudaGetErrorName(e));
  EXPECT(e == cudaErrorInvalidDevice);
  cudaGetLastError();

  CHECK(cudaStreamDestroy(stream));
  std::printf("PASS mem_pools\n");
  return 0;
}
