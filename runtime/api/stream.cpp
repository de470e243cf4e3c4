// Public stream calls.
#include "Graphs.h"
#include "Streams.h"

#include <algorithm>

using namespace qiao;
using namespace qiao::rt;

namespace {
// CUDA's range on current GPUs: 0 is the least priority, -5 the greatest.
constexpr int kLeastPriority = 0;
constexpr int kGreatestPriority = -5;

struct StreamCallback {
  qiaoStreamCallback_t callback;
  qiaoStream_t stream;
  void *userData;
};

void runStreamCallback(void *data) {
  auto *call = static_cast<StreamCallback *>(data);
  call->callback(call->stream, qiaoSuccess, call->userData);
  delete call;
}
} // namespace

extern "C" qiaoError_t qiaoDeviceGetStreamPriorityRange(int *leastPriority, int *greatestPriority) {
  return enter([&](Runtime &) {
    if (leastPriority)
      *leastPriority = kLeastPriority;
    if (greatestPriority)
      *greatestPriority = kGreatestPriority;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoStreamCreateWithPriority(qiaoStream_t *pStream, unsigned int flags,
                                                    int priority) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pStream != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(flags == qiaoStreamDefault || flags == qiaoStreamNonBlocking,
                 qiaoErrorInvalidValue);
    // As CUDA: a priority outside the range is clamped to it.
    priority = std::min(kLeastPriority, std::max(kGreatestPriority, priority));
    std::lock_guard lock(rt.mutex);
    auto stream = createStream(rt, currentDevice(), flags, priority);
    if (!stream)
      return stream.error();
    *pStream = *stream;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoStreamCreateWithFlags(qiaoStream_t *pStream, unsigned int flags) {
  return qiaoStreamCreateWithPriority(pStream, flags, kLeastPriority);
}

extern "C" qiaoError_t qiaoStreamCreate(qiaoStream_t *pStream) {
  return qiaoStreamCreateWithPriority(pStream, qiaoStreamDefault, kLeastPriority);
}

extern "C" qiaoError_t qiaoStreamDestroy(qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    {
      std::lock_guard lock(rt.mutex);
      // The default streams are no handles the program may destroy.
      for (auto &[key, perThread] : rt.perThreadStreams)
        QIAO_REQUIRE(perThread != stream, qiaoErrorInvalidResourceHandle);
    }
    return destroyStream(rt, stream);
  });
}

extern "C" qiaoError_t qiaoStreamQuery(qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    if ((*resolved)->capturing)
      return refuseInCapture(rt, *resolved);
    return fromDriver(rt.driver->queueQuery((*resolved)->queue), (*resolved)->device, "queueQuery");
  });
}

extern "C" qiaoError_t qiaoStreamSynchronize(qiaoStream_t stream) {
  return enter([&](Runtime &rt) { return synchronizeStream(rt, stream); });
}

extern "C" qiaoError_t qiaoStreamWaitEvent(qiaoStream_t stream, qiaoEvent_t event,
                                           unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags == qiaoEventWaitDefault || flags == qiaoEventWaitExternal,
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    QIAO_REQUIRE(event != nullptr && rt.events.count(event) != 0, qiaoErrorInvalidResourceHandle);
    // An event recorded in a capture orders work inside the graph: the waiting stream joins it.
    if (event->capturedIn)
      return joinCapture(rt, *resolved, event->capturedIn);
    // Waiting on an event never recorded waits for nothing.
    if (!event->recorded)
      return Status::ok();
    qiaoDrvEvent driverEvent = event->event;
    event->waitedOn = true;
    const qiaoDriverTable *driver = rt.driver;
    return submit(
        rt, *resolved,
        [driver, driverEvent](qiaoDrvQueue queue) {
          return driver->enqueueEventWait(queue, driverEvent);
        },
        qiaoGraphNodeTypeWaitEvent);
  });
}

extern "C" qiaoError_t qiaoLaunchHostFunc(qiaoStream_t stream, qiaoHostFn_t fn, void *userData) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(fn != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    const qiaoDriverTable *driver = rt.driver;
    return submit(
        rt, *resolved,
        [driver, fn, userData](qiaoDrvQueue queue) {
          return driver->enqueueHostFn(queue, fn, userData);
        },
        qiaoGraphNodeTypeHost);
  });
}

extern "C" qiaoError_t qiaoStreamAddCallback(qiaoStream_t stream, qiaoStreamCallback_t callback,
                                             void *userData, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(callback != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(flags == 0, qiaoErrorInvalidValue); // reserved, must be 0
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    // Not allowed in a capture (CUDA: use qiaoLaunchHostFunc there).
    if ((*resolved)->capturing)
      return refuseInCapture(rt, *resolved);
    const qiaoDriverTable *driver = rt.driver;
    return submit(
        rt, *resolved,
        [driver, callback, stream, userData](qiaoDrvQueue queue) {
          auto *call = new StreamCallback{callback, stream, userData};
          qiaoDrvStatus status = driver->enqueueHostFn(queue, runStreamCallback, call);
          if (status != 0)
            delete call;
          return status;
        },
        qiaoGraphNodeTypeHost);
  });
}

extern "C" qiaoError_t qiaoStreamGetFlags(qiaoStream_t stream, unsigned int *flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    *flags = (*resolved)->flags;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoStreamAttachMemAsync(qiaoStream_t stream, void *devPtr, size_t,
                                                unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(devPtr != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(flags == qiaoMemAttachGlobal || flags == qiaoMemAttachHost ||
                     flags == qiaoMemAttachSingle,
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoStreamGetPriority(qiaoStream_t stream, int *priority) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(priority != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    *priority = (*resolved)->priority;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoStreamGetDevice(qiaoStream_t stream, int *device) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(device != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    // The default streams resolve to the current device's, so they answer the current device.
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    *device = (*resolved)->device;
    return Status::ok();
  });
}
