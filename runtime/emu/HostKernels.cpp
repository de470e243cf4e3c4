#include "HostKernels.h"

#include "EmuEntryPoints.h"
#include "EmuPlatform.h"
#include "FiberBlock.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>

namespace qiao::emu {
namespace {

constexpr size_t kParamAlignment = 64;
// Host code needs more stack than a PTX thread's local frame (printf alone takes a few KiB);
// pages are touched only as used, so the reserve costs address space, not memory.
constexpr size_t kMinFiberStackBytes = 128 << 10;

// The block's dynamic shared memory: one buffer per host thread, reused by its blocks.
void *sharedArea(uint32_t bytes) {
  struct Area {
    void *data = nullptr;
    size_t bytes = 0;
    ~Area() { ::operator delete(data, std::align_val_t(16)); }
  };
  thread_local Area area;
  if (area.bytes < bytes) {
    ::operator delete(area.data, std::align_val_t(16));
    area.data = nullptr;
    area.data = ::operator new(bytes, std::align_val_t(16));
    area.bytes = bytes;
  }
  return area.data;
}

} // namespace

WorkQueue::Work hostKernelWork(EmuPlatform &platform, QueuedHostKernel queued) {
  return [&platform, k = std::move(queued)](int sticky) -> int {
    if (sticky != 0)
      return errc::qiaoSuccess;
    const uint64_t blocks = uint64_t(k.grid[0]) * k.grid[1] * k.grid[2];
    std::mutex faultMutex;
    HostBlockOutcome fault;
    platform.executor().forEach(blocks, [&](uint64_t i) {
      HostBlockLaunch launch;
      launch.entry = k.entry;
      std::copy_n(k.grid, 3, launch.grid);
      std::copy_n(k.block, 3, launch.block);
      launch.blockIdx[0] = uint32_t(i % k.grid[0]);
      launch.blockIdx[1] = uint32_t((i / k.grid[0]) % k.grid[1]);
      launch.blockIdx[2] = uint32_t(i / (uint64_t(k.grid[0]) * k.grid[1]));
      launch.dynamicSharedBytes = k.dynamicSharedBytes;
      launch.params = k.params.get();
      launch.stackBytes = k.stackBytes;
      HostBlockOutcome outcome;
      try {
        // The shared area is allocated on the pool thread too: nothing may throw out of here.
        launch.dynamicShared = k.dynamicSharedBytes ? sharedArea(k.dynamicSharedBytes) : nullptr;
        outcome = runHostBlock(launch);
      } catch (const std::bad_alloc &) {
        outcome = {errc::qiaoErrorLaunchOutOfResources,
                   "host kernel: no memory for fiber stacks or shared memory"};
      }
      if (outcome.code == 0)
        return true;
      std::lock_guard lock(faultMutex);
      if (fault.code == 0)
        fault = std::move(outcome);
      return false;
    });
    if (fault.code != 0) {
      std::fprintf(stderr, "qiao: %s\n", fault.report.c_str());
      std::fflush(stderr);
    }
    return fault.code;
  };
}

namespace entry {

qiaoDrvStatus enqueueHostKernel(qiaoDrvQueue queue, qiaoDrvHostKernelEntry kernel,
                                const qiaoDrvLaunch *launch) {
  if (!kernel || !holdsAbi2(launch) || (launch->paramBytes != 0 && !launch->params))
    return errc::qiaoErrorInvalidValue;
  return guarded([&]() -> int {
    EmuPlatform &platform = EmuPlatform::instance();
    auto queueHandle = platform.queues.find(queue);
    if (!queueHandle)
      return errc::qiaoErrorInvalidResourceHandle;
    const qiaoDrvDeviceInfo &info = platform.info(queueHandle->device());
    // The PTX path's limits (the runtime checks them too; a driver must not trust its caller).
    uint64_t threads = 1;
    for (int axis = 0; axis < 3; ++axis) {
      if (launch->grid[axis] == 0 || launch->block[axis] == 0 ||
          launch->block[axis] > uint32_t(info.maxThreadsDim[axis]) ||
          launch->grid[axis] > uint32_t(info.maxGridSize[axis]))
        return errc::qiaoErrorInvalidConfiguration;
      threads *= launch->block[axis];
    }
    if (threads > uint64_t(info.maxThreadsPerBlock) ||
        launch->dynamicSharedBytes > info.sharedMemPerBlockOptin)
      return errc::qiaoErrorInvalidConfiguration;
    QueuedHostKernel queued;
    queued.entry = kernel;
    std::copy_n(launch->grid, 3, queued.grid);
    std::copy_n(launch->block, 3, queued.block);
    queued.dynamicSharedBytes = launch->dynamicSharedBytes;
    const size_t bytes = std::max<size_t>(launch->paramBytes, 1);
    auto *buffer = static_cast<uint8_t *>(::operator new(bytes, std::align_val_t(kParamAlignment)));
    queued.params = std::shared_ptr<uint8_t>(
        buffer, [](uint8_t *p) { ::operator delete(p, std::align_val_t(kParamAlignment)); });
    if (launch->paramBytes)
      std::memcpy(buffer, launch->params, launch->paramBytes);
    const uint64_t stackLimit =
        platform.limit(queueHandle->device(), QIAO_DRV_LIMIT_STACK_SIZE).value();
    queued.stackBytes = std::max<size_t>(kMinFiberStackBytes, (stackLimit + 4095) / 4096 * 4096);
    queueHandle->enqueue(hostKernelWork(platform, std::move(queued)));
    return errc::qiaoSuccess;
  });
}

} // namespace entry
} // namespace qiao::emu
