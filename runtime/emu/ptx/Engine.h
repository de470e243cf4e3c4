// The PTX engine as the emulated device uses it: load PTX text into a Program, look up its kernels
// and globals, and run a kernel over a grid. Nothing here knows about streams or the runtime API.
#pragma once

#include "qiao/driver.h"
#include "support/Expected.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::ptx {

class Program;
struct GridContext;
struct DeviceLaunchTree;
namespace ast {
struct Module;
}

// A range of device memory: [base, base + size).
struct MemoryRange {
  uint64_t base = 0;
  uint64_t size = 0;
};

// What the engine needs from the device's memory manager.
class DeviceMemory {
public:
  virtual ~DeviceMemory() = default;
  // Memory for a module's .global/.const variables; kernels may access it like any allocation.
  virtual void *allocateGlobal(uint64_t bytes) = 0;
  virtual void releaseGlobal(void *ptr) = 0;
  // Whether [addr, addr+bytes) lies inside one live allocation; on success base/size describe it
  // (the interpreter caches the range to skip later lookups).
  virtual bool lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const = 0;
  // The device whose kernels see memory through this (cudaGetDevice in device code).
  virtual int32_t device() const { return 0; }
  // The texture object behind a handle a kernel samples (tex), or null when it names none.
  virtual const qiaoDrvTextureDesc *texture(uint64_t handle) const {
    (void)handle;
    return nullptr;
  }
  // Every range a kernel may write (QIAO_EXEC=check snapshots them); none by default.
  virtual std::vector<MemoryRange> writableRanges() const { return {}; }
  // Whether [addr, addr+bytes) lies inside one mapped region: the memory a GPU lets a kernel
  // touch without faulting, which on hardware includes the slack around allocations (they are
  // aligned and sub-allocated inside larger mapped pages). On success base/size describe the
  // region. By default each allocation is its own region.
  virtual bool mapped(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const {
    return lookup(addr, bytes, base, size);
  }
  // The live allocation nearest to addr (the one holding it, else the closer of its neighbours),
  // for memcheck's reports; false when there is none.
  virtual bool nearestAllocation(uint64_t addr, uint64_t &base, uint64_t &size) const {
    (void)addr, (void)base, (void)size;
    return false;
  }
};

// What device code asks the device runtime about the devices (cudaDeviceGetAttribute,
// cudaDeviceGetLimit, cudaOccupancy* in device code): the device that runs the engine answers
// from the facts its driver reports, so that device code and the host see the same device.
class DeviceFacts {
public:
  virtual ~DeviceFacts() = default;
  virtual int32_t deviceCount() const = 0;
  // device < deviceCount().
  virtual const qiaoDrvDeviceInfo &info(int32_t device) const = 0;
  // The current value of a limit the device keeps; false for one it does not keep.
  virtual bool deviceLimit(int32_t device, qiaoDrvLimit limit, uint64_t &value) const = 0;
};

// How global, generic and constant accesses are checked, from QIAO_MEMCHECK (read once per
// process; docs/reliability.md):
//   Mapped  (unset or 0): as hardware does, an access faults only outside mapped memory.
//   Precise (1): any byte outside its allocation ends the kernel with qiaoErrorIllegalAddress and
//           a memcheck report (kind and size of the access, nearest allocation and offset).
//   Warn    (warn): the same report on stderr for each such access, and the kernel goes on;
//           an access outside mapped memory still faults.
enum class MemoryCheck : uint8_t { Mapped, Precise, Warn };
MemoryCheck memoryCheckMode();

struct KernelParam {
  uint32_t offset = 0; // in the packed parameter buffer
  uint32_t size = 0;
  uint32_t align = 0;
};

struct KernelInfo {
  std::string name;
  uint32_t index = 0; // function index in the program
  std::vector<KernelParam> params;
  uint32_t paramBytes = 0;
  uint64_t staticSharedBytes = 0;
  uint64_t localBytes = 0; // per thread, the kernel's own frame
  uint32_t numRegs = 0;
  uint32_t maxThreadsPerBlock = 1024; // .maxntid / .reqntid when given
  // The cluster shape the kernel requires (.reqnctapercluster, CUDA's __cluster_dims__): all 0
  // without one; clusterBlocks is its product (1 without one). maxClusterRank: .maxclusterrank,
  // the most blocks a cluster of it may have (0: no limit of its own). explicitCluster:
  // .explicitcluster, the kernel must be launched with a cluster shape.
  uint32_t clusterDims[3] = {0, 0, 0};
  uint32_t clusterBlocks = 1;
  uint32_t maxClusterRank = 0;
  bool explicitCluster = false;
};

struct GlobalInfo {
  void *address = nullptr;
  uint64_t bytes = 0;
};

// The most blocks of a thread block cluster: CUDA's portable limit is 8, 16 with non-portable
// sizes allowed.
inline constexpr uint32_t kMaxClusterBlocks = 16;

struct LaunchParams {
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t dynamicSharedBytes = 0;
  const uint8_t *params = nullptr; // packed as KernelInfo::params describes
  size_t paramBytes = 0;
  uint32_t stackBytesPerThread = 1024; // cudaLimitStackSize
  // The engine's own memory for call frames (the registers and parameters of every frame of every
  // warp) that the launch may use: a call past it fails as a stack overflow. Hardware keeps far
  // less per frame, so deep recursion under a large stack limit would otherwise take gigabytes.
  uint64_t frameStorageBytes = uint64_t{4} << 30;
  // Thread block clusters: the blocks of each cluster (cluster[0] x cluster[1] x cluster[2]
  // consecutive blocks of the grid, which divides by it) run together, reach each other's shared
  // memory and meet at barrier.cluster. {1, 1, 1}: every block is a cluster of one.
  // explicitCluster: the launch named a cluster shape (%is_explicit_cluster).
  uint32_t cluster[3] = {1, 1, 1};
  bool explicitCluster = false;
  // A cooperative launch: every block is resident at once (so grid-wide barriers can complete)
  // and the grid gets a zeroed barrier workspace through %envreg1:%envreg2.
  bool cooperative = false;
  // Interpreted whatever QIAO_EXEC says: no compile is triggered and no native code runs (the
  // interpreter's benchmarks).
  bool interpretOnly = false;
  // The watchdog: a launch still running after this many milliseconds ends with
  // qiaoErrorLaunchTimeout (a kernel that really deadlocks ends instead of hanging). 0: the
  // process's QIAO_KERNEL_TIMEOUT (seconds), which by default sets none, as hardware without a
  // display watchdog sets none.
  uint64_t timeoutMs = 0;
  // How the launch's memory accesses are checked (QIAO_MEMCHECK unless a caller chooses).
  MemoryCheck memoryCheck = memoryCheckMode();
  // cudaLimitDevRuntimePendingLaunchCount: grids launched from device code (and parameter
  // buffers handed out) not yet started, across the launch tree (DeviceRuntime.h).
  uint32_t pendingLaunchLimit = 2048;
  // Who answers device code's questions about the devices; without one those calls return
  // qiaoErrorNotSupported.
  const DeviceFacts *facts = nullptr;
};

struct LaunchOutcome {
  int code = 0;       // qiaoError_t value; 0 on success
  std::string report; // the one-line fault report when code != 0
  std::string printf; // device printf output, in order per thread block
  uint64_t laneInstructions = 0;
  std::string checkDifference; // runChecked: "" when both backends agreed
};

// A loaded module. Owns its globals (released through DeviceMemory when destroyed).
class Module {
public:
  // Parses and decodes PTX text. Errors carry qiaoErrorInvalidPtx (or
  // qiaoErrorUnsupportedPtxVersion) and a message "line L:C: ..." naming the instruction.
  static Expected<std::unique_ptr<Module>> load(std::string_view ptx, DeviceMemory &memory);
  // Links the PTX texts of several translation units (relocatable device code) into one module
  // (Linker.h). Errors as load's; a unit's parse error names the unit, counting from 1.
  static Expected<std::unique_ptr<Module>> link(const std::vector<std::string_view> &units,
                                                DeviceMemory &memory);
  ~Module();

