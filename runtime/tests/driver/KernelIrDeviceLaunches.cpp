// Device-side launches in the kir test driver: parameter buffers, cudaLaunchDevice, each thread's
// last error and the error texts (`qiao.device.*`, docs/kernel-ir.md), and the host function that
// runs what a grid launched once it has finished (KernelIrDeviceRuntime.h). Every failure is also
// the calling thread's last error: `kernel<<<...>>>(...)` discards what the launch returns, so
// cudaGetLastError is where device code sees it.
#include "KernelIrDeviceRuntime.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace qiao::kirdriver {
namespace {

// The limits of the device the emulator presents (compute capability 8.0), as host launches
// check them.
constexpr uint32_t kMaxBlockDim[3] = {1024, 1024, 64};
constexpr uint32_t kMaxGridDim[3] = {0x7fffffffu, 65535, 65535};
constexpr uint64_t kMaxSharedPerBlock = 48 * 1024;
constexpr uint64_t kBufferAlignment = 512;

// Kernels by entry address. Never destroyed: modules are unloaded at exit, after the statics of
// this library may have gone.
struct KernelRegistry {
  std::mutex mutex;
  std::map<uint64_t, qiaoDrvFunction> kernels;
};
KernelRegistry &kernelRegistry() {
  static auto *registry = new KernelRegistry;
  return *registry;
}

// What a device-side launch checks before a grid is queued: the first failing check gives the
// code.
int32_t checkLaunch(const DeviceGrid &grid, qiaoDrvFunction kernel, const DeviceLaunch &launch) {
  if (!kernel)
    return qiaoErrorInvalidDeviceFunction;
  uint64_t threads = 1;
  for (int d = 0; d < 3; ++d) {
    if (launch.block[d] == 0 || launch.block[d] > kMaxBlockDim[d] || launch.grid[d] == 0 ||
        launch.grid[d] > kMaxGridDim[d])
      return qiaoErrorInvalidConfiguration;
    threads *= launch.block[d];
  }
  if (threads > static_cast<uint64_t>(kernel->info.maxThreadsPerBlock) ||
      kernel->info.sharedSizeBytes + launch.dynamicSharedBytes > kMaxSharedPerBlock)
    return qiaoErrorInvalidConfiguration;
  if (grid.depth + 1 > kMaxLaunchDepth)
    return qiaoErrorLaunchMaxDepthExceeded;
  return qiaoSuccess;
}

// A parameter buffer of `bytes` in device memory, holding a slot of the launch pool until its
// grid starts.
int32_t newBuffer(CallingGrid &c, uint64_t bytes, DeviceGrid::Buffer buffer, void *&address) {
  LaunchTree &tree = *c.grid.tree;
  if (tree.pending.fetch_add(1) >= tree.pendingLimit) {
    tree.pending.fetch_sub(1);
    return qiaoErrorLaunchPendingCountExceeded;
  }
  if (emuDriver().memAlloc(0, std::max<uint64_t>(bytes, 1), QIAO_DRV_MEM_DEVICE, 0, &address) !=
      qiaoDrvSuccess) {
    tree.pending.fetch_sub(1);
    address = nullptr;
    return qiaoErrorMemoryAllocation;
  }
  buffer.bytes = bytes;
  c.grid.buffers[reinterpret_cast<uint64_t>(address)] = buffer;
  return qiaoSuccess;
}

// qiao.device.parameter_buffer(alignment, bytes): cudaGetParameterBuffer; the launch comes
// later, with qiao.device.launch.
void *parameterBuffer(uint64_t alignment, uint64_t bytes) {
  CallingGrid c;
  void *address = nullptr;
  if (!std::has_single_bit(alignment) || alignment > kBufferAlignment) {
    c.fail(qiaoErrorInvalidValue);
    return nullptr;
  }
  c.fail(newBuffer(c, bytes, {}, address));
  return address;
}

// qiao.device.parameter_buffer_v2(kernel, grid, block, sharedBytes): nvcc's `<<<>>>`, which
// skips the launch when it gets no buffer; the configuration is checked here.
void *parameterBufferV2(uint64_t kernel, uint32_t gx, uint32_t gy, uint32_t gz, uint32_t bx,
                        uint32_t by, uint32_t bz, uint32_t sharedBytes) {
  CallingGrid c;
  DeviceGrid::Buffer buffer;
  qiaoDrvFunction f = kernelAt(kernel);
  DeviceLaunch &launch = buffer.launch;
  launch.grid[0] = gx, launch.grid[1] = gy, launch.grid[2] = gz;
  launch.block[0] = bx, launch.block[1] = by, launch.block[2] = bz;
  launch.dynamicSharedBytes = sharedBytes;
  if (int32_t code = checkLaunch(c.grid, f, launch); code != qiaoSuccess) {
    c.fail(code);
    return nullptr;
  }
  launch.kernel = f;
  buffer.configured = true;
  void *address = nullptr;
  c.fail(newBuffer(c, f->info.paramBytes, buffer, address));
  return address;
}

DeviceGrid::Buffer *unlaunchedBuffer(CallingGrid &c, const void *address) {
  auto found = c.grid.buffers.find(reinterpret_cast<uint64_t>(address));
  if (found == c.grid.buffers.end() || found->second.launched)
    return nullptr;
  return &found->second;
}

// Queues the grid of `buffer` into `stream`.
int32_t launch(CallingGrid &c, DeviceGrid::Buffer &buffer, const void *address, uint64_t stream) {
  DeviceLaunch queued = buffer.launch;
  queued.params = reinterpret_cast<uint64_t>(address);
  if (int32_t code = c.streamOrder(stream, queued.tail); code != qiaoSuccess)
    return code;
  buffer.launched = true;
  (queued.tail ? c.grid.tails : c.grid.launches).push_back(queued);
  return qiaoSuccess;
}

// qiao.device.launch_v2(buffer, stream): the configuration came with the buffer.
int32_t launchV2(void *address, uint64_t stream) {
  CallingGrid c;
  DeviceGrid::Buffer *buffer = unlaunchedBuffer(c, address);
  if (!buffer || !buffer->configured)
    return c.fail(qiaoErrorInvalidValue);
  return launch(c, *buffer, address, stream);
}

// qiao.device.launch(kernel, buffer, grid, block, sharedBytes, stream): cudaLaunchDevice.
int32_t launchDevice(uint64_t kernel, void *address, uint32_t gx, uint32_t gy, uint32_t gz,
                     uint32_t bx, uint32_t by, uint32_t bz, uint32_t sharedBytes, uint64_t stream) {
  CallingGrid c;
  DeviceGrid::Buffer *buffer = unlaunchedBuffer(c, address);
  if (!buffer)
    return c.fail(qiaoErrorInvalidValue);
  qiaoDrvFunction f = kernelAt(kernel);
  DeviceLaunch &config = buffer->launch;
  config.grid[0] = gx, config.grid[1] = gy, config.grid[2] = gz;
  config.block[0] = bx, config.block[1] = by, config.block[2] = bz;
  config.dynamicSharedBytes = sharedBytes;
  if (int32_t code = checkLaunch(c.grid, f, config); code != qiaoSuccess)
    return c.fail(code);
  // The kernel's parameters are read from the buffer: it must hold them all.
  if (buffer->bytes < f->info.paramBytes)
    return c.fail(qiaoErrorInvalidValue);
  config.kernel = f;
  return launch(c, *buffer, address, stream);
}

int32_t lastError(bool clear) {
  CallingGrid c;
  auto found = c.grid.lastErrors.find(c.threadKey());
  if (found == c.grid.lastErrors.end())
    return qiaoSuccess;
  int32_t code = found->second;
  if (clear)
    c.grid.lastErrors.erase(found);
  return code;
}
int32_t getLastError() { return lastError(true); }
int32_t peekAtLastError() { return lastError(false); }

// qiao.device.error_name / error_string(code): CUDA's texts, copied into device memory once per
// host launch; null when there is no memory for one.
void *errorText(int32_t code, bool name) {
  CallingGrid c;
  std::string text = "unrecognized error code";
  switch (code) {
#define QIAO_ERROR(id, value, description)                                                         \
  case value:                                                                                      \
    text = name ? "cuda" + std::string(#id + 4) : std::string(description);                        \
    break;
#include "qiao/qiao_errors.def"
#undef QIAO_ERROR
  default:
    break;
  }
  LaunchTree &tree = *c.grid.tree;
  std::lock_guard lock(tree.textMutex);
  auto [found, added] =
      tree.errorTexts.try_emplace(uint64_t{static_cast<uint32_t>(code)} << 1 | name, nullptr);
  if (added && emuDriver().memAlloc(0, text.size() + 1, QIAO_DRV_MEM_DEVICE, 0, &found->second) ==
                   qiaoDrvSuccess)
    std::memcpy(found->second, text.c_str(), text.size() + 1);
  return found->second;
}
void *errorName(int32_t code) { return errorText(code, true); }
void *errorString(int32_t code) { return errorText(code, false); }

// Runs what `grid` launched (it has finished), each grid with its descendants before the next;
// the first failure stops the rest. Returns it (a qiaoError_t value), with `report` saying what
// failed.
int32_t runLaunches(DeviceGrid &grid, std::string &report) {
  const qiaoDriverTable &emu = emuDriver();
  LaunchTree &tree = *grid.tree;
  int32_t status = qiaoSuccess;
  auto runAll = [&](const std::vector<DeviceLaunch> &launches) {
    for (const DeviceLaunch &child : launches) {
      if (child.isCopy) {
        if (status == qiaoSuccess)
          status = runDeviceCopy(grid, child.copy, report);
        continue;
      }
      tree.pending.fetch_sub(1); // it starts now, or never once something failed
      if (status != qiaoSuccess)
        continue;
      if (!tree.queue && emu.queueCreate(0, 0, 0, &tree.queue) != qiaoDrvSuccess) {
        status = qiaoErrorLaunchOutOfResources;
        report = "no queue for the grids kernel '" + grid.kernel + "' launched";
        continue;
      }
      DeviceGrid sub;
      sub.tree = grid.tree;
      sub.depth = grid.depth + 1;
      sub.kernel = child.kernel->name;
      qiaoDrvLaunch l{};
      l.structSize = sizeof l;
      std::copy_n(child.grid, 3, l.grid);
      std::copy_n(child.block, 3, l.block);
      l.dynamicSharedBytes = child.dynamicSharedBytes;
      l.params = reinterpret_cast<const void *>(child.params);
      l.paramBytes = child.kernel->info.paramBytes;
      qiaoDrvStatus s = enqueueGrid(tree.queue, child.kernel, l, &sub);
      if (s == qiaoDrvSuccess)
        s = emu.queueSynchronize(tree.queue);
      if (s != qiaoDrvSuccess) {
        status = static_cast<int32_t>(s);
        report = "kernel '" + sub.kernel + "', launched by kernel '" + grid.kernel +
                 "', failed with error " + std::to_string(status);
        continue;
      }
      status = runLaunches(sub, report);
    }
  };
  runAll(grid.launches);
  runAll(grid.tails);
  // Buffers never launched give their slot back; every buffer is released.
  for (const auto &[address, buffer] : grid.buffers) {
    if (!buffer.launched)
      tree.pending.fetch_sub(1);
    emu.memFree(reinterpret_cast<void *>(address), QIAO_DRV_MEM_DEVICE);
  }
  grid.buffers.clear();
  return status;
}

// A host launch's tree: its grid's state and what running the launches found.
struct HostGrid {
  DeviceGrid grid;
  int32_t status = qiaoSuccess;
  std::string report;
};

void runHostGridLaunches(void *data) {
  auto &host = *static_cast<HostGrid *>(data);
  host.status = runLaunches(host.grid, host.report);
  LaunchTree &tree = *host.grid.tree;
  if (tree.queue)
    emuDriver().queueDestroy(tree.queue);
  tree.queue = nullptr;
}

// The one-thread launch after runHostGridLaunches: a failure becomes the queue's.
void reportHostGrid(qiaoDrvHostThread *thread) {
  HostGrid *host;
  std::memcpy(&host, thread->params, sizeof host);
  const int32_t status = host->status;
  const std::string report = host->report;
  delete host;
  if (status != qiaoSuccess)
    thread->ops->fault(thread, status, report.c_str());
}

} // namespace

LaunchTree::~LaunchTree() {
  for (auto &[key, text] : errorTexts)
    if (text)
      emuDriver().memFree(text, QIAO_DRV_MEM_DEVICE);
}

CallingGrid::CallingGrid() : grid(*currentThread().header->deviceGrid), lock(grid.mutex) {}

uint64_t CallingGrid::threadKey() const { return linearBlock() << 32 | linearThread(); }

int32_t CallingGrid::fail(int32_t code) {
  if (code != qiaoSuccess)
    grid.lastErrors[threadKey()] = code;
  return code;
}

int32_t CallingGrid::streamOrder(uint64_t stream, bool &tail) {
  tail = stream == kStreamTailLaunch;
  if (stream > kStreamFireAndForget) {
    auto owner = grid.streams.find(stream);
    if (owner == grid.streams.end() || owner->second != blockKey())
      return fail(qiaoErrorInvalidResourceHandle);
  }
  return qiaoSuccess;
}

void rememberKernel(qiaoDrvFunction kernel) {
  KernelRegistry &r = kernelRegistry();
  std::lock_guard lock(r.mutex);
  r.kernels[reinterpret_cast<uint64_t>(kernel->entry)] = kernel;
}

void forgetKernel(qiaoDrvFunction kernel) {
  KernelRegistry &r = kernelRegistry();
  std::lock_guard lock(r.mutex);
  r.kernels.erase(reinterpret_cast<uint64_t>(kernel->entry));
}

qiaoDrvFunction kernelAt(uint64_t address) {
  KernelRegistry &r = kernelRegistry();
  std::lock_guard lock(r.mutex);
  auto found = r.kernels.find(address);
  return found == r.kernels.end() ? nullptr : found->second;
}

qiaoDrvStatus enqueueHostGrid(qiaoDrvQueue queue, qiaoDrvFunction function,
                              const qiaoDrvLaunch &launch) {
  const qiaoDriverTable &emu = emuDriver();
  auto host = std::make_unique<HostGrid>();
  host->grid.tree = std::make_shared<LaunchTree>();
  host->grid.kernel = function->name;
  uint64_t limit = 0;
  if (emu.getLimit(0, QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT, &limit) == qiaoDrvSuccess)
    host->grid.tree->pendingLimit = static_cast<uint32_t>(std::min<uint64_t>(limit, UINT32_MAX));
  if (qiaoDrvStatus s = enqueueGrid(queue, function, launch, &host->grid); s != qiaoDrvSuccess)
    return s;
  if (qiaoDrvStatus s = emu.enqueueHostFn(queue, runHostGridLaunches, host.get());
      s != qiaoDrvSuccess)
    return s;
  // The report owns the state from here (a queue already in error runs neither and keeps it).
  HostGrid *owned = host.release();
  qiaoDrvLaunch report{};
  report.structSize = sizeof report;
  report.grid[0] = report.grid[1] = report.grid[2] = 1;
  report.block[0] = report.block[1] = report.block[2] = 1;
  report.params = &owned;
  report.paramBytes = sizeof owned;
  return emu.enqueueHostKernel(queue, reportHostGrid, &report);
}

void addDeviceRuntimeIntrinsics(std::vector<std::pair<std::string, void *>> &out) {
  auto address = [](auto *f) { return reinterpret_cast<void *>(f); };
  out.insert(out.end(), {
                            {"qiao.device.parameter_buffer", address(parameterBuffer)},
                            {"qiao.device.parameter_buffer_v2", address(parameterBufferV2)},
                            {"qiao.device.launch", address(launchDevice)},
                            {"qiao.device.launch_v2", address(launchV2)},
                            {"qiao.device.get_last_error", address(getLastError)},
                            {"qiao.device.peek_at_last_error", address(peekAtLastError)},
                            {"qiao.device.error_name", address(errorName)},
                            {"qiao.device.error_string", address(errorString)},
                        });
  addDeviceObjectIntrinsics(out);
  addDeviceCopyIntrinsics(out);
  addDeviceQueryIntrinsics(out);
}

} // namespace qiao::kirdriver
