// Public copy calls: 1D, 2D, 3D and peer copies, synchronous and stream-ordered.
#include "Memory.h"
#include "Streams.h"

using namespace qiao;
using namespace qiao::rt;

namespace {

Status copy1D(Runtime &rt, void *dst, const void *src, size_t count, qiaoMemcpyKind kind,
              qiaoStream_t stream, bool waitForIt) {
  QIAO_TRY(checkCopy(rt, dst, src, count, kind));
  if (count == 0) {
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    return resolved ? Status::ok() : Status(resolved.error());
  }
  return enqueueWork(rt, stream, waitForIt, copyWork(rt, dst, src, count), qiaoGraphNodeTypeMemcpy);
}

char *slice(const qiaoPitchedPtr &p, const qiaoPos &pos, size_t z) {
  return static_cast<char *>(p.ptr) + ((pos.z + z) * p.ysize + pos.y) * p.pitch + pos.x;
}

// A CUDA array side becomes the pitched view of its storage. With an array in the copy, CUDA counts
// positions on the array side and the extent's width in the array's texels; they become bytes.
Status arraysAsPitched(Runtime &rt, const qiaoMemcpy3DParms &in, qiaoMemcpy3DParms &out) {
  out = in;
  out.srcArray = out.dstArray = nullptr;
  size_t texelBytes = 0;
  auto view = [&](qiaoArray_t array, qiaoPitchedPtr &ptr, qiaoPos &pos) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(rt.arrays.count(array) != 0, qiaoErrorInvalidResourceHandle);
    QIAO_REQUIRE(texelBytes == 0 || texelBytes == array->texelBytes, qiaoErrorInvalidValue);
    texelBytes = array->texelBytes;
    ptr = make_qiaoPitchedPtr(array->data, array->pitch, array->pitch, array->rows());
    pos.x *= array->texelBytes;
    return Status::ok();
  };
  if (in.srcArray)
    QIAO_TRY(view(in.srcArray, out.srcPtr, out.srcPos));
  if (in.dstArray)
    QIAO_TRY(view(in.dstArray, out.dstPtr, out.dstPos));
  if (texelBytes)
    out.extent.width *= texelBytes;
  return Status::ok();
}

Status copy3D(Runtime &rt, const qiaoMemcpy3DParms *in, qiaoStream_t stream, bool waitForIt) {
  QIAO_REQUIRE(in != nullptr, qiaoErrorInvalidValue);
  qiaoMemcpy3DParms pitched;
  QIAO_TRY(arraysAsPitched(rt, *in, pitched));
  const qiaoMemcpy3DParms *p = &pitched;
  const qiaoExtent &e = p->extent;
  if (e.width == 0 || e.height == 0 || e.depth == 0)
    return Status::ok();
  for (const auto *side : {&p->srcPtr, &p->dstPtr})
    QIAO_REQUIRE(side->ptr != nullptr, qiaoErrorInvalidValue);
  QIAO_REQUIRE(p->srcPos.x + e.width <= p->srcPtr.pitch && p->dstPos.x + e.width <= p->dstPtr.pitch,
               qiaoErrorInvalidPitchValue);
  // Slices are ysize rows apart, so a copy of several slices must fit its rows inside ysize.
  if (e.depth > 1)
    QIAO_REQUIRE(p->srcPos.y + e.height <= p->srcPtr.ysize &&
                     p->dstPos.y + e.height <= p->dstPtr.ysize,
                 qiaoErrorInvalidValue);
  for (size_t z = 0; z < e.depth; ++z)
    QIAO_TRY(copy2D(rt, slice(p->dstPtr, p->dstPos, z), p->dstPtr.pitch,
                    slice(p->srcPtr, p->srcPos, z), p->srcPtr.pitch, e.width, e.height, p->kind,
                    stream, waitForIt && z + 1 == e.depth));
  return Status::ok();
}

Status copyPeer(Runtime &rt, void *dst, int dstDevice, const void *src, int srcDevice, size_t count,
                qiaoStream_t stream, bool waitForIt) {
  QIAO_REQUIRE(validDevice(rt, dstDevice) && validDevice(rt, srcDevice), qiaoErrorInvalidDevice);
  return copy1D(rt, dst, src, count, qiaoMemcpyDeviceToDevice, stream, waitForIt);
}

} // namespace

