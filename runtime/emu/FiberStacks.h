// Stacks for the fibers of host-compiled kernels: mapped once per host thread and reused by
// every block it runs. Each has an inaccessible guard page below it, so that a fiber overflowing
// its stack faults (FiberBlock.cpp reports the fault) instead of writing into a neighbour. Pages
// are touched only as used: a stack costs address space until a fiber grows into it.
#pragma once

#include <cstddef>
#include <vector>

namespace qiao::emu {

struct FiberStack {
  void *base = nullptr; // the lowest usable byte
  size_t bytes = 0;
};

class FiberStackPool {
public:
  FiberStackPool() = default;
  FiberStackPool(const FiberStackPool &) = delete;
  FiberStackPool &operator=(const FiberStackPool &) = delete;
  ~FiberStackPool();
  // A stack of `bytes` (a multiple of the page size); throws std::bad_alloc when none can be
  // mapped.
  FiberStack take(size_t bytes);
  // Back to the pool; an empty stack is ignored.
  void give(FiberStack stack);

private:
  std::vector<FiberStack> free_;
};

// The calling host thread's pool.
FiberStackPool &threadStackPool();

} // namespace qiao::emu
