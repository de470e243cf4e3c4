// The work items the driver puts on a queue. Each returns the status it leaves behind (non-zero
// makes the queue's status sticky) and decides what to do once the queue has already failed:
// data movement and host functions are skipped (cuLaunchHostFunc: not called after an error),
// event records still complete so that nothing waiting on them hangs.
#pragma once

#include "EmuEvent.h"
#include "EmuModule.h"
#include "WorkQueue.h"
#include "qiao/driver.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace qiao::emu {

class EmuPlatform;

WorkQueue::Work copyWork(void *dst, const void *src, uint64_t bytes);
WorkQueue::Work copy2DWork(void *dst, uint64_t dstPitch, const void *src, uint64_t srcPitch,
                           uint64_t widthBytes, uint64_t height);
// count elements of elementSize (1, 2 or 4) bytes, each the low bytes of pattern.
WorkQueue::Work fillWork(void *dst, uint32_t pattern, uint32_t elementSize, uint64_t count);
WorkQueue::Work hostFnWork(qiaoDrvHostFn fn, void *userData);
WorkQueue::Work eventRecordWork(std::shared_ptr<EventRecord> record);
// A null record (event never recorded) makes a wait that does nothing.
WorkQueue::Work eventWaitWork(std::shared_ptr<EventRecord> record);

struct QueuedLaunch {
  std::shared_ptr<EmuModule> module; // keeps the kernel alive until the launch ran
  const ptx::KernelInfo *kernel = nullptr;
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t dynamicSharedBytes = 0;
  std::vector<uint8_t> params; // copied at enqueue
  uint32_t stackBytesPerThread = 1024;
  uint32_t pendingLaunchLimit = 2048; // cudaLimitDevRuntimePendingLaunchCount
  bool cooperative = false;           // QIAO_DRV_LAUNCH_COOPERATIVE
  uint32_t cluster[3] = {1, 1, 1};    // qiaoDrvLaunch.clusterDim, or the kernel's shape
  bool explicitCluster = false;       // the launch named a cluster shape
};

// Runs the grid; device printf text goes to stdout and a fault's report to stderr, "qiao:
// "-prefixed.
WorkQueue::Work launchWork(EmuPlatform &platform, QueuedLaunch launch);

} // namespace qiao::emu
