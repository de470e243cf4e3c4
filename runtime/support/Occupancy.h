// How many blocks of a kernel fit on one multiprocessor, from the device's thread, block,
// register and shared-memory limits, as CUDA's occupancy calculator counts them: for the host's
// cudaOccupancy* calls (libqiao) and device code's (the emulated device's runtime) alike.
#pragma once

#include "qiao/driver.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace qiao {

// What the count needs of a kernel: its thread limit (0: the device's), registers per thread and
// static shared memory.
struct OccupancyKernel {
  int maxThreadsPerBlock = 0;
  int numRegs = 0;
  uint64_t staticSharedBytes = 0;
};

inline int activeBlocksPerMultiprocessor(const qiaoDrvDeviceInfo &info, const OccupancyKernel &k,
                                         int blockSize, size_t dynamicShared) {
  // Registers are handed out per warp in units of 256 (CUDA's allocation granularity since
  // sm_50).
  constexpr int kRegisterAllocationUnit = 256;
  auto ceilDiv = [](int a, int b) { return (a + b - 1) / b; };
  int functionLimit = k.maxThreadsPerBlock > 0 ? k.maxThreadsPerBlock : info.maxThreadsPerBlock;
  if (blockSize <= 0 || blockSize > std::min(functionLimit, info.maxThreadsPerBlock))
    return 0;
  int warpSize = info.warpSize > 0 ? info.warpSize : 32;
  int warpsPerBlock = ceilDiv(blockSize, warpSize);
  int blocks = info.maxBlocksPerMultiProcessor;
  blocks = std::min(blocks, info.maxThreadsPerMultiProcessor / warpSize / warpsPerBlock);
  if (k.numRegs > 0) {
    int perWarp = ceilDiv(k.numRegs * warpSize, kRegisterAllocationUnit) * kRegisterAllocationUnit;
    int warpsByRegisters = info.regsPerMultiprocessor / perWarp;
    blocks = std::min(blocks, warpsByRegisters / warpsPerBlock);
  }
  uint64_t shared = k.staticSharedBytes + dynamicShared;
  if (shared > 0) {
    if (shared > info.sharedMemPerBlockOptin)
      return 0;
    blocks = static_cast<int>(std::min<int64_t>(blocks, info.sharedMemPerMultiprocessor / shared));
  }
  return std::max(blocks, 0);
}

} // namespace qiao
