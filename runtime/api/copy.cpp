// Public copy calls: 1D, 2D, 3D and peer copies, synchronous and stream-ordered.
#include "Memory.h"
#include "Streams.h"

#include <vector>

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
  auto work = copy3DWork(rt, in);
  if (!work)
    return work.error();
  if (!*work)
    return Status::ok(); // an empty extent copies nothing
  return enqueueWork(rt, stream, waitForIt, std::move(*work), qiaoGraphNodeTypeMemcpy);
}

Status copyPeer(Runtime &rt, void *dst, int dstDevice, const void *src, int srcDevice, size_t count,
                qiaoStream_t stream, bool waitForIt) {
  QIAO_REQUIRE(validDevice(rt, dstDevice) && validDevice(rt, srcDevice), qiaoErrorInvalidDevice);
  return copy1D(rt, dst, src, count, qiaoMemcpyDeviceToDevice, stream, waitForIt);
}

} // namespace

Expected<StreamWork> qiao::rt::copy2DWork(Runtime &rt, void *dst, size_t dpitch, const void *src,
                                          size_t spitch, size_t width, size_t height,
                                          qiaoMemcpyKind kind) {
  if (!(kind >= qiaoMemcpyHostToHost && kind <= qiaoMemcpyDefault))
    return Error{qiaoErrorInvalidMemcpyDirection, "unknown copy kind"};
  if (width > dpitch || width > spitch)
    return Error{qiaoErrorInvalidPitchValue, "width exceeds a pitch"};
  if (width == 0 || height == 0)
    return StreamWork();
  // The kind's device sides must hold the whole pitched span that the copy touches.
  size_t dstSpan = pitchedSpan(dpitch, width, height);
  size_t srcSpan = pitchedSpan(spitch, width, height);
  if (dst == nullptr || src == nullptr)
    return Error{qiaoErrorInvalidValue, "null copy side"};
  auto checked = [&]() -> Status {
    if (kind == qiaoMemcpyHostToDevice || kind == qiaoMemcpyDeviceToDevice)
      QIAO_TRY(requireDeviceRange(rt, dst, dstSpan));
    if (kind == qiaoMemcpyDeviceToHost || kind == qiaoMemcpyDeviceToDevice)
      QIAO_TRY(requireDeviceRange(rt, src, srcSpan));
    if (kind == qiaoMemcpyDefault) {
      QIAO_TRY(requireKnownRange(rt, dst, dstSpan));
      QIAO_TRY(requireKnownRange(rt, src, srcSpan));
    }
    return Status::ok();
  }();
  if (!checked)
    return checked.error();
  const qiaoDriverTable *driver = rt.driver;
  const qiaoDrvCopyDirection direction = copyDirection(rt, dst, src);
  return StreamWork(
      [driver, dst, dpitch, src, spitch, width, height, direction](qiaoDrvQueue queue) {
        return driver->enqueueCopy2D(queue, dst, dpitch, src, spitch, width, height, direction);
      });
}

Expected<StreamWork> qiao::rt::copy3DWork(Runtime &rt, const qiaoMemcpy3DParms *in) {
  if (in == nullptr)
    return Error{qiaoErrorInvalidValue, "no copy parameters"};
  qiaoMemcpy3DParms pitched;
  if (Status s = arraysAsPitched(rt, *in, pitched); !s)
    return s.error();
  const qiaoMemcpy3DParms *p = &pitched;
  const qiaoExtent &e = p->extent;
  if (e.width == 0 || e.height == 0 || e.depth == 0)
    return StreamWork();
  for (const auto *side : {&p->srcPtr, &p->dstPtr})
    if (side->ptr == nullptr)
      return Error{qiaoErrorInvalidValue, "null copy side"};
  if (p->srcPos.x + e.width > p->srcPtr.pitch || p->dstPos.x + e.width > p->dstPtr.pitch)
    return Error{qiaoErrorInvalidPitchValue, "a row runs past its pitch"};
  // Slices are ysize rows apart, so a copy of several slices must fit its rows inside ysize.
  if (e.depth > 1 &&
      (p->srcPos.y + e.height > p->srcPtr.ysize || p->dstPos.y + e.height > p->dstPtr.ysize))
    return Error{qiaoErrorInvalidValue, "rows run past a slice"};
  std::vector<StreamWork> slices;
  for (size_t z = 0; z < e.depth; ++z) {
    auto work =
        copy2DWork(rt, slice(p->dstPtr, p->dstPos, z), p->dstPtr.pitch,
                   slice(p->srcPtr, p->srcPos, z), p->srcPtr.pitch, e.width, e.height, p->kind);
    if (!work)
      return work.error();
    slices.push_back(std::move(*work));
  }
  if (slices.size() == 1)
    return std::move(slices.front());
  return StreamWork([slices](qiaoDrvQueue queue) {
    for (const StreamWork &work : slices)
      if (qiaoDrvStatus status = work(queue))
        return status;
    return qiaoDrvStatus(0);
  });
}

Status qiao::rt::copy2D(Runtime &rt, void *dst, size_t dpitch, const void *src, size_t spitch,
                        size_t width, size_t height, qiaoMemcpyKind kind, qiaoStream_t stream,
                        bool waitForIt) {
  auto work = copy2DWork(rt, dst, dpitch, src, spitch, width, height, kind);
  if (!work)
    return work.error();
  if (!*work)
    return Status::ok();
  return enqueueWork(rt, stream, waitForIt, std::move(*work), qiaoGraphNodeTypeMemcpy);
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
