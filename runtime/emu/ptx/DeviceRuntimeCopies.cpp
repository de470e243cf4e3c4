// Copies and fills device code puts in a stream: cudaMemcpyAsync, cudaMemcpy2DAsync,
// cudaMemcpy3DAsync, cudaMemsetAsync, cudaMemset2DAsync and cudaMemset3DAsync (DeviceRuntime.def).
// The call checks its arguments and queues the work in the stream's order among the grids the
// block launched (DeviceRuntime.h); the work runs when that order reaches it. The device runtime
// copies device memory only: a copy direction other than cudaMemcpyDeviceToDevice or
// cudaMemcpyDefault gives cudaErrorInvalidMemcpyDirection, and a pointer into shared or local
// memory cudaErrorInvalidValue.
#include "DeviceRuntimeCall.h"
#include "support/DeviceRuntimeLayouts.h"

#include <cstdio>
#include <cstring>

namespace qiao::ptx {
namespace {

using namespace devrt;

bool sharedOrLocal(const DeviceRuntimeCall &c, int lane, uint64_t address) {
  return c.w.isInSpace(Space::Shared, address, lane) || c.w.isInSpace(Space::Local, address, lane);
}

// Checks `copy` and queues it in `stream`; `kind` is the copy's cudaMemcpyKind (a fill has none).
int queue(const DeviceRuntimeCall &c, int lane, DeviceCopy copy, const uint64_t *kind,
          uint64_t stream) {
  if (kind && *kind != kMemcpyDeviceToDevice && *kind != kMemcpyDefault)
    return c.fail(lane, errc::qiaoErrorInvalidMemcpyDirection);
  DeviceLaunch work;
  if (int code = streamOrder(c, lane, stream, work.stream); code != errc::qiaoSuccess)
    return code;
  if (copy.width == 0 || copy.height == 0 || copy.depth == 0)
    return errc::qiaoSuccess; // nothing to do, as on the host
  if (copy.width > copy.dstPitch || (!copy.fill && copy.width > copy.srcPitch))
    return c.fail(lane, errc::qiaoErrorInvalidPitchValue);
  if (sharedOrLocal(c, lane, copy.dst) || (!copy.fill && sharedOrLocal(c, lane, copy.src)))
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  work.isCopy = true;
  work.copy = copy;
  (work.stream == DeviceStream::Tail ? c.state.tails : c.state.launches).push_back(work);
  return errc::qiaoSuccess;
}

// Whether [address, address + bytes) is memory the grid's own accesses may touch.
bool deviceMemory(const GridContext &grid, uint64_t address, uint64_t bytes) {
  uint64_t base = 0, size = 0;
  if (grid.launch.memoryCheck == MemoryCheck::Precise)
    return grid.memory.lookup(address, bytes, base, size);
  return grid.memory.mapped(address, bytes, base, size);
}

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

} // namespace

// cudaMemcpyAsync(dst, src, count, kind, stream).
int memcpyAsync(const DeviceRuntimeCall &c, int lane) {
  DeviceCopy copy;
  copy.call = "cudaMemcpyAsync";
  copy.dst = c.arg(0, lane);
  copy.src = c.arg(1, lane);
  copy.width = copy.dstPitch = copy.srcPitch = c.arg(2, lane);
  uint64_t kind = static_cast<uint32_t>(c.arg(3, lane));
  return queue(c, lane, copy, &kind, c.arg(4, lane));
}

// cudaMemcpy2DAsync(dst, dpitch, src, spitch, width, height, kind, stream).
int memcpy2DAsync(const DeviceRuntimeCall &c, int lane) {
  DeviceCopy copy;
  copy.call = "cudaMemcpy2DAsync";
  copy.dst = c.arg(0, lane);
  copy.dstPitch = c.arg(1, lane);
  copy.src = c.arg(2, lane);
  copy.srcPitch = c.arg(3, lane);
  copy.width = c.arg(4, lane);
  copy.height = c.arg(5, lane);
  uint64_t kind = static_cast<uint32_t>(c.arg(6, lane));
  return queue(c, lane, copy, &kind, c.arg(7, lane));
}

// cudaMemcpy3DAsync(&parms, stream): between pitched pointers; device code has no arrays.
int memcpy3DAsync(const DeviceRuntimeCall &c, int lane) {
  Memcpy3DParms p;
  const void *in = c.w.access(Space::Generic, c.arg(0, lane), sizeof p, 8, lane, c.inst);
  if (!in)
    return errc::qiaoErrorIllegalAddress; // the fault ends the grid
  std::memcpy(&p, in, sizeof p);
  if (p.srcArray || p.dstArray)
    return c.fail(lane, errc::qiaoErrorInvalidValue);
  DeviceCopy copy = copyOf(p);
  uint64_t kind = static_cast<uint32_t>(p.kind);
  return queue(c, lane, copy, &kind, c.arg(1, lane));
}

// cudaMemsetAsync(dst, value, count, stream): the value's low byte.
int memsetAsync(const DeviceRuntimeCall &c, int lane) {
  DeviceCopy fill;
  fill.call = "cudaMemsetAsync";
  fill.fill = true;
  fill.dst = c.arg(0, lane);
  fill.value = static_cast<uint8_t>(c.arg(1, lane));
  fill.width = fill.dstPitch = c.arg(2, lane);
  return queue(c, lane, fill, nullptr, c.arg(3, lane));
}

// cudaMemset2DAsync(dst, pitch, value, width, height, stream).
int memset2DAsync(const DeviceRuntimeCall &c, int lane) {
  DeviceCopy fill;
  fill.call = "cudaMemset2DAsync";
  fill.fill = true;
  fill.dst = c.arg(0, lane);
  fill.dstPitch = c.arg(1, lane);
  fill.value = static_cast<uint8_t>(c.arg(2, lane));
  fill.width = c.arg(3, lane);
  fill.height = c.arg(4, lane);
  return queue(c, lane, fill, nullptr, c.arg(5, lane));
}

// cudaMemset3DAsync(pitchedPointer, value, extent, stream): both structs by value.
int memset3DAsync(const DeviceRuntimeCall &c, int lane) {
  PitchedPointer target;
  Extent extent;
  c.bytesArg(0, lane, &target, sizeof target);
  c.bytesArg(2, lane, &extent, sizeof extent);
  DeviceCopy fill;
  fill.call = "cudaMemset3DAsync";
  fill.fill = true;
  fill.dst = target.ptr;
  fill.dstPitch = target.pitch;
  fill.dstSlicePitch = target.pitch * target.ysize;
  fill.value = static_cast<uint8_t>(c.arg(1, lane));
  fill.width = extent.width;
  fill.height = extent.height;
  fill.depth = extent.depth;
  return queue(c, lane, fill, nullptr, c.arg(3, lane));
}

int runDeviceCopy(const GridContext &grid, const DeviceCopy &copy, std::string &report) {
  for (uint64_t z = 0; z < copy.depth; ++z) {
    for (uint64_t y = 0; y < copy.height; ++y) {
      uint64_t dst = copy.dst + z * copy.dstSlicePitch + y * copy.dstPitch;
      uint64_t src = copy.src + z * copy.srcSlicePitch + y * copy.srcPitch;
      const char *side = !deviceMemory(grid, dst, copy.width)                 ? "destination"
                         : !copy.fill && !deviceMemory(grid, src, copy.width) ? "source"
                                                                              : nullptr;
      if (side) {
        report = std::string("illegal address: ") + copy.call + " queued by kernel '" +
                 grid.kernel.name + "': its " + side + " " + hex(side[0] == 'd' ? dst : src) +
                 " (" + std::to_string(copy.width) + " bytes) is not device memory";
        return errc::qiaoErrorIllegalAddress;
      }
      if (copy.fill)
        std::memset(reinterpret_cast<void *>(dst), copy.value, copy.width);
      else
        std::memmove(reinterpret_cast<void *>(dst), reinterpret_cast<const void *>(src),
                     copy.width);
    }
  }
  return errc::qiaoSuccess;
}

} // namespace qiao::ptx
