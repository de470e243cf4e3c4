// Streams above the seam: resolving public handles (0, qiaoStreamLegacy, qiaoStreamPerThread,
// created streams) to driver queues, and the legacy default stream's implicit ordering.
#pragma once

#include "Runtime.h"

#include <functional>
#include <vector>

namespace qiao::rt {

// The stream a handle names, on the calling thread's current device for the special handles.
// Needs rt.mutex held.
Expected<qiaoStream_st *> resolveStream(Runtime &rt, qiaoStream_t handle);

Expected<qiaoStream_st *> createStream(Runtime &rt, int device, unsigned flags, int priority);
// Removes the stream from the registry (qiaoErrorInvalidResourceHandle when it is not there) and
// frees its queue once its work is done and no call holds it. Call without rt.mutex held.
Status destroyStream(Runtime &rt, qiaoStream_st *stream);

// Streams a call waits on after releasing rt.mutex. Each held stream keeps its queue, even when
// another thread destroys the stream meanwhile; the last hold then destroys it. Destroy (or
// release) without rt.mutex held: that may wait for a closing queue's work.
class StreamHolds {
public:
  explicit StreamHolds(Runtime &rt) : rt_(&rt) {}
  StreamHolds(const StreamHolds &) = delete;
  StreamHolds &operator=(const StreamHolds &) = delete;
  ~StreamHolds() { release(); }

  // Needs rt.mutex held; the stream must not be closing without holds (being destroyed now).
  void hold(qiaoStream_st *stream);
  const std::vector<qiaoStream_st *> &streams() const { return streams_; }
  void release();

private:
  Runtime *rt_;
  std::vector<qiaoStream_st *> streams_;
};

// Work for a stream: enqueues itself on the driver queue it is given, without blocking. `type`
// says what it is for graphs (qiaoGraphNodeTypeKernel, ...). It owns
// what it needs (captures by value), because a capturing stream records it into a graph that may
// replay it on every launch, long after the call that made it returned.
using StreamWork = std::function<qiaoDrvStatus(qiaoDrvQueue)>;

// Queues work on a stream after the implicit waits the legacy stream's rules demand; on a stream
// that is capturing, records it into the graph instead (graph.cpp). Needs rt.mutex held.
Status submit(Runtime &rt, qiaoStream_st *stream, StreamWork work, qiaoGraphNodeType type);

// Resolves a handle and queues work on it; with waitForIt (the synchronous calls) returns only
// once that work and everything before it on the stream is done, which a capturing stream
// refuses (qiaoErrorStreamCaptureUnsupported, invalidating the capture). Takes rt.mutex itself.
Status enqueueWork(Runtime &rt, qiaoStream_t handle, bool waitForIt, StreamWork work,
                   qiaoGraphNodeType type);

// Work that copies count bytes (a copy call, a symbol copy, a graph's memcpy node).
StreamWork copyWork(Runtime &rt, void *dst, const void *src, size_t count);

// Waits for a stream's work; call without rt.mutex held.
Status synchronizeQueue(Runtime &rt, int device, qiaoDrvQueue queue);
// Resolves a handle and waits for its work (qiaoStreamSynchronize); a capturing stream refuses.
// Takes rt.mutex itself.
Status synchronizeStream(Runtime &rt, qiaoStream_t handle);
// Waits for every stream of the device, then destroys retired driver events.
Status synchronizeDevice(Runtime &rt, int device);

// Forgets every stream of the device (the driver dropped their queues in deviceReset); a held
// one closes with its last hold. Needs rt.mutex held.
void forgetDeviceStreams(Runtime &rt, int device);

} // namespace qiao::rt