  const KernelInfo *kernel(std::string_view name) const;
  Expected<GlobalInfo> global(std::string_view name) const;
  const std::vector<KernelInfo> &kernels() const;
  uint32_t ptxVersion() const; // major*10+minor
  uint32_t targetSm() const;   // 80 for sm_80
  // The oldest device that can run the module (PTX runs on its .target or newer): the newest
  // target of the translation units that define visible kernels, or with no such unit the oldest
  // target of any. A unit linked in for its functions, such as the device runtime's (its kernels
  // are internal), is PTX for a newer device when its fatbin held only SASS for this one.
  uint32_t requiredSm() const { return requiredSm_; }
  const Program &program() const { return *program_; }

private:
  Module() = default;
  // The syntax trees of one program's units, linked and decoded.
  static Expected<std::unique_ptr<Module>> link(std::vector<ast::Module> units,
                                                DeviceMemory &memory);
  std::unique_ptr<Program> program_;
  uint32_t requiredSm_ = 0;
};

// Runs grids on a pool of host threads (blocks are spread over the pool; all warps of a block
// run on one thread). run() may be called from several host threads at once: each call works on
// its own grid and shares only the pool.
class GridExecutor {
public:
  explicit GridExecutor(unsigned threads = 0); // 0: one per hardware thread
  ~GridExecutor();
  GridExecutor(const GridExecutor &) = delete;
  GridExecutor &operator=(const GridExecutor &) = delete;

