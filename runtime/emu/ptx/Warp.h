// A warp of the emulated device: 32 lanes that execute one instruction at a time under an active
// mask. Exec functions (one per instruction family) see only the public part: register rows,
// thread geometry, checked memory access and fault reporting. The scheduling state (groups of
// lanes at different pcs, call frames, barrier waits) is the interpreter's (Interpreter.cpp).
#pragma once

#include "Ir.h"
#include "NativeCode.h"

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::ptx {

class Program;
struct Function;
class BlockRunner;
struct GridContext;

class Warp {
public:
  Warp(BlockRunner &block, uint32_t warpIndex, LaneMask liveLanes);

  // --- registers ------------------------------------------------------------------------------
  // The 32 cells of a register slot of the current frame.
  uint64_t *row(uint32_t slot) { return regs_ + static_cast<size_t>(slot) * kWarpSize; }

  // --- geometry -------------------------------------------------------------------------------
  uint32_t warpIndex() const { return warpIndex_; }
  // Linear thread index in the block of a lane, and its x/y/z.
  uint32_t linearThread(int lane) const { return warpIndex_ * kWarpSize + lane; }
  uint32_t threadIdx(int lane, int dim) const;
  uint32_t blockDim(int dim) const;
  uint32_t blockIdx(int dim) const;
  uint32_t gridDim(int dim) const;
  uint32_t warpsPerBlock() const;
  // Lanes of the warp that exist (a partial last warp has fewer) and have not exited.
  LaneMask liveMask() const { return live_; }
  // The value of a special register for a lane.
  uint64_t special(SpecialReg reg, int lane) const;

  // --- memory ---------------------------------------------------------------------------------
  // The host address of [addr, addr+bytes) in space for a lane, after checking that the range lies
  // inside memory the kernel may touch and is aligned to `align` bytes. On failure records the
  // fault (illegal or misaligned address) and returns nullptr: the exec function must return at
  // once.
  void *access(Space space, uint64_t addr, uint32_t bytes, uint32_t align, int lane,
               const Inst &inst);
  // Whether [lo, hi) lies inside one allocation of device memory (one mapped region when the
  // launch's accesses are not checked against allocations): lets a warp check the range its lanes
  // touch once instead of lane by lane. Records nothing on failure (the caller then falls back to
  // access(), which reports the faulting lane).
  bool globalRange(uint64_t lo, uint64_t hi);
  // cvta: an address of space to a generic address and back. fromGeneric returns false (and the
  // caller writes 0, as hardware leaves it undefined) when the address is not in that space.
  uint64_t toGeneric(Space space, uint64_t addr, int lane) const;
  bool fromGeneric(Space space, uint64_t generic, int lane, uint64_t &out) const;
  // Where the current frame's .local depot starts (added to frame-relative local addresses).
  uint64_t frameLocalBase() const { return frames_.back().localBase; }
  // isspacep: whether a generic address lies in the space's window.
  bool isInSpace(Space space, uint64_t generic, int lane) const;
  // The rank of the other block of the cluster whose shared memory holds the generic range
  // [generic, generic + bytes), or ~0u.
  uint32_t peerShared(uint64_t generic, uint64_t bytes) const;

  // --- faults ---------------------------------------------------------------------------------
  // Ends the kernel with `code` (a qiaoError_t value) and a one-line report naming the kernel, the
  // instruction, the block, the thread and the address. Only the first fault of a launch is kept.
  void fault(int code, const Inst &inst, int lane, uint64_t address, std::string_view what);
  // That report's text.
  std::string faultReport(const Inst &inst, int lane, uint64_t address,
                          std::string_view what) const;
  bool faulted() const;

  // The carry flag of each lane (CC.CF), written by add.cc/sub.cc/mad.cc and read by addc/subc.
  LaneMask &carryFlags() { return carry_; }

  // --- services for builtins ------------------------------------------------------------------
  // Appends text to the launch's printf output (flushed to stdout when the launch completes).
  void printfOutput(std::string_view text);
  const Program &program() const { return program_; }
  BlockRunner &block() { return block_; }

  // What native runs read about this warp (NativeCode.h); refreshed when a block starts.
  void prepareNativeState();
  NativeWarpState &nativeState() { return native_; }
  // An exception thrown below a helper that native code called: native code has no unwind
  // tables, so the helper keeps it here and the interpreter rethrows it (NativeCode.cpp).
  std::exception_ptr &nativeException() { return nativeException_; }

private:
  friend class Interpreter;
  friend class BlockRunner;

  struct Group {
    uint32_t pc;
    LaneMask mask;
  };
  struct Frame {
    uint32_t function = 0;
    uint32_t returnPc = 0;
    size_t regBase = 0;              // cell offset into regStorage_
    size_t paramBase = 0;            // byte offset into paramStorage_
    uint32_t localBase = 0;          // local stack offset where this frame's depot starts
    LaneMask entered = 0;            // lanes that made the call
    LaneMask returned = 0;           // lanes that executed ret
    std::vector<Group> callerParked; // the caller's other groups, resumed after the return
    const Inst *call = nullptr;      // the call instruction (for argument/return copying)
  };

  BlockRunner &block_;
  const Program &program_; // the grid's, asked for on every native call
  uint32_t warpIndex_;
  LaneMask live_;
  uint64_t *regs_ = nullptr; // current frame's rows

  // Scheduling state of the current frame.
  uint32_t pc_ = 0;
  LaneMask active_ = 0;
  std::vector<Group> parked_; // sorted by pc, pcs are all > pc_
  std::vector<Frame> frames_;
  // Frame stacks. They only grow (block after block reuses them) and are never cleared: zeroing
  // them per block cost more than the kernels of small blocks.
  std::vector<uint64_t> regStorage_;
  std::vector<uint8_t> paramStorage_;
  size_t regTop_ = 0;     // cells in use
  size_t paramTop_ = 0;   // bytes in use
  uint32_t localTop_ = 0; // next free local stack offset (same for every lane)

  // Barrier waits: groups blocked at bar.sync (resumed at pc, in the current frame).
  struct BarrierWait {
    uint32_t barrier;
    Group group;
  };
  std::vector<BarrierWait> barrierWaits_;
  LaneMask carry_ = 0;
  // Geometry for native runs, and the allocation the last global access hit (most accesses of a
  // warp fall in the same one), which native runs and exec functions share.
  NativeWarpState native_;
  bool nativeGeometryReady_ = false;
  bool nativeAllowed_ = false; // this block runs native code where the program has it
  // Forward progress between diverged groups (Interpreter::noteBackEdges): back edges the
  // running group took while others waited, and whether it runs because another one yielded.
  uint32_t spins_ = 0;
  bool yielding_ = false;
  // Lanes parked at a bar.warp.sync until the other lanes of its membermask arrive.
  LaneMask warpSyncWaiting_ = 0;
  std::exception_ptr nativeException_;
  int64_t kernelConstantsFor_ = -1; // the function whose constant rows fill the frame at 0
  bool inCachedAllocation(uint64_t lo, uint64_t hi);
  void rememberAllocation(uint64_t base, uint64_t end);
  // The range an access may touch without a fault, by the launch's MemoryCheck: the allocation
  // holding [addr, addr+bytes), or the mapped region in the default mode.
  bool findRange(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const;
  bool done_ = false;
  uint64_t instructionsRetired_ = 0; // lane-instructions, for the benchmark
};

} // namespace qiao::ptx
