// Entry points: queue lifetime, enqueueing work, and waiting for it.
#include "EmuEntryPoints.h"
#include "EmuPlatform.h"
#include "QueueCommands.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace qiao::emu::entry {
namespace {

// cudaStreamNonBlocking is the only queue flag; its meaning (no implicit synchronisation with the
// legacy default stream) is implemented by the runtime above the seam.
constexpr uint32_t kQueueFlags = 0x1;
// CUDA's range for compute capability 8.0: 0 is the lowest priority, -5 the greatest.
constexpr int32_t kLeastPriority = 0;
constexpr int32_t kGreatestPriority = -5;

std::shared_ptr<WorkQueue> findQueue(qiaoDrvQueue queue) {
  return EmuPlatform::instance().queues.find(queue);
}

qiaoDrvStatus enqueue(qiaoDrvQueue handle, WorkQueue::Work work) {
  auto queue = findQueue(handle);
  if (!queue)
    return errc::qiaoErrorInvalidResourceHandle;
  queue->enqueue(std::move(work));
  return errc::qiaoSuccess;
}

bool multiplyOverflows(uint64_t a, uint64_t b, uint64_t &product) {
  return __builtin_mul_overflow(a, b, &product);
}

// Every direction is one memmove here (device memory is host memory); an unknown one is still
// the caller's error.
bool knownDirection(qiaoDrvCopyDirection direction) {
  return direction >= QIAO_DRV_COPY_HOST_TO_HOST && direction <= QIAO_DRV_COPY_DEVICE_TO_DEVICE;
}

} // namespace

