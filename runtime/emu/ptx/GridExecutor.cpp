// Spreads the blocks of a grid over a pool of host threads.
#include "BlockRunner.h"
#include "Engine.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <thread>

namespace qiao::ptx {
namespace {

// QIAO_KERNEL_TIMEOUT: seconds (fractions allowed) a launch may run; unset or 0: no watchdog.
uint64_t kernelTimeoutMs() {
  static const uint64_t ms = [] {
    const char *text = std::getenv("QIAO_KERNEL_TIMEOUT");
    double seconds = text ? std::strtod(text, nullptr) : 0;
    return seconds > 0 ? static_cast<uint64_t>(seconds * 1000) : uint64_t{0};
  }();
  return ms;
}

} // namespace

struct GridExecutor::Pool {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::function<void()>> tasks;
  std::vector<std::thread> threads;
  bool stopping = false;

  explicit Pool(unsigned count) {
    for (unsigned i = 0; i < count; ++i)
      threads.emplace_back([this] { serve(); });
  }
  ~Pool() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    for (std::thread &t : threads)
      t.join();
  }
  void serve() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [this] { return stopping || !tasks.empty(); });
        if (tasks.empty())
          return;
        task = std::move(tasks.front());
        tasks.pop_front();
      }
      task();
    }
  }
  void submit(std::function<void()> task) {
    {
      std::lock_guard lock(mutex);
      tasks.push_back(std::move(task));
    }
    wake.notify_one();
  }
  // Runs `work` on up to `wanted` pool threads and on the calling thread; returns when every
  // run has returned. `work` hands itself the pieces (an atomic counter), so how many threads
  // take part changes only the speed.
  // `work` must not throw: the helpers refer to this frame until each has finished.
  void share(uint64_t wanted, const std::function<void()> &work) {
    size_t wantedHelpers = std::min<uint64_t>(threads.size(), wanted);
    std::mutex doneMutex;
    std::condition_variable doneSignal;
    size_t finished = 0;
    size_t helpers = 0;
    // A helper that cannot be queued (no memory) is simply not counted on: fewer threads take
    // part, and the calling thread still runs every piece that is left.
    try {
      for (; helpers < wantedHelpers; ++helpers)
        submit([&] {
          work();
          std::lock_guard lock(doneMutex);
          ++finished;
          doneSignal.notify_one();
        });
    } catch (const std::exception &) {
    }
    work();
    std::unique_lock lock(doneMutex);
    doneSignal.wait(lock, [&] { return finished == helpers; });
  }
};

namespace {

// The grid's first fault wins, as in BlockRunner::recordFault. The code is stored before the
// report, whose allocation may itself fail when memory ran out.
void recordGridFault(GridContext &grid, int code, const char *what) noexcept {
  grid.stop.store(true, std::memory_order_relaxed);
  std::lock_guard lock(grid.mutex);
  if (grid.faultCode != 0)
    return;
  grid.faultCode = code;
  try {
    grid.faultReport = "kernel '" + grid.kernel.name + "': " + what;
  } catch (const std::exception &) {
    grid.faultReport.clear();
  }
}

// Runs a piece of a grid so that nothing it throws leaves the thread: on a pool thread an
// exception would end the process, and on the calling thread it would unwind the frame the pool
// threads are still using. Running out of host memory fails the launch with
// qiaoErrorMemoryAllocation; anything else with qiaoErrorLaunchFailure.
template <class Body> void runGuarded(GridContext &grid, Body &&body) noexcept {
  try {
    body();
  } catch (const std::bad_alloc &) {
    recordGridFault(grid, errc::qiaoErrorMemoryAllocation,
                    "out of host memory for the launch (its registers, stacks or local data)");
  } catch (const std::exception &error) {
    recordGridFault(grid, errc::qiaoErrorLaunchFailure, error.what());
  } catch (...) {
    recordGridFault(grid, errc::qiaoErrorLaunchFailure, "unexpected failure in the engine");
  }
}

} // namespace

