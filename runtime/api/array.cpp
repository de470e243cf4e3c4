// CUDA arrays: allocation, queries and copies in and out (offsets and widths in bytes, as CUDA's
// cudaMemcpy2DToArray family takes them). An array is linear device memory here, so every copy is
// a pitched copy with the array's row pitch.
#include "Memory.h"
#include "Streams.h"

#include <memory>

using namespace qiao;
using namespace qiao::rt;

namespace {

Status createArray(Runtime &rt, qiaoArray_t *array, const qiaoChannelFormatDesc *desc,
                   qiaoExtent extent, unsigned flags) {
  QIAO_REQUIRE(array != nullptr && desc != nullptr && extent.width != 0, qiaoErrorInvalidValue);
  // Bits CUDA does not define are a wrong argument; CUDA's own (cubemap 0x04, color attachment
  // 0x20, sparse 0x40, deferred mapping 0x80) that Qiao lacks are not supported.
  QIAO_REQUIRE((flags & ~0xEFu) == 0, qiaoErrorInvalidValue);
  // Surface access and gathers need nothing more of the storage; layered and cubemap arrays do.
  QIAO_REQUIRE((flags & ~unsigned(qiaoArraySurfaceLoadStore | qiaoArrayTextureGather |
                                  qiaoArrayLayered)) == 0,
               qiaoErrorNotSupported);
  // A layered array's depth counts its layers (of 1D or 2D arrays).
  bool layered = (flags & qiaoArrayLayered) != 0;
  QIAO_REQUIRE(!layered || extent.depth != 0, qiaoErrorInvalidValue);
  QIAO_REQUIRE(layered || extent.depth == 0 || extent.height != 0, qiaoErrorInvalidValue);
  unsigned channels = 0;
  QIAO_TRY(channelLayout(*desc, channels));
  auto made = std::make_unique<qiaoArray>();
  made->device = currentDevice();
  made->desc = *desc;
  made->width = extent.width;
  made->height = extent.height;
  made->depth = extent.depth;
  made->flags = flags;
  made->dimensions = extent.depth && !layered ? 3 : extent.height ? 2 : 1;
  made->texelBytes = channels * size_t(desc->x) / 8;
  // Sizes that do not fit 64 bits are more memory than any device has.
  size_t bytes = 0;
  QIAO_REQUIRE(!__builtin_mul_overflow(made->width, made->texelBytes, &made->pitch) &&
                   !__builtin_mul_overflow(made->pitch, made->rows(), &bytes) &&
                   !__builtin_mul_overflow(bytes, made->slices(), &bytes),
               qiaoErrorMemoryAllocation);
  QIAO_TRY(allocate(rt, &made->data, bytes, QIAO_DRV_MEM_DEVICE, 0));
  std::lock_guard lock(rt.mutex);
  rt.arrays.insert(made.get());
  *array = made.release();
  return Status::ok();
}

Expected<qiaoArray *> knownArray(Runtime &rt, qiaoArray_const_t array) {
  std::lock_guard lock(rt.mutex);
  auto *mutableArray = const_cast<qiaoArray *>(array);
  if (array == nullptr || rt.arrays.count(mutableArray) == 0)
    return Error{qiaoErrorInvalidResourceHandle, "not a CUDA array"};
  return mutableArray;
}

// The array bytes a 2D copy at (wOffset bytes, hOffset rows) of width x height touches.
Expected<char *> arrayCorner(Runtime &rt, qiaoArray_const_t array, size_t wOffset, size_t hOffset,
                             size_t width, size_t height) {
  auto known = knownArray(rt, array);
  if (!known)
    return known.error();
  const qiaoArray &a = **known;
  if (wOffset > a.pitch || width > a.pitch - wOffset || hOffset > a.rows() * a.slices() ||
      height > a.rows() * a.slices() - hOffset)
    return Error{qiaoErrorInvalidValue, "copy outside the array"};
  return static_cast<char *>(a.data) + hOffset * a.pitch + wOffset;
}

Status toArray(Runtime &rt, qiaoArray_t dst, size_t wOffset, size_t hOffset, const void *src,
               size_t spitch, size_t width, size_t height, qiaoMemcpyKind kind, qiaoStream_t stream,
               bool waitForIt) {
  QIAO_REQUIRE(width <= spitch || height <= 1, qiaoErrorInvalidPitchValue);
  auto corner = arrayCorner(rt, dst, wOffset, hOffset, width, height);
  if (!corner)
    return corner.error();
  return copy2D(rt, *corner, dst->pitch, src, height > 1 ? spitch : width, width, height, kind,
                stream, waitForIt);
}

Status fromArray(Runtime &rt, void *dst, size_t dpitch, qiaoArray_const_t src, size_t wOffset,
                 size_t hOffset, size_t width, size_t height, qiaoMemcpyKind kind,
                 qiaoStream_t stream, bool waitForIt) {
  QIAO_REQUIRE(width <= dpitch || height <= 1, qiaoErrorInvalidPitchValue);
  auto corner = arrayCorner(rt, src, wOffset, hOffset, width, height);
  if (!corner)
    return corner.error();
  return copy2D(rt, dst, height > 1 ? dpitch : width, *corner, src->pitch, width, height, kind,
                stream, waitForIt);
}

// The deprecated 1D forms copy count bytes from (wOffset, hOffset), running on past the end of
// a row into the next one, as the array's rows lie back to back.
Status linearWithArray(Runtime &rt, qiaoArray_const_t array, size_t wOffset, size_t hOffset,
                       size_t count, char *&at) {
  auto known = knownArray(rt, array);
  if (!known)
    return known.error();
  const qiaoArray &a = **known;
  size_t total = a.pitch * a.rows() * a.slices(), start = 0;
  QIAO_REQUIRE(!__builtin_mul_overflow(hOffset, a.pitch, &start) &&
                   !__builtin_add_overflow(start, wOffset, &start),
               qiaoErrorInvalidValue);
  QIAO_REQUIRE(wOffset <= a.pitch && start <= total && count <= total - start,
               qiaoErrorInvalidValue);
  at = static_cast<char *>(a.data) + start;
  return Status::ok();
}

} // namespace

