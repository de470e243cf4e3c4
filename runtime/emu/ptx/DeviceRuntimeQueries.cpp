// What device code asks the device runtime about the device and its kernels: cudaGetDeviceCount,
// cudaRuntimeGetVersion, cudaDeviceGetAttribute, cudaDeviceGetCacheConfig,
// cudaDeviceGetSharedMemConfig, cudaDeviceGetLimit,
// cudaFuncGetAttributes and cudaOccupancyMaxActiveBlocksPerMultiprocessor[WithFlags]
// (DeviceRuntime.def). The answers come from the device's own facts (LaunchParams::facts) through
// the tables the host's calls use (support/DeviceAttributes.def, support/Occupancy.h), so that a
// kernel and the host agree.
#include "DeviceRuntimeCall.h"
#include "support/DeviceAttributes.h"
#include "support/DeviceRuntimeLayouts.h"
#include "support/Occupancy.h"

#include <algorithm>

namespace qiao::ptx {
namespace {

using devrt::FuncAttributes;

// cudaOccupancyDefault and cudaOccupancyDisableCachingOverride.
constexpr uint64_t kOccupancyFlags = 1;
// The limits the device keeps (cudaLimit 0 to 4: the stack, the printf FIFO, the malloc heap, the
// device runtime's sync depth and pending launch count); the L2 limits are the host runtime's.
constexpr uint64_t kDeviceLimits = 5;

constexpr int32_t kSharedMemBankSizeFourByte = 1; // cudaSharedMemConfig
// CUDA 13.0's, as the host runtime reports it.
constexpr int32_t kDeviceRuntimeVersion = 13000;

const DeviceFacts *facts(const DeviceRuntimeCall &c) { return c.grid.launch.facts; }

} // namespace

// cudaGetDeviceCount(&count).
int getDeviceCount(const DeviceRuntimeCall &c, int lane) {
  const DeviceFacts *known = facts(c);
  if (!known)
    return c.fail(lane, errc::qiaoErrorNotSupported);
  if (c.arg(0, lane) == 0)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  int32_t count = known->deviceCount();
  return storeThrough(c, lane, 0, &count, 4) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

// cudaRuntimeGetVersion(&version): the CUDA 13.0 device runtime these entry points are.
int runtimeGetVersion(const DeviceRuntimeCall &c, int lane) {
  if (c.arg(0, lane) == 0)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  int32_t version = kDeviceRuntimeVersion;
  return storeThrough(c, lane, 0, &version, 4) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

// cudaDeviceGetAttribute(&value, attribute, device).
int deviceGetAttribute(const DeviceRuntimeCall &c, int lane) {
  const DeviceFacts *known = facts(c);
  if (!known)
    return c.fail(lane, errc::qiaoErrorNotSupported);
  int32_t device = static_cast<int32_t>(c.arg(2, lane));
  if (device < 0 || device >= known->deviceCount())
    return c.fail(lane, errc::qiaoErrorInvalidDevice);
  int value = 0;
  if (c.arg(0, lane) == 0 || !deviceAttributeValue(known->info(device), device,
                                                   static_cast<int32_t>(c.arg(1, lane)), value))
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  return storeThrough(c, lane, 0, &value, 4) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

// cudaDeviceGetLimit(&value, limit): the grid's device's current value.
int deviceGetLimit(const DeviceRuntimeCall &c, int lane) {
  const DeviceFacts *known = facts(c);
  if (!known)
    return c.fail(lane, errc::qiaoErrorNotSupported);
  uint64_t limit = static_cast<uint32_t>(c.arg(1, lane)), value = 0;
  if (c.arg(0, lane) == 0)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  if (limit >= kDeviceLimits ||
      !known->deviceLimit(c.grid.memory.device(), static_cast<qiaoDrvLimit>(limit), value))
    return c.fail(lane, errc::qiaoErrorUnsupportedLimit);
  return storeThrough(c, lane, 0, &value, 8) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

// cudaDeviceGetCacheConfig(&config): the preference the host set with cudaDeviceSetCacheConfig,
// which the device keeps beside its limits (QIAO_DRV_LIMIT_CACHE_CONFIG).
int deviceGetCacheConfig(const DeviceRuntimeCall &c, int lane) {
  const DeviceFacts *known = facts(c);
  if (!known)
    return c.fail(lane, errc::qiaoErrorNotSupported);
  if (c.arg(0, lane) == 0)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  uint64_t preference = 0;
  if (!known->deviceLimit(c.grid.memory.device(), QIAO_DRV_LIMIT_CACHE_CONFIG, preference))
    return c.fail(lane, errc::qiaoErrorNotSupported);
  int32_t config = static_cast<int32_t>(preference);
  return storeThrough(c, lane, 0, &config, 4) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

// cudaDeviceGetSharedMemConfig(&config): banks are four bytes wide on every device since compute
// capability 5.0 (cudaSharedMemBankSizeFourByte), as the host runtime reports.
int deviceGetSharedMemConfig(const DeviceRuntimeCall &c, int lane) {
  if (c.arg(0, lane) == 0)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  int32_t config = kSharedMemBankSizeFourByte;
  return storeThrough(c, lane, 0, &config, 4) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

// cudaFuncGetAttributes(&attributes, kernel): what the host's call reports for a kernel whose
// attributes the host did not change (cudaFuncSetAttribute is the host's to keep).
int funcGetAttributes(const DeviceRuntimeCall &c, int lane) {
  const KernelInfo *kernel = kernelOf(c.grid.program, c.arg(1, lane));
  if (!kernel)
    return c.fail(lane, errc::qiaoErrorInvalidDeviceFunction);
  if (c.arg(0, lane) == 0)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  FuncAttributes a{};
  a.sharedSizeBytes = kernel->staticSharedBytes;
  a.localSizeBytes = kernel->localBytes;
  a.maxThreadsPerBlock = static_cast<int32_t>(std::min<uint32_t>(kernel->maxThreadsPerBlock, 1024));
  a.numRegs = static_cast<int32_t>(kernel->numRegs);
  a.ptxVersion = static_cast<int32_t>(c.grid.program.targetSm);
  uint64_t sharedPerBlock = 48 * 1024;
  if (const DeviceFacts *known = facts(c)) {
    const qiaoDrvDeviceInfo &info = known->info(c.grid.memory.device());
    a.binaryVersion = info.computeMajor * 10 + info.computeMinor;
    sharedPerBlock = info.sharedMemPerBlock;
  }
  a.maxDynamicSharedSizeBytes = static_cast<int32_t>(
      sharedPerBlock > kernel->staticSharedBytes ? sharedPerBlock - kernel->staticSharedBytes : 0);
  a.preferredShmemCarveout = -1;
  a.clusterDimMustBeSet = kernel->explicitCluster && kernel->clusterDims[0] == 0;
  a.requiredClusterWidth = static_cast<int32_t>(kernel->clusterDims[0]);
  a.requiredClusterHeight = static_cast<int32_t>(kernel->clusterDims[1]);
  a.requiredClusterDepth = static_cast<int32_t>(kernel->clusterDims[2]);
  return storeThrough(c, lane, 0, &a, sizeof a) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

// cudaOccupancyMaxActiveBlocksPerMultiprocessor[WithFlags](&blocks, kernel, blockSize,
// dynamicSharedBytes[, flags]).
int occupancyMaxActiveBlocks(const DeviceRuntimeCall &c, int lane, bool withFlags) {
  const DeviceFacts *known = facts(c);
  if (!known)
    return c.fail(lane, errc::qiaoErrorNotSupported);
  const KernelInfo *kernel = kernelOf(c.grid.program, c.arg(1, lane));
  if (!kernel)
    return c.fail(lane, errc::qiaoErrorInvalidDeviceFunction);
  int32_t blockSize = static_cast<int32_t>(c.arg(2, lane));
  if (c.arg(0, lane) == 0 || blockSize <= 0 || (withFlags && c.arg(4, lane) > kOccupancyFlags))
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  OccupancyKernel occupancy{static_cast<int>(std::min<uint32_t>(kernel->maxThreadsPerBlock, 1024)),
                            static_cast<int>(kernel->numRegs), kernel->staticSharedBytes};
  int32_t blocks = activeBlocksPerMultiprocessor(known->info(c.grid.memory.device()), occupancy,
                                                 blockSize, c.arg(3, lane));
  return storeThrough(c, lane, 0, &blocks, 4) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

} // namespace qiao::ptx
