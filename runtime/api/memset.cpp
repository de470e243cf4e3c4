// Public memset calls: byte fills of linear, pitched and 3D memory.
#include "Memory.h"
#include "Streams.h"

using namespace qiao;
using namespace qiao::rt;

namespace {

StreamWork fillWork(Runtime &rt, void *start, uint32_t pattern, size_t bytes) {
  const qiaoDriverTable *driver = rt.driver;
  return [driver, start, pattern, bytes](qiaoDrvQueue queue) {
    return driver->enqueueFill(queue, start, pattern, 1, bytes);
  };
}

Status fillRows(Runtime &rt, void *base, size_t pitch, int value, size_t width, size_t height,
                qiaoStream_t stream, bool waitForIt) {
  if (width == 0 || height == 0) {
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    return resolved ? Status::ok() : Status(resolved.error());
  }
  QIAO_REQUIRE(width <= pitch, qiaoErrorInvalidValue);
  QIAO_TRY(requireDeviceRange(rt, base, pitchedSpan(pitch, width, height)));
  auto pattern = static_cast<uint32_t>(value) & 0xffu; // CUDA uses the low byte of value
  // Contiguous rows are one fill.
  if (width == pitch || height == 1)
    return enqueueWork(rt, stream, waitForIt,
                       fillWork(rt, base, pattern, pitch * (height - 1) + width),
                       qiaoGraphNodeTypeMemset);
  for (size_t row = 0; row < height; ++row) {
    void *start = static_cast<char *>(base) + row * pitch;
    QIAO_TRY(enqueueWork(rt, stream, waitForIt && row + 1 == height,
                         fillWork(rt, start, pattern, width), qiaoGraphNodeTypeMemset));
  }
  return Status::ok();
}

Status fill3D(Runtime &rt, qiaoPitchedPtr p, int value, qiaoExtent e, qiaoStream_t stream,
              bool waitForIt) {
  if (e.width == 0 || e.height == 0 || e.depth == 0)
    return fillRows(rt, p.ptr, p.pitch, value, 0, 0, stream, waitForIt);
  QIAO_REQUIRE(e.depth == 1 || e.height <= p.ysize, qiaoErrorInvalidValue);
  for (size_t z = 0; z < e.depth; ++z) {
    void *plane = static_cast<char *>(p.ptr) + z * p.ysize * p.pitch;
    QIAO_TRY(fillRows(rt, plane, p.pitch, value, e.width, e.height, stream,
                      waitForIt && z + 1 == e.depth));
  }
  return Status::ok();
}

} // namespace

extern "C" qiaoError_t qiaoMemset(void *devPtr, int value, size_t count) {
  return enter(
      [&](Runtime &rt) { return fillRows(rt, devPtr, count, value, count, 1, nullptr, true); });
}

extern "C" qiaoError_t qiaoMemsetAsync(void *devPtr, int value, size_t count, qiaoStream_t stream) {
  return enter(
      [&](Runtime &rt) { return fillRows(rt, devPtr, count, value, count, 1, stream, false); });
}

extern "C" qiaoError_t qiaoMemset2D(void *devPtr, size_t pitch, int value, size_t width,
                                    size_t height) {
  return enter([&](Runtime &rt) {
    return fillRows(rt, devPtr, pitch, value, width, height, nullptr, true);
  });
}

extern "C" qiaoError_t qiaoMemset2DAsync(void *devPtr, size_t pitch, int value, size_t width,
                                         size_t height, qiaoStream_t stream) {
  return enter([&](Runtime &rt) {
    return fillRows(rt, devPtr, pitch, value, width, height, stream, false);
  });
}

extern "C" qiaoError_t qiaoMemset3D(qiaoPitchedPtr pitchedDevPtr, int value, qiaoExtent extent) {
  return enter(
      [&](Runtime &rt) { return fill3D(rt, pitchedDevPtr, value, extent, nullptr, true); });
}

extern "C" qiaoError_t qiaoMemset3DAsync(qiaoPitchedPtr pitchedDevPtr, int value, qiaoExtent extent,
                                         qiaoStream_t stream) {
  return enter(
      [&](Runtime &rt) { return fill3D(rt, pitchedDevPtr, value, extent, stream, false); });
}
