// Host-compiled kernels (qiao/device.h) as the runtime knows them: __launch_bounds__ declared by
// translated code, attributes and occupancy through void pointers, launch limits, the dynamic
// shared memory a kernel may opt into, and the atomic built-ins under contention between blocks.
#include <qiao/device.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace {

void bounded(int *out) { out[blockIdx.x * blockDim.x + threadIdx.x] = int(threadIdx.x); }
QIAO_KERNEL_LAUNCH_BOUNDS(bounded, 96);

void withShared(int *out) {
  __shared__ int tile[64];
  tile[threadIdx.x % 64] = 1;
  out[threadIdx.x] = tile[threadIdx.x % 64];
}
QIAO_KERNEL_SHARED_BYTES(withShared, 64 * sizeof(int));

void undeclared(int *out) { out[threadIdx.x] = 7; }

void dynamicShared(int *out, int n) {
  QIAO_DYNAMIC_SHARED(int, buffer);
  buffer[n - 1 - threadIdx.x] = int(threadIdx.x);
  __syncthreads();
  out[threadIdx.x] = buffer[threadIdx.x];
}

struct Wide {
  long long low, high;
};

void contend(unsigned long long *total, float *halves, Wide *wide, int *minimum) {
  const unsigned id = blockIdx.x * blockDim.x + threadIdx.x;
  __nv_atomic_fetch_add(total, 1ull, __NV_ATOMIC_RELAXED, __NV_THREAD_SCOPE_DEVICE);
  __nv_atomic_add(halves, 0.5f, __NV_ATOMIC_ACQ_REL);
  __nv_atomic_min(minimum, -int(id), __NV_ATOMIC_SEQ_CST, __NV_THREAD_SCOPE_BLOCK);
  // 16 bytes: both halves always move together, whoever else is exchanging.
  Wide seen = __nv_atomic_load_n(wide, __NV_ATOMIC_ACQUIRE);
  Wide next{seen.low + 1, seen.high - 1};
  while (!__nv_atomic_compare_exchange_n(wide, &seen, next, false, __NV_ATOMIC_ACQ_REL,
                                         __NV_ATOMIC_ACQUIRE))
    next = Wide{seen.low + 1, seen.high - 1};
}

int residentBlocks(int threads) {
  qiaoDeviceProp_t prop;
  EXPECT_EQ(qiaoGetDeviceProperties(&prop, 0), qiaoSuccess);
  const int warps = (threads + prop.warpSize - 1) / prop.warpSize;
  return std::min(prop.maxBlocksPerMultiProcessor,
                  prop.maxThreadsPerMultiProcessor / prop.warpSize / warps);
}

TEST(HostKernels, LaunchBoundsAreTheKernelsThreadLimit) {
  // Known by its address before any launch or typed query, as translated code declares it.
  const void *kernel = reinterpret_cast<const void *>(&bounded);
  qiaoFuncAttributes attributes{};
  ASSERT_EQ(qiaoFuncGetAttributes(&attributes, kernel), qiaoSuccess);
  EXPECT_EQ(attributes.maxThreadsPerBlock, 96);
  int blocks = -1;
  ASSERT_EQ(qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernel, 96, 0), qiaoSuccess);
  EXPECT_EQ(blocks, residentBlocks(96));
  ASSERT_EQ(qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernel, 128, 0), qiaoSuccess);
  EXPECT_EQ(blocks, 0); // more threads than the kernel can run
  int minGrid = 0, blockSize = 0;
  ASSERT_EQ(qiaoOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, kernel, 0, 0), qiaoSuccess);
  // Never above the bound; 64 keeps more threads resident than 96 does (whole warps: 2 vs 3).
  EXPECT_LE(blockSize, 96);
  EXPECT_GE(blockSize * residentBlocks(blockSize), 96 * residentBlocks(96));

  int *out = nullptr;
  ASSERT_EQ(qiaoMalloc(&out, 256 * sizeof(int)), qiaoSuccess);
  qiaoGetLastError(); // whatever an earlier test in this process left
  qiaoLaunchKernelGGL(bounded, dim3(2), dim3(96), 0, 0, out);
  ASSERT_EQ(qiaoGetLastError(), qiaoSuccess);
  qiaoLaunchKernelGGL(bounded, dim3(1), dim3(97), 0, 0, out);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorLaunchOutOfResources);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess); // not sticky
  std::vector<int> host(192);
  ASSERT_EQ(qiaoMemcpy(host.data(), out, host.size() * sizeof(int), qiaoMemcpyDeviceToHost),
            qiaoSuccess);
  for (int i = 0; i < 192; ++i)
    ASSERT_EQ(host[i], i % 96) << i;
  ASSERT_EQ(qiaoFree(out), qiaoSuccess);
}

TEST(HostKernels, DeclarationsAreValidated) {
  EXPECT_EQ(qiaoDeclareHostKernelLaunchBounds(nullptr, 64), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeclareHostKernelLaunchBounds(reinterpret_cast<const void *>(&undeclared), 0),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeclareHostKernelSharedBytes(nullptr, 4), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeclareHostKernel(nullptr), qiaoErrorInvalidValue);
}