qiaoDrvStatus queueCreate(int32_t device, uint32_t flags, int32_t priority, qiaoDrvQueue *queue) {
  if (!queue || (flags & ~kQueueFlags) != 0)
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    if (!EmuPlatform::instance().validDevice(device))
      return errc::qiaoErrorInvalidDevice;
    // cudaStreamCreateWithPriority clamps priorities outside the device's range.
    const int32_t clamped = std::clamp(priority, kGreatestPriority, kLeastPriority);
    auto created = std::make_shared<WorkQueue>(flags, clamped, device);
    auto *handle = reinterpret_cast<qiaoDrvQueue>(created.get());
    EmuPlatform::instance().queues.add(handle, std::move(created));
    *queue = handle;
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus queueDestroy(qiaoDrvQueue queue) {
  return guarded([&] {
    auto removed = EmuPlatform::instance().queues.remove(queue);
    if (!removed)
      return errc::qiaoErrorInvalidResourceHandle;
    removed.reset(); // waits for the queue's work unless another call still holds it
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus enqueueCopy(qiaoDrvQueue queue, void *dst, const void *src, uint64_t bytes,
                          qiaoDrvCopyDirection direction) {
  if ((bytes != 0 && (!dst || !src)) || !knownDirection(direction))
    return errc::qiaoErrorInvalidValue;
  return guarded([&] { return enqueue(queue, copyWork(dst, src, bytes)); });
}

qiaoDrvStatus enqueueCopy2D(qiaoDrvQueue queue, void *dst, uint64_t dstPitch, const void *src,
                            uint64_t srcPitch, uint64_t widthBytes, uint64_t height,
                            qiaoDrvCopyDirection direction) {
  if (!knownDirection(direction))
    return errc::qiaoErrorInvalidValue;
  if (widthBytes == 0 || height == 0)
    return guarded([&] { return enqueue(queue, copyWork(dst, src, 0)); });
  if (!dst || !src)
    return errc::qiaoErrorInvalidValue;
  // cudaMemcpy2D: a row wider than either pitch is an invalid value.
  if (widthBytes > dstPitch || widthBytes > srcPitch)
    return errc::qiaoErrorInvalidValue;
  // cudaMemcpy2D: a pitch beyond the device's memPitch is an invalid pitch value.
  // Every emulated device has the same limits.
  const uint64_t maxPitch = EmuPlatform::instance().info(0).memPitchMax;
  if (height > 1 && (dstPitch > maxPitch || srcPitch > maxPitch))
    return errc::qiaoErrorInvalidPitchValue;
  uint64_t span = 0;
  if (multiplyOverflows(dstPitch, height - 1, span) ||
      multiplyOverflows(srcPitch, height - 1, span))
    return errc::qiaoErrorInvalidValue;
  return guarded(
      [&] { return enqueue(queue, copy2DWork(dst, dstPitch, src, srcPitch, widthBytes, height)); });
}

qiaoDrvStatus enqueueFill(qiaoDrvQueue queue, void *dst, uint32_t pattern, uint32_t elementSize,
                          uint64_t count) {
  uint64_t bytes = 0;
  if (elementSize != 1 && elementSize != 2 && elementSize != 4)
    return errc::qiaoErrorInvalidValue;
  if (multiplyOverflows(count, elementSize, bytes) || (bytes != 0 && !dst))
    return errc::qiaoErrorInvalidValue;
  return guarded([&] { return enqueue(queue, fillWork(dst, pattern, elementSize, count)); });
}

// The cluster shape of a launch (driver.h: qiaoDrvLaunch.clusterDim; all 0: the kernel's own, or
// clusters of one) into `queued`; false when the device cannot run it.
static int clusterShape(const qiaoDrvLaunch &launch, const ptx::KernelInfo &kernel,
                        const qiaoDrvDeviceInfo &limits, QueuedLaunch &queued) {
  uint32_t dims[3] = {0, 0, 0};
  if (QIAO_DRV_HAS_FIELD(&launch, qiaoDrvLaunch, clusterDim))
    std::copy_n(launch.clusterDim, 3, dims);
  queued.explicitCluster = dims[0] != 0 || dims[1] != 0 || dims[2] != 0;
  if (!queued.explicitCluster && kernel.clusterDims[0] != 0)
    std::copy_n(kernel.clusterDims, 3, dims);
  if (dims[0] == 0 && dims[1] == 0 && dims[2] == 0)
    return errc::qiaoSuccess;
  uint64_t blocks = 1;
  for (int axis = 0; axis < 3; ++axis) {
    if (dims[axis] == 0)
      return errc::qiaoErrorInvalidValue;
    if (launch.grid[axis] % dims[axis] != 0)
      return errc::qiaoErrorInvalidClusterSize;
    blocks *= dims[axis];
  }
  if (blocks > 1 && !limits.clusterLaunch)
    return errc::qiaoErrorNotSupported;
  if (blocks > ptx::kMaxClusterBlocks)
    return errc::qiaoErrorInvalidClusterSize;
  std::copy_n(dims, 3, queued.cluster);
  return errc::qiaoSuccess;
}

qiaoDrvStatus enqueueLaunch(qiaoDrvQueue queue, qiaoDrvFunction function,
                            const qiaoDrvLaunch *launch) {
  if (!holdsAbi2(launch))
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    EmuPlatform &platform = EmuPlatform::instance();
    auto module = platform.functions.find(function);
    auto served = findQueue(queue);
    // A kernel runs on the device its module was loaded for (driver.h: never another's queue).
    if (!module || !served || served->device() != module->device())
      return int(errc::qiaoErrorInvalidResourceHandle);
    const auto *kernel = reinterpret_cast<const EmuFunction *>(function)->kernel;
    // The runtime validates geometry too, but the contract is the driver's: a zero dimension or
    // a block beyond the device's limits never reaches the engine.
    const int32_t device = module->device();
    const qiaoDrvDeviceInfo &limits = platform.info(device);
    uint64_t threads = 1;
    for (int axis = 0; axis < 3; ++axis) {
      if (launch->grid[axis] == 0 || launch->block[axis] == 0 ||
          launch->grid[axis] > uint32_t(limits.maxGridSize[axis]) ||
          launch->block[axis] > uint32_t(limits.maxThreadsDim[axis]))
        return int(errc::qiaoErrorInvalidConfiguration);
      threads *= launch->block[axis];
    }
    if (threads > uint64_t(limits.maxThreadsPerBlock))
      return int(errc::qiaoErrorInvalidConfiguration);
    // The engine reads parameters where the kernel's layout says; a shorter buffer would make
    // it read past the caller's memory.
    if (launch->paramBytes < kernel->paramBytes || (launch->paramBytes != 0 && !launch->params))
      return int(errc::qiaoErrorInvalidValue);
    QueuedLaunch queued;
    queued.module = std::move(module);
    queued.kernel = kernel;
    std::copy_n(launch->grid, 3, queued.grid);
    std::copy_n(launch->block, 3, queued.block);
    queued.dynamicSharedBytes = launch->dynamicSharedBytes;
    const auto *params = static_cast<const uint8_t *>(launch->params);
    queued.params.assign(params, params + launch->paramBytes);
    queued.stackBytesPerThread =
        uint32_t(platform.limit(device, QIAO_DRV_LIMIT_STACK_SIZE).value());
    queued.pendingLaunchLimit =
        uint32_t(platform.limit(device, QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT).value());
    if (launch->flags & ~QIAO_DRV_LAUNCH_COOPERATIVE)
      return int(errc::qiaoErrorInvalidValue);
    queued.cooperative = (launch->flags & QIAO_DRV_LAUNCH_COOPERATIVE) != 0;
    if (int shaped = clusterShape(*launch, *kernel, limits, queued); shaped != errc::qiaoSuccess)
      return shaped;
    served->enqueue(launchWork(platform, std::move(queued)));
    return int(errc::qiaoSuccess);
  });
}

qiaoDrvStatus enqueueHostFn(qiaoDrvQueue queue, qiaoDrvHostFn fn, void *userData) {
  if (!fn)
    return errc::qiaoErrorInvalidValue;
  return guarded([&] { return enqueue(queue, hostFnWork(fn, userData)); });
}

qiaoDrvStatus enqueueEventRecord(qiaoDrvQueue queue, qiaoDrvEvent event) {
  return guarded([&] {
    auto target = EmuPlatform::instance().events.find(event);
    auto served = findQueue(queue);
    if (!target || !served)
      return errc::qiaoErrorInvalidResourceHandle;
    target->setRecordedBy(served->device());
    auto record = target->record();
    try {
      served->enqueue(eventRecordWork(record));
    } catch (...) {
      record->complete(errc::qiaoErrorOperatingSystem); // nobody may wait on it forever
      throw;
    }
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus enqueueEventWait(qiaoDrvQueue queue, qiaoDrvEvent event) {
  return guarded([&]() -> int {
    auto target = EmuPlatform::instance().events.find(event);
    if (!target)
      return errc::qiaoErrorInvalidResourceHandle;
    // The record that is latest now is the one waited for, whatever is recorded later.
    return enqueue(queue, eventWaitWork(target->latest()));
  });
}

qiaoDrvStatus queueQuery(qiaoDrvQueue queue) {
  return guarded([&] {
    auto found = findQueue(queue);
    return found ? found->query() : int(errc::qiaoErrorInvalidResourceHandle);
  });
}

qiaoDrvStatus queueSynchronize(qiaoDrvQueue queue) {
  return guarded([&] {
    auto found = findQueue(queue);
    int status = found ? found->synchronize() : int(errc::qiaoErrorInvalidResourceHandle);
    EmuPlatform::instance().flushPrintf();
    return status;
  });
}

} // namespace qiao::emu::entry
