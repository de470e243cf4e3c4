// isspacep in the kir test driver (`qiao.isspacep.*`): which state space a generic address lies
// in, as the emulated device answers it. The block's shared window is the host launch's dynamic
// shared memory; a thread's local memory is its frames' allocas, on its fiber's stack between the
// kernel's entry and the caller; global (and constant) memory is an allocation of the emulated
// device that is neither.
#include "KernelIrHost.h"

#include <cstdint>

namespace qiao::kirdriver {
namespace {

bool isShared(const void *p) {
  const qiaoDrvHostThread &t = *currentThread().thread;
  auto begin = reinterpret_cast<uintptr_t>(t.dynamicShared);
  auto at = reinterpret_cast<uintptr_t>(p);
  return at >= begin && at - begin < t.dynamicSharedBytes;
}

// Called from kernel code, so the kernel's frames lie between this frame and the stack top.
__attribute__((noinline)) bool isLocal(const void *p) {
  auto at = reinterpret_cast<uintptr_t>(p);
  return at >= reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) &&
         at < reinterpret_cast<uintptr_t>(currentThread().stackTop);
}

bool isGlobal(const void *p) {
  if (isShared(p) || isLocal(p))
    return false;
  qiaoDrvPointerInfo info{};
  info.structSize = sizeof info;
  return emuDriver().pointerInfo(p, &info) == qiaoDrvSuccess;
}

// The parameter space answers true for every address, as on the emulated device.
bool isParam(const void *) { return true; }

template <class F> void *address(F *f) { return reinterpret_cast<void *>(f); }

} // namespace

bool inSharedWindow(const void *p) { return isShared(p); }
bool inThreadLocal(const void *p) { return isLocal(p); }

void addSpaceIntrinsics(std::vector<std::pair<std::string, void *>> &out) {
  out.insert(out.end(), {
                            {"qiao.isspacep.global", address(isGlobal)},
                            {"qiao.isspacep.const", address(isGlobal)},
                            {"qiao.isspacep.shared", address(isShared)},
                            {"qiao.isspacep.local", address(isLocal)},
                            {"qiao.isspacep.param", address(isParam)},
                        });
}

} // namespace qiao::kirdriver
