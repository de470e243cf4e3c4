// The context switch (FiberSwitch.h) on ucontext, for CPUs without a hand-written one. It pays
// what the x86-64 switch avoids (a sigprocmask system call per switch, a large context).
#include "FiberSwitch.h"

#if !QIAO_FIBER_SWITCH_X86_64
#include <cfenv>
#include <cstdint>

namespace qiao::emu {
namespace {
struct Start {
  FiberEntry entry;
  void *argument;
};

// makecontext passes int arguments only: the Start record's address in two halves.
void startFiber(unsigned high, unsigned low) {
  auto *start = reinterpret_cast<Start *>((uintptr_t(high) << 32) | low);
  // makecontext gives the fiber its creator's floating-point modes; FiberSwitch.h promises the
  // defaults.
  std::fesetenv(FE_DFL_ENV);
  start->entry(start->argument);
  __builtin_trap(); // the entry never returns
}
} // namespace

void fiberPrepare(FiberContext &fiber, void *stackBase, size_t stackBytes, FiberEntry entry,
                  void *argument) {
  // The record lives at the top of the fiber's own stack.
  auto top = (reinterpret_cast<uintptr_t>(stackBase) + stackBytes - sizeof(Start)) & ~uintptr_t(15);
  auto *start = reinterpret_cast<Start *>(top);
  *start = Start{entry, argument};
  getcontext(&fiber.context);
  fiber.context.uc_stack.ss_sp = stackBase;
  fiber.context.uc_stack.ss_size = top - reinterpret_cast<uintptr_t>(stackBase);
  fiber.context.uc_link = nullptr;
  const auto address = reinterpret_cast<uintptr_t>(start);
  makecontext(&fiber.context, reinterpret_cast<void (*)()>(startFiber), 2,
              unsigned(uint64_t(address) >> 32), unsigned(address));
}

void fiberSwitch(FiberContext &from, FiberContext &to) { swapcontext(&from.context, &to.context); }

void fiberJump(FiberContext &to) {
  setcontext(&to.context);
  __builtin_trap();
}

} // namespace qiao::emu
#endif
