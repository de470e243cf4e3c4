// The warp interpreter: instruction loop, divergence, calls and barriers.
#include "Interpreter.h"

#include "BlockRunner.h"
#include "Lanes.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <exception>
#include <string>
#include <utility>

namespace qiao::ptx {
namespace {

constexpr uint32_t kLocalFrameAlign = 16;
// Back edges a group may take while other groups of its warp wait before it lets the lowest of
// them run: lanes spinning on a lock held by a lane of their own warp must not starve it.
constexpr uint32_t kYieldAfterBackEdges = 256;
// What a call costs on the stack besides the callee's local data: the return address and the
// caller's saved state, the least an ABI call frame holds. Counting it makes every call use
// stack, so recursion without local data also ends at cudaLimitStackSize (with
// cudaErrorHardwareStackError, as on hardware) instead of growing the frame stacks without end.
constexpr uint32_t kCallFrameBytes = 16;

LaneMask guardMask(const uint64_t *row, bool negated) {
  LaneMask m = 0;
  for (int lane = 0; lane < kWarpSize; ++lane)
    m |= static_cast<LaneMask>(row[lane] & 1) << lane;
  return negated ? ~m : m;
}

// The local stack top once a frame with `localBytes` of local data is pushed at `top`; a call
// frame also holds kCallFrameBytes. 64-bit: a depot near 4 GiB must not wrap.
uint64_t stackTopAfter(uint64_t top, uint32_t localBytes, bool call) {
  uint64_t depotEnd =
      (top + localBytes + kLocalFrameAlign - 1) / kLocalFrameAlign * kLocalFrameAlign;
  return depotEnd + (call ? kCallFrameBytes : 0);
}

} // namespace

bool Interpreter::growFrameStorage(Warp &w, const Function &fn) {
  size_t regCells = w.regTop_ + static_cast<size_t>(fn.numRegs) * kWarpSize;
  size_t paramBytes = w.paramTop_ + static_cast<size_t>(fn.frameParamBytes) * kWarpSize;
  size_t newRegCells = std::max(regCells, w.regStorage_.size());
  if (regCells > w.regStorage_.size())
    newRegCells = std::max(regCells, w.regStorage_.size() * 2);
  size_t newParamBytes = std::max(paramBytes, w.paramStorage_.size());
  if (paramBytes > w.paramStorage_.size())
    newParamBytes = std::max(paramBytes, w.paramStorage_.size() * 2);
  uint64_t growth = (newRegCells - w.regStorage_.size()) * sizeof(uint64_t) +
                    (newParamBytes - w.paramStorage_.size());
  if (growth == 0)
    return true;
  if (!w.block_.chargeFrameStorage(growth))
    return false;
  w.regStorage_.resize(newRegCells);
  w.paramStorage_.resize(newParamBytes);
  return true;
}

void Interpreter::pushFrame(Warp &w, uint32_t function) {
  const Function &fn = w.program().functions[function];
  Warp::Frame frame;
  frame.function = function;
  frame.regBase = w.regTop_;
  frame.paramBase = w.paramTop_;
  frame.localBase = w.localTop_;
  w.regTop_ += static_cast<size_t>(fn.numRegs) * kWarpSize;
  w.paramTop_ += static_cast<size_t>(fn.frameParamBytes) * kWarpSize;
  if (w.regStorage_.size() < w.regTop_)
    w.regStorage_.resize(std::max(w.regTop_, w.regStorage_.size() * 2));
  if (w.paramStorage_.size() < w.paramTop_)
    w.paramStorage_.resize(std::max(w.paramTop_, w.paramStorage_.size() * 2));
  w.regs_ = w.regStorage_.data() + frame.regBase;
  // Constant rows are never written: the kernel's frame, at the bottom of the stack, keeps them
  // from one block to the next.
  if (frame.regBase != 0 || w.kernelConstantsFor_ != function) {
    for (const auto &[slot, bits] : fn.constants)
      std::fill_n(w.regs_ + static_cast<size_t>(slot) * kWarpSize, kWarpSize, bits);
    if (frame.regBase == 0)
      w.kernelConstantsFor_ = function;
  }
  w.localTop_ = static_cast<uint32_t>(stackTopAfter(w.localTop_, fn.localBytes, false));
  w.frames_.push_back(std::move(frame));
}

void Interpreter::start(Warp &w, uint32_t kernelFunction, LaneMask live) {
  w.parked_.clear();
  w.barrierWaits_.clear();
  w.live_ = live;
  w.active_ = live;
  w.pc_ = 0;
  w.carry_ = 0;
  w.spins_ = 0;
  w.yielding_ = false;
  w.warpSyncWaiting_ = 0;
  w.done_ = live == 0;
  // The warp ran the same kernel in the previous block and ended in its frame: the frame, its
  // storage and its constant rows are still in place (block after block, a short kernel would
  // otherwise spend a good part of its time rebuilding them).
  if (w.frames_.size() == 1 && w.frames_[0].function == kernelFunction &&
      w.kernelConstantsFor_ == kernelFunction) {
    Warp::Frame &frame = w.frames_[0];
    frame.entered = frame.returned = 0;
    w.localTop_ = static_cast<uint32_t>(
        stackTopAfter(0, w.program().functions[kernelFunction].localBytes, false));
    return;
  }
  w.frames_.clear();
  w.regTop_ = 0;
  w.paramTop_ = 0;
  w.localTop_ = 0;
  // The entry frame is needed whatever the budget says; it is small and counted all the same.
  growFrameStorage(w, w.program().functions[kernelFunction]);
  pushFrame(w, kernelFunction);
}

uint8_t *Interpreter::frameParam(Warp &w, int lane, uint32_t offset) {
  const Warp::Frame &frame = w.frames_.back();
  uint32_t stride = w.program().functions[frame.function].frameParamBytes;
  return w.paramStorage_.data() + frame.paramBase + static_cast<size_t>(lane) * stride + offset;
}

// Keeps parked_ sorted by pc, merging groups that wait at the same pc.
void Interpreter::park(Warp &w, uint32_t pc, LaneMask mask) {
  if (!mask)
    return;
  auto it = std::lower_bound(w.parked_.begin(), w.parked_.end(), pc,
                             [](const Warp::Group &g, uint32_t p) { return g.pc < p; });
  if (it != w.parked_.end() && it->pc == pc)
    it->mask |= mask;
  else
    w.parked_.insert(it, Warp::Group{pc, mask});
}

// Restores the invariant "the running group has the lowest pc of its frame": merges parked
// groups that reached the running pc, switches to a parked group with a lower pc, and when the
// frame has no runnable lanes left, returns from it (or finishes the warp).
void Interpreter::settle(Warp &w) {
  for (;;) {
    while (!w.parked_.empty()) {
      Warp::Group &g = w.parked_.front();
      if (w.active_ == 0) {
        w.pc_ = g.pc;
        w.active_ = g.mask;
        w.yielding_ = false;
      } else if (g.pc == w.pc_) {
        w.active_ |= g.mask;
      } else if (g.pc < w.pc_ && !w.yielding_) {
        Warp::Group running{w.pc_, w.active_};
        w.pc_ = g.pc;
        w.active_ = g.mask;
        w.parked_.erase(w.parked_.begin());
        park(w, running.pc, running.mask);
        continue;
      } else {
        break;
      }
      w.parked_.erase(w.parked_.begin());
    }
    if (w.active_ != 0 || !w.barrierWaits_.empty())
      return; // running, or waiting at a barrier
    if (w.frames_.size() <= 1) {
      w.done_ = true;
      return;
    }
    returnFromFrame(w);
  }
}

// Independent thread scheduling (sm_70+): the lowest-pc-first policy would let lanes spinning on
// a lock that a lane of their own warp holds (parked at a higher pc) spin forever. A group that
// keeps taking back edges while others wait gives way to the lowest waiting group, which then
// runs (settle does not switch back to the lower pc) until it finishes or loops itself.
void Interpreter::noteBackEdges(Warp &w, uint32_t count) {
  if (w.parked_.empty()) {
    w.spins_ = 0;
    return;
  }
  w.spins_ += count;
  if (w.spins_ < kYieldAfterBackEdges)
    return;
  w.spins_ = 0;
  Warp::Group next = w.parked_.front();
  w.parked_.erase(w.parked_.begin());
  park(w, w.pc_, w.active_);
  w.pc_ = next.pc;
  w.active_ = next.mask;
  w.yielding_ = true;
}

// bar.warp.sync (sm_70 and later): the lanes of the membermask that have not exited meet before
// any of them goes on, from the same or from different bar.warp.sync instructions. A group whose
// members are still elsewhere in this frame parks at its pc and lets a group that is not waiting
// run; when the last member arrives, the waiting groups move past their bar.warp.sync. Lanes the
// frame cannot run (waiting at a block barrier, in a caller) are not waited for.
void Interpreter::warpSync(Warp &w, const Inst &inst, LaneMask exec) {
  w.warpSyncWaiting_ &= ~w.active_;
  LaneMask members =
      static_cast<LaneMask>(w.row(inst.ops[0].reg)[std::countr_zero(exec)]) & w.live_;
  LaneMask runnable = 0;
  for (const Warp::Group &g : w.parked_)
    runnable |= g.mask & ~w.warpSyncWaiting_;
  if ((members & runnable) == 0) {
    // Everyone is here or waiting at a bar.warp.sync of their own: all go on.
    if (w.warpSyncWaiting_) {
      std::vector<Warp::Group> groups;
      groups.swap(w.parked_);
      for (Warp::Group &g : groups)
        park(w, g.pc + ((g.mask & w.warpSyncWaiting_) ? 1 : 0), g.mask);
      w.warpSyncWaiting_ = 0;
    }
    ++w.pc_;
    settle(w);
    return;
  }
  w.warpSyncWaiting_ |= w.active_;
  auto next = std::find_if(w.parked_.begin(), w.parked_.end(), [&](const Warp::Group &g) {
    return (g.mask & ~w.warpSyncWaiting_) != 0;
  });
  Warp::Group resumed = *next;
  w.parked_.erase(next);
  park(w, w.pc_, w.active_);
  w.pc_ = resumed.pc;
  w.active_ = resumed.mask;
  w.yielding_ = true; // the waiting group may have the lower pc: do not switch straight back
  settle(w);
}

void Interpreter::returnFromFrame(Warp &w) {
  Warp::Frame frame = std::move(w.frames_.back());
  const Function &callee = w.program().functions[frame.function];
  Warp::Frame &caller = w.frames_[w.frames_.size() - 2];
  const Function &callerFn = w.program().functions[caller.function];
  LaneMask returned = frame.returned & w.live_;
  // Results: callee's return area -> the caller's .param variable or register.
  const CallSite &site = callerFn.calls[frame.call->aux];
  uint32_t calleeStride = callee.frameParamBytes;
  uint32_t callerStride = callerFn.frameParamBytes;
  uint64_t *callerRegs = w.regStorage_.data() + caller.regBase;
  for (size_t r = 0; r < site.results.size() && r < callee.returnOffsets.size(); ++r) {
    const CallValue &value = site.results[r];
    uint32_t size = std::min(value.size, callee.returnSizes[r]);
    forEachLane(returned, [&](int lane) {
      const uint8_t *from = w.paramStorage_.data() + frame.paramBase +
                            static_cast<size_t>(lane) * calleeStride + callee.returnOffsets[r];
      if (value.inRegister) {
        uint64_t cell = 0;
        std::memcpy(&cell, from, std::min<uint32_t>(size, 8));
        callerRegs[static_cast<size_t>(value.callerLocation) * kWarpSize + lane] = cell;
      } else {
        std::memcpy(w.paramStorage_.data() + caller.paramBase +
                        static_cast<size_t>(lane) * callerStride + value.callerLocation,
                    from, size);
      }
    });
  }
  w.regTop_ = frame.regBase;
  w.paramTop_ = frame.paramBase;
  w.localTop_ = frame.localBase;
  w.frames_.pop_back();
  w.regs_ = w.regStorage_.data() + w.frames_.back().regBase;
  w.pc_ = frame.returnPc;
  w.active_ = returned;
  w.parked_ = std::move(frame.callerParked);
}

void Interpreter::call(Warp &w, const Inst &inst, LaneMask exec) {
  const Function &callerFn = w.program().functions[w.frames_.back().function];
  const CallSite &site = callerFn.calls[inst.aux];
  uint32_t callee = site.callee;
  if (site.indirect) {
    // Lanes may call different functions: serve the lowest lane's target now; the others stay
    // at this call and run it next (settle picks them up since their pc is lower).
    const uint64_t *targets = w.row(site.targetSlot);
    int first = std::countr_zero(exec);
    if (!Program::functionFromAddress(
            targets[first], static_cast<uint32_t>(w.program().functions.size()), callee)) {
      w.fault(errc::qiaoErrorInvalidPc, inst, first, targets[first],
              "indirect call to an address that is not a function");
      return;
    }
    LaneMask same = 0;
    forEachLane(exec, [&](int lane) {
      if (targets[lane] == targets[first])
        same |= LaneMask{1} << lane;
    });
    park(w, w.pc_, exec & ~same);
    w.active_ &= ~(exec & ~same);
    exec = same;
  }
  const Function &target = w.program().functions[callee];
  if (target.builtin != Builtin::None) {
    runBuiltin(w, inst, callee, exec);
    ++w.pc_;
    return;
  }
  if (!target.hasBody) {
    w.fault(errc::qiaoErrorInvalidPc, inst, std::countr_zero(exec), 0,
            "call of function '" + target.name + "' that has no body in this module");
    return;
  }
  // Depth x frame size against the stack, before the frame's registers are allocated.
  uint64_t top = stackTopAfter(w.localTop_, target.localBytes, true);
  if (top > w.block_.localBytesPerThread()) {
    w.fault(errc::qiaoErrorHardwareStackError, inst, std::countr_zero(exec), top,
            "call stack overflow after " + std::to_string(w.frames_.size() - 1) +
                " nested calls (raise cudaLimitStackSize)");
    return;
  }
  // The registers and parameters of every frame are the engine's own memory, many times what the
  // frame costs on hardware: a launch that recurses deep under a large stack limit ends here.
  if (!growFrameStorage(w, target)) {
    w.fault(errc::qiaoErrorHardwareStackError, inst, std::countr_zero(exec), top,
            "call stack overflow after " + std::to_string(w.frames_.size() - 1) +
                " nested calls: the launch used up the emulator's " +
                std::to_string(w.block_.grid().launch.frameStorageBytes) +
                " bytes for call frames (lower cudaLimitStackSize or the recursion depth)");
    return;
  }
  // Lanes of the running group that do not call (guard false) continue after the call.
  LaneMask stay = w.active_ & ~exec;
  std::vector<Warp::Group> callerParked = std::move(w.parked_);
  w.parked_.clear();
  size_t callerIndex = w.frames_.size() - 1;
  pushFrame(w, callee);
  w.localTop_ = static_cast<uint32_t>(top);
  Warp::Frame &frame = w.frames_.back();
  Warp::Frame &caller = w.frames_[callerIndex];
  frame.returnPc = w.pc_ + 1;
  frame.entered = exec;
  frame.call = &inst;
  frame.callerParked = std::move(callerParked);
  if (stay) {
    auto it = std::lower_bound(frame.callerParked.begin(), frame.callerParked.end(), w.pc_ + 1,
                               [](const Warp::Group &g, uint32_t p) { return g.pc < p; });
    if (it != frame.callerParked.end() && it->pc == w.pc_ + 1)
      it->mask |= stay;
    else
      frame.callerParked.insert(it, Warp::Group{w.pc_ + 1, stay});
  }
  // Arguments: the caller's .param variables or registers -> the callee's param area.
  uint32_t callerStride = callerFn.frameParamBytes;
  uint32_t calleeStride = target.frameParamBytes;
  const uint64_t *callerRegs = w.regStorage_.data() + caller.regBase;
  for (size_t a = 0; a < site.args.size() && a < target.paramOffsets.size(); ++a) {
    const CallValue &value = site.args[a];
    uint32_t size = std::min(value.size, target.paramSizes[a]);
    forEachLane(exec, [&](int lane) {
      uint8_t *to = w.paramStorage_.data() + frame.paramBase +
                    static_cast<size_t>(lane) * calleeStride + target.paramOffsets[a];
      if (value.inRegister)
        std::memcpy(to, &callerRegs[static_cast<size_t>(value.callerLocation) * kWarpSize + lane],
                    std::min<uint32_t>(size, 8));
      else
        std::memcpy(to,
                    w.paramStorage_.data() + caller.paramBase +
                        static_cast<size_t>(lane) * callerStride + value.callerLocation,
                    size);
    });
  }
  w.pc_ = 0;
  w.active_ = exec;
}

void Interpreter::barrier(Warp &w, const Inst &inst, LaneMask exec) {
  // Operand 0: barrier id; operand 1: expected thread count (None: the whole block).
  // barrier.cluster.wait names its own slot in aux2 (ControlOps.cpp).
  uint32_t id = inst.aux2 == kClusterBarrier
                    ? kClusterBarrier
                    : static_cast<uint32_t>(w.row(inst.ops[0].reg)[std::countr_zero(exec)]) & 15;
  BlockRunner::Barrier &b = w.block_.barrier(id);
  if (inst.ops[1].kind != Operand::Kind::None)
    b.expected = static_cast<uint32_t>(w.row(inst.ops[1].reg)[std::countr_zero(exec)]);
  b.arrived += std::popcount(exec);
  if (inst.aux != 0) { // bar.red: fold the predicates of the arriving lanes
    const uint64_t *pred = w.row(inst.ops[3].reg);
    forEachLane(exec, [&](int lane) {
      bool p = (pred[lane] & 1) != inst.ops[3].negated;
      b.predicateCount += p;
      b.andResult &= p;
      b.orResult |= p;
    });
  }
  if (inst.control == Control::BarrierArrive) {
    w.pc_ += 1;
    return;
  }
  w.barrierWaits_.push_back({id, {w.pc_ + 1, exec}});
  w.active_ &= ~exec;
  // Guard-false lanes go on; the waiting group is resumed by releaseBarrier.
  if (w.active_)
    w.pc_ += 1;
}

bool Interpreter::waitsOn(const Warp &w, uint32_t id) {
  for (const Warp::BarrierWait &wait : w.barrierWaits_)
    if (wait.barrier == id)
      return true;
  return false;
}

void Interpreter::releaseBarrier(Warp &w, uint32_t id, uint32_t predicateCount, uint32_t andResult,
                                 uint32_t orResult) {
  const Function &fn = w.program().functions[w.frames_.back().function];
  for (size_t i = 0; i < w.barrierWaits_.size();) {
    Warp::BarrierWait wait = w.barrierWaits_[i];
    if (wait.barrier != id) {
      ++i;
      continue;
    }
    const Inst &inst = fn.code[wait.group.pc - 1];
    if (inst.aux != 0) {
      uint64_t value = inst.aux == 1 ? predicateCount : inst.aux == 2 ? andResult : orResult;
      uint64_t *dst = w.row(inst.ops[2].reg);
      forEachLane(wait.group.mask, [&](int lane) { dst[lane] = value; });
    }
    w.barrierWaits_.erase(w.barrierWaits_.begin() + static_cast<std::ptrdiff_t>(i));
    if (w.active_ == 0) {
      w.pc_ = wait.group.pc;
      w.active_ = wait.group.mask;
    } else {
      park(w, wait.group.pc, wait.group.mask);
    }
  }
  settle(w);
}

Interpreter::NativeStop Interpreter::runNative(Warp &w, const NativeFunction &native,
                                               const Function &fn, uint32_t stop) {
  uint64_t before = w.native_.instructions;
  uint32_t pc = native.entry(&w, w.regs_, w.active_, fn.code.data(), &w.native_, w.pc_, stop);
  if (pc == kRunFaulted) {
    if (w.nativeException_)
      std::rethrow_exception(std::exchange(w.nativeException_, nullptr));
    return NativeStop::Faulted;
  }
  w.instructionsRetired_ +=
      static_cast<uint64_t>(std::popcount(w.active_)) * (w.native_.instructions - before);
  // Native code stopping at or before where it started went round a loop for its whole branch
  // budget: a spinning group, if others wait.
  bool looped = pc <= w.pc_;
  w.pc_ = pc;
  bool parked = parkNativeWaiters(w);
  if (looped)
    noteBackEdges(w, kYieldAfterBackEdges);
  return looped ? NativeStop::Spun : parked ? NativeStop::Parted : NativeStop::Stopped;
}

// A plain bar.sync: not bar.red, no thread count (those take the general barrier path).
static bool isPlainBarrier(const Inst &inst) {
  return inst.control == Control::Barrier && inst.aux == 0 &&
         inst.ops[1].kind == Operand::Kind::None;
}

bool Interpreter::runsTogether(const Warp &w) {
  return w.active_ == w.live_ && w.frames_.size() == 1 && w.parked_.empty() &&
         w.barrierWaits_.empty() && w.nativeAllowed_;
}

void Interpreter::retireAtExit(Warp &w) {
  w.instructionsRetired_ += static_cast<uint32_t>(std::popcount(w.active_));
  w.live_ = 0;
  w.active_ = 0;
  w.done_ = true;
}

bool Interpreter::runConverged(Warp &w) {
  if (w.done_ || !runsTogether(w))
    return false;
  const Program &program = w.program();
  uint32_t function = w.frames_[0].function;
  const NativeFunction *native = program.native(function);
  if (!native || !native->startsRun[w.pc_])
    return false;
  const Function &fn = program.functions[function];
  switch (runNative(w, *native, fn, ~0u)) {
  case NativeStop::Faulted:
  case NativeStop::Spun:
    return true;
  case NativeStop::Parted:
    return false;
  case NativeStop::Stopped:
    break;
  }
  uint32_t lanes = static_cast<uint32_t>(std::popcount(w.active_));
  const Inst &inst = fn.code[w.pc_];
  if (inst.guard != kNoReg)
    return false;
  switch (inst.control) {
  case Control::Barrier:
    if (!isPlainBarrier(inst))
      return false;
    w.instructionsRetired_ += lanes;
    barrier(w, inst, w.active_);
    return true;
  case Control::Exit:
  case Control::Ret:
    retireAtExit(w);
    return true;
  default:
    return false;
  }
}

// A region may begin with branches (`@%p bra` after a barrier): those every lane takes the same
// way are taken here, up to the run native code starts at.
bool Interpreter::enterRun(Warp &w, const Function &fn, const NativeFunction &native) {
  for (int steps = 0; steps < 16; ++steps) {
    if (native.startsRun[w.pc_])
      return true;
    const Inst &inst = fn.code[w.pc_];
    if (inst.control != Control::Branch)
      return false;
    LaneMask taken = w.active_;
    if (inst.guard != kNoReg)
      taken &= guardMask(w.row(inst.guard), inst.guardNegated);
    if (taken != 0 && taken != w.active_)
      return false;
    w.instructionsRetired_ += static_cast<uint32_t>(std::popcount(taken));
    if (taken && inst.target <= w.pc_) {
      // A loop's back edge, as run() takes it for a warp with no parked lanes.
      w.yielding_ = false;
      w.spins_ = 0;
    }
    w.pc_ = taken ? inst.target : w.pc_ + 1;
  }
  return false;
}

Interpreter::Region Interpreter::runRegion(const std::vector<std::unique_ptr<Warp>> &warps) {
  uint32_t id = ~0u;
  bool waiting = false;
  // Every warp that runs here is in its kernel's frame: the lookups are made once per region.
  uint32_t function = ~0u;
  const NativeFunction *native = nullptr;
  const Function *fn = nullptr;
  for (const auto &warp : warps) {
    Warp &w = *warp;
    if (w.done_)
      continue;
    if (!runsTogether(w))
      return Region::Scheduler;
    if (w.frames_[0].function != function) {
      function = w.frames_[0].function;
      native = w.program().native(function);
      fn = &w.program().functions[function];
      if (!native)
        return Region::Scheduler;
    }
    if (!native->startsRun[w.pc_] && !enterRun(w, *fn, *native))
      return Region::Scheduler;
    switch (runNative(w, *native, *fn, ~0u)) {
    case NativeStop::Faulted:
      return Region::Done; // the block records the fault
    case NativeStop::Parted:
    case NativeStop::Spun:
      return Region::Scheduler;
    case NativeStop::Stopped:
      break;
    }
    const Inst &inst = fn->code[w.pc_];
    if (inst.guard != kNoReg)
      return Region::Scheduler;
    if (inst.control == Control::Exit || inst.control == Control::Ret) {
      retireAtExit(w);
      continue;
    }
    if (!isPlainBarrier(inst))
      return Region::Scheduler;
    uint32_t at = static_cast<uint32_t>(w.row(inst.ops[0].reg)[std::countr_zero(w.active_)]) & 15;
    if (id != ~0u && at != id)
      return Region::Scheduler;
    id = at;
    waiting = true;
  }
  if (!waiting)
    return Region::Done;
  for (const auto &warp : warps) {
    if (warp->done_)
      continue;
    warp->instructionsRetired_ += static_cast<uint32_t>(std::popcount(warp->active_));
    warp->pc_ += 1;
  }
  return Region::Barrier;
}

bool Interpreter::parkNativeWaiters(Warp &w) {
  LaneMask waiting = w.native_.parkMask;
  if (!waiting)
    return false;
  w.native_.parkMask = 0;
  park(w, w.native_.parkPc, waiting);
  w.active_ &= ~waiting;
  return true;
}

bool Interpreter::waitsConverged(const Warp &w, uint32_t id) {
  if (w.done_ || w.barrierWaits_.size() != 1 || w.active_ != 0 || !w.parked_.empty())
    return false;
  const Warp::BarrierWait &wait = w.barrierWaits_[0];
  if (wait.barrier != id || wait.group.mask != w.live_)
    return false;
  return isPlainBarrier(w.program().functions[w.frames_.back().function].code[wait.group.pc - 1]);
}

uint32_t Interpreter::waitingBarrier(const Warp &w) {
  return w.barrierWaits_.empty() ? ~0u : w.barrierWaits_[0].barrier;
}

void Interpreter::resumeConverged(Warp &w) {
  w.pc_ = w.barrierWaits_[0].group.pc;
  w.active_ = w.live_;
  w.barrierWaits_.clear();
}

void Interpreter::run(Warp &w, uint32_t budget) {
  const Program &program = w.program();
  const Function *fn = &program.functions[w.frames_.back().function];
  const NativeFunction *native =
      w.nativeAllowed_ ? program.native(w.frames_.back().function) : nullptr;
  size_t depth = w.frames_.size();
  uint64_t retired = 0;
  while (budget-- > 0 && !w.done_ && w.active_ != 0) {
    if (w.frames_.size() != depth) {
      depth = w.frames_.size();
      fn = &program.functions[w.frames_.back().function];
      native = w.nativeAllowed_ ? program.native(w.frames_.back().function) : nullptr;
    }
    if (native && native->startsRun[w.pc_] == kStartsRun) {
      // Native code runs up to the next instruction that needs the scheduler (NativeCode.h);
      // it must stop before any pc where parked lanes wait, so that they merge there.
      uint32_t stop = w.parked_.empty() ? ~0u : w.parked_.front().pc;
      w.instructionsRetired_ += std::exchange(retired, 0); // kept if a helper's exception escapes
      NativeStop ended = runNative(w, *native, *fn, stop);
      if (ended == NativeStop::Faulted)
        goto out;
      if (!w.parked_.empty() && w.parked_.front().pc <= w.pc_)
        settle(w);
      if (ended == NativeStop::Spun)
        goto out;
      continue;
    }
    const Inst &inst = fn->code[w.pc_];
    LaneMask exec = w.active_;
    if (inst.guard != kNoReg)
      exec &= guardMask(w.row(inst.guard), inst.guardNegated);
    retired += std::popcount(exec);
    switch (inst.control) {
    case Control::None:
      if (exec) {
        inst.exec(w, inst, exec);
        if (w.block_.faulted())
          goto out;
      }
      ++w.pc_;
      if (!w.parked_.empty() && w.parked_.front().pc <= w.pc_)
        settle(w);
      break;
    case Control::Branch: {
      LaneMask stay = w.active_ & ~exec;
      if (!exec) {
        ++w.pc_;
      } else if (!stay) {
        bool backward = inst.target <= w.pc_;
        w.pc_ = inst.target;
        if (backward) {
          w.yielding_ = false; // the group runs a loop: lowest-pc-first applies again
          noteBackEdges(w, 1);
        }
      } else {
        // Divergence: the taken and fall-through groups part; settle runs the lower pc first.
        park(w, inst.target, exec);
        w.active_ = stay;
        ++w.pc_;
      }
      settle(w);
      break;
    }
    case Control::Exit:
      w.live_ &= ~exec;
      w.active_ &= ~exec;
      if (w.active_)
        ++w.pc_;
      settle(w);
      break;
    case Control::Ret:
      if (w.frames_.size() == 1) {
        w.live_ &= ~exec;
      } else {
        w.frames_.back().returned |= exec;
      }
      w.active_ &= ~exec;
      if (w.active_)
        ++w.pc_;
      settle(w);
      break;
    case Control::Call:
      if (!exec) {
        ++w.pc_;
        settle(w);
        break;
      }
      call(w, inst, exec);
      if (w.block_.faulted())
        goto out;
      settle(w);
      break;
    case Control::Barrier:
    case Control::BarrierArrive:
      if (!exec) {
        ++w.pc_;
        settle(w);
        break;
      }
      barrier(w, inst, exec);
      settle(w);
      break;
    case Control::WarpSync:
      if (!exec) {
        ++w.pc_;
        settle(w);
        break;
      }
      warpSync(w, inst, exec);
      break;
    }
  }
out:
  w.instructionsRetired_ += retired;
}

} // namespace qiao::ptx
