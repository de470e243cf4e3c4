// Host-compiled kernels on the emulated device: the queued work that runs a grid block by block
// on the device's executor, each block through runHostBlock (FiberBlock.h).
#pragma once

#include "WorkQueue.h"
#include "qiao/driver.h"

#include <cstdint>
#include <memory>

namespace qiao::emu {

class EmuPlatform;

struct QueuedHostKernel {
  qiaoDrvHostKernelEntry entry = nullptr;
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t dynamicSharedBytes = 0;
  std::shared_ptr<uint8_t> params; // copied at enqueue, 64-byte aligned
  size_t stackBytes = 0;
};

// Runs the grid; a fault's report goes to stderr, "qiao: "-prefixed, and its code becomes the
// queue's sticky status (as a PTX launch's does).
WorkQueue::Work hostKernelWork(EmuPlatform &platform, QueuedHostKernel kernel);

} // namespace qiao::emu