// A cooperative grid's blocks wait for each other at grid-wide barriers, which a pool running
// blocks to completion one after another would deadlock: each unit (a block, or a cluster of
// blocks) gets its own host thread for the grid's life (the runtime bounds the grid by what the
// device holds at once), and the grid a zeroed barrier workspace, 16 bytes of device memory whose
// address cooperative groups read from %envreg1 (high half) and %envreg2 (low half).
namespace {
void runCooperative(GridContext &grid, uint64_t units,
                    const std::function<void(uint64_t)> &unitAt) {
  void *workspace = grid.memory.allocateGlobal(16);
  if (workspace == nullptr) {
    std::lock_guard lock(grid.mutex);
    grid.faultCode = errc::qiaoErrorMemoryAllocation;
    grid.faultReport = "no memory for the grid barrier of a cooperative launch";
    return;
  }
  std::memset(workspace, 0, 16);
  auto address = reinterpret_cast<std::uintptr_t>(workspace);
  grid.envRegs[1] = static_cast<uint32_t>(static_cast<uint64_t>(address) >> 32);
  grid.envRegs[2] = static_cast<uint32_t>(address);
  std::vector<std::thread> threads;
  try {
    threads.reserve(units);
    for (uint64_t i = 0; i < units; ++i)
      threads.emplace_back([&grid, &unitAt, i] {
        runGuarded(grid, [&] {
          if (!grid.stop.load(std::memory_order_relaxed))
            unitAt(i);
        });
      });
  } catch (const std::exception &) {
    // The blocks already started wait at grid barriers for the others: the fault stops them.
    recordGridFault(grid, errc::qiaoErrorLaunchOutOfResources,
                    "cannot start a host thread for every block of a cooperative launch");
  }
  for (std::thread &t : threads)
    t.join();
  grid.memory.releaseGlobal(workspace);
}

uint64_t product(const uint32_t dims[3]) { return uint64_t{dims[0]} * dims[1] * dims[2]; }

// Runs block i of the grid (x fastest) on runner.
void blockAt(GridContext &grid, uint64_t i, BlockRunner &runner) {
  const uint32_t *g = grid.launch.grid;
  uint32_t x = static_cast<uint32_t>(i % g[0]);
  uint32_t y = static_cast<uint32_t>((i / g[0]) % g[1]);
  uint32_t z = static_cast<uint32_t>(i / (static_cast<uint64_t>(g[0]) * g[1]));
  runner.run(x, y, z);
}

// The blocks of one cluster on one host thread: a BlockRunner per rank, reused cluster after
// cluster, and the cluster's shared state.
struct ClusterWorker {
  Cluster cluster;
  std::vector<std::unique_ptr<BlockRunner>> runners;
  std::vector<BlockRunner *> blocks;
  std::vector<std::array<uint32_t, 3>> coords;

  ClusterWorker(GridContext &grid, const uint32_t dims[3]) {
    std::copy_n(dims, 3, cluster.dims);
    uint64_t size = product(dims);
    for (uint64_t r = 0; r < size; ++r) {
      runners.push_back(std::make_unique<BlockRunner>(grid));
      blocks.push_back(runners.back().get());
    }
    coords.resize(size);
  }
  // Runs cluster i of the grid (clusters numbered x fastest, as blocks are); the rank of a
  // block is its linear index inside the cluster, x fastest (%cluster_ctarank).
  void run(GridContext &grid, uint64_t i) {
    const uint32_t *d = cluster.dims;
    const uint32_t across[3] = {grid.launch.grid[0] / d[0], grid.launch.grid[1] / d[1],
                                grid.launch.grid[2] / d[2]};
    cluster.index[0] = static_cast<uint32_t>(i % across[0]);
    cluster.index[1] = static_cast<uint32_t>((i / across[0]) % across[1]);
    cluster.index[2] = static_cast<uint32_t>(i / (uint64_t{across[0]} * across[1]));
    for (size_t r = 0; r < coords.size(); ++r) {
      coords[r][0] = cluster.index[0] * d[0] + static_cast<uint32_t>(r % d[0]);
      coords[r][1] = cluster.index[1] * d[1] + static_cast<uint32_t>((r / d[0]) % d[1]);
      coords[r][2] = cluster.index[2] * d[2] + static_cast<uint32_t>(r / (d[0] * d[1]));
    }
    BlockRunner::runCluster(cluster, blocks, coords);
  }
};
} // namespace

GridExecutor::GridExecutor(unsigned threads) {
  if (threads == 0)
    threads = std::max(1u, std::thread::hardware_concurrency());
  // The thread calling run() works too, so the pool has one thread fewer.
  pool_ = std::make_unique<Pool>(threads > 1 ? threads - 1 : 0);
}

GridExecutor::~GridExecutor() = default;

LaunchOutcome GridExecutor::run(const Module &module, const KernelInfo &kernel,
                                const LaunchParams &launch, DeviceMemory &memory) {
  // Clusters of several blocks are the interpreter's: native code runs one block's warps with
  // that block's shared memory and constant cluster queries, so nothing is compiled for them.
  if (launch.interpretOnly || product(launch.cluster) > 1 || kernel.clusterBlocks > 1)
    return runOnce(module, kernel, launch, memory, true);
  if (execMode() == ExecMode::Check) {
    LaunchOutcome outcome = runChecked(module, kernel, launch, memory);
    if (!outcome.checkDifference.empty())
      std::fprintf(stderr, "qiao: check: %s\n", outcome.checkDifference.c_str());
    return outcome;
  }
  beforeLaunch(module.program(), kernel.index,
               uint64_t{launch.grid[0]} * launch.grid[1] * launch.grid[2] * launch.block[0] *
                   launch.block[1] * launch.block[2]);
  return runOnce(module, kernel, launch, memory, false);
}

LaunchOutcome GridExecutor::runOnce(const Module &module, const KernelInfo &kernel,
                                    const LaunchParams &launch, DeviceMemory &memory,
                                    bool interpretOnly) {
  DeviceLaunchTree tree;
  tree.pendingLimit = launch.pendingLaunchLimit;
  LaunchOutcome outcome = runGrid(module.program(), kernel, launch, memory, interpretOnly, tree, 0);
  for (const auto &[key, address] : tree.errorTexts)
    if (address)
      memory.releaseGlobal(reinterpret_cast<void *>(address));
  return outcome;
}

