// CUDA dynamic parallelism (CDP2) on the emulated device. The device runtime's builtins
// (DeviceRuntime.def, DeviceRuntime.cpp) record what a grid's threads launch; the executor runs
// those grids once every block of the launching grid has finished (DeviceLaunchRunner.cpp):
//   - first the launches into the per-block implicit stream, device-created streams and the
//     fire-and-forget stream, one after another in the order they were made (each stream's own
//     order holds, and CUDA promises no concurrency between them), each with all of its own
//     descendants;
//   - then the tail launches, in order, each after everything before it.
// Copies and fills device code puts in a stream (cudaMemcpyAsync, cudaMemsetAsync) take their
// place in that order as a launch would: after the stream's grids before them, before those
// after them.
// A grid, as the host sees it, completes only after all of that. A child sees every write its
// parent made, since the parent has finished; as CDP2 has no device-side synchronisation, a
// parent cannot tell that its children start only then, except that a grid whose blocks wait for
// a child's results (spinning on memory) never finishes, which CUDA does not promise either.
#pragma once

#include "support/DeviceRuntimeLayouts.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

namespace qiao::ptx {

// The device runtime's named streams (cuda_device_runtime_api.h).
inline constexpr uint64_t kStreamTailLaunch = 3;
inline constexpr uint64_t kStreamFireAndForget = 4;
// CUDA's nesting limit: a grid launched by the host is at depth 0, and a launch that would make a
// grid deeper than this fails with cudaErrorLaunchMaxDepthExceeded.
inline constexpr uint32_t kMaxLaunchDepth = 24;
// cudaLimitDevRuntimePendingLaunchCount's default.
inline constexpr uint32_t kDefaultPendingLaunchLimit = 2048;

enum class DeviceStream : uint8_t { Ordered, Tail };

using devrt::DeviceCopy;

// A grid launched from device code, or a copy in its place in the stream's order.
struct DeviceLaunch {
  uint32_t function = 0; // the kernel's function index
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t dynamicSharedBytes = 0;
  uint64_t params = 0; // its parameter buffer, laid out as the kernel's parameters
  DeviceStream stream = DeviceStream::Ordered;
  bool isCopy = false; // then `copy` is the work, and no grid runs
  DeviceCopy copy;
};

// Shared by every grid of one launch from the host: the launches made and not yet started
// (parameter buffers handed out count too, as they hold a slot of the launch pool on hardware),
// and the texts cudaGetErrorName / cudaGetErrorString handed to device code, in device memory
// until the host's launch completes.
struct DeviceLaunchTree {
  std::atomic<uint32_t> pending{0};
  uint32_t pendingLimit = kDefaultPendingLaunchLimit;
  std::mutex textMutex;
  std::map<uint64_t, uint64_t> errorTexts; // (code << 1 | is a name) -> its address
};

// What the threads of one grid did with the device runtime. The builtins take `mutex`; the
// executor reads the rest only after every block has finished.
struct DeviceLaunches {
  struct Buffer {
    uint32_t function = 0; // set by cudaGetParameterBufferV2, which takes the configuration
    bool configured = false;
    bool launched = false;
    uint64_t bytes = 0;
    DeviceLaunch launch; // the configuration given with the buffer (V2)
  };
  std::mutex mutex;
  std::map<uint64_t, Buffer> buffers;   // parameter buffers handed out, by address
  std::vector<DeviceLaunch> launches;   // ordinary and fire-and-forget, in launch order
  std::vector<DeviceLaunch> tails;      // cudaStreamTailLaunch, in launch order
  std::map<uint64_t, uint64_t> streams; // device-created stream -> the block that owns it
  std::map<uint64_t, uint64_t> events;  // device-created event -> the block that owns it
  uint64_t nextHandle = 0;              // numbers the streams and events created
  std::map<uint64_t, int> lastErrors;   // per thread: (block << 32) | thread
};

} // namespace qiao::ptx
