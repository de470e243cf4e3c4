// What device code asks the device runtime about the device and its kernels in the kir test
// driver: cudaGetDeviceCount, cudaRuntimeGetVersion, cudaDeviceGetAttribute, cudaDeviceGetLimit,
// cudaDeviceGetSharedMemConfig, cudaDeviceGetCacheConfig, cudaFuncGetAttributes and
// cudaOccupancyMaxActiveBlocksPerMultiprocessor[WithFlags] (`qiao.device.*`). The answers come
// from the emulated device's facts through the tables the host's calls use, so that a kernel and
// the host agree.
#include "KernelIrDeviceRuntime.h"
#include "support/DeviceAttributes.h"
#include "support/DeviceRuntimeLayouts.h"
#include "support/Occupancy.h"

#include <algorithm>
#include <cstring>

namespace qiao::kirdriver {
namespace {

using devrt::FuncAttributes;

constexpr uint32_t kOccupancyFlags = 1; // cudaOccupancyDisableCachingOverride
// The limits the device keeps (cudaLimit 0 to 4); the L2 limits are the host runtime's.
constexpr uint32_t kDeviceLimits = 5;
constexpr int32_t kSharedMemBankSizeFourByte = 1;
constexpr int32_t kDeviceRuntimeVersion = 13000; // CUDA 13.0's

qiaoDrvDeviceInfo deviceInfo(int32_t device) {
  qiaoDrvDeviceInfo info{};
  info.structSize = sizeof info;
  emuDriver().deviceInfo(device, &info);
  return info;
}

int32_t deviceCount() {
  int32_t count = 0;
  emuDriver().deviceCount(&count);
  return count;
}

// Stores `bytes` of `value` through `out` (a fault ends the thread) and succeeds.
int32_t store(void *out, const void *value, uint32_t bytes, const char *call) {
  requireAccessible(out, bytes, call);
  std::memcpy(out, value, bytes);
  return qiaoSuccess;
}

int32_t failed(int32_t code) {
  CallingGrid c;
  return c.fail(code);
}

int32_t getDeviceCount(void *out) {
  if (!out)
    return failed(qiaoErrorInvalidValue);
  int32_t count = deviceCount();
  return store(out, &count, 4, "cudaGetDeviceCount");
}

int32_t runtimeGetVersion(void *out) {
  if (!out)
    return failed(qiaoErrorInvalidValue);
  int32_t version = kDeviceRuntimeVersion;
  return store(out, &version, 4, "cudaRuntimeGetVersion");
}

// qiao.device.get_attribute(&value, attribute, device).
int32_t deviceGetAttribute(void *out, int32_t attribute, int32_t device) {
  if (device < 0 || device >= deviceCount())
    return failed(qiaoErrorInvalidDevice);
  int value = 0;
  if (!out || !deviceAttributeValue(deviceInfo(device), device, attribute, value))
    return failed(qiaoErrorInvalidValue);
  return store(out, &value, 4, "cudaDeviceGetAttribute");
}

// qiao.device.get_limit(&value, limit): the device's current value.
int32_t deviceGetLimit(void *out, uint32_t limit) {
  uint64_t value = 0;
  if (!out)
    return failed(qiaoErrorInvalidValue);
  if (limit >= kDeviceLimits ||
      emuDriver().getLimit(0, static_cast<qiaoDrvLimit>(limit), &value) != qiaoDrvSuccess)
    return failed(qiaoErrorUnsupportedLimit);
  return store(out, &value, 8, "cudaDeviceGetLimit");
}

// Banks are four bytes wide on every device since compute capability 5.0.
int32_t deviceGetSharedMemConfig(void *out) {
  if (!out)
    return failed(qiaoErrorInvalidValue);
  int32_t config = kSharedMemBankSizeFourByte;
  return store(out, &config, 4, "cudaDeviceGetSharedMemConfig");
}

// The preference the host set with cudaDeviceSetCacheConfig, which the device keeps beside its
// limits (QIAO_DRV_LIMIT_CACHE_CONFIG).
int32_t deviceGetCacheConfig(void *out) {
  if (!out)
    return failed(qiaoErrorInvalidValue);
  uint64_t preference = 0;
  if (emuDriver().getLimit(0, QIAO_DRV_LIMIT_CACHE_CONFIG, &preference) != qiaoDrvSuccess)
    return failed(qiaoErrorNotSupported);
  int32_t config = static_cast<int32_t>(preference);
  return store(out, &config, 4, "cudaDeviceGetCacheConfig");
}

// qiao.device.func_get_attributes(&attributes, kernel): what the host reports for a kernel whose
// attributes the host did not change.
int32_t funcGetAttributes(void *out, uint64_t kernel) {
  qiaoDrvFunction f = kernelAt(kernel);
  if (!f)
    return failed(qiaoErrorInvalidDeviceFunction);
  if (!out)
    return failed(qiaoErrorInvalidValue);
  qiaoDrvDeviceInfo info = deviceInfo(0);
  FuncAttributes a{};
  a.sharedSizeBytes = f->info.sharedSizeBytes;
  a.localSizeBytes = f->info.localSizeBytes;
  a.maxThreadsPerBlock = std::min<int32_t>(f->info.maxThreadsPerBlock, 1024);
  a.numRegs = f->info.numRegs;
  a.ptxVersion = f->targetSm;
  a.binaryVersion = info.computeMajor * 10 + info.computeMinor;
  a.maxDynamicSharedSizeBytes =
      static_cast<int32_t>(info.sharedMemPerBlock > f->info.sharedSizeBytes
                               ? info.sharedMemPerBlock - f->info.sharedSizeBytes
                               : 0);
  a.preferredShmemCarveout = -1;
  return store(out, &a, sizeof a, "cudaFuncGetAttributes");
}

int32_t occupancy(void *out, uint64_t kernel, int32_t blockSize, uint64_t sharedBytes,
                  bool withFlags, uint32_t flags) {
  qiaoDrvFunction f = kernelAt(kernel);
  if (!f)
    return failed(qiaoErrorInvalidDeviceFunction);
  if (!out || blockSize <= 0 || (withFlags && flags > kOccupancyFlags))
    return failed(qiaoErrorInvalidValue);
  OccupancyKernel k{std::min<int>(f->info.maxThreadsPerBlock, 1024), f->info.numRegs,
                    f->info.sharedSizeBytes};
  int32_t blocks = activeBlocksPerMultiprocessor(deviceInfo(0), k, blockSize, sharedBytes);
  return store(out, &blocks, 4, "cudaOccupancyMaxActiveBlocksPerMultiprocessor");
}
int32_t occupancyMaxActiveBlocks(void *out, uint64_t kernel, int32_t blockSize,
                                 uint64_t sharedBytes) {
  return occupancy(out, kernel, blockSize, sharedBytes, false, 0);
}
int32_t occupancyMaxActiveBlocksWithFlags(void *out, uint64_t kernel, int32_t blockSize,
                                          uint64_t sharedBytes, uint32_t flags) {
  return occupancy(out, kernel, blockSize, sharedBytes, true, flags);
}

} // namespace

void addDeviceQueryIntrinsics(std::vector<std::pair<std::string, void *>> &out) {
  auto address = [](auto *f) { return reinterpret_cast<void *>(f); };
  out.insert(out.end(),
             {
                 {"qiao.device.get_device_count", address(getDeviceCount)},
                 {"qiao.device.runtime_get_version", address(runtimeGetVersion)},
                 {"qiao.device.get_attribute", address(deviceGetAttribute)},
                 {"qiao.device.get_limit", address(deviceGetLimit)},
                 {"qiao.device.get_shared_mem_config", address(deviceGetSharedMemConfig)},
                 {"qiao.device.get_cache_config", address(deviceGetCacheConfig)},
                 {"qiao.device.func_get_attributes", address(funcGetAttributes)},
                 {"qiao.device.occupancy_max_active_blocks", address(occupancyMaxActiveBlocks)},
                 {"qiao.device.occupancy_max_active_blocks_with_flags",
                  address(occupancyMaxActiveBlocksWithFlags)},
             });
}

} // namespace qiao::kirdriver
