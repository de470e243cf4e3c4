// The one emulated device (device 0): its static info, memory, limits, the grid executor shared
// by every queue, and the registries of the handles it has handed out.
#pragma once

#include "AllocationTable.h"
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

namespace qiao::emu {

struct DeviceLimits {
  uint64_t stackBytesPerThread = 1024; // cudaLimitStackSize default
  uint64_t printfFifoBytes = 1 << 20;  // cudaLimitPrintfFifoSize default
  uint64_t mallocHeapBytes = 8 << 20;  // cudaLimitMallocHeapSize default
};

class EmuDevice {
public:
  // Never destroyed: queue workers may still run when the process exits, and tearing the memory
  // table down under them would turn a clean exit into a crash.
  static EmuDevice &instance();

  const qiaoDrvDeviceInfo &info() const { return info_; }
  AllocationTable &memory() { return memory_; }

  Status setLimit(qiaoDrvLimit limit, uint64_t value);
  Expected<uint64_t> limit(qiaoDrvLimit limit) const;

  // Runs one grid on the shared executor (created on the first launch).
  ptx::LaunchOutcome runGrid(const EmuModule &module, const ptx::KernelInfo &kernel,
                             const ptx::LaunchParams &launch);

  // The executor shared by every queue (created on first use).
  ptx::GridExecutor &executor();

  // Waits for and destroys every queue, then drops events, modules and allocations.
  void reset();

  // Device printf output is held until a synchronisation point, as CUDA's printf FIFO is: a
  // program's own output written between a launch and the next synchronisation comes first.
  void holdPrintf(const std::string &text);
  void flushPrintf();

  HandleRegistry<WorkQueue> queues;
  HandleRegistry<EmuEvent> events;
  HandleRegistry<EmuModule> modules;
  // Keyed by EmuFunction address; the value is the module that owns the function.
  HandleRegistry<EmuModule> functions;

private:
  EmuDevice();

  const qiaoDrvDeviceInfo info_;
  AllocationTable memory_;
  mutable std::mutex limitsMutex_;
  std::mutex printfMutex_;
  std::string printfHeld_;
  DeviceLimits limits_;
  std::once_flag executorCreated_;
  std::unique_ptr<ptx::GridExecutor> executor_;
};

} // namespace qiao::emu
