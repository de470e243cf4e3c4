// Stream-ordered memory pools: a pool of the program's own with a release threshold keeps freed
// memory reserved and serves the next allocation of that size from it; the used counters follow
// allocations and frees; trimming to zero gives back what nothing uses; errors CUDA documents for
// a read-only attribute and for destroying a device's default pool.
// conform: tags=memory,async,pool
// expect: used after allocation >= 1048576: yes; after the free: 0
// expect: reserved kept across a free and a new allocation: yes; after trim: 0
// expect: set a read-only counter -> cudaErrorInvalidValue
// expect: destroy the default pool -> cudaErrorInvalidValue
// expect: PASS mem_pool_reuse
#include "conform.h"

#include <cstdint>

__global__ void fill(int *v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    v[i] = i;
}

static uint64_t attribute(cudaMemPool_t pool, cudaMemPoolAttr attr) {
  uint64_t value = 0;
  CHECK(cudaMemPoolGetAttribute(pool, attr, &value));
  return value;
}

int main() {
  const int n = 1 << 18; // 1 MiB of ints
  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  cudaMemPoolProps props = {};
  props.allocType = cudaMemAllocationTypePinned;
  props.location.type = cudaMemLocationTypeDevice;
  props.location.id = 0;
  cudaMemPool_t pool;
  CHECK(cudaMemPoolCreate(&pool, &props));
  uint64_t keep = UINT64_MAX;
  CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep));

  int *d;
  CHECK(cudaMallocFromPoolAsync(reinterpret_cast<void **>(&d), n * sizeof(int), pool, s));
  fill<<<n / 256, 256, 0, s>>>(d, n);
  CHECK(cudaGetLastError());
  int last = 0;
  CHECK(cudaMemcpyAsync(&last, d + n - 1, sizeof last, cudaMemcpyDeviceToHost, s));
  CHECK(cudaStreamSynchronize(s));
  EXPECT(last == n - 1);
  bool used = attribute(pool, cudaMemPoolAttrUsedMemCurrent) >= n * sizeof(int);
  CHECK(cudaFreeAsync(d, s));
  CHECK(cudaStreamSynchronize(s));
  std::printf("used after allocation >= %zu: %s; after the free: %llu\n", n * sizeof(int),
              used ? "yes" : "no",
              static_cast<unsigned long long>(attribute(pool, cudaMemPoolAttrUsedMemCurrent)));
  EXPECT(used);

  uint64_t reserved = attribute(pool, cudaMemPoolAttrReservedMemCurrent);
  CHECK(cudaMallocFromPoolAsync(reinterpret_cast<void **>(&d), n * sizeof(int), pool, s));
  bool kept =
      reserved >= n * sizeof(int) && attribute(pool, cudaMemPoolAttrReservedMemCurrent) == reserved;
  CHECK(cudaFreeAsync(d, s));
  CHECK(cudaStreamSynchronize(s));
  CHECK(cudaMemPoolTrimTo(pool, 0));
  std::printf("reserved kept across a free and a new allocation: %s; after trim: %llu\n",
              kept ? "yes" : "no",
              static_cast<unsigned long long>(attribute(pool, cudaMemPoolAttrReservedMemCurrent)));
  EXPECT(kept);

  uint64_t five = 5;
  std::printf("set a read-only counter -> %s\n", cudaGetErrorName(cudaMemPoolSetAttribute(
                                                     pool, cudaMemPoolAttrUsedMemCurrent, &five)));
  cudaMemPool_t byDefault;
  CHECK(cudaDeviceGetDefaultMemPool(&byDefault, 0));
  std::printf("destroy the default pool -> %s\n", cudaGetErrorName(cudaMemPoolDestroy(byDefault)));
  cudaGetLastError();
  CHECK(cudaMemPoolDestroy(pool));
  CHECK(cudaStreamDestroy(s));
  std::printf("PASS mem_pool_reuse\n");
  return 0;
}
