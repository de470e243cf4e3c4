// The x86-64 context switch (FiberSwitch.h), SysV ABI. A suspended context is its stack pointer;
// below it, from low to high: MXCSR (4 bytes) and the x87 control word (2 bytes, padded to 8),
// r15, r14, r13, r12, rbx, rbp and the address to return to. Everything else is caller-saved,
// so the compiler has saved what it needs before the call. The direction flag is clear at every
// call by the ABI. A new fiber's frame returns into fiber_start, which calls entry(argument)
// with entry in r12 and argument in r13; its CFI marks the end of the stack, so unwinders stop
// there.
#include "FiberSwitch.h"

#if QIAO_FIBER_SWITCH_X86_64

#include <cstdint>

extern "C" void qiao_emu_fiber_switch(void **save, void *resume);
extern "C" void qiao_emu_fiber_start();

asm(R"(
  .text
  .globl qiao_emu_fiber_switch
  .hidden qiao_emu_fiber_switch
  .type qiao_emu_fiber_switch, @function
  .p2align 4
qiao_emu_fiber_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $8, %rsp
  stmxcsr (%rsp)
  fnstcw 4(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr (%rsp)
  fldcw 4(%rsp)
  addq $8, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size qiao_emu_fiber_switch, .-qiao_emu_fiber_switch

  .globl qiao_emu_fiber_start
  .hidden qiao_emu_fiber_start
  .type qiao_emu_fiber_start, @function
  .p2align 4
qiao_emu_fiber_start:
  .cfi_startproc
  .cfi_undefined rip
  movq %r13, %rdi
  callq *%r12
  ud2
  .cfi_endproc
  .size qiao_emu_fiber_start, .-qiao_emu_fiber_start
)");

namespace qiao::emu {
namespace {
// The ABI's initial values: all exceptions masked, round to nearest; x87 double extended.
constexpr uint64_t kDefaultMxcsr = 0x1f80;
constexpr uint64_t kDefaultX87Control = 0x037f;
} // namespace

void fiberPrepare(FiberContext &fiber, void *stackBase, size_t stackBytes, FiberEntry entry,
                  void *argument) {
  auto top = (reinterpret_cast<uintptr_t>(stackBase) + stackBytes) & ~uintptr_t(15);
  // Ten words: the eight the switch pops, then two so that fiber_start's call sees the ABI's
  // 16-byte alignment.
  auto *frame = reinterpret_cast<uint64_t *>(top) - 10;
  frame[0] = kDefaultMxcsr | (kDefaultX87Control << 32);
  frame[1] = 0;                                     // r15
  frame[2] = 0;                                     // r14
  frame[3] = reinterpret_cast<uintptr_t>(argument); // r13
  frame[4] = reinterpret_cast<uintptr_t>(entry);    // r12
  frame[5] = 0;                                     // rbx
  frame[6] = 0;                                     // rbp
  frame[7] = reinterpret_cast<uintptr_t>(&qiao_emu_fiber_start);
  frame[8] = 0;
  frame[9] = 0;
  fiber.stackPointer = frame;
}

void fiberSwitch(FiberContext &from, FiberContext &to) {
  qiao_emu_fiber_switch(&from.stackPointer, to.stackPointer);
}

void fiberJump(FiberContext &to) {
  FiberContext abandoned;
  qiao_emu_fiber_switch(&abandoned.stackPointer, to.stackPointer);
  __builtin_unreachable();
}

} // namespace qiao::emu
#endif
