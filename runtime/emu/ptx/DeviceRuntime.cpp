// The device runtime's builtins (DeviceRuntime.def): parameter buffers, device-side launches,
// each thread's last error and the error texts, and the dispatch of every builtin. Every failure is
// also the calling thread's last error: `kernel<<<...>>>(...)` discards what cudaLaunchDevice
// returns, so cudaGetLastError is where device code sees it, as on hardware.
#include "DeviceRuntimeCall.h"
#include "Interpreter.h"
#include "Lanes.h"

#include <bit>
#include <cstring>
#include <string>

namespace qiao::ptx {
namespace {

// The limits of the device the emulator presents (compute capability 8.0), as its host launches
// check them.
constexpr uint32_t kMaxBlockDim[3] = {1024, 1024, 64};
constexpr uint32_t kMaxGridDim[3] = {0x7fffffffu, 65535, 65535};
constexpr uint64_t kMaxSharedPerBlock = 48 * 1024;
constexpr uint64_t kBufferAlignment = 512; // what allocateGlobal gives

// What cudaLaunchDevice checks before a grid is queued: the first failing check gives the code.
int checkLaunch(const GridContext &grid, const KernelInfo *kernel, const DeviceLaunch &launch) {
  if (!kernel)
    return errc::qiaoErrorInvalidDeviceFunction;
  uint64_t threads = 1;
  for (int d = 0; d < 3; ++d) {
    if (launch.block[d] == 0 || launch.block[d] > kMaxBlockDim[d] || launch.grid[d] == 0 ||
        launch.grid[d] > kMaxGridDim[d])
      return errc::qiaoErrorInvalidConfiguration;
    threads *= launch.block[d];
  }
  if (threads > kernel->maxThreadsPerBlock ||
      kernel->staticSharedBytes + launch.dynamicSharedBytes > kMaxSharedPerBlock)
    return errc::qiaoErrorInvalidConfiguration;
  if (grid.depth + 1 > kMaxLaunchDepth)
    return errc::qiaoErrorLaunchMaxDepthExceeded;
  return errc::qiaoSuccess;
}

// A parameter buffer of `bytes`, holding a slot of the launch pool until its grid starts.
int newBuffer(const DeviceRuntimeCall &c, uint64_t bytes, DeviceLaunches::Buffer buffer,
              uint64_t &address) {
  DeviceLaunchTree &tree = *c.grid.tree;
  if (tree.pending.fetch_add(1) >= tree.pendingLimit) {
    tree.pending.fetch_sub(1);
    return errc::qiaoErrorLaunchPendingCountExceeded;
  }
  void *memory = c.grid.memory.allocateGlobal(std::max<uint64_t>(bytes, 1));
  if (!memory) {
    tree.pending.fetch_sub(1);
    return errc::qiaoErrorMemoryAllocation;
  }
  address = reinterpret_cast<uint64_t>(memory);
  buffer.bytes = bytes;
  c.state.buffers[address] = buffer;
  return errc::qiaoSuccess;
}

// cudaGetParameterBuffer(alignment, size): the launch comes later, with cudaLaunchDevice.
uint64_t getParameterBuffer(const DeviceRuntimeCall &c, int lane) {
  uint64_t alignment = c.arg(0, lane), bytes = c.arg(1, lane), address = 0;
  if (!std::has_single_bit(alignment) || alignment > kBufferAlignment) {
    c.fail(lane, errc::qiaoErrorInvalidValue);
    return 0;
  }
  c.fail(lane, newBuffer(c, bytes, {}, address));
  return address;
}

// cudaGetParameterBufferV2(function, grid, block, sharedBytes): nvcc's `<<<>>>`, which skips the
// launch when it gets no buffer; the configuration is checked here, so that is where it fails.
uint64_t getParameterBufferV2(const DeviceRuntimeCall &c, int lane) {
  DeviceLaunches::Buffer buffer;
  const KernelInfo *kernel = kernelOf(c.grid.program, c.arg(0, lane));
  c.dim3Arg(1, lane, buffer.launch.grid);
  c.dim3Arg(2, lane, buffer.launch.block);
  buffer.launch.dynamicSharedBytes = static_cast<uint32_t>(c.arg(3, lane));
  if (int code = checkLaunch(c.grid, kernel, buffer.launch); code != errc::qiaoSuccess) {
    c.fail(lane, code);
    return 0;
  }
  buffer.launch.function = kernel->index;
  buffer.configured = true;
  uint64_t address = 0;
  c.fail(lane, newBuffer(c, kernel->paramBytes, buffer, address));
  return address;
}

// Queues the grid of `buffer` into `stream`.
int launch(const DeviceRuntimeCall &c, int lane, DeviceLaunches::Buffer &buffer, uint64_t address,
           uint64_t stream) {
  DeviceLaunch queued = buffer.launch;
  queued.params = address;
  if (int code = streamOrder(c, lane, stream, queued.stream); code != errc::qiaoSuccess)
    return code;
  buffer.launched = true;
  (queued.stream == DeviceStream::Tail ? c.state.tails : c.state.launches).push_back(queued);
  return errc::qiaoSuccess;
}

DeviceLaunches::Buffer *unlaunchedBuffer(const DeviceRuntimeCall &c, uint64_t address) {
  auto found = c.state.buffers.find(address);
  if (found == c.state.buffers.end() || found->second.launched)
    return nullptr;
  return &found->second;
}

// cudaLaunchDeviceV2(buffer, stream): the configuration came with the buffer.
int launchDeviceV2(const DeviceRuntimeCall &c, int lane) {
  uint64_t address = c.arg(0, lane);
  DeviceLaunches::Buffer *buffer = unlaunchedBuffer(c, address);
  if (!buffer || !buffer->configured)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  return launch(c, lane, *buffer, address, c.arg(1, lane));
}

// cudaLaunchDevice(function, buffer, grid, block, sharedBytes, stream).
int launchDevice(const DeviceRuntimeCall &c, int lane) {
  uint64_t address = c.arg(1, lane);
  DeviceLaunches::Buffer *buffer = unlaunchedBuffer(c, address);
  if (!buffer)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  const KernelInfo *kernel = kernelOf(c.grid.program, c.arg(0, lane));
  DeviceLaunch &config = buffer->launch;
  c.dim3Arg(2, lane, config.grid);
  c.dim3Arg(3, lane, config.block);
  config.dynamicSharedBytes = static_cast<uint32_t>(c.arg(4, lane));
  if (int code = checkLaunch(c.grid, kernel, config); code != errc::qiaoSuccess)
    return c.fail(lane, code);
  // The engine reads the kernel's parameters from the buffer: it must hold them all.
  if (buffer->bytes < kernel->paramBytes)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  config.function = kernel->index;
  return launch(c, lane, *buffer, address, c.arg(5, lane));
}

int lastError(const DeviceRuntimeCall &c, int lane, bool clear) {
  auto found = c.state.lastErrors.find(c.threadKey(lane));
  if (found == c.state.lastErrors.end())
    return errc::qiaoSuccess;
  int code = found->second;
  if (clear)
    c.state.lastErrors.erase(found);
  return code;
}

// cudaGetErrorName / cudaGetErrorString(code): the host runtime's texts (CUDA's names), copied
// into device memory once per launch tree; null when there is no memory for one.
uint64_t errorText(const DeviceRuntimeCall &c, int lane, bool name) {
  int32_t code = static_cast<int32_t>(c.arg(0, lane));
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
  DeviceLaunchTree &tree = *c.grid.tree;
  std::lock_guard lock(tree.textMutex);
  auto [found, added] =
      tree.errorTexts.try_emplace(uint64_t{static_cast<uint32_t>(code)} << 1 | name, 0);
  if (added) {
    void *memory = c.grid.memory.allocateGlobal(text.size() + 1);
    if (memory)
      std::memcpy(memory, text.c_str(), text.size() + 1);
    found->second = reinterpret_cast<uint64_t>(memory);
  }
  return found->second;
}

} // namespace

const KernelInfo *kernelOf(const Program &program, uint64_t address) {
  uint32_t index = 0;
  if (!Program::functionFromAddress(address, static_cast<uint32_t>(program.functions.size()),
                                    index))
    return nullptr;
  for (const KernelInfo &kernel : program.kernels)
    if (kernel.index == index)
      return &kernel;
  return nullptr;
}

int streamOrder(const DeviceRuntimeCall &c, int lane, uint64_t stream, DeviceStream &order) {
  order = DeviceStream::Ordered;
  if (stream == kStreamTailLaunch) {
    order = DeviceStream::Tail;
  } else if (stream > kStreamFireAndForget) {
    auto owner = c.state.streams.find(stream);
    if (owner == c.state.streams.end() || owner->second != c.blockKey())
      return c.fail(lane, errc::qiaoErrorInvalidResourceHandle);
  }
  return errc::qiaoSuccess;
}

void Interpreter::runDeviceRuntime(Warp &w, const Inst &inst, const CallSite &site, Builtin builtin,
                                   LaneMask exec) {
  GridContext &grid = w.block().grid();
  DeviceLaunches &state = grid.deviceLaunches;
  DeviceRuntimeCall c{w, inst, site, grid, state};
  std::lock_guard lock(state.mutex);
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint64_t result = 0;
    switch (builtin) {
    case Builtin::GetParameterBuffer:
      result = getParameterBuffer(c, lane);
      break;
    case Builtin::GetParameterBufferV2:
      result = getParameterBufferV2(c, lane);
      break;
    case Builtin::LaunchDevice:
      result = static_cast<uint32_t>(launchDevice(c, lane));
      break;
    case Builtin::LaunchDeviceV2:
      result = static_cast<uint32_t>(launchDeviceV2(c, lane));
      break;
    case Builtin::GetLastError:
      result = static_cast<uint32_t>(lastError(c, lane, true));
      break;
    case Builtin::PeekAtLastError:
      result = static_cast<uint32_t>(lastError(c, lane, false));
      break;
    case Builtin::GetErrorName:
    case Builtin::GetErrorString:
      result = errorText(c, lane, builtin == Builtin::GetErrorName);
      break;
    case Builtin::StreamCreateWithFlags:
      result = static_cast<uint32_t>(streamCreate(c, lane));
      break;
    case Builtin::StreamDestroy:
      result = static_cast<uint32_t>(streamDestroy(c, lane));
      break;
    case Builtin::EventCreateWithFlags:
      result = static_cast<uint32_t>(eventCreate(c, lane));
      break;
    case Builtin::EventRecord:
    case Builtin::EventRecordWithFlags:
      result = static_cast<uint32_t>(eventRecord(c, lane, 0, 1));
      break;
    case Builtin::StreamWaitEvent:
      result = static_cast<uint32_t>(eventRecord(c, lane, 1, 0));
      break;
    case Builtin::EventDestroy:
      result = static_cast<uint32_t>(eventDestroy(c, lane));
      break;
    case Builtin::DeviceMalloc:
      result = static_cast<uint32_t>(deviceMalloc(c, lane));
      break;
    case Builtin::DeviceFree:
      result = static_cast<uint32_t>(deviceFree(c, lane));
      break;
    case Builtin::GetDevice:
      result = static_cast<uint32_t>(getDevice(c, lane));
      break;
    case Builtin::MemcpyAsync:
      result = static_cast<uint32_t>(memcpyAsync(c, lane));
      break;
    case Builtin::Memcpy2DAsync:
      result = static_cast<uint32_t>(memcpy2DAsync(c, lane));
      break;
    case Builtin::Memcpy3DAsync:
      result = static_cast<uint32_t>(memcpy3DAsync(c, lane));
      break;
    case Builtin::MemsetAsync:
      result = static_cast<uint32_t>(memsetAsync(c, lane));
      break;
    case Builtin::Memset2DAsync:
      result = static_cast<uint32_t>(memset2DAsync(c, lane));
      break;
    case Builtin::Memset3DAsync:
      result = static_cast<uint32_t>(memset3DAsync(c, lane));
      break;
    case Builtin::GetDeviceCount:
      result = static_cast<uint32_t>(getDeviceCount(c, lane));
      break;
    case Builtin::RuntimeGetVersion:
      result = static_cast<uint32_t>(runtimeGetVersion(c, lane));
      break;
    case Builtin::DeviceGetAttribute:
      result = static_cast<uint32_t>(deviceGetAttribute(c, lane));
      break;
    case Builtin::DeviceGetLimit:
      result = static_cast<uint32_t>(deviceGetLimit(c, lane));
      break;
    case Builtin::DeviceGetCacheConfig:
      result = static_cast<uint32_t>(deviceGetCacheConfig(c, lane));
      break;
    case Builtin::DeviceGetSharedMemConfig:
      result = static_cast<uint32_t>(deviceGetSharedMemConfig(c, lane));
      break;
    case Builtin::FuncGetAttributes:
      result = static_cast<uint32_t>(funcGetAttributes(c, lane));
      break;
    case Builtin::OccupancyMaxActiveBlocks:
      result = static_cast<uint32_t>(occupancyMaxActiveBlocks(c, lane, false));
      break;
    case Builtin::OccupancyMaxActiveBlocksWithFlags:
      result = static_cast<uint32_t>(occupancyMaxActiveBlocks(c, lane, true));
      break;
    default:
      break;
    }
    if (w.faulted())
      return;
    setBuiltinResult(w, site, lane, result);
  }
}

} // namespace qiao::ptx
