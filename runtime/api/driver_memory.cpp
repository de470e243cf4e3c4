// Driver-style allocation calls: device memory named by integer addresses (qiaoDeviceptr_t), as
// cuMemAlloc, cuMemFree and their managed, stream-ordered and mapped forms name it.
#include "Contexts.h"

using namespace qiao;
using namespace qiao::rt;

namespace {

// Allocates through a runtime call that returns a pointer, handing the address back.
template <class Allocate> qiaoError_t allocateAddress(qiaoDeviceptr_t *dptr, Allocate &&allocate) {
  return driverCall([&] {
    void *pointer = nullptr;
    qiaoError_t error = allocate(&pointer);
    if (error == qiaoSuccess)
      *dptr = toDeviceptr(pointer);
    return error;
  });
}

qiaoError_t rejectEmpty(qiaoDeviceptr_t *dptr, size_t bytes) {
  if (dptr == nullptr || bytes == 0)
    return finish(fail(qiaoErrorInvalidValue, "dptr is NULL or the size is 0"));
  return qiaoSuccess;
}

} // namespace

extern "C" qiaoError_t qiaoMemAlloc(qiaoDeviceptr_t *dptr, size_t bytes) {
  if (qiaoError_t error = rejectEmpty(dptr, bytes))
    return error;
  return allocateAddress(dptr, [&](void **p) { return qiaoMalloc(p, bytes); });
}

extern "C" qiaoError_t qiaoMemAllocManaged(qiaoDeviceptr_t *dptr, size_t bytes,
                                           unsigned int flags) {
  if (qiaoError_t error = rejectEmpty(dptr, bytes))
    return error;
  return allocateAddress(dptr, [&](void **p) { return qiaoMallocManaged(p, bytes, flags); });
}

extern "C" qiaoError_t qiaoMemAllocAsync(qiaoDeviceptr_t *dptr, size_t bytes, qiaoStream_t stream) {
  if (dptr == nullptr)
    return finish(fail(qiaoErrorInvalidValue, "dptr is NULL"));
  return allocateAddress(dptr, [&](void **p) { return qiaoMallocAsync(p, bytes, stream); });
}

extern "C" qiaoError_t qiaoMemHostGetDevicePointer(qiaoDeviceptr_t *dptr, void *host,
                                                   unsigned int flags) {
  if (dptr == nullptr)
    return finish(fail(qiaoErrorInvalidValue, "dptr is NULL"));
  return allocateAddress(dptr, [&](void **p) { return qiaoHostGetDevicePointer(p, host, flags); });
}

extern "C" qiaoError_t qiaoMemFree(qiaoDeviceptr_t dptr) {
  return driverCall([&] { return qiaoFree(toPointer(dptr)); });
}

extern "C" qiaoError_t qiaoMemFreeAsync(qiaoDeviceptr_t dptr, qiaoStream_t stream) {
  return driverCall([&] { return qiaoFreeAsync(toPointer(dptr), stream); });
}

extern "C" qiaoError_t qiaoDrvMemPrefetchAsync(qiaoDeviceptr_t dptr, size_t count,
                                               qiaoMemLocation location, unsigned int flags,
                                               qiaoStream_t stream) {
  return driverCall(
      [&] { return qiaoMemPrefetchAsync(toPointer(dptr), count, location, flags, stream); });
}

extern "C" qiaoError_t qiaoDrvMemAdvise(qiaoDeviceptr_t dptr, size_t count, qiaoMemoryAdvise advice,
                                        qiaoMemLocation location) {
  return driverCall([&] { return qiaoMemAdvise(toPointer(dptr), count, advice, location); });
}

extern "C" qiaoError_t qiaoDrvModuleGetGlobal(qiaoDeviceptr_t *dptr, size_t *bytes,
                                              qiaoModule_t module, const char *name) {
  return driverCall([&] {
    void *pointer = nullptr;
    qiaoError_t error = qiaoModuleGetGlobal(dptr ? &pointer : nullptr, bytes, module, name);
    if (error == qiaoSuccess && dptr)
      *dptr = toDeviceptr(pointer);
    return error;
  });
}
