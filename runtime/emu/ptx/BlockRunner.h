// Runs the thread blocks of a grid: one BlockRunner per host worker, reused block after block.
// All warps of a block run on the worker's thread; barriers are scheduling points.
#pragma once

#include "DeferredAdds.h"
#include "DeviceRuntime.h"
#include "Engine.h"
#include "Program.h"
#include "Warp.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qiao::ptx {

// What every block of one launch shares.
struct GridContext {
  const Program &program;
  const KernelInfo &kernel;
  const LaunchParams &launch;
  DeviceMemory &memory;
  uint32_t localBytesPerThread = 0; // stack for every thread: frames' depots
  std::atomic<bool> stop{false};    // a fault ends the grid: other blocks stop early
  bool interpretOnly = false;       // no native code in this launch (QIAO_EXEC=check)
  // When the watchdog ends the launch (steady_clock nanoseconds; 0: never).
  uint64_t deadlineNs = 0;
  std::atomic<uint64_t> laneInstructions{0};
  std::atomic<uint64_t> frameStorageUsed{0}; // against launch.frameStorageBytes
  // %envreg0..31. A cooperative grid finds the address of its grid-barrier workspace in
  // %envreg1 (high half) and %envreg2 (low half), where CUDA's cooperative groups look for it.
  uint32_t envRegs[kEnvRegCount] = {};

  // Dynamic parallelism (DeviceRuntime.h): the grid's nesting depth (0: launched by the host),
  // the counters its launch tree shares, and what its threads launched.
  uint32_t depth = 0;
  DeviceLaunchTree *tree = nullptr;
  DeviceLaunches deviceLaunches;

  std::mutex mutex; // guards what follows
  int faultCode = 0;
  std::string faultReport;
  std::vector<std::pair<uint64_t, std::string>> printfByBlock; // (linear block, text)

  GridContext(const Program &p, const KernelInfo &k, const LaunchParams &l, DeviceMemory &m)
      : program(p), kernel(k), launch(l), memory(m) {}
};

uint64_t steadyNanoseconds();

// The shared memory CUDA reserves for system use in every block on compute capability 8.0 and
// later (cudaDevAttrReservedSharedMemoryPerBlock: 1 KiB): cooperative groups keep their
// multi-warp scratch there, found through %reserved_smem_offset_1. Its window offsets lie at the
// top of the 32-bit shared window, far from the block's own static and dynamic shared memory, so
// that an access past the end of those still faults.
inline constexpr uint32_t kReservedSharedOffset = 0xfffff000u;
inline constexpr uint32_t kReservedSharedBytes = 1024;

// Thread block clusters. A .shared::cluster address names a block of the cluster by its rank:
// a peer's shared memory is reached at its .shared::cta offset plus (rank + 1) << 24 (a block's
// shared window is far smaller than 16 MiB), while an address below 1 << 24, or in the reserved
// area, is the executing block's own, as the ISA has the .shared::cta window inside the
// .shared::cluster one.
inline constexpr uint32_t kClusterRankShift = 24;
// The barrier slot (beside bar.sync's 0..15) where threads wait at barrier.cluster.wait.
inline constexpr uint32_t kClusterBarrier = 16;

class BlockRunner;

// The blocks of one cluster, which run together on one host thread so that each can wait for
// the others at barrier.cluster and read and write their shared memory. A launch without
// clusters runs every block as its own cluster of one.
struct Cluster {
  uint32_t dims[3] = {1, 1, 1};
  uint32_t index[3] = {0, 0, 0};     // %clusterid
  std::vector<BlockRunner *> blocks; // by rank (%cluster_ctarank)
  // barrier.cluster (ISA 9.7.13.2): the phases completed, and the threads that arrived in the
  // current one. A phase completes when every thread of the cluster that has not exited arrived.
  uint32_t barrierPhase = 0;
  uint32_t barrierArrived = 0;

  uint32_t size() const { return static_cast<uint32_t>(blocks.size()); }
  uint32_t liveThreads() const;
  // Completes the current phase when every live thread arrived; true when it did.
  bool completePhase();
  // Releases the threads waiting at barrier.cluster.wait whose arrival's phase completed; true
  // when any was released.
  bool releaseWaiters();
};

class BlockRunner {
public:
  // Without memory for the block's local stacks, the grid faults with qiaoErrorMemoryAllocation
  // (and run() does nothing); other allocation failures throw std::bad_alloc, which the
  // GridExecutor turns into the same fault.
  explicit BlockRunner(GridContext &grid);
  // Adds the lane instructions of every block it ran to the grid's count.
  ~BlockRunner();
  BlockRunner(const BlockRunner &) = delete;
  BlockRunner &operator=(const BlockRunner &) = delete;