void declaredOnly(int *out) { out[threadIdx.x] = 3; }
QIAO_KERNEL_DECLARE(declaredOnly);

TEST(HostKernels, ADeclaredKernelIsKnownBeforeItsFirstLaunch) {
  const void *kernel = reinterpret_cast<const void *>(&declaredOnly);
  qiaoFuncAttributes attributes{};
  ASSERT_EQ(qiaoFuncGetAttributes(&attributes, kernel), qiaoSuccess);
  qiaoDeviceProp_t prop;
  ASSERT_EQ(qiaoGetDeviceProperties(&prop, 0), qiaoSuccess);
  EXPECT_EQ(attributes.maxThreadsPerBlock, prop.maxThreadsPerBlock);
  EXPECT_EQ(attributes.sharedSizeBytes, 0u);
}

TEST(HostKernels, StaticSharedMemoryCountsInAttributesAndOccupancy) {
  const void *kernel = reinterpret_cast<const void *>(&withShared);
  qiaoFuncAttributes attributes{};
  ASSERT_EQ(qiaoFuncGetAttributes(&attributes, kernel), qiaoSuccess);
  EXPECT_EQ(attributes.sharedSizeBytes, 64 * sizeof(int));
  qiaoDeviceProp_t prop;
  ASSERT_EQ(qiaoGetDeviceProperties(&prop, 0), qiaoSuccess);
  EXPECT_EQ(size_t(attributes.maxDynamicSharedSizeBytes), prop.sharedMemPerBlock - 256);
  EXPECT_EQ(attributes.maxThreadsPerBlock, prop.maxThreadsPerBlock);
}

TEST(HostKernels, AnUndeclaredKernelIsKnownFromItsFirstLaunch) {
  const void *kernel = reinterpret_cast<const void *>(&undeclared);
  int blocks = -1;
  qiaoError_t before = qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernel, 32, 0);
  if (before != qiaoSuccess) { // another test may have launched it first
    EXPECT_EQ(before, qiaoErrorInvalidDeviceFunction);
    int *out = nullptr;
    ASSERT_EQ(qiaoMalloc(&out, 32 * sizeof(int)), qiaoSuccess);
    qiaoLaunchKernelGGL(undeclared, dim3(1), dim3(32), 0, 0, out);
    ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
    ASSERT_EQ(qiaoFree(out), qiaoSuccess);
  }
  ASSERT_EQ(qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernel, 32, 0), qiaoSuccess);
  EXPECT_EQ(blocks, residentBlocks(32));
}

TEST(HostKernels, DynamicSharedMemoryAboveTheDefaultNeedsTheAttribute) {
  const int n = 256;
  const size_t bytes = 64 << 10; // over the 48 KiB default, under the opt-in limit
  int *out = nullptr;
  ASSERT_EQ(qiaoMalloc(&out, n * sizeof(int)), qiaoSuccess);
  qiaoLaunchKernelGGL(dynamicShared, dim3(1), dim3(n), bytes, 0, out, n);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorInvalidConfiguration);
  ASSERT_EQ(
      qiaoFuncSetAttribute(dynamicShared, qiaoFuncAttributeMaxDynamicSharedMemorySize, int(bytes)),
      qiaoSuccess);
  qiaoLaunchKernelGGL(dynamicShared, dim3(1), dim3(n), bytes, 0, out, n);
  ASSERT_EQ(qiaoGetLastError(), qiaoSuccess);
  std::vector<int> host(n);
  ASSERT_EQ(qiaoMemcpy(host.data(), out, n * sizeof(int), qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(host[i], n - 1 - i) << i;
  ASSERT_EQ(qiaoFree(out), qiaoSuccess);
}

TEST(HostKernels, AtomicBuiltInsHoldUnderContentionBetweenBlocks) {
  const int blocks = 64, threads = 128, total = blocks * threads;
  unsigned long long *count = nullptr;
  float *halves = nullptr;
  Wide *wide = nullptr;
  int *minimum = nullptr;
  ASSERT_EQ(qiaoMallocManaged(&count, sizeof *count), qiaoSuccess);
  ASSERT_EQ(qiaoMallocManaged(&halves, sizeof *halves), qiaoSuccess);
  ASSERT_EQ(qiaoMallocManaged(&wide, sizeof *wide), qiaoSuccess);
  ASSERT_EQ(qiaoMallocManaged(&minimum, sizeof *minimum), qiaoSuccess);
  *count = 0, *halves = 0, *wide = Wide{0, 0}, *minimum = 0;
  qiaoLaunchKernelGGL(contend, dim3(blocks), dim3(threads), 0, 0, count, halves, wide, minimum);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  EXPECT_EQ(*count, static_cast<unsigned long long>(total));
  EXPECT_EQ(*halves, 0.5f * total);
  EXPECT_EQ(*minimum, -(total - 1));
  EXPECT_EQ(wide->low, total);
  EXPECT_EQ(wide->high, -total);
  for (void *p : {static_cast<void *>(count), static_cast<void *>(halves),
                  static_cast<void *>(wide), static_cast<void *>(minimum)})
    ASSERT_EQ(qiaoFree(p), qiaoSuccess);
}

} // namespace
