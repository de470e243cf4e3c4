#include "FiberStacks.h"

#include <sys/mman.h>

#include <new>

namespace qiao::emu {
namespace {

constexpr size_t kGuardBytes = 4096;

void unmap(const FiberStack &s) {
  munmap(static_cast<char *>(s.base) - kGuardBytes, s.bytes + kGuardBytes);
}

} // namespace

FiberStackPool::~FiberStackPool() {
  for (FiberStack &s : free_)
    unmap(s);
}

FiberStack FiberStackPool::take(size_t bytes) {
  while (!free_.empty()) {
    FiberStack s = free_.back();
    free_.pop_back();
    if (s.bytes == bytes)
      return s;
    unmap(s); // a launch with another stack limit: its size is the one in use from now on
  }
  void *mapped = mmap(nullptr, bytes + kGuardBytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (mapped == MAP_FAILED)
    throw std::bad_alloc();
  if (mprotect(mapped, kGuardBytes, PROT_NONE) != 0) {
    munmap(mapped, bytes + kGuardBytes);
    throw std::bad_alloc();
  }
  return FiberStack{static_cast<char *>(mapped) + kGuardBytes, bytes};
}

void FiberStackPool::give(FiberStack stack) {
  if (stack.base)
    free_.push_back(stack);
}

FiberStackPool &threadStackPool() {
  thread_local FiberStackPool pool;
  return pool;
}

} // namespace qiao::emu
