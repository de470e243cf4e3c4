// The entry points of qiao/qiao_internal.h: what the shims share with the runtime.
#include "Memory.h"

#include <qiao/qiao_internal.h>

#include <atomic>
#include <mutex>
#include <string>

using namespace qiao;
using namespace qiao::rt;

namespace {
std::atomic<bool> gRuntimeApiLoaded{false};
} // namespace

extern "C" qiaoError_t qiaoInternalRecordError(qiaoError_t code, const char *message) {
  if (code == qiaoSuccess)
    return code;
  return finish(fail(code, message ? message : "reported by a CUDA shim"));
}

extern "C" int qiaoInternalIsStickyError(int code) { return isSticky(code) ? 1 : 0; }

extern "C" void qiaoInternalNoteRuntimeApiLoaded(void) { gRuntimeApiLoaded.store(true); }

extern "C" int qiaoInternalRuntimeApiLoaded(void) { return gRuntimeApiLoaded.load() ? 1 : 0; }

extern "C" qiaoError_t qiaoInternalAllocationRange(const void *ptr, void **base, size_t *size) {
  if (!base || !size)
    return qiaoErrorInvalidValue;
  auto loaded = runtime();
  if (!loaded)
    return static_cast<qiaoError_t>(loaded.error().code);
  auto info = pointerInfo(**loaded, ptr);
  if (!info)
    return static_cast<qiaoError_t>(info.error().code);
  *base = reinterpret_cast<void *>(static_cast<uintptr_t>(info->base));
  *size = static_cast<size_t>(info->size);
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoInternalDeviceResetCount(int device, uint64_t *count) {
  if (!count)
    return qiaoErrorInvalidValue;
  auto loaded = runtime();
  if (!loaded)
    return static_cast<qiaoError_t>(loaded.error().code);
  Runtime &rt = **loaded;
  std::lock_guard lock(rt.mutex);
  if (!validDevice(rt, device))
    return qiaoErrorInvalidDevice;
  *count = rt.devices[device].generation;
  return qiaoSuccess;
}