  // Runs block (x, y, z) to completion or until a fault, as a cluster of one.
  void run(uint32_t x, uint32_t y, uint32_t z);
  // Runs the blocks of a cluster together, interleaving their warps, to completion or until a
  // fault: blocks[r] runs block coords[r] as rank r. blocks.size() == the product of dims.
  static void runCluster(Cluster &cluster, const std::vector<BlockRunner *> &blocks,
                         const std::vector<std::array<uint32_t, 3>> &coords);

  // This block's cluster and its rank there.
  Cluster &cluster() { return *cluster_; }
  uint32_t clusterRank() const { return clusterRank_; }
  // barrier.cluster.arrive by a thread of the block (linear index).
  void arriveAtCluster(uint32_t linearThread);

  GridContext &grid() { return grid_; }
  const uint32_t *blockIdx() const { return blockIdx_; }
  uint8_t *sharedMemory() { return shared_.data(); }
  uint64_t sharedBytes() const { return sharedBytes_; }
  // The reserved shared memory, at window offsets [kReservedSharedOffset, +kReservedSharedBytes).
  uint8_t *reservedSharedMemory() { return reservedShared_; }
  // Base of the local (stack) memory of a thread of the block.
  uint8_t *localMemory(uint32_t linearThread) {
    return local_.get() + static_cast<size_t>(linearThread) * grid_.localBytesPerThread;
  }
  uint64_t localBytesPerThread() const { return grid_.localBytesPerThread; }
  uint32_t threadsPerBlock() const { return threads_; }
  uint32_t warpCount() const { return static_cast<uint32_t>(warps_.size()); }
  std::string &printfBuffer() { return printf_; }
  // Adds native code deferred to the end of the block (DeferredAdds.h).
  DeferredAdds &deferredAdds() { return deferredAdds_; }
  bool faulted() const { return faulted_; }
  void recordFault(int code, std::string report);
  // Counts `bytes` more of frame storage against the launch's budget; false (and nothing counted)
  // when that would exceed it.
  bool chargeFrameStorage(uint64_t bytes);

  // Barrier bookkeeping (bar.sync / barrier.sync / bar.red).
  struct Barrier {
    uint32_t arrived = 0;        // threads arrived in this phase
    uint32_t expected = 0;       // 0: all live threads of the block
    uint32_t predicateCount = 0; // bar.red: lanes whose predicate held
    uint32_t andResult = 1, orResult = 0;
  };
  Barrier &barrier(uint32_t id) { return barriers_[id == kClusterBarrier ? id : id & 15]; }
  uint32_t liveThreads() const;

private:
  friend struct Cluster;
  bool releaseClusterWaiters();
  enum class Pass { Ran, Waiting, Done };
  // Prepares block (x, y, z) in the cluster (as its rank); false when it cannot run.
  bool begin(uint32_t x, uint32_t y, uint32_t z, Cluster &cluster, uint32_t rank);
  // Gives every warp that can run a turn and releases the block's completed barriers: Done when
  // every warp finished (or the block faulted), Waiting when no warp could run and no barrier
  // completed.
  Pass pass();
  // Whether the grid stopped or the watchdog expired (recording the timeout); ends the loop.
  bool stopped();
  void finish();
  void recordDeadlock();
  void runRegions();
  bool releaseBarriers();
  bool releaseConvergedBarrier();

  GridContext &grid_;
  uint32_t blockIdx_[3] = {0, 0, 0};
  uint32_t threads_ = 0;
  uint64_t sharedBytes_ = 0;
  std::vector<uint8_t> shared_;
  alignas(16) uint8_t reservedShared_[kReservedSharedBytes] = {};
  // calloc'd, not a vector: the stacks of a large block are mostly never touched, and the
  // operating system's zero pages keep them from costing memory until they are.
  struct FreeBytes {
    void operator()(uint8_t *bytes) const { std::free(bytes); }
  };
  std::unique_ptr<uint8_t, FreeBytes> local_;
  std::vector<std::unique_ptr<Warp>> warps_;
  Barrier barriers_[kClusterBarrier + 1];
  Cluster own_; // the cluster of one that run() uses
  Cluster *cluster_ = &own_;
  uint32_t clusterRank_ = 0;
  // barrier.cluster: per thread, 1 + the phase its last arrival belongs to (0: none yet).
  std::vector<uint32_t> clusterArrivals_;
  bool clusterArrived_ = false; // clusterArrivals_ holds arrivals of the current block
  std::string printf_;
  DeferredAdds deferredAdds_;
  bool faulted_ = false;
  // Counted here and added to the grid's total once: an atomic shared by every host thread,
  // updated per block, costs short blocks a cache-line transfer each.
  uint64_t retired_ = 0;
};

} // namespace qiao::ptx
