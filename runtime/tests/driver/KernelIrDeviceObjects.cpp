// Device-created streams and events, device-side cudaMalloc/cudaFree and cudaGetDevice in the kir
// test driver (`qiao.device.*`). Streams and events belong to the block that created them, as
// CUDA scopes them. As the grids a grid launched run one after another in launch order, every
// event a stream waits for has been reached by then: recording and waiting only check handles.
#include "KernelIrDeviceRuntime.h"

#include <cstdio>
#include <cstring>

namespace qiao::kirdriver {
namespace {

// The only flags device code may create streams and events with.
constexpr uint32_t kStreamNonBlocking = 1;  // cudaStreamNonBlocking
constexpr uint32_t kEventDisableTiming = 2; // cudaEventDisableTiming
// Device-created handles are numbered from here, clear of the named streams (0 to 4).
constexpr uint64_t kFirstHandle = 0x100;

bool owned(const CallingGrid &c, const std::map<uint64_t, uint64_t> &handles, uint64_t handle) {
  auto found = handles.find(handle);
  return found != handles.end() && found->second == c.blockKey();
}

// Creates a handle in `handles` and stores it through `out` (checked by the caller before it
// locked the grid: a fault ends the thread).
int32_t create(CallingGrid &c, void *out, std::map<uint64_t, uint64_t> &handles) {
  uint64_t handle = kFirstHandle + c.grid.nextHandle++;
  std::memcpy(out, &handle, 8);
  handles[handle] = c.blockKey();
  return qiaoSuccess;
}

int32_t destroy(CallingGrid &c, uint64_t handle, std::map<uint64_t, uint64_t> &handles) {
  if (!owned(c, handles, handle))
    return c.fail(qiaoErrorInvalidResourceHandle);
  handles.erase(handle);
  return qiaoSuccess;
}

// qiao.device.stream_create(&stream, flags): cudaStreamCreateWithFlags, cudaStreamNonBlocking only.
int32_t streamCreate(void *out, uint32_t flags) {
  if (flags == kStreamNonBlocking)
    requireAccessible(out, 8, "cudaStreamCreateWithFlags");
  CallingGrid c;
  if (flags != kStreamNonBlocking)
    return c.fail(qiaoErrorInvalidValue);
  return create(c, out, c.grid.streams);
}

// cudaStreamDestroy: the work already in the stream still runs, as on the host.
int32_t streamDestroy(uint64_t stream) {
  CallingGrid c;
  return destroy(c, stream, c.grid.streams);
}

// qiao.device.event_create(&event, flags): cudaEventDisableTiming only.
int32_t eventCreate(void *out, uint32_t flags) {
  if (flags == kEventDisableTiming)
    requireAccessible(out, 8, "cudaEventCreateWithFlags");
  CallingGrid c;
  if (flags != kEventDisableTiming)
    return c.fail(qiaoErrorInvalidValue);
  return create(c, out, c.grid.events);
}

// The stream is the block's implicit one (0) or one it created; the event one it created.
int32_t checkEventAndStream(uint64_t event, uint64_t stream) {
  CallingGrid c;
  if (!owned(c, c.grid.events, event) || (stream != 0 && !owned(c, c.grid.streams, stream)))
    return c.fail(qiaoErrorInvalidResourceHandle);
  return qiaoSuccess;
}
int32_t eventRecord(uint64_t event, uint64_t stream) { return checkEventAndStream(event, stream); }
int32_t streamWaitEvent(uint64_t stream, uint64_t event) {
  return checkEventAndStream(event, stream);
}

int32_t eventDestroy(uint64_t event) {
  CallingGrid c;
  return destroy(c, event, c.grid.events);
}

// qiao.device.malloc(&pointer, bytes): device memory, null and cudaErrorMemoryAllocation when
// there is none.
int32_t deviceMalloc(void *out, uint64_t bytes) {
  requireAccessible(out, 8, "cudaMalloc");
  CallingGrid c;
  void *memory = nullptr;
  if (bytes && emuDriver().memAlloc(0, bytes, QIAO_DRV_MEM_DEVICE, 0, &memory) != qiaoDrvSuccess)
    memory = nullptr;
  std::memcpy(out, &memory, 8);
  return bytes && !memory ? c.fail(qiaoErrorMemoryAllocation) : qiaoSuccess;
}

int32_t deviceFree(void *pointer) {
  if (pointer)
    emuDriver().memFree(pointer, QIAO_DRV_MEM_DEVICE);
  return qiaoSuccess;
}

// qiao.device.get_device(&device): the device the grid runs on (the driver drives device 0).
int32_t getDevice(void *out) {
  requireAccessible(out, 4, "cudaGetDevice");
  int32_t device = 0;
  std::memcpy(out, &device, 4);
  return qiaoSuccess;
}

} // namespace

void requireAccessible(const void *p, uint64_t bytes, const char *call) {
  if (p && inSharedWindow(p) && inSharedWindow(static_cast<const char *>(p) + bytes - 1))
    return;
  if (p && inThreadLocal(p))
    return;
  qiaoDrvPointerInfo info{};
  info.structSize = sizeof info;
  auto at = reinterpret_cast<uint64_t>(p);
  if (p && emuDriver().pointerInfo(p, &info) == qiaoDrvSuccess &&
      at + bytes <= info.base + info.size)
    return;
  char text[160];
  std::snprintf(text, sizeof text,
                "illegal address: %s in device code: %llu bytes at 0x%llx are not memory the "
                "thread may access",
                call, static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(at));
  kernelFault(qiaoErrorIllegalAddress, text);
}

void addDeviceObjectIntrinsics(std::vector<std::pair<std::string, void *>> &out) {
  auto address = [](auto *f) { return reinterpret_cast<void *>(f); };
  out.insert(out.end(), {
                            {"qiao.device.stream_create", address(streamCreate)},
                            {"qiao.device.stream_destroy", address(streamDestroy)},
                            {"qiao.device.event_create", address(eventCreate)},
                            {"qiao.device.event_record", address(eventRecord)},
                            {"qiao.device.stream_wait_event", address(streamWaitEvent)},
                            {"qiao.device.event_destroy", address(eventDestroy)},
                            {"qiao.device.malloc", address(deviceMalloc)},
                            {"qiao.device.free", address(deviceFree)},
                            {"qiao.device.get_device", address(getDevice)},
                        });
}

} // namespace qiao::kirdriver
