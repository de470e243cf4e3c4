// When a stream's queue may go away, and waiting on queues without the runtime lock.
//
// A call that waits (a device or stream synchronize) releases rt.mutex first, so that other
// threads keep working; the queues it waits on are held (StreamHolds) so that a thread that
// destroys one of those streams meanwhile does not pull the queue from under the wait: the handle
// dies at once, the queue with the last hold. Driver events retired while queued work may still
// use them are destroyed only by a device synchronize that saw every queue that could hold such
// work finish.
#include "Graphs.h"
#include "Streams.h"

#include <algorithm>

namespace qiao::rt {
namespace {

// Destroys a closing stream's queue (waiting for its work), then the stream. Its marker event may
// still be waited on by the legacy stream: it retires, as a destroyed event does.
Status closeStream(Runtime &rt, qiaoStream_st *stream) {
  bool queueGone = false;
  {
    std::lock_guard lock(rt.mutex);
    queueGone = stream->queueGone;
  }
  Status status;
  if (!queueGone)
    status = fromDriver(rt.driver->queueDestroy(stream->queue), stream->device, "queueDestroy");
  std::lock_guard lock(rt.mutex);
  rt.closingStreams.erase(stream);
  if (stream->marker && !stream->queueGone)
    rt.retiredEvents.emplace_back(stream->device, stream->marker);
  delete stream;
  return status;
}

// Moves a stream out of the registry into the closing set; true when nothing holds it, so that
// the caller (without rt.mutex) must close it. Needs rt.mutex held.
bool startClosing(Runtime &rt, qiaoStream_st *stream) {
  stream->closing = true;
  rt.closingStreams.insert(stream);
  return stream->holds == 0;
}

} // namespace

void StreamHolds::hold(qiaoStream_st *stream) {
  ++stream->holds;
  streams_.push_back(stream);
}

void StreamHolds::release() {
  if (streams_.empty())
    return;
  std::vector<qiaoStream_st *> unheld;
  {
    std::lock_guard lock(rt_->mutex);
    for (qiaoStream_st *stream : streams_)
      if (--stream->holds == 0 && stream->closing)
        unheld.push_back(stream);
  }
  streams_.clear();
  for (qiaoStream_st *stream : unheld)
    (void)closeStream(*rt_, stream); // its destroyer already returned; nobody to tell
}

Status destroyStream(Runtime &rt, qiaoStream_st *stream) {
  {
    std::lock_guard lock(rt.mutex);
    if (stream == nullptr || rt.streams.erase(stream) == 0)
      return fail(qiaoErrorInvalidResourceHandle, "unknown stream handle");
    if (!startClosing(rt, stream))
      return Status::ok(); // the last hold closes it
  }
  return closeStream(rt, stream);
}

Status synchronizeQueue(Runtime &rt, int device, qiaoDrvQueue queue) {
  return fromDriver(rt.driver->queueSynchronize(queue), device, "queueSynchronize");
}

Status synchronizeStream(Runtime &rt, qiaoStream_t handle) {
  StreamHolds held(rt); // released after the lock below
  {
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, handle);
    if (!resolved)
      return resolved.error();
    if ((*resolved)->capturing)
      return refuseInCapture(rt, *resolved);
    held.hold(*resolved);
  }
  qiaoStream_st *stream = held.streams().front();
  return synchronizeQueue(rt, stream->device, stream->queue);
}

Status synchronizeDevice(Runtime &rt, int device) {
  StreamHolds held(rt); // released after the locks below
  std::vector<qiaoDrvEvent> retired;
  {
    std::lock_guard lock(rt.mutex);
    if (qiaoStream_st *legacy = rt.devices[device].legacy)
      held.hold(legacy);
    for (qiaoStream_st *stream : rt.streams)
      if (stream->device == device)
        held.hold(stream);
    // Work that uses an event retired until now was queued on a queue held here, or on one
    // destroyed already (queueDestroy waited for it), or on a closing one: held too unless it is
    // being destroyed this moment, and then its events wait for a later synchronize.
    bool sawEveryQueue = true;
    for (qiaoStream_st *stream : rt.closingStreams) {
      if (stream->device != device)
        continue;
      if (stream->holds > 0)
        held.hold(stream);
      else
        sawEveryQueue = false;
    }
    if (sawEveryQueue) {
      auto mine = std::stable_partition(rt.retiredEvents.begin(), rt.retiredEvents.end(),
                                        [&](const auto &entry) { return entry.first != device; });
      for (auto it = mine; it != rt.retiredEvents.end(); ++it)
        retired.push_back(it->second);
      rt.retiredEvents.erase(mine, rt.retiredEvents.end());
    }
  }
  Status first;
  for (qiaoStream_st *stream : held.streams())
    if (Status s = synchronizeQueue(rt, device, stream->queue); !s && first)
      first = s;
  held.release();
  if (!first) {
    // The queues did not all finish: the events may still be in use.
    std::lock_guard lock(rt.mutex);
    for (qiaoDrvEvent event : retired)
      rt.retiredEvents.emplace_back(device, event);
    return first;
  }
  for (qiaoDrvEvent event : retired)
    (void)rt.driver->eventDestroy(event);
  return Status::ok();
}

void forgetDeviceStreams(Runtime &rt, int device) {
  std::erase_if(rt.perThreadStreams, [&](auto &entry) { return entry.first.second == device; });
  // A stream some call still holds closes with its last hold, without a queue to destroy.
  auto forget = [&](qiaoStream_st *stream) {
    stream->queueGone = true;
    if (startClosing(rt, stream)) {
      rt.closingStreams.erase(stream);
      delete stream;
    }
  };
  for (auto it = rt.streams.begin(); it != rt.streams.end();) {
    if ((*it)->device == device) {
      forget(*it);
      it = rt.streams.erase(it);
    } else {
      ++it;
    }
  }
  if (rt.devices[device].legacy)
    forget(rt.devices[device].legacy);
  rt.devices[device].legacy = nullptr;
  for (qiaoStream_st *stream : rt.closingStreams)
    if (stream->device == device)
      stream->queueGone = true; // being closed or held: its queue is gone all the same
  std::erase_if(rt.retiredEvents, [&](auto &entry) { return entry.first == device; });
}

} // namespace qiao::rt
