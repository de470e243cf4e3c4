#include "EmuDevice.h"

#include <cstdio>
#include <cstdlib>

#include "EmuDeviceInfo.h"
#include "support/ErrorCodes.h"

#include <string>

namespace qiao::emu {
namespace {

// Larger stacks multiply by every resident thread of a grid; 1 MiB per thread keeps a full block
// (1024 threads) within a GiB of host memory.
constexpr uint64_t kMaxStackBytesPerThread = 1 << 20;

} // namespace

EmuDevice &EmuDevice::instance() {
  static EmuDevice *device = [] {
    auto *created = new EmuDevice();
    // Output held for the next synchronisation still reaches the user at exit.
    std::atexit([] { instance().flushPrintf(); });
    return created;
  }();
  return *device;
}

EmuDevice::EmuDevice()
    : info_(makeEmuDeviceInfo(hostMemoryBudget())), memory_(info_.totalGlobalMem) {}

Status EmuDevice::setLimit(qiaoDrvLimit limit, uint64_t value) {
  std::lock_guard lock(limitsMutex_);
  switch (limit) {
  case QIAO_DRV_LIMIT_STACK_SIZE:
    if (value > kMaxStackBytesPerThread)
      return Error{errc::qiaoErrorInvalidValue,
                   "stack size " + std::to_string(value) + " exceeds the 1 MiB per thread limit"};
    limits_.stackBytesPerThread = value;
    return Status::ok();
  case QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE:
    limits_.printfFifoBytes = value;
    return Status::ok();
  case QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE:
    limits_.mallocHeapBytes = value;
    return Status::ok();
  }
  return Error{errc::qiaoErrorUnsupportedLimit, "unknown limit " + std::to_string(int(limit))};
}

Expected<uint64_t> EmuDevice::limit(qiaoDrvLimit limit) const {
  std::lock_guard lock(limitsMutex_);
  switch (limit) {
  case QIAO_DRV_LIMIT_STACK_SIZE:
    return limits_.stackBytesPerThread;
  case QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE:
    return limits_.printfFifoBytes;
  case QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE:
    return limits_.mallocHeapBytes;
  }
  return Error{errc::qiaoErrorUnsupportedLimit, "unknown limit " + std::to_string(int(limit))};
}

ptx::LaunchOutcome EmuDevice::runGrid(const EmuModule &module, const ptx::KernelInfo &kernel,
                                      const ptx::LaunchParams &launch) {
  // Kernels of different streams run concurrently, as on hardware: the executor shares its pool.
  return executor().run(module.ptx(), kernel, launch, memory_);
}

ptx::GridExecutor &EmuDevice::executor() {
  std::call_once(executorCreated_, [&] { executor_ = std::make_unique<ptx::GridExecutor>(0); });
  return *executor_;
}

void EmuDevice::holdPrintf(const std::string &text) {
  std::lock_guard lock(printfMutex_);
  printfHeld_ += text;
  uint64_t fifo;
  {
    std::lock_guard limits(limitsMutex_);
    fifo = limits_.printfFifoBytes;
  }
  // Past the FIFO's size CUDA drops output; writing it early loses nothing.
  if (printfHeld_.size() >= fifo) {
    std::fwrite(printfHeld_.data(), 1, printfHeld_.size(), stdout);
    std::fflush(stdout);
    printfHeld_.clear();
  }
}

void EmuDevice::flushPrintf() {
  std::lock_guard lock(printfMutex_);
  if (printfHeld_.empty())
    return;
  std::fwrite(printfHeld_.data(), 1, printfHeld_.size(), stdout);
  std::fflush(stdout);
  printfHeld_.clear();
}

void EmuDevice::reset() {
  // Queues first: their pending launches hold modules, and their records complete events.
  for (auto &queue : queues.takeAll())
    queue.reset();
  flushPrintf();
  events.takeAll();
  functions.takeAll();
  modules.takeAll(); // releases module globals through memory_
  memory_.releaseAll();
  std::lock_guard lock(limitsMutex_);
  limits_ = DeviceLimits{};
}

} // namespace qiao::emu
