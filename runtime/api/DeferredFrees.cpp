// Frees that wait for a stream (qiaoFreeAsync): a host function queued on the stream marks the
// allocation due, and the next memory call frees it.
#include "MemPools.h"
#include "Memory.h"
#include "Streams.h"

#include <mutex>
#include <vector>

namespace qiao::rt {
namespace {

struct DeferredFree {
  void *ptr;
  int device;
  uint64_t generation;
};

// Host functions run on the driver's threads and must not call the driver: they only move the
// entry to `due`, and the next memory call frees it.
struct DeferredFrees {
  std::mutex mutex;
  std::vector<DeferredFree *> due;
};

DeferredFrees &deferredFrees() {
  static auto *frees = new DeferredFrees();
  return *frees;
}

void markDue(void *data) {
  auto &frees = deferredFrees();
  std::lock_guard lock(frees.mutex);
  frees.due.push_back(static_cast<DeferredFree *>(data));
}

} // namespace

Status freeWhenReached(Runtime &rt, qiaoStream_t stream, void *ptr) {
  int device = currentDevice();
  auto *entry = new DeferredFree{ptr, device, 0};
  {
    std::lock_guard lock(rt.mutex);
    entry->generation = rt.devices[device].generation;
  }
  const qiaoDriverTable *driver = rt.driver;
  Status status = enqueueWork(
      rt, stream, false,
      [driver, entry](qiaoDrvQueue queue) { return driver->enqueueHostFn(queue, markDue, entry); },
      qiaoGraphNodeTypeHost);
  if (!status)
    delete entry;
  return status;
}

void releaseDueFrees(Runtime &rt) {
  std::vector<DeferredFree *> due;
  {
    auto &frees = deferredFrees();
    std::lock_guard lock(frees.mutex);
    due.swap(frees.due);
  }
  for (DeferredFree *entry : due) {
    bool current = false;
    {
      std::lock_guard lock(rt.mutex);
      current = rt.devices[entry->device].generation == entry->generation;
    }
    // After a reset the driver already dropped the allocation (and may reuse its address). A
    // pool's block goes back to its pool.
    if (current && !returnToPool(rt, entry->ptr))
      (void)rt.driver->memFree(entry->ptr, QIAO_DRV_MEM_DEVICE);
    delete entry;
  }
}

} // namespace qiao::rt
