#include "EmuPlatform.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "EmuDeviceCount.h"
#include "EmuDeviceInfo.h"
#include "support/ErrorCodes.h"

#include <string>

namespace qiao::emu {
namespace {

// Larger stacks multiply by every resident thread of a grid; 1 MiB per thread keeps a full block
// (1024 threads) within a GiB of host memory.
constexpr uint64_t kMaxStackBytesPerThread = 1 << 20;

} // namespace

EmuPlatform &EmuPlatform::instance() {
  static EmuPlatform *platform = [] {
    auto *created = new EmuPlatform();
    // Output held for the next synchronisation still reaches the user at exit.
    std::atexit([] { instance().flushPrintf(); });
    return created;
  }();
  return *platform;
}

EmuDevice::EmuDevice(int32_t index, uint64_t budget, AllocationTable &table)
    : info(makeEmuDeviceInfo(budget, index)), memory(table, index) {}

namespace {

// The host memory the emulator may hand out, shared evenly by its devices so that a program that
// fills every device does not take more of the host than one device used to.
uint64_t budgetPerDevice(int32_t devices) {
  constexpr uint64_t kMiB = 1 << 20;
  return hostMemoryBudget() / uint64_t(devices) / kMiB * kMiB;
}

} // namespace

EmuPlatform::EmuPlatform() : EmuPlatform(emuDeviceCountFromEnvironment()) {}

EmuPlatform::EmuPlatform(int32_t devices) : allocations_(budgetPerDevice(devices), devices) {
  static_assert(kMaxEmuDevices <= 32, "DeviceMemoryView keeps a device's peers in 32 bits");
  for (int32_t index = 0; index < allocations_.devices(); ++index)
    devices_.push_back(std::make_unique<EmuDevice>(index, allocations_.budget(), allocations_));
}

Status EmuPlatform::setLimit(int32_t device, qiaoDrvLimit limit, uint64_t value) {
  EmuDevice &dev = *devices_[device];
  std::lock_guard lock(dev.limitsMutex);
  DeviceLimits &limits = dev.limits;
  switch (limit) {
  case QIAO_DRV_LIMIT_STACK_SIZE:
    if (value > kMaxStackBytesPerThread)
      return Error{errc::qiaoErrorInvalidValue,
                   "stack size " + std::to_string(value) + " exceeds the 1 MiB per thread limit"};
    limits.stackBytesPerThread = value;
    return Status::ok();
  case QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE:
    limits.printfFifoBytes = value;
    return Status::ok();
  case QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE:
    limits.mallocHeapBytes = value;
    return Status::ok();
  case QIAO_DRV_LIMIT_DEV_RUNTIME_SYNC_DEPTH:
    limits.devRuntimeSyncDepth = value;
    return Status::ok();
  case QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT:
    // The engine counts launches in 32 bits.
    limits.devRuntimePendingLaunches = std::min<uint64_t>(value, UINT32_MAX);
    return Status::ok();
  case QIAO_DRV_LIMIT_CACHE_CONFIG:
    if (value > 3) // cudaFuncCachePreferEqual
      return Error{errc::qiaoErrorInvalidValue,
                   "cache configuration " + std::to_string(value) + " names none"};
    limits.cacheConfig = value;
    return Status::ok();
  }
  return Error{errc::qiaoErrorUnsupportedLimit, "unknown limit " + std::to_string(int(limit))};
}

Expected<uint64_t> EmuPlatform::limit(int32_t device, qiaoDrvLimit limit) const {
  const EmuDevice &dev = *devices_[device];
  std::lock_guard lock(dev.limitsMutex);
  const DeviceLimits &limits = dev.limits;
  switch (limit) {
  case QIAO_DRV_LIMIT_STACK_SIZE:
    return limits.stackBytesPerThread;
  case QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE:
    return limits.printfFifoBytes;
  case QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE:
    return limits.mallocHeapBytes;
  case QIAO_DRV_LIMIT_DEV_RUNTIME_SYNC_DEPTH:
    return limits.devRuntimeSyncDepth;
  case QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT:
    return limits.devRuntimePendingLaunches;
  case QIAO_DRV_LIMIT_CACHE_CONFIG:
    return limits.cacheConfig;
  }
  return Error{errc::qiaoErrorUnsupportedLimit, "unknown limit " + std::to_string(int(limit))};
}

ptx::LaunchOutcome EmuPlatform::runGrid(int32_t device, const EmuModule &module,
                                        const ptx::KernelInfo &kernel,
                                        const ptx::LaunchParams &launch) {
  // Kernels of different streams and devices run concurrently, as on hardware: the executor
  // shares its pool.
  return executor().run(module.ptx(), kernel, launch, memory(device));
}

ptx::GridExecutor &EmuPlatform::executor() {
  std::call_once(executorCreated_, [&] { executor_ = std::make_unique<ptx::GridExecutor>(0); });
  return *executor_;
}

void EmuPlatform::holdPrintf(int32_t device, const std::string &text) {
  uint64_t fifo;
  {
    std::lock_guard limits(devices_[device]->limitsMutex);
    fifo = devices_[device]->limits.printfFifoBytes;
  }
  std::lock_guard lock(printfMutex_);
  printfHeld_ += text;
  // Past the FIFO's size CUDA drops output; writing it early loses nothing.
  if (printfHeld_.size() >= fifo) {
    std::fwrite(printfHeld_.data(), 1, printfHeld_.size(), stdout);
    std::fflush(stdout);
    printfHeld_.clear();
  }
}

void EmuPlatform::flushPrintf() {
  std::lock_guard lock(printfMutex_);
  if (printfHeld_.empty())
    return;
  std::fwrite(printfHeld_.data(), 1, printfHeld_.size(), stdout);
  std::fflush(stdout);
  printfHeld_.clear();
}

void EmuPlatform::reset(int32_t device) {
  // Queues first: their pending launches hold modules, and their records complete events.
  for (auto &queue : queues.takeIf([&](const WorkQueue &q) { return q.device() == device; }))
    queue.reset();
  flushPrintf();
  events.takeIf([&](const EmuEvent &event) { return event.recordedBy() == device; });
  functions.takeIf([&](const EmuModule &module) { return module.device() == device; });
  // Releases module globals through the device's memory view.
  modules.takeIf([&](const EmuModule &module) { return module.device() == device; });
  allocations_.releaseDevice(device);
  // The device's context is gone, and with it the peer mappings to and from it.
  for (auto &other : devices_)
    other->memory.setPeer(device, false);
  devices_[device]->memory.clearPeers();
  EmuDevice &dev = *devices_[device];
  std::lock_guard lock(dev.limitsMutex);
  dev.limits = DeviceLimits{};
}

} // namespace qiao::emu
