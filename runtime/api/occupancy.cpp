// Occupancy: how many blocks of a kernel fit on one multiprocessor (support/Occupancy.h), and
// the block sizes and shared memory that follow from it.
#include "support/Occupancy.h"
#include "Registry.h"

#include <algorithm>

using namespace qiao;
using namespace qiao::rt;

int qiao::rt::activeBlocksPerMultiprocessor(const qiaoDrvDeviceInfo &info, const qiaoFunction_st &f,
                                            int blockSize, size_t dynamicShared) {
  OccupancyKernel kernel{f.info.maxThreadsPerBlock, f.info.numRegs, f.info.sharedSizeBytes};
  return qiao::activeBlocksPerMultiprocessor(info, kernel, blockSize, dynamicShared);
}

namespace {

Status occupancy(Runtime &rt, int *numBlocks, qiaoFunction_st *f, int blockSize,
                 size_t dynamicShared) {
  QIAO_REQUIRE(numBlocks != nullptr && blockSize > 0, qiaoErrorInvalidValue);
  *numBlocks = activeBlocksPerMultiprocessor(rt.devices[f->module->device].info, *f, blockSize,
                                             dynamicShared);
  return Status::ok();
}

// The dynamic shared memory each of `numBlocks` blocks of `blockSize` threads may use when they
// share one multiprocessor: its shared memory split evenly, capped by the per-block opt-in limit,
// less the kernel's static shared memory.
Status availableShared(Runtime &rt, size_t *bytes, qiaoFunction_st *f, int numBlocks,
                       int blockSize) {
  QIAO_REQUIRE(bytes != nullptr && numBlocks > 0 && blockSize > 0, qiaoErrorInvalidValue);
  const qiaoDrvDeviceInfo &info = rt.devices[f->module->device].info;
  int functionLimit =
      f->info.maxThreadsPerBlock > 0 ? f->info.maxThreadsPerBlock : info.maxThreadsPerBlock;
  QIAO_REQUIRE(blockSize <= functionLimit && numBlocks <= info.maxBlocksPerMultiProcessor &&
                   int64_t(numBlocks) * blockSize <= info.maxThreadsPerMultiProcessor,
               qiaoErrorInvalidValue);
  uint64_t perBlock =
      std::min<uint64_t>(info.sharedMemPerMultiprocessor / numBlocks, info.sharedMemPerBlockOptin);
  *bytes = perBlock > f->info.sharedSizeBytes ? perBlock - f->info.sharedSizeBytes : 0;
  return Status::ok();
}

} // namespace

extern "C" qiaoError_t qiaoOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize,
                                                                 const void *func, int numBlocks,
                                                                 int blockSize) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto f = registeredFunction(rt, func);
    if (!f)
      return f.error();
    return availableShared(rt, dynamicSmemSize, *f, numBlocks, blockSize);
  });
}

extern "C" qiaoError_t qiaoModuleOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize,
                                                                       qiaoFunction_t f,
                                                                       int numBlocks,
                                                                       int blockSize) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return availableShared(rt, dynamicSmemSize, f, numBlocks, blockSize);
  });
}

extern "C" qiaoError_t qiaoOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags == qiaoOccupancyDefault || flags == qiaoOccupancyDisableCachingOverride,
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto f = registeredFunction(rt, func);
    if (!f)
      return f.error();
    return occupancy(rt, numBlocks, *f, blockSize, dynamicSMemSize);
  });
}

extern "C" qiaoError_t qiaoOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks,
                                                                     const void *func,
                                                                     int blockSize,
                                                                     size_t dynamicSMemSize) {
  return qiaoOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, func, blockSize, dynamicSMemSize, qiaoOccupancyDefault);
}

extern "C" qiaoError_t qiaoModuleOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks,
                                                                           qiaoFunction_t f,
                                                                           int blockSize,
                                                                           size_t dynamicSMemSize) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return occupancy(rt, numBlocks, f, blockSize, dynamicSMemSize);
  });
}

// The block size (a multiple of the warp size) that keeps the most threads resident, the larger
// one on a tie; minGridSize fills every multiprocessor with that many blocks.
extern "C" qiaoError_t qiaoOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize,
                                                          const void *func, size_t dynamicSMemSize,
                                                          int blockSizeLimit) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(minGridSize != nullptr && blockSize != nullptr && blockSizeLimit >= 0,
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto f = registeredFunction(rt, func);
    if (!f)
      return f.error();
    const qiaoDrvDeviceInfo &info = rt.devices[(*f)->module->device].info;
    int warpSize = info.warpSize > 0 ? info.warpSize : 32;
    int limit = info.maxThreadsPerBlock;
    if ((*f)->info.maxThreadsPerBlock > 0)
      limit = std::min(limit, (*f)->info.maxThreadsPerBlock);
    if (blockSizeLimit > 0)
      limit = std::min(limit, blockSizeLimit);
    int bestSize = 0, bestBlocks = 0, bestThreads = -1;
    for (int size = limit / warpSize * warpSize; size > 0; size -= warpSize) {
      int blocks = activeBlocksPerMultiprocessor(info, **f, size, dynamicSMemSize);
      if (blocks * size > bestThreads) {
        bestThreads = blocks * size;
        bestSize = size;
        bestBlocks = blocks;
      }
    }
    // A limit below one warp still allows a block of that many threads.
    if (bestSize == 0 && limit > 0) {
      bestSize = limit;
      bestBlocks = activeBlocksPerMultiprocessor(info, **f, limit, dynamicSMemSize);
    }
    *blockSize = bestSize;
    *minGridSize = bestBlocks * info.multiProcessorCount;
    return Status::ok();
  });
}