LaunchOutcome GridExecutor::runGrid(const Program &program, const KernelInfo &kernel,
                                    const LaunchParams &launch, DeviceMemory &memory,
                                    bool interpretOnly, DeviceLaunchTree &tree, uint32_t depth) {
  GridContext grid(program, kernel, launch, memory);
  grid.interpretOnly = interpretOnly;
  grid.tree = &tree;
  grid.depth = depth;
  if (uint64_t timeoutMs = launch.timeoutMs ? launch.timeoutMs : kernelTimeoutMs())
    grid.deadlineNs = steadyNanoseconds() + timeoutMs * 1000000;
  grid.localBytesPerThread =
      static_cast<uint32_t>((launch.stackBytesPerThread + kernel.localBytes + 15) / 16 * 16);
  uint64_t blocks = static_cast<uint64_t>(launch.grid[0]) * launch.grid[1] * launch.grid[2];
  // The cluster shape: the launch's, else the one the kernel requires (a grid launched from
  // device code names none).
  uint32_t clusterDims[3] = {launch.cluster[0], launch.cluster[1], launch.cluster[2]};
  if (product(clusterDims) <= 1 && kernel.clusterDims[0] != 0)
    std::copy_n(kernel.clusterDims, 3, clusterDims);
  if (product(clusterDims) > 1) {
    for (int d = 0; d < 3; ++d)
      if (clusterDims[d] == 0 || launch.grid[d] % clusterDims[d] != 0) {
        recordGridFault(grid, errc::qiaoErrorInvalidClusterSize,
                        "the grid does not divide into clusters of the kernel's shape");
        clusterDims[0] = 0;
        break;
      }
    if (clusterDims[0] != 0)
      runClusters(grid, clusterDims, blocks / product(clusterDims));
  } else if (launch.cooperative) {
    runCooperative(grid, blocks, [&](uint64_t i) {
      BlockRunner runner(grid);
      blockAt(grid, i, runner);
    });
  } else {
    // Threads claim blocks a few at a time: the claim counter is shared by every host thread,
    // and claiming short blocks one by one costs each a cache-line transfer. Small enough that
    // every thread still gets many claims, so uneven blocks balance out.
    const uint64_t workers = pool_->threads.size() + 1;
    const uint64_t chunk = std::clamp<uint64_t>(blocks / (workers * 32), 1, 16);
    std::atomic<uint64_t> next{0};
    auto work = [&] {
      runGuarded(grid, [&] {
        BlockRunner runner(grid);
        for (;;) {
          uint64_t first = next.fetch_add(chunk, std::memory_order_relaxed);
          if (first >= blocks)
            return;
          uint64_t last = std::min(blocks, first + chunk);
          for (uint64_t i = first; i < last; ++i) {
            if (grid.stop.load(std::memory_order_relaxed))
              return;
            blockAt(grid, i, runner);
          }
        }
      });
    };
    pool_->share(blocks > 0 ? blocks - 1 : 0, work);
  }
  LaunchOutcome outcome;
  outcome.code = grid.faultCode;
  outcome.report = std::move(grid.faultReport);
  outcome.laneInstructions = grid.laneInstructions.load();
  std::sort(grid.printfByBlock.begin(), grid.printfByBlock.end(),
            [](const auto &a, const auto &b) { return a.first < b.first; });
  for (auto &[block, text] : grid.printfByBlock)
    outcome.printf += text;
  runDeviceLaunches(grid, outcome);
  return outcome;
}

void GridExecutor::runClusters(GridContext &grid, const uint32_t dims[3], uint64_t clusters) {
  if (grid.launch.cooperative) {
    runCooperative(grid, clusters, [&](uint64_t i) {
      ClusterWorker worker(grid, dims);
      worker.run(grid, i);
    });
    return;
  }
  std::atomic<uint64_t> next{0};
  auto work = [&] {
    runGuarded(grid, [&] {
      ClusterWorker worker(grid, dims);
      for (;;) {
        uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= clusters || grid.stop.load(std::memory_order_relaxed))
          return;
        worker.run(grid, i);
      }
    });
  };
  pool_->share(clusters > 0 ? clusters - 1 : 0, work);
}

void GridExecutor::forEach(uint64_t count, const std::function<bool(uint64_t)> &body) {
  std::atomic<uint64_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex failureMutex;
  std::exception_ptr failure;
  auto work = [&] {
    try {
      for (;;) {
        uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= count || stop.load(std::memory_order_relaxed))
          return;
        if (!body(i))
          stop.store(true, std::memory_order_relaxed);
      }
    } catch (...) {
      stop.store(true, std::memory_order_relaxed);
      std::lock_guard lock(failureMutex);
      if (!failure)
        failure = std::current_exception();
    }
  };
  pool_->share(count > 0 ? count - 1 : 0, work);
  // Thrown only now, on the caller's thread, once no pool thread uses this frame any more.
  if (failure)
    std::rethrow_exception(failure);
}

} // namespace qiao::ptx