Status qiao::rt::copy2D(Runtime &rt, void *dst, size_t dpitch, const void *src, size_t spitch,
                        size_t width, size_t height, qiaoMemcpyKind kind, qiaoStream_t stream,
                        bool waitForIt) {
  QIAO_REQUIRE(kind >= qiaoMemcpyHostToHost && kind <= qiaoMemcpyDefault,
               qiaoErrorInvalidMemcpyDirection);
  QIAO_REQUIRE(width <= dpitch && width <= spitch, qiaoErrorInvalidPitchValue);
  if (width == 0 || height == 0)
    return Status::ok();
  // The kind's device sides must hold the whole pitched span that the copy touches.
  size_t dstSpan = pitchedSpan(dpitch, width, height);
  size_t srcSpan = pitchedSpan(spitch, width, height);
  QIAO_REQUIRE(dst != nullptr && src != nullptr, qiaoErrorInvalidValue);
  if (kind == qiaoMemcpyHostToDevice || kind == qiaoMemcpyDeviceToDevice)
    QIAO_TRY(requireDeviceRange(rt, dst, dstSpan));
  if (kind == qiaoMemcpyDeviceToHost || kind == qiaoMemcpyDeviceToDevice)
    QIAO_TRY(requireDeviceRange(rt, src, srcSpan));
  if (kind == qiaoMemcpyDefault) {
    QIAO_TRY(requireKnownRange(rt, dst, dstSpan));
    QIAO_TRY(requireKnownRange(rt, src, srcSpan));
  }
  const qiaoDriverTable *driver = rt.driver;
  const qiaoDrvCopyDirection direction = copyDirection(rt, dst, src);
  return enqueueWork(
      rt, stream, waitForIt,
      [driver, dst, dpitch, src, spitch, width, height, direction](qiaoDrvQueue queue) {
        return driver->enqueueCopy2D(queue, dst, dpitch, src, spitch, width, height, direction);
      },
      qiaoGraphNodeTypeMemcpy);
}

extern "C" qiaoError_t qiaoMemcpy(void *dst, const void *src, size_t count, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) { return copy1D(rt, dst, src, count, kind, nullptr, true); });
}

extern "C" qiaoError_t qiaoMemcpyAsync(void *dst, const void *src, size_t count,
                                       qiaoMemcpyKind kind, qiaoStream_t stream) {
  return enter([&](Runtime &rt) { return copy1D(rt, dst, src, count, kind, stream, false); });
}

extern "C" qiaoError_t qiaoMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch,
                                    size_t width, size_t height, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) {
    return copy2D(rt, dst, dpitch, src, spitch, width, height, kind, nullptr, true);
  });
}

extern "C" qiaoError_t qiaoMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch,
                                         size_t width, size_t height, qiaoMemcpyKind kind,
                                         qiaoStream_t stream) {
  return enter([&](Runtime &rt) {
    return copy2D(rt, dst, dpitch, src, spitch, width, height, kind, stream, false);
  });
}

extern "C" qiaoError_t qiaoMemcpy3D(const qiaoMemcpy3DParms *p) {
  return enter([&](Runtime &rt) { return copy3D(rt, p, nullptr, true); });
}

extern "C" qiaoError_t qiaoMemcpy3DAsync(const qiaoMemcpy3DParms *p, qiaoStream_t stream) {
  return enter([&](Runtime &rt) { return copy3D(rt, p, stream, false); });
}

extern "C" qiaoError_t qiaoMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice,
                                      size_t count) {
  return enter([&](Runtime &rt) {
    return copyPeer(rt, dst, dstDevice, src, srcDevice, count, nullptr, true);
  });
}

extern "C" qiaoError_t qiaoMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice,
                                           size_t count, qiaoStream_t stream) {
  return enter([&](Runtime &rt) {
    return copyPeer(rt, dst, dstDevice, src, srcDevice, count, stream, false);
  });
}