Status qiao::rt::channelLayout(const qiaoChannelFormatDesc &d, unsigned &channels) {
  QIAO_REQUIRE(d.f == qiaoChannelFormatKindSigned || d.f == qiaoChannelFormatKindUnsigned ||
                   d.f == qiaoChannelFormatKindFloat,
               qiaoErrorInvalidChannelDescriptor);
  QIAO_REQUIRE(d.x == 8 || d.x == 16 || d.x == 32, qiaoErrorInvalidChannelDescriptor);
  QIAO_REQUIRE(d.f != qiaoChannelFormatKindFloat || d.x != 8, qiaoErrorInvalidChannelDescriptor);
  const int bits[4] = {d.x, d.y, d.z, d.w};
  channels = 1;
  while (channels < 4 && bits[channels] != 0)
    ++channels;
  for (unsigned c = 0; c < 4; ++c)
    QIAO_REQUIRE(c < channels ? bits[c] == d.x : bits[c] == 0, qiaoErrorInvalidChannelDescriptor);
  QIAO_REQUIRE(channels != 3, qiaoErrorInvalidChannelDescriptor);
  return Status::ok();
}

extern "C" qiaoChannelFormatDesc qiaoCreateChannelDesc(int x, int y, int z, int w,
                                                       qiaoChannelFormatKind f) {
  return qiaoChannelFormatDesc{x, y, z, w, f};
}

extern "C" qiaoError_t qiaoMallocArray(qiaoArray_t *array, const qiaoChannelFormatDesc *desc,
                                       size_t width, size_t height, unsigned int flags) {
  return enter([&](Runtime &rt) {
    return createArray(rt, array, desc, qiaoExtent{width, height, 0}, flags);
  });
}

extern "C" qiaoError_t qiaoMalloc3DArray(qiaoArray_t *array, const qiaoChannelFormatDesc *desc,
                                         qiaoExtent extent, unsigned int flags) {
  return enter([&](Runtime &rt) { return createArray(rt, array, desc, extent, flags); });
}

extern "C" qiaoError_t qiaoFreeArray(qiaoArray_t array) {
  return enter([&](Runtime &rt) -> Status {
    if (array == nullptr)
      return Status::ok();
    auto known = knownArray(rt, array);
    if (!known)
      return known.error();
    QIAO_TRY(release(rt, array->data, {QIAO_DRV_MEM_DEVICE}));
    std::lock_guard lock(rt.mutex);
    rt.arrays.erase(array);
    delete array;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoArrayGetInfo(qiaoChannelFormatDesc *desc, qiaoExtent *extent,
                                        unsigned int *flags, qiaoArray_t array) {
  return enter([&](Runtime &rt) -> Status {
    auto known = knownArray(rt, array);
    if (!known)
      return known.error();
    if (desc)
      *desc = array->desc;
    if (extent)
      *extent = qiaoExtent{array->width, array->height, array->depth};
    if (flags)
      *flags = array->flags;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoMemcpy2DToArray(qiaoArray_t dst, size_t wOffset, size_t hOffset,
                                           const void *src, size_t spitch, size_t width,
                                           size_t height, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) {
    return toArray(rt, dst, wOffset, hOffset, src, spitch, width, height, kind, nullptr, true);
  });
}

extern "C" qiaoError_t qiaoMemcpy2DToArrayAsync(qiaoArray_t dst, size_t wOffset, size_t hOffset,
                                                const void *src, size_t spitch, size_t width,
                                                size_t height, qiaoMemcpyKind kind,
                                                qiaoStream_t stream) {
  return enter([&](Runtime &rt) {
    return toArray(rt, dst, wOffset, hOffset, src, spitch, width, height, kind, stream, false);
  });
}

extern "C" qiaoError_t qiaoMemcpy2DFromArray(void *dst, size_t dpitch, qiaoArray_const_t src,
                                             size_t wOffset, size_t hOffset, size_t width,
                                             size_t height, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) {
    return fromArray(rt, dst, dpitch, src, wOffset, hOffset, width, height, kind, nullptr, true);
  });
}

extern "C" qiaoError_t qiaoMemcpy2DFromArrayAsync(void *dst, size_t dpitch, qiaoArray_const_t src,
                                                  size_t wOffset, size_t hOffset, size_t width,
                                                  size_t height, qiaoMemcpyKind kind,
                                                  qiaoStream_t stream) {
  return enter([&](Runtime &rt) {
    return fromArray(rt, dst, dpitch, src, wOffset, hOffset, width, height, kind, stream, false);
  });
}

extern "C" qiaoError_t qiaoMemcpyToArray(qiaoArray_t dst, size_t wOffset, size_t hOffset,
                                         const void *src, size_t count, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) -> Status {
    char *at = nullptr;
    QIAO_TRY(linearWithArray(rt, dst, wOffset, hOffset, count, at));
    return copy2D(rt, at, count, src, count, count, 1, kind, nullptr, true);
  });
}

extern "C" qiaoError_t qiaoMemcpyFromArray(void *dst, qiaoArray_const_t src, size_t wOffset,
                                           size_t hOffset, size_t count, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) -> Status {
    char *at = nullptr;
    QIAO_TRY(linearWithArray(rt, src, wOffset, hOffset, count, at));
    return copy2D(rt, dst, count, at, count, count, 1, kind, nullptr, true);
  });
}