  // Nothing thrown while the grid runs leaves a pool thread: running out of host memory ends
  // the launch with qiaoErrorMemoryAllocation, other failures with qiaoErrorLaunchFailure.
  LaunchOutcome run(const Module &module, const KernelInfo &kernel, const LaunchParams &launch,
                    DeviceMemory &memory);

  // Runs body(i) for every i in [0, count) on the pool and the calling thread; returns when all
  // calls returned. A call returning false stops the hand-out of further indices; so does one
  // that throws, and its exception is rethrown here, on the calling thread, once no pool thread
  // uses the call any more. Used for grids that are not PTX (host-compiled kernels): body runs
  // one block.
  void forEach(uint64_t count, const std::function<bool(uint64_t)> &body);

  // QIAO_EXEC=check's launch (DifferentialCheck.cpp): compiles the kernel, runs it interpreted
  // and then natively from the same memory, and keeps the native results; the outcome's
  // checkDifference names the first difference. Only memory's writableRanges are compared.
  LaunchOutcome runChecked(const Module &module, const KernelInfo &kernel,
                           const LaunchParams &launch, DeviceMemory &memory);

private:
  // One launch; interpretOnly keeps native code out of it (QIAO_EXEC=check's reference run).
  LaunchOutcome runOnce(const Module &module, const KernelInfo &kernel, const LaunchParams &launch,
                        DeviceMemory &memory, bool interpretOnly);
  // One grid of a launch tree, then the grids its threads launched (DeviceLaunchRunner.cpp).
  LaunchOutcome runGrid(const Program &program, const KernelInfo &kernel,
                        const LaunchParams &launch, DeviceMemory &memory, bool interpretOnly,
                        DeviceLaunchTree &tree, uint32_t depth);
  void runDeviceLaunches(GridContext &grid, LaunchOutcome &outcome);
  // The blocks of a grid in clusters of dims (which divide the grid), each cluster on one host
  // thread (BlockRunner::runCluster).
  void runClusters(GridContext &grid, const uint32_t dims[3], uint64_t clusters);

  struct Pool;
  std::unique_ptr<Pool> pool_;
};

} // namespace qiao::ptx
