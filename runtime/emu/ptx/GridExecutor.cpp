// Spreads the blocks of a grid over a pool of host threads.
#include "BlockRunner.h"
#include "Engine.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <thread>

namespace qiao::ptx {

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
};

GridExecutor::GridExecutor(unsigned threads) {
  if (threads == 0)
    threads = std::max(1u, std::thread::hardware_concurrency());
  // The thread calling run() works too, so the pool has one thread fewer.
  pool_ = std::make_unique<Pool>(threads > 1 ? threads - 1 : 0);
}

GridExecutor::~GridExecutor() = default;

LaunchOutcome GridExecutor::run(const Module &module, const KernelInfo &kernel,
                                const LaunchParams &launch, DeviceMemory &memory) {
  GridContext grid(module.program(), kernel, launch, memory);
  grid.localBytesPerThread =
      static_cast<uint32_t>((launch.stackBytesPerThread + kernel.localBytes + 15) / 16 * 16);
  uint64_t blocks = static_cast<uint64_t>(launch.grid[0]) * launch.grid[1] * launch.grid[2];
  std::atomic<uint64_t> next{0};
  auto work = [&] {
    BlockRunner runner(grid);
    for (;;) {
      uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= blocks || grid.stop.load(std::memory_order_relaxed))
        return;
      uint32_t x = static_cast<uint32_t>(i % launch.grid[0]);
      uint32_t y = static_cast<uint32_t>((i / launch.grid[0]) % launch.grid[1]);
      uint32_t z =
          static_cast<uint32_t>(i / (static_cast<uint64_t>(launch.grid[0]) * launch.grid[1]));
      runner.run(x, y, z);
    }
  };
  size_t helpers = std::min<uint64_t>(pool_->threads.size(), blocks > 0 ? blocks - 1 : 0);
  std::mutex doneMutex;
  std::condition_variable doneSignal;
  size_t finished = 0;
  for (size_t h = 0; h < helpers; ++h)
    pool_->submit([&] {
      work();
      std::lock_guard lock(doneMutex);
      ++finished;
      doneSignal.notify_one();
    });
  work();
  {
    std::unique_lock lock(doneMutex);
    doneSignal.wait(lock, [&] { return finished == helpers; });
  }
  LaunchOutcome outcome;
  outcome.code = grid.faultCode;
  outcome.report = std::move(grid.faultReport);
  outcome.laneInstructions = grid.laneInstructions.load();
  std::sort(grid.printfByBlock.begin(), grid.printfByBlock.end(),
            [](const auto &a, const auto &b) { return a.first < b.first; });
  for (auto &[block, text] : grid.printfByBlock)
    outcome.printf += text;
  return outcome;
}

void GridExecutor::forEach(uint64_t count, const std::function<bool(uint64_t)> &body) {
  std::atomic<uint64_t> next{0};
  std::atomic<bool> stop{false};
  auto work = [&] {
    for (;;) {
      uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= count || stop.load(std::memory_order_relaxed))
        return;
      if (!body(i))
        stop.store(true, std::memory_order_relaxed);
    }
  };
  size_t helpers = std::min<uint64_t>(pool_->threads.size(), count > 0 ? count - 1 : 0);
  std::mutex doneMutex;
  std::condition_variable doneSignal;
  size_t finished = 0;
  for (size_t h = 0; h < helpers; ++h)
    pool_->submit([&] {
      work();
      std::lock_guard lock(doneMutex);
      ++finished;
      doneSignal.notify_one();
    });
  work();
  std::unique_lock lock(doneMutex);
  doneSignal.wait(lock, [&] { return finished == helpers; });
}

} // namespace qiao::ptx
