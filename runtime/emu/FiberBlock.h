// Runs one thread block of a host-compiled kernel (driver.h: qiaoDrvHostKernelEntry).
//
// The block starts as a plain loop: its threads run one after another on one fiber, each a
// function call, until one of them needs another thread (a barrier or a warp collective). From
// then on every thread that has not finished runs on its own fiber (FiberSwitch.h: a user-space
// switch, no system call; stacks from a per-host-thread pool, FiberStacks.h) and the scheduler
// resumes them in thread order, each until it parks or exits. A kernel that never synchronises
// therefore costs one function call per thread and two fiber switches per block; the decision
// is made per block, at run time, so a kernel that synchronises only on some path pays for
// fibers only in the blocks that take it.
//
// Barriers count only threads that have not exited (as hardware since sm_70 does). Warp
// collectives complete in lockstep (WarpRendezvous.h): when no lane of the warp runs, among the
// lanes parked with the same mask, once every live lane of the mask is there. When every
// unfinished thread waits and none can be released, the block reports qiaoErrorLaunchFailure
// instead of hanging. A C++ exception that leaves a kernel thread fails the block the same way.
#pragma once

#include "qiao/driver.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace qiao::emu {

struct HostBlockLaunch {
  qiaoDrvHostKernelEntry entry = nullptr;
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t blockIdx[3] = {0, 0, 0};
  void *dynamicShared = nullptr;
  uint32_t dynamicSharedBytes = 0;
  const void *params = nullptr;
  size_t stackBytes = 128 << 10; // per fiber, a multiple of the page size
};

struct HostBlockOutcome {
  int code = 0;       // qiaoError_t value; 0 when every thread finished
  std::string report; // one line naming the block and thread, when code != 0
};

// Runs every thread of the block on the calling host thread; returns when all have finished or
// one faulted (the others are then abandoned, as a fault aborts the grid).
HostBlockOutcome runHostBlock(const HostBlockLaunch &launch);

} // namespace qiao::emu
