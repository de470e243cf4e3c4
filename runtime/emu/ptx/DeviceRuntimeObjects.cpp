// The device runtime's streams, events, memory and device (DeviceRuntime.def). Streams and events
// belong to the block that created them, as CUDA scopes them. As the grids a grid launched run
// one after another in launch order (DeviceRuntime.h), every event a stream waits for has been
// reached by then: recording and waiting only check their handles.
#include "DeviceRuntimeCall.h"

#include <cstring>

namespace qiao::ptx {
namespace {

// The only flags device code may create streams and events with.
constexpr uint32_t kStreamNonBlocking = 1;  // cudaStreamNonBlocking
constexpr uint32_t kEventDisableTiming = 2; // cudaEventDisableTiming
// Device-created handles are numbered from here, clear of the named streams (0 to 4).
constexpr uint64_t kFirstHandle = 0x100;

bool owned(const DeviceRuntimeCall &c, const std::map<uint64_t, uint64_t> &handles,
           uint64_t handle) {
  auto found = handles.find(handle);
  return found != handles.end() && found->second == c.blockKey();
}

// Creates a handle in `handles` and stores it through argument 0.
int create(const DeviceRuntimeCall &c, int lane, std::map<uint64_t, uint64_t> &handles) {
  uint64_t handle = kFirstHandle + c.state.nextHandle;
  if (!storeThrough(c, lane, 0, &handle, 8))
    return errc::qiaoErrorIllegalAddress; // the fault ends the grid
  ++c.state.nextHandle;
  handles[handle] = c.blockKey();
  return errc::qiaoSuccess;
}

int destroy(const DeviceRuntimeCall &c, int lane, std::map<uint64_t, uint64_t> &handles) {
  if (!owned(c, handles, c.arg(0, lane)))
    return c.fail(lane, errc::qiaoErrorInvalidResourceHandle);
  handles.erase(c.arg(0, lane));
  return errc::qiaoSuccess;
}

} // namespace

bool storeThrough(const DeviceRuntimeCall &c, int lane, size_t index, const void *value,
                  uint32_t bytes) {
  // Aligned to the value's own size, up to 8 bytes, as a C++ store through the pointer would be.
  uint32_t align = bytes <= 8 ? bytes : 8;
  void *out = c.w.access(Space::Generic, c.arg(index, lane), bytes, align, lane, c.inst);
  if (!out)
    return false;
  std::memcpy(out, value, bytes);
  return true;
}

// cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking).
int streamCreate(const DeviceRuntimeCall &c, int lane) {
  if (c.arg(1, lane) != kStreamNonBlocking)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  return create(c, lane, c.state.streams);
}

// cudaStreamDestroy: the work already in the stream still runs, as on the host.
int streamDestroy(const DeviceRuntimeCall &c, int lane) {
  return destroy(c, lane, c.state.streams);
}

// cudaEventCreateWithFlags(&event, cudaEventDisableTiming).
int eventCreate(const DeviceRuntimeCall &c, int lane) {
  if (c.arg(1, lane) != kEventDisableTiming)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  return create(c, lane, c.state.events);
}

// cudaEventRecord(event, stream), cudaEventRecordWithFlags and cudaStreamWaitEvent(stream, event):
// the stream is the block's implicit one (0), or one it created; the event one it created.
int eventRecord(const DeviceRuntimeCall &c, int lane, size_t eventArg, size_t streamArg) {
  uint64_t stream = c.arg(streamArg, lane);
  if (!owned(c, c.state.events, c.arg(eventArg, lane)) ||
      (stream != 0 && !owned(c, c.state.streams, stream)))
    return c.fail(lane, errc::qiaoErrorInvalidResourceHandle);
  return errc::qiaoSuccess;
}

int eventDestroy(const DeviceRuntimeCall &c, int lane) { return destroy(c, lane, c.state.events); }

// cudaMalloc(&pointer, bytes) in device code: the device heap, as malloc's.
int deviceMalloc(const DeviceRuntimeCall &c, int lane) {
  uint64_t bytes = c.arg(1, lane);
  void *memory = bytes ? c.grid.memory.allocateGlobal(bytes) : nullptr;
  uint64_t address = reinterpret_cast<uint64_t>(memory);
  if (!storeThrough(c, lane, 0, &address, 8))
    return errc::qiaoErrorIllegalAddress;
  return bytes && !memory ? c.fail(lane, errc::qiaoErrorMemoryAllocation) : errc::qiaoSuccess;
}

int deviceFree(const DeviceRuntimeCall &c, int lane) {
  if (uint64_t pointer = c.arg(0, lane))
    c.grid.memory.releaseGlobal(reinterpret_cast<void *>(pointer));
  return errc::qiaoSuccess;
}

// cudaGetDevice(&device): the device the grid runs on.
int getDevice(const DeviceRuntimeCall &c, int lane) {
  int32_t device = c.grid.memory.device();
  return storeThrough(c, lane, 0, &device, 4) ? errc::qiaoSuccess : errc::qiaoErrorIllegalAddress;
}

} // namespace qiao::ptx
