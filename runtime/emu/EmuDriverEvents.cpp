// Entry points: events.
#include "EmuEntryPoints.h"
#include "EmuPlatform.h"

#include <chrono>

namespace qiao::emu::entry {

qiaoDrvStatus eventCreate(uint32_t flags, qiaoDrvEvent *event) {
  if (!event || (flags & ~EmuEvent::kKnownFlags) != 0)
    return errc::qiaoErrorInvalidValue;
  // cudaEventInterprocess requires cudaEventDisableTiming.
  if ((flags & EmuEvent::kInterprocess) && !(flags & EmuEvent::kDisableTiming))
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    auto created = std::make_shared<EmuEvent>(flags);
    auto *handle = reinterpret_cast<qiaoDrvEvent>(created.get());
    EmuPlatform::instance().events.add(handle, std::move(created));
    *event = handle;
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus eventDestroy(qiaoDrvEvent event) {
  // Pending records stay alive in their queues; cudaEventDestroy does not wait for them.
  return guarded([&] {
    return EmuPlatform::instance().events.remove(event) ? errc::qiaoSuccess
                                                        : errc::qiaoErrorInvalidResourceHandle;
  });
}

qiaoDrvStatus eventQuery(qiaoDrvEvent event) {
  return guarded([&] {
    auto found = EmuPlatform::instance().events.find(event);
    if (!found)
      return int(errc::qiaoErrorInvalidResourceHandle);
    auto record = found->latest();
    if (!record)
      return int(errc::qiaoSuccess); // never recorded: cudaEventQuery reports success
    return record->done() ? record->status() : int(errc::qiaoErrorNotReady);
  });
}

qiaoDrvStatus eventSynchronize(qiaoDrvEvent event) {
  return guarded([&] {
    auto found = EmuPlatform::instance().events.find(event);
    if (!found)
      return int(errc::qiaoErrorInvalidResourceHandle);
    auto record = found->latest();
    if (!record)
      return int(errc::qiaoSuccess);
    record->wait();
    EmuPlatform::instance().flushPrintf();
    return record->status();
  });
}

// cudaEventElapsedTime: DisableTiming on either event or a never-recorded event is an invalid
// handle; a recorded but incomplete one is NotReady.
qiaoDrvStatus eventElapsed(qiaoDrvEvent start, qiaoDrvEvent end, float *ms) {
  if (!ms)
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    EmuPlatform &platform = EmuPlatform::instance();
    auto first = platform.events.find(start);
    auto last = platform.events.find(end);
    if (!first || !last || !first->timed() || !last->timed())
      return int(errc::qiaoErrorInvalidResourceHandle);
    auto from = first->latest();
    auto to = last->latest();
    if (!from || !to)
      return int(errc::qiaoErrorInvalidResourceHandle);
    if (!from->done() || !to->done())
      return int(errc::qiaoErrorNotReady);
    if (from->status() != 0)
      return from->status();
    if (to->status() != 0)
      return to->status();
    const std::chrono::duration<double, std::milli> elapsed = to->timestamp() - from->timestamp();
    *ms = float(elapsed.count());
    return int(errc::qiaoSuccess);
  });
}

} // namespace qiao::emu::entry
