// A user-space context switch for the fibers of host-compiled kernels (FiberBlock.cpp).
//
// glibc's swapcontext saves and restores the signal mask with a system call on every switch and
// its ucontext_t is 968 bytes; a fiber of a kernel thread needs neither. On x86-64 a switch
// saves the SysV callee-saved registers (rbx, rbp, r12-r15), MXCSR and the x87 control word on
// the fiber's own stack and swaps stack pointers (FiberSwitchX86_64.cpp): a context is one
// pointer. Elsewhere the same interface sits on ucontext (FiberSwitchPortable.cpp), which a
// build may also choose on x86-64 with QIAO_FIBER_UCONTEXT (its tests do).
//
// A fiber's entry function must never return: it ends by switching away for good. C++
// exceptions do not cross fibers: the first frame of a fiber has no caller for the unwinder, so
// an exception that leaves the entry function calls std::terminate; the entry function catches
// what it must. Signal masks are not switched: every fiber of a host thread shares its mask.
#pragma once

#include <cstddef>

#if defined(__x86_64__) && !defined(QIAO_FIBER_UCONTEXT)
#define QIAO_FIBER_SWITCH_X86_64 1
#else
#define QIAO_FIBER_SWITCH_X86_64 0
#include <ucontext.h>
#endif

namespace qiao::emu {

#if QIAO_FIBER_SWITCH_X86_64
struct FiberContext {
  void *stackPointer = nullptr; // where the suspended side's registers were pushed
};
#else
struct FiberContext {
  ucontext_t context;
};
#endif

using FiberEntry = void (*)(void *argument);

// Makes `fiber` a context that, when switched to, runs entry(argument) on the stack
// [stackBase, stackBase + stackBytes) in the default floating-point environment (rounding to
// nearest, exceptions masked: MXCSR and the x87 control word at their ABI values).
void fiberPrepare(FiberContext &fiber, void *stackBase, size_t stackBytes, FiberEntry entry,
                  void *argument);

// Saves the running context in `from` and resumes `to`; returns when something switches back to
// `from`.
void fiberSwitch(FiberContext &from, FiberContext &to);

// Resumes `to` and abandons the running context (a finished fiber; a signal handler leaving a
// faulting fiber).
[[noreturn]] void fiberJump(FiberContext &to);

} // namespace qiao::emu
