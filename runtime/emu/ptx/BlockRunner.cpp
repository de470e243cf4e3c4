// Schedules the warps of one thread block on the calling host thread.
#include "BlockRunner.h"

#include "Interpreter.h"
#include "Lanes.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <bit>
#include <chrono>

namespace qiao::ptx {

uint64_t steadyNanoseconds() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

namespace {
// Instructions a warp runs before the next warp gets a turn: lets warps that spin on each other
// (a flag in shared memory) make progress without costing the common case anything.
constexpr uint32_t kQuantum = 4096;
} // namespace

BlockRunner::BlockRunner(GridContext &grid) : grid_(grid) {
  own_.blocks.assign(1, this);
  const LaunchParams &launch = grid.launch;
  threads_ = launch.block[0] * launch.block[1] * launch.block[2];
  // Dynamic shared memory starts after every kernel's static area (Program.h), so a kernel with
  // dynamic shared memory gets the window up to its end; one without gets its own static area.
  sharedBytes_ =
      launch.dynamicSharedBytes
          ? static_cast<uint64_t>(grid.program.dynamicSharedOffset) + launch.dynamicSharedBytes
          : grid.kernel.staticSharedBytes;
  // Shared memory starts zeroed once per worker; CUDA leaves it undefined, zero is repeatable.
  shared_.assign(sharedBytes_ + 16, 0);
  uint64_t localBytes = static_cast<uint64_t>(threads_) * grid.localBytesPerThread;
  local_.reset(static_cast<uint8_t *>(std::calloc(localBytes > 0 ? localBytes : 1, 1)));
  if (!local_) {
    recordFault(errc::qiaoErrorMemoryAllocation,
                "kernel '" + grid.kernel.name +
                    "': no host memory for the local memory of a block (" +
                    std::to_string(threads_) + " threads x " +
                    std::to_string(grid.localBytesPerThread) + " bytes of stack and local data)");
    return;
  }
  clusterArrivals_.assign(threads_, 0);
  uint32_t warps = (threads_ + kWarpSize - 1) / kWarpSize;
  for (uint32_t w = 0; w < warps; ++w)
    warps_.push_back(std::make_unique<Warp>(*this, w, 0));
}

BlockRunner::~BlockRunner() {
  grid_.laneInstructions.fetch_add(retired_, std::memory_order_relaxed);
}

void BlockRunner::recordFault(int code, std::string report) {
  faulted_ = true;
  grid_.stop.store(true, std::memory_order_relaxed);
  std::lock_guard lock(grid_.mutex);
  if (grid_.faultCode == 0) {
    grid_.faultCode = code;
    grid_.faultReport = std::move(report);
  }
}

bool BlockRunner::chargeFrameStorage(uint64_t bytes) {
  uint64_t before = grid_.frameStorageUsed.fetch_add(bytes, std::memory_order_relaxed);
  if (before + bytes <= grid_.launch.frameStorageBytes)
    return true;
  grid_.frameStorageUsed.fetch_sub(bytes, std::memory_order_relaxed);
  return false;
}

uint32_t BlockRunner::liveThreads() const {
  uint32_t live = 0;
  for (const auto &w : warps_)
    live += std::popcount(w->liveMask());
  return live;
}

// The common case of a block whose warps run together: every warp not done waits with all its
// live lanes at the same plain barrier, which therefore completes.
bool BlockRunner::releaseConvergedBarrier() {
  uint32_t id = ~0u;
  for (auto &w : warps_) {
    if (Interpreter::isDone(*w))
      continue;
    if (id == ~0u)
      id = Interpreter::waitingBarrier(*w);
    if (!Interpreter::waitsConverged(*w, id))
      return false;
  }
  // barrier.cluster.wait completes for the cluster, not the block (Cluster::releaseWaiters).
  if (id == ~0u || id == kClusterBarrier)
    return false;
  barriers_[id & 15] = Barrier{};
  for (auto &w : warps_)
    if (!Interpreter::isDone(*w))
      Interpreter::resumeConverged(*w);
  return true;
}

// Barrier regions while every warp runs them converged in native code (most blocks of most
// kernels): no scheduling, no barrier bookkeeping. The general loop takes over where a warp
// needs the scheduler, and checks the watchdog and the grid's stop after the regions end.
void BlockRunner::runRegions() {
  while (!faulted_ && Interpreter::runRegion(warps_) == Interpreter::Region::Barrier) {
    if (grid_.stop.load(std::memory_order_relaxed) ||
        (grid_.deadlineNs != 0 && steadyNanoseconds() > grid_.deadlineNs))
      return;
  }
}

bool BlockRunner::releaseBarriers() {
  if (releaseConvergedBarrier())
    return true;
  bool released = false;
  uint32_t live = liveThreads();
  for (uint32_t id = 0; id < 16; ++id) {
    Barrier &b = barriers_[id];
    if (b.arrived == 0)
      continue;
    uint32_t expected = b.expected ? b.expected : live;
    if (b.arrived < expected)
      continue;
    Barrier done = b;
    b = Barrier{};
    for (auto &w : warps_)
      if (Interpreter::waitsOn(*w, id))
        Interpreter::releaseBarrier(*w, id, done.predicateCount, done.andResult, done.orResult);
    released = true;
  }
  return released;
}

bool BlockRunner::begin(uint32_t x, uint32_t y, uint32_t z, Cluster &cluster, uint32_t rank) {
  if (!local_)
    return false; // the constructor recorded the fault
  blockIdx_[0] = x, blockIdx_[1] = y, blockIdx_[2] = z;
  cluster_ = &cluster;
  clusterRank_ = rank;
  faulted_ = false;
  printf_.clear();
  for (Barrier &b : barriers_)
    b = Barrier{};
  if (clusterArrived_) { // barrier.cluster ran in the block before
    std::fill(clusterArrivals_.begin(), clusterArrivals_.end(), 0);
    clusterArrived_ = false;
  }
  uint32_t kernel = grid_.kernel.index;
  // Native code reads the declared kernel parameters without checks: a launch that passes
  // fewer bytes (only a hostile caller does) is interpreted, which reports the short read.
  // Blocks of a cluster of several are interpreted: native code knows one block's shared memory
  // and keeps cluster queries constant.
  const bool native = grid_.program.hasNative() && !grid_.interpretOnly &&
                      grid_.launch.paramBytes >= grid_.kernel.paramBytes && cluster.size() == 1;
  for (size_t w = 0; w < warps_.size(); ++w) {
    uint32_t first = static_cast<uint32_t>(w) * kWarpSize;
    uint32_t lanes = std::min<uint32_t>(kWarpSize, threads_ - first);
    LaneMask live = lanes == kWarpSize ? kFullMask : ((LaneMask{1} << lanes) - 1);
    Warp &warp = *warps_[w];
    Interpreter::start(warp, kernel, live);
    warp.nativeAllowed_ = native;
    if (native)
      warp.prepareNativeState();
  }
  if (native)
    runRegions();
  return true;
}

BlockRunner::Pass BlockRunner::pass() {
  if (faulted_)
    return Pass::Done;
  bool ran = false, allDone = true;
  for (auto &w : warps_) {
    if (Interpreter::isDone(*w))
      continue;
    if (Interpreter::isWaiting(*w)) {
      allDone = false;
      continue;
    }
    if (!Interpreter::runConverged(*w))
      Interpreter::run(*w, kQuantum);
    ran = true;
    if (faulted_)
      return Pass::Done;
    allDone = allDone && Interpreter::isDone(*w);
  }
  // A pass that finished every warp ends the block here (most blocks without barriers do).
  if (allDone)
    return Pass::Done;
  bool released = releaseBarriers();
  return ran || released ? Pass::Ran : Pass::Waiting;
}

bool BlockRunner::stopped() {
  if (grid_.stop.load(std::memory_order_relaxed))
    return true;
  if (grid_.deadlineNs != 0 && steadyNanoseconds() > grid_.deadlineNs) {
    recordFault(errc::qiaoErrorLaunchTimeout,
                "kernel '" + grid_.kernel.name + "': still running in block (" +
                    std::to_string(blockIdx_[0]) + "," + std::to_string(blockIdx_[1]) + "," +
                    std::to_string(blockIdx_[2]) +
                    ") when the watchdog expired (QIAO_KERNEL_TIMEOUT)");
    return true;
  }
  return false;
}

void BlockRunner::recordDeadlock() {
  // Every live warp waits at a barrier that can no longer complete.
  recordFault(errc::qiaoErrorLaunchFailure,
              "kernel '" + grid_.kernel.name + "': barrier deadlock in block (" +
                  std::to_string(blockIdx_[0]) + "," + std::to_string(blockIdx_[1]) + "," +
                  std::to_string(blockIdx_[2]) +
                  "): threads wait at a barrier that the other live threads never reach");
}

void BlockRunner::run(uint32_t x, uint32_t y, uint32_t z) {
  own_.barrierPhase = own_.barrierArrived = 0;
  if (!begin(x, y, z, own_, 0))
    return;
  for (;;) {
    Pass result = pass();
    if (result == Pass::Done)
      break;
    if (own_.releaseWaiters())
      result = Pass::Ran;
    if (result == Pass::Waiting) {
      recordDeadlock();
      break;
    }
    if (stopped())
      break;
  }
  finish();
}

void BlockRunner::runCluster(Cluster &cluster, const std::vector<BlockRunner *> &blocks,
                             const std::vector<std::array<uint32_t, 3>> &coords) {
  cluster.blocks = blocks;
  cluster.barrierPhase = cluster.barrierArrived = 0;
  std::vector<bool> done(blocks.size(), false);
  for (size_t r = 0; r < blocks.size(); ++r)
    if (!blocks[r]->begin(coords[r][0], coords[r][1], coords[r][2], cluster,
                          static_cast<uint32_t>(r)))
      return; // the grid faulted: no memory for a block
  for (;;) {
    bool ran = false, allDone = true, faulted = false;
    for (size_t r = 0; r < blocks.size(); ++r) {
      if (done[r])
        continue;
      Pass result = blocks[r]->pass();
      faulted = faulted || blocks[r]->faulted();
      done[r] = result == Pass::Done;
      allDone = allDone && done[r];
      ran = ran || result == Pass::Ran;
    }
    if (faulted || allDone)
      break;
    ran = cluster.releaseWaiters() || ran;
    size_t waiting = 0;
    while (done[waiting])
      ++waiting;
    if (!ran) {
      blocks[waiting]->recordDeadlock();
      break;
    }
    if (blocks[waiting]->stopped())
      break;
  }
  for (BlockRunner *block : blocks)
    block->finish();
}

void BlockRunner::finish() {
  uint32_t x = blockIdx_[0], y = blockIdx_[1], z = blockIdx_[2];
  deferredAdds_.apply();
  for (auto &w : warps_) {
    retired_ += w->instructionsRetired_;
    w->instructionsRetired_ = 0;
  }
  if (!printf_.empty()) {
    uint64_t linear =
        (static_cast<uint64_t>(z) * grid_.launch.grid[1] + y) * grid_.launch.grid[0] + x;
    std::lock_guard lock(grid_.mutex);
    grid_.printfByBlock.emplace_back(linear, std::move(printf_));
    printf_.clear();
  }
}

void BlockRunner::arriveAtCluster(uint32_t linearThread) {
  Cluster &cluster = *cluster_;
  clusterArrivals_[linearThread] = cluster.barrierPhase + 1;
  clusterArrived_ = true;
  ++cluster.barrierArrived;
  cluster.completePhase();
}

uint32_t Cluster::liveThreads() const {
  uint32_t live = 0;
  for (const BlockRunner *block : blocks)
    live += block->liveThreads();
  return live;
}

bool Cluster::completePhase() {
  if (barrierArrived == 0 || barrierArrived < liveThreads())
    return false;
  ++barrierPhase;
  barrierArrived = 0;
  return true;
}

bool Cluster::releaseWaiters() {
  completePhase(); // threads that exited may have completed it
  bool released = false;
  for (BlockRunner *block : blocks)
    released = block->releaseClusterWaiters() || released;
  return released;
}

// A waiting group goes on when every one of its threads arrived in a completed phase. Its wait is
// moved to a slot no other wait uses, so that the interpreter resumes it alone.
bool BlockRunner::releaseClusterWaiters() {
  constexpr uint32_t kReleased = kClusterBarrier + 1;
  const uint32_t phase = cluster_->barrierPhase;
  bool released = false;
  for (auto &w : warps_) {
    bool any = false;
    for (Warp::BarrierWait &wait : w->barrierWaits_) {
      if (wait.barrier != kClusterBarrier)
        continue;
      bool complete = true;
      forEachLane(wait.group.mask, [&](int lane) {
        uint32_t arrival = clusterArrivals_[w->linearThread(lane)];
        complete = complete && arrival != 0 && arrival - 1 < phase;
      });
      if (complete) {
        wait.barrier = kReleased;
        any = true;
      }
    }
    if (any) {
      barriers_[kClusterBarrier] = Barrier{};
      Interpreter::releaseBarrier(*w, kReleased, 0, 1, 0);
      released = true;
    }
  }
  return released;
}

} // namespace qiao::ptx
