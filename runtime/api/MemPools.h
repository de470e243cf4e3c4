// Stream-ordered memory pools above the seam (mempool.cpp): what a pool holds, and the calls the
// allocation and free paths use. A pool's allocations are driver allocations of its device; a
// block freed in stream order comes back to its pool, which keeps it for a later allocation of
// its size until the pool reserves more than its release threshold.
#pragma once

#include "Runtime.h"

#include <map>

struct qiaoMemPool_st {
  int device = 0;
  uint64_t generation = 0; // the device's reset count its blocks belong to
  bool destroyed = false;  // its handle is gone; it goes away with its last allocation
  size_t maxSize = 0;      // 0: no limit of its own
  uint64_t releaseThreshold = 0;
  int reuseFollowEventDependencies = 1;
  int reuseAllowOpportunistic = 1;
  int reuseAllowInternalDependencies = 1;
  uint64_t reserved = 0, reservedHigh = 0; // bytes the pool holds, in use or idle
  uint64_t used = 0, usedHigh = 0;         // bytes handed out and not yet back
  std::multimap<size_t, void *> idle;      // blocks back in the pool, by size
};

namespace qiao::rt {

// The pool qiaoMallocAsync uses on `device` (its current one, by default its default one).
// Needs rt.mutex held.
qiaoMemPool_st *currentPool(Runtime &rt, int device);
// Allocates `bytes` bytes from `pool` (a 0-byte request yields nullptr).
Status allocateFromPool(Runtime &rt, qiaoMemPool_st *pool, size_t bytes, void **ptr);
// When ptr is a block a pool handed out: gives it back and returns true. Call without rt.mutex.
bool returnToPool(Runtime &rt, void *ptr);
// Whether ptr is a block a pool handed out. Needs rt.mutex held.
bool isPoolBlock(Runtime &rt, void *ptr);
// Whether ptr is a block back in its pool (freed already). Needs rt.mutex held.
bool isIdlePoolBlock(Runtime &rt, void *ptr);

} // namespace qiao::rt
