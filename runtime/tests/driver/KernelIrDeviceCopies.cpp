// Copies and fills device code puts in a stream in the kir test driver: cudaMemcpyAsync,
// cudaMemcpy2DAsync, cudaMemcpy3DAsync, cudaMemsetAsync, cudaMemset2DAsync, cudaMemset3DAsync
// (`qiao.device.memcpy*_async`, `qiao.device.memset*_async`). The call checks its arguments and
// queues the work in the stream's order among the grids the block launched; the work runs when
// that order reaches it. The device runtime copies device memory only: a direction other than
// cudaMemcpyDeviceToDevice or cudaMemcpyDefault gives cudaErrorInvalidMemcpyDirection, a pointer
// into shared or local memory cudaErrorInvalidValue.
#include "KernelIrDeviceRuntime.h"
#include "support/DeviceRuntimeLayouts.h"

#include <cstdio>
#include <cstring>

namespace qiao::kirdriver {
namespace {

using namespace devrt;

bool sharedOrLocal(uint64_t address) {
  const auto *p = reinterpret_cast<const void *>(address);
  return inSharedWindow(p) || inThreadLocal(p);
}

// Checks `copy` and queues it in `stream`; `kind` is the copy's cudaMemcpyKind (a fill has none).
int32_t queue(DeviceCopy copy, const uint32_t *kind, uint64_t stream) {
  bool inShared = sharedOrLocal(copy.dst) || (!copy.fill && sharedOrLocal(copy.src));
  CallingGrid c;
  if (kind && *kind != kMemcpyDeviceToDevice && *kind != kMemcpyDefault)
    return c.fail(qiaoErrorInvalidMemcpyDirection);
  DeviceLaunch work;
  if (int32_t code = c.streamOrder(stream, work.tail); code != qiaoSuccess)
    return code;
  if (copy.width == 0 || copy.height == 0 || copy.depth == 0)
    return qiaoSuccess; // nothing to do, as on the host
  if (copy.width > copy.dstPitch || (!copy.fill && copy.width > copy.srcPitch))
    return c.fail(qiaoErrorInvalidPitchValue);
  if (inShared)
    return c.fail(qiaoErrorInvalidValue);
  work.isCopy = true;
  work.copy = copy;
  (work.tail ? c.grid.tails : c.grid.launches).push_back(work);
  return qiaoSuccess;
}

// Whether [address, address + bytes) lies in one allocation of device memory.
bool deviceMemory(uint64_t address, uint64_t bytes) {
  qiaoDrvPointerInfo info{};
  info.structSize = sizeof info;
  return emuDriver().pointerInfo(reinterpret_cast<const void *>(address), &info) ==
             qiaoDrvSuccess &&
         address + bytes <= info.base + info.size;
}

// qiao.device.memcpy_async(dst, src, count, kind, stream).
int32_t memcpyAsync(void *dst, void *src, uint64_t count, uint32_t kind, uint64_t stream) {
  DeviceCopy copy;
  copy.call = "cudaMemcpyAsync";
  copy.dst = reinterpret_cast<uint64_t>(dst);
  copy.src = reinterpret_cast<uint64_t>(src);
  copy.width = copy.dstPitch = copy.srcPitch = count;
  return queue(copy, &kind, stream);
}

// qiao.device.memcpy_2d_async(dst, dpitch, src, spitch, width, height, kind, stream).
int32_t memcpy2DAsync(void *dst, uint64_t dpitch, void *src, uint64_t spitch, uint64_t width,
                      uint64_t height, uint32_t kind, uint64_t stream) {
  DeviceCopy copy;
  copy.call = "cudaMemcpy2DAsync";
  copy.dst = reinterpret_cast<uint64_t>(dst);
  copy.dstPitch = dpitch;
  copy.src = reinterpret_cast<uint64_t>(src);
  copy.srcPitch = spitch;
  copy.width = width;
  copy.height = height;
  return queue(copy, &kind, stream);
}

// qiao.device.memcpy_3d_async(&parms, stream): between pitched pointers; device code has no
// arrays.
int32_t memcpy3DAsync(void *parms, uint64_t stream) {
  Memcpy3DParms p;
  requireAccessible(parms, sizeof p, "cudaMemcpy3DAsync");
  std::memcpy(&p, parms, sizeof p);
  if (p.srcArray || p.dstArray) {
    CallingGrid c;
    return c.fail(qiaoErrorInvalidValue);
  }
  DeviceCopy copy = copyOf(p);
  uint32_t kind = static_cast<uint32_t>(p.kind);
  return queue(copy, &kind, stream);
}

// qiao.device.memset_async(dst, value, count, stream): the value's low byte.
int32_t memsetAsync(void *dst, uint32_t value, uint64_t count, uint64_t stream) {
  DeviceCopy fill;
  fill.call = "cudaMemsetAsync";
  fill.fill = true;
  fill.dst = reinterpret_cast<uint64_t>(dst);
  fill.value = static_cast<uint8_t>(value);
  fill.width = fill.dstPitch = count;
  return queue(fill, nullptr, stream);
}

// qiao.device.memset_2d_async(dst, pitch, value, width, height, stream).
int32_t memset2DAsync(void *dst, uint64_t pitch, uint32_t value, uint64_t width, uint64_t height,
                      uint64_t stream) {
  DeviceCopy fill;
  fill.call = "cudaMemset2DAsync";
  fill.fill = true;
  fill.dst = reinterpret_cast<uint64_t>(dst);
  fill.dstPitch = pitch;
  fill.value = static_cast<uint8_t>(value);
  fill.width = width;
  fill.height = height;
  return queue(fill, nullptr, stream);
}

// qiao.device.memset_3d_async(&pitchedPointer, value, &extent, stream): the structs CUDA passes
// by value, in the caller's frame.
int32_t memset3DAsync(const void *target, uint32_t value, const void *extentBytes,
                      uint64_t stream) {
  PitchedPointer pointer;
  Extent extent;
  std::memcpy(&pointer, target, sizeof pointer);
  std::memcpy(&extent, extentBytes, sizeof extent);
  DeviceCopy fill;
  fill.call = "cudaMemset3DAsync";
  fill.fill = true;
  fill.dst = pointer.ptr;
  fill.dstPitch = pointer.pitch;
  fill.dstSlicePitch = pointer.pitch * pointer.ysize;
  fill.value = static_cast<uint8_t>(value);
  fill.width = extent.width;
  fill.height = extent.height;
  fill.depth = extent.depth;
  return queue(fill, nullptr, stream);
}

} // namespace

int32_t runDeviceCopy(const DeviceGrid &grid, const DeviceCopy &copy, std::string &report) {
  for (uint64_t z = 0; z < copy.depth; ++z) {
    for (uint64_t y = 0; y < copy.height; ++y) {
      uint64_t dst = copy.dst + z * copy.dstSlicePitch + y * copy.dstPitch;
      uint64_t src = copy.src + z * copy.srcSlicePitch + y * copy.srcPitch;
      const char *side = !deviceMemory(dst, copy.width)                 ? "destination"
                         : !copy.fill && !deviceMemory(src, copy.width) ? "source"
                                                                        : nullptr;
      if (side) {
        char where[24];
        std::snprintf(where, sizeof where, "0x%llx",
                      static_cast<unsigned long long>(side[0] == 'd' ? dst : src));
        report = std::string("illegal address: ") + copy.call + " queued by kernel '" +
                 grid.kernel + "': its " + side + " " + where + " (" + std::to_string(copy.width) +
                 " bytes) is not device memory";
        return qiaoErrorIllegalAddress;
      }
      if (copy.fill)
        std::memset(reinterpret_cast<void *>(dst), copy.value, copy.width);
      else
        std::memmove(reinterpret_cast<void *>(dst), reinterpret_cast<const void *>(src),
                     copy.width);
    }
  }
  return qiaoSuccess;
}

void addDeviceCopyIntrinsics(std::vector<std::pair<std::string, void *>> &out) {
  auto address = [](auto *f) { return reinterpret_cast<void *>(f); };
  out.insert(out.end(), {
                            {"qiao.device.memcpy_async", address(memcpyAsync)},
                            {"qiao.device.memcpy_2d_async", address(memcpy2DAsync)},
                            {"qiao.device.memcpy_3d_async", address(memcpy3DAsync)},
                            {"qiao.device.memset_async", address(memsetAsync)},
                            {"qiao.device.memset_2d_async", address(memset2DAsync)},
                            {"qiao.device.memset_3d_async", address(memset3DAsync)},
                        });
}

} // namespace qiao::kirdriver
