// Public event calls.
#include "Streams.h"

using namespace qiao;
using namespace qiao::rt;

namespace {
constexpr unsigned kEventFlags =
    qiaoEventBlockingSync | qiaoEventDisableTiming | qiaoEventInterprocess;

Expected<qiaoEvent_st *> knownEvent(Runtime &rt, qiaoEvent_t event) {
  if (!event || !rt.events.count(event))
    return Error{qiaoErrorInvalidResourceHandle, "unknown event handle"};
  return event;
}

// Frees a destroyed event that nothing waits on. CUDA lets an event be destroyed while queued
// work still refers to it (a pending record, or a wait in some stream): its driver event then
// lives until the device is idle (Streams.h, synchronizeDevice). Needs rt.mutex held.
void releaseEvent(Runtime &rt, qiaoEvent_st *event) {
  bool pending = event->recorded && rt.driver->eventQuery(event->event) != qiaoSuccess;
  if (pending || event->waitedOn)
    rt.retiredEvents.emplace_back(event->device, event->event);
  else
    (void)rt.driver->eventDestroy(event->event);
  delete event;
}
} // namespace

extern "C" qiaoError_t qiaoEventCreateWithFlags(qiaoEvent_t *event, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(event != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE((flags & ~kEventFlags) == 0, qiaoErrorInvalidValue);
    // An interprocess event must also disable timing (CUDA's rule).
    QIAO_REQUIRE(!(flags & qiaoEventInterprocess) || (flags & qiaoEventDisableTiming),
                 qiaoErrorInvalidValue);
    auto *created = new qiaoEvent_st();
    created->device = currentDevice();
    created->flags = flags;
    if (Status s = fromDriver(rt.driver->eventCreate(flags, &created->event), created->device,
                              "eventCreate");
        !s) {
      delete created;
      return s;
    }
    std::lock_guard lock(rt.mutex);
    rt.events.insert(created);
    *event = created;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoEventCreate(qiaoEvent_t *event) {
  return qiaoEventCreateWithFlags(event, qiaoEventDefault);
}

extern "C" qiaoError_t qiaoEventRecordWithFlags(qiaoEvent_t event, qiaoStream_t stream,
                                                unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(flags == qiaoEventRecordDefault || flags == qiaoEventRecordExternal,
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownEvent(rt, event);
    if (!known)
      return known.error();
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    // An event belongs to the device current at its creation; so must the stream.
    QIAO_REQUIRE((*resolved)->device == event->device, qiaoErrorInvalidResourceHandle);
    // In a capture an ordinary record only marks a point other streams may join at.
    if ((*resolved)->capturing && flags != qiaoEventRecordExternal) {
      event->capturedIn = (*resolved)->capturing;
      return Status::ok();
    }
    event->capturedIn = nullptr;
    const qiaoDriverTable *driver = rt.driver;
    qiaoDrvEvent driverEvent = event->event;
    QIAO_TRY(submit(
        rt, *resolved,
        [driver, driverEvent](qiaoDrvQueue queue) {
          return driver->enqueueEventRecord(queue, driverEvent);
        },
        qiaoGraphNodeTypeEventRecord));
    event->recorded = true;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoEventRecord(qiaoEvent_t event, qiaoStream_t stream) {
  return qiaoEventRecordWithFlags(event, stream, qiaoEventRecordDefault);
}

extern "C" qiaoError_t qiaoEventQuery(qiaoEvent_t event) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownEvent(rt, event);
    if (!known)
      return known.error();
    // CUDA: an event never recorded counts as complete.
    if (!event->recorded)
      return Status::ok();
    return fromDriver(rt.driver->eventQuery(event->event), event->device, "eventQuery");
  });
}

extern "C" qiaoError_t qiaoEventSynchronize(qiaoEvent_t event) {
  return enter([&](Runtime &rt) -> Status {
    qiaoDrvEvent driverEvent = nullptr;
    int device = 0;
    {
      std::lock_guard lock(rt.mutex);
      auto known = knownEvent(rt, event);
      if (!known)
        return known.error();
      if (!event->recorded)
        return Status::ok();
      driverEvent = event->event;
      device = event->device;
      ++event->holds; // another thread may destroy it while this one waits
    }
    Status status =
        fromDriver(rt.driver->eventSynchronize(driverEvent), device, "eventSynchronize");
    std::lock_guard lock(rt.mutex);
    if (--event->holds == 0 && event->destroyed)
      releaseEvent(rt, event);
    return status;
  });
}

extern "C" qiaoError_t qiaoEventElapsedTime(float *ms, qiaoEvent_t start, qiaoEvent_t end) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(ms != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    for (qiaoEvent_t event : {start, end}) {
      auto known = knownEvent(rt, event);
      if (!known)
        return known.error();
      QIAO_REQUIRE(!(event->flags & qiaoEventDisableTiming), qiaoErrorInvalidResourceHandle);
      QIAO_REQUIRE(event->recorded, qiaoErrorInvalidResourceHandle);
    }
    for (qiaoEvent_t event : {start, end})
      QIAO_TRY(fromDriver(rt.driver->eventQuery(event->event), event->device, "eventQuery"));
    return fromDriver(rt.driver->eventElapsed(start->event, end->event, ms), start->device,
                      "eventElapsed");
  });
}

extern "C" qiaoError_t qiaoEventDestroy(qiaoEvent_t event) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownEvent(rt, event);
    if (!known)
      return known.error();
    rt.events.erase(event);
    event->destroyed = true;
    if (event->holds == 0)
      releaseEvent(rt, event); // else the last qiaoEventSynchronize on it does
    return Status::ok();
  });
}
