// The device runtime (CUDA dynamic parallelism) in the kir test driver: what the `qiao.device.*`
// functions of a grid's threads record, and how the driver runs it. The semantics are the
// emulated device's interpreter's (docs/kernel-ir.md, "Device runtime"):
//   - a grid's launches run once every block of it has finished: first those into the block's
//     implicit stream, device-created streams and the fire-and-forget stream, one after another
//     in the order they were made, each with all of its own descendants; then the tail launches,
//     in order;
//   - copies and fills put in a stream run in their place in that order;
//   - a grid the host launched completes, as the host sees it, only after all of that, and the
//     first failure among them is its failure.
// Each grid a thread launched runs as a host launch on a queue private to the host launch's
// tree, from the host function that follows the host's grid on its queue.
#pragma once

#include "KernelIrHost.h"
#include "support/DeviceRuntimeLayouts.h"

#include <qiao/qiao_runtime.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qiao::kirdriver {

// The device runtime's named streams (cuda_device_runtime_api.h).
inline constexpr uint64_t kStreamTailLaunch = 3;
inline constexpr uint64_t kStreamFireAndForget = 4;
// CUDA's nesting limit: a grid the host launched is at depth 0.
inline constexpr uint32_t kMaxLaunchDepth = 24;

using devrt::DeviceCopy;

// A grid device code launched, or a copy in its place in the stream's order.
struct DeviceLaunch {
  qiaoDrvFunction kernel = nullptr;
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t dynamicSharedBytes = 0;
  uint64_t params = 0; // its parameter buffer
  bool tail = false;   // in cudaStreamTailLaunch
  bool isCopy = false;
  DeviceCopy copy;
};

// Shared by every grid of one host launch: the launches made and not yet started (parameter
// buffers handed out count too) and the error texts handed to device code, which live in device
// memory until the host's launch completes.
struct LaunchTree {
  std::atomic<uint32_t> pending{0};
  uint32_t pendingLimit = 2048; // cudaLimitDevRuntimePendingLaunchCount when the host launched
  std::mutex textMutex;
  std::map<uint64_t, void *> errorTexts; // (code << 1 | is a name) -> its text
  qiaoDrvQueue queue = nullptr;          // where the tree's device-launched grids run
  ~LaunchTree();
};

// What the threads of one grid did with the device runtime; `mutex` guards it while they run.
struct DeviceGrid {
  struct Buffer {
    bool configured = false; // by cudaGetParameterBufferV2, which takes the configuration
    bool launched = false;
    uint64_t bytes = 0;
    DeviceLaunch launch;
  };
  std::shared_ptr<LaunchTree> tree;
  uint32_t depth = 0;
  std::string kernel; // its name, for reports
  std::mutex mutex;
  std::map<uint64_t, Buffer> buffers;   // parameter buffers handed out, by address
  std::vector<DeviceLaunch> launches;   // ordinary and fire-and-forget, in launch order
  std::vector<DeviceLaunch> tails;      // cudaStreamTailLaunch, in launch order
  std::map<uint64_t, uint64_t> streams; // device-created stream -> the block that owns it
  std::map<uint64_t, uint64_t> events;  // device-created event -> the block that owns it
  uint64_t nextHandle = 0;
  std::map<uint64_t, int32_t> lastErrors; // per thread: (block << 32) | thread
};

// The calling thread's grid, locked for the call.
struct CallingGrid {
  DeviceGrid &grid;
  std::lock_guard<std::mutex> lock;
  CallingGrid();
  uint64_t threadKey() const;
  uint64_t blockKey() const { return threadKey() >> 32; }
  // Records `code` as the thread's last error when it is one, and returns it.
  int32_t fail(int32_t code);
  // Whether work put in `stream` is a tail launch; qiaoErrorInvalidResourceHandle (recorded) for a
  // stream that is neither the block's implicit one (0), a named one, nor one the block made.
  int32_t streamOrder(uint64_t stream, bool &tail);
};

// The kernel device code names by `address`, or null.
qiaoDrvFunction kernelAt(uint64_t address);

// Faults the calling thread with cudaErrorIllegalAddress unless [p, p + bytes) is memory it may
// access (the block's shared window, its local memory, or device memory).
void requireAccessible(const void *p, uint64_t bytes, const char *call);

// Runs a queued copy or fill; qiaoErrorIllegalAddress with `report` set when a row is not device
// memory.
int32_t runDeviceCopy(const DeviceGrid &grid, const DeviceCopy &copy, std::string &report);

void addDeviceObjectIntrinsics(std::vector<std::pair<std::string, void *>> &out);
void addDeviceCopyIntrinsics(std::vector<std::pair<std::string, void *>> &out);
void addDeviceQueryIntrinsics(std::vector<std::pair<std::string, void *>> &out);

} // namespace qiao::kirdriver
