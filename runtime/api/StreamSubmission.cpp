// Streams above the seam: resolving handles to driver queues, the legacy default stream's implicit
// ordering, and submitting work (Streams.h).
#include "Streams.h"

#include "Graphs.h"
#include "Memory.h"

#include <map>
#include <memory>

namespace qiao::rt {
namespace {

bool isBlocking(const qiaoStream_st *stream) { return !(stream->flags & qiaoStreamNonBlocking); }

// Frees the calling thread's per-thread default streams when the thread ends.
struct PerThreadStreamsGuard {
  ~PerThreadStreamsGuard() {
    auto rt = runtime();
    if (!rt)
      return;
    std::vector<qiaoStream_st *> mine;
    {
      std::lock_guard lock((*rt)->mutex);
      auto &table = (*rt)->perThreadStreams;
      for (auto it = table.begin(); it != table.end();) {
        if (it->first.first == std::this_thread::get_id()) {
          mine.push_back(it->second);
          it = table.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (qiaoStream_st *stream : mine)
      (void)destroyStream(**rt, stream);
  }
};

Expected<qiaoStream_st *> legacyStream(Runtime &rt, int device) {
  Device &dev = rt.devices[device];
  if (!dev.legacy) {
    auto *stream = new qiaoStream_st();
    stream->device = device;
    stream->legacy = true;
    if (Status s = fromDriver(rt.driver->queueCreate(device, 0, 0, &stream->queue), device,
                              "queueCreate for the legacy stream");
        !s) {
      delete stream;
      return s.error();
    }
    dev.legacy = stream;
  }
  return dev.legacy;
}

// Makes `stream`'s marker event stand for all the work queued on it so far.
Status markCurrentWork(Runtime &rt, qiaoStream_st *stream) {
  if (!stream->marker) {
    QIAO_TRY(fromDriver(rt.driver->eventCreate(qiaoEventDisableTiming, &stream->marker),
                        stream->device, "eventCreate for a stream marker"));
    stream->markerAt = ~uint64_t(0);
  }
  if (stream->markerAt != stream->submitted) {
    QIAO_TRY(fromDriver(rt.driver->enqueueEventRecord(stream->queue, stream->marker),
                        stream->device, "enqueueEventRecord of a stream marker"));
    stream->markerAt = stream->submitted;
  }
  return Status::ok();
}

// The legacy stream waits for all earlier work of the device's blocking streams; a blocking
// stream waits for all earlier work of the legacy stream. Each wait is queued only when there is
// new work to wait for. Relies on a queued event wait seeing the record made before it, not a
// later re-record (CUDA's cudaStreamWaitEvent semantics, which the seam's events share).
Status addImplicitWaits(Runtime &rt, qiaoStream_st *stream) {
  if (stream->legacy) {
    for (qiaoStream_st *other : rt.streams) {
      if (other->device != stream->device || !isBlocking(other) ||
          other->submitted == other->joinedIntoLegacy)
        continue;
      QIAO_TRY(markCurrentWork(rt, other));
      QIAO_TRY(fromDriver(rt.driver->enqueueEventWait(stream->queue, other->marker), stream->device,
                          "enqueueEventWait on the legacy stream"));
      other->joinedIntoLegacy = other->submitted;
    }
    return Status::ok();
  }
  qiaoStream_st *legacy = rt.devices[stream->device].legacy;
  if (!isBlocking(stream) || !legacy || legacy->submitted == stream->legacySeen)
    return Status::ok();
  QIAO_TRY(markCurrentWork(rt, legacy));
  QIAO_TRY(fromDriver(rt.driver->enqueueEventWait(stream->queue, legacy->marker), stream->device,
                      "enqueueEventWait after the legacy stream"));
  stream->legacySeen = legacy->submitted;
  return Status::ok();
}

} // namespace

Expected<qiaoStream_st *> createStream(Runtime &rt, int device, unsigned flags, int priority) {
  auto *stream = new qiaoStream_st();
  stream->device = device;
  stream->flags = flags;
  stream->priority = priority;
  if (Status s = fromDriver(rt.driver->queueCreate(device, flags, priority, &stream->queue), device,
                            "queueCreate");
      !s) {
    delete stream;
    return s.error();
  }
  // A new stream has nothing to order before legacy work queued from now on, but must follow
  // legacy work queued before it.
  rt.streams.insert(stream);
  return stream;
}

Expected<qiaoStream_st *> resolveStream(Runtime &rt, qiaoStream_t handle) {
  int device = currentDevice();
  if (handle == nullptr || handle == qiaoStreamLegacy)
    return legacyStream(rt, device);
  if (handle == qiaoStreamPerThread) {
    thread_local PerThreadStreamsGuard guard;
    (void)guard;
    qiaoStream_st *&stream = rt.perThreadStreams[{std::this_thread::get_id(), device}];
    if (!stream) {
      auto created = createStream(rt, device, qiaoStreamDefault, 0);
      if (!created) {
        rt.perThreadStreams.erase({std::this_thread::get_id(), device});
        return created.error();
      }
      stream = *created;
    }
    return stream;
  }
  if (!rt.streams.count(handle))
    return Error{qiaoErrorInvalidResourceHandle, "unknown stream handle"};
  return handle;
}

Status submit(Runtime &rt, qiaoStream_st *stream, StreamWork work, qiaoGraphNodeType type) {
  if (stream->capturing)
    return recordIntoCapture(rt, stream, std::move(work), type);
  QIAO_TRY(addImplicitWaits(rt, stream));
  QIAO_TRY(fromDriver(work(stream->queue), stream->device, "enqueue"));
  ++stream->submitted;
  return Status::ok();
}

Status enqueueWork(Runtime &rt, qiaoStream_t handle, bool waitForIt, StreamWork work,
                   qiaoGraphNodeType type) {
  StreamHolds held(rt); // released after the lock below
  {
    std::lock_guard lock(rt.mutex);
    auto stream = resolveStream(rt, handle);
    if (!stream)
      return stream.error();
    if (waitForIt && (*stream)->capturing)
      return refuseInCapture(rt, *stream);
    QIAO_TRY(submit(rt, *stream, std::move(work), type));
    if (!waitForIt)
      return Status::ok();
    held.hold(*stream);
  }
  qiaoStream_st *stream = held.streams().front();
  return synchronizeQueue(rt, stream->device, stream->queue);
}

StreamWork copyWork(Runtime &rt, void *dst, const void *src, size_t count) {
  const qiaoDriverTable *driver = rt.driver;
  const qiaoDrvCopyDirection direction = copyDirection(rt, dst, src);
  return [driver, dst, src, count, direction](qiaoDrvQueue queue) {
    return driver->enqueueCopy(queue, dst, src, count, direction);
  };
}

} // namespace qiao::rt
