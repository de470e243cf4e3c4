// The emulated devices (QIAO_EMU_DEVICES of them, EmuDeviceCount.h): each device's static info,
// limits and memory budget; what they share (one allocation table, since addresses are unique
// across devices; the grid executor; the printf buffer); and the registries of the handles the
// driver has handed out, whose objects name their device.
#pragma once

#include "AllocationTable.h"
#include "DeviceMemoryView.h"
#include "EmuEvent.h"
#include "EmuModule.h"
#include "HandleRegistry.h"
#include "WorkQueue.h"
#include "ptx/Engine.h"
#include "qiao/driver.h"
#include "support/Expected.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qiao::emu {

struct DeviceLimits {
  uint64_t stackBytesPerThread = 1024; // cudaLimitStackSize default
  uint64_t printfFifoBytes = 1 << 20;  // cudaLimitPrintfFifoSize default
  uint64_t mallocHeapBytes = 8 << 20;  // cudaLimitMallocHeapSize default
  // Device-side launches: the sync depth is kept for cudaDeviceGetLimit only (CDP2 has no
  // device-side cudaDeviceSynchronize); the pending count bounds each launch tree
  // (ptx/DeviceRuntime.h).
  uint64_t devRuntimeSyncDepth = 2;
  uint64_t devRuntimePendingLaunches = 2048;
  uint64_t cacheConfig = 0; // cudaFuncCachePreferNone, for device code's cudaDeviceGetCacheConfig
};

// What one emulated device has of its own.
struct EmuDevice {
  EmuDevice(int32_t index, uint64_t budget, AllocationTable &table);

  const qiaoDrvDeviceInfo info;
  DeviceMemoryView memory; // module globals land here; kernels see every device's memory
  mutable std::mutex limitsMutex;
  DeviceLimits limits;
};

// It answers device code's questions about the devices too (ptx::DeviceFacts).
class EmuPlatform final : public ptx::DeviceFacts {
public:
  // Never destroyed: queue workers may still run when the process exits, and tearing the memory
  // table down under them would turn a clean exit into a crash.
  static EmuPlatform &instance();

  int32_t deviceCount() const override { return int32_t(devices_.size()); }
  bool validDevice(int32_t device) const { return device >= 0 && device < deviceCount(); }
  // device must be valid (validDevice).
  const qiaoDrvDeviceInfo &info(int32_t device) const override { return devices_[device]->info; }
  DeviceMemoryView &memory(int32_t device) { return devices_[device]->memory; }
  // Every device's allocations.
  AllocationTable &allocations() { return allocations_; }

  Status setLimit(int32_t device, qiaoDrvLimit limit, uint64_t value);
  Expected<uint64_t> limit(int32_t device, qiaoDrvLimit limit) const;
  bool deviceLimit(int32_t device, qiaoDrvLimit which, uint64_t &value) const override {
    Expected<uint64_t> current = limit(device, which);
    if (current)
      value = *current;
    return bool(current);
  }

  // Runs one grid of a module of `device` on the shared executor (created on the first launch).
  ptx::LaunchOutcome runGrid(int32_t device, const EmuModule &module, const ptx::KernelInfo &kernel,
                             const ptx::LaunchParams &launch);

  // The executor shared by every queue of every device (created on first use).
  ptx::GridExecutor &executor();

  // Waits for and destroys the device's queues, then drops its events, modules and allocations.
  void reset(int32_t device);

  // Device printf output is held until a synchronisation point, as CUDA's printf FIFO is: a
  // program's own output written between a launch and the next synchronisation comes first.
  // The FIFO's size is the limit of the device whose kernel printed.
  void holdPrintf(int32_t device, const std::string &text);
  void flushPrintf();

  HandleRegistry<WorkQueue> queues;
  HandleRegistry<EmuEvent> events;
  HandleRegistry<EmuModule> modules;
  // Keyed by EmuFunction address; the value is the module that owns the function.
  HandleRegistry<EmuModule> functions;

private:
  EmuPlatform();
  explicit EmuPlatform(int32_t devices);

  AllocationTable allocations_;
  std::vector<std::unique_ptr<EmuDevice>> devices_;
  std::mutex printfMutex_;
  std::string printfHeld_;
  std::once_flag executorCreated_;
  std::unique_ptr<ptx::GridExecutor> executor_;
};

} // namespace qiao::emu
