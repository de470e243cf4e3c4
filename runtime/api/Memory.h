// Helpers shared by the memory calls: what the driver knows about a pointer (PointerChecks.cpp),
// and frees that wait for a stream (DeferredFrees.cpp).
#pragma once

#include "Runtime.h"
#include "Streams.h"

#include <initializer_list>

namespace qiao::rt {

// The allocation holding ptr, or an error when the driver knows none.
Expected<qiaoDrvPointerInfo> pointerInfo(Runtime &rt, const void *ptr);

// [ptr, ptr+bytes) must lie inside one allocation the device can address.
Status requireDeviceRange(Runtime &rt, const void *ptr, size_t bytes);

// The bytes a pitched region of `height` rows (at least 1) of `width` bytes touches, saturated at
// SIZE_MAX so that a huge pitch or height cannot wrap into a small span that passes a range check.
size_t pitchedSpan(size_t pitch, size_t width, size_t height);

// For qiaoMemcpyDefault, which names no side: [ptr, ptr+bytes) must fit the allocation that
// holds ptr when the runtime knows one (device, managed, pinned or registered memory); any other
// address is pageable host memory and passes.
Status requireKnownRange(Runtime &rt, const void *ptr, size_t bytes);

// Which side each end of a copy lies on, as the driver is told (driver.h: qiaoDrvCopyDirection):
// device memory and managed memory are the device's; anything else is host memory.
qiaoDrvCopyDirection copyDirection(Runtime &rt, const void *dst, const void *src);

// Checks a copy's kind against its pointers as CUDA does: an unknown kind is
// qiaoErrorInvalidMemcpyDirection; a side the kind calls "device" must be device-addressable.
Status checkCopy(Runtime &rt, void *dst, const void *src, size_t bytes, qiaoMemcpyKind kind);

// Allocates memory of `kind` on the current device; a 0-byte request yields nullptr.
Status allocate(Runtime &rt, void **ptr, size_t size, qiaoDrvMemKind kind, unsigned flags);
// Frees an allocation of one of `kinds`; CUDA waits for the device before memory goes away,
// and a kernel still running must never touch freed host memory.
Status release(Runtime &rt, void *ptr, std::initializer_list<qiaoDrvMemKind> kinds);

// A pitched copy of width bytes x height rows, checked as cudaMemcpy2D checks it (copy.cpp);
// synchronous with waitForIt.
Status copy2D(Runtime &rt, void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
              size_t height, qiaoMemcpyKind kind, qiaoStream_t stream, bool waitForIt);

// The work of a pitched copy (empty when it copies nothing) and of a 3D copy (each slice in
// turn), checked as qiaoMemcpy2D and qiaoMemcpy3D check them: for streams and graph nodes.
Expected<StreamWork> copy2DWork(Runtime &rt, void *dst, size_t dpitch, const void *src,
                                size_t spitch, size_t width, size_t height, qiaoMemcpyKind kind);
Expected<StreamWork> copy3DWork(Runtime &rt, const qiaoMemcpy3DParms *p);

// The channels of a CUDA array or texture format: 1, 2 or 4 channels, all of 8, 16 or 32 bits
// (16-bit floats are half); qiaoErrorInvalidChannelDescriptor otherwise (array.cpp).
Status channelLayout(const qiaoChannelFormatDesc &desc, unsigned &channels);

// Frees ptr once `stream` reaches this point.
Status freeWhenReached(Runtime &rt, qiaoStream_t stream, void *ptr);
// Frees what freeWhenReached made due; cheap when there is nothing.
void releaseDueFrees(Runtime &rt);

} // namespace qiao::rt
