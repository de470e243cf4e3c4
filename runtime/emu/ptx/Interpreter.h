// The warp scheduler's inner loop: fetches instructions, applies guards, runs exec functions and
// handles control flow. Divergence uses per-group program counters: the lanes with the lowest pc
// run first, and groups reaching the same pc merge again, which reconverges structured branches
// and loops at their join points without a separate reconvergence analysis.
#pragma once

#include "Warp.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace qiao::ptx {

struct CallSite;
enum class Builtin : uint8_t;

class Interpreter {
public:
  // Starts a warp at the kernel's first instruction with the given live lanes.
  static void start(Warp &warp, uint32_t kernelFunction, LaneMask live);
  // Runs until the warp finishes, waits at a barrier, faults, or `budget` instructions ran.
  static void run(Warp &warp, uint32_t budget);
  // The fast path of a warp whose live lanes run together (no divergence, no call in progress,
  // not waiting) at the start of a native run: runs it natively and, when the run ends at an
  // unguarded bar.sync or exit, takes that step too. Returns false, the warp unchanged but for
  // the native run, when run() has to go on (any other instruction, or the warp is not such).
  static bool runConverged(Warp &warp);
  // One barrier region of a block whose warps all run converged in native code: each warp not
  // done runs natively to its next instruction for the scheduler. When every one stopped at an
  // unguarded plain bar.sync of one id (or exited), the barrier completes for all of them without
  // its bookkeeping (Region::Barrier: call again for the next region). Otherwise the warps stay
  // where native code stopped, which run() takes over (Region::Scheduler).
  enum class Region { Barrier, Done, Scheduler };
  static Region runRegion(const std::vector<std::unique_ptr<Warp>> &warps);
  // Whether every live lane of the warp waits at plain barrier `id` (not bar.red) in one group,
  // as runConverged leaves it; resumeConverged then resumes it without releaseBarrier's work.
  static bool waitsConverged(const Warp &warp, uint32_t id);
  static void resumeConverged(Warp &warp);
  // The barrier of the warp's first wait, ~0u when it waits at none.
  static uint32_t waitingBarrier(const Warp &warp);
  // Resumes the groups waiting at barrier `id` (the barrier completed).
  static void releaseBarrier(Warp &warp, uint32_t id, uint32_t predicateCount, uint32_t andResult,
                             uint32_t orResult);
  static bool isDone(const Warp &warp) { return warp.done_; }
  static bool isWaiting(const Warp &warp) { return !warp.done_ && warp.active_ == 0; }
  static bool waitsOn(const Warp &warp, uint32_t id);

  // Builtins (Builtins.cpp): run an extern function the engine provides.
  static void runBuiltin(Warp &warp, const Inst &call, uint32_t callee, LaneMask exec);
  // The device runtime's builtins (DeviceRuntime.cpp): dynamic parallelism.
  static void runDeviceRuntime(Warp &warp, const Inst &call, const CallSite &site, Builtin builtin,
                               LaneMask exec);
  // Where a call argument or result lives for a lane.
  static uint8_t *frameParam(Warp &warp, int lane, uint32_t offset);

private:
  // How a native call ended: at a fault; with the warp's lanes parted (lanes left waiting: the
  // scheduler must pick the group to run); in a loop that spent its whole branch budget (a warp
  // spinning, on a flag or an mbarrier another warp sets: its turn ends, so that the other warps
  // of the block run); or stopped at an instruction for the scheduler with the same lanes active.
  enum class NativeStop { Faulted, Parted, Spun, Stopped };
  // Calls the native code of `fn` at the warp's pc, up to `stop`, and takes over where it ended:
  // the pc, the lane-instructions retired, the lanes it left waiting, a spent branch budget.
  // Rethrows an exception a helper kept (Warp::nativeException).
  static NativeStop runNative(Warp &warp, const NativeFunction &native, const Function &fn,
                              uint32_t stop);
  // Takes the uniform branches at the warp's pc up to a native run's start; false where a branch
  // diverges or another instruction for the scheduler comes first.
  static bool enterRun(Warp &warp, const Function &fn, const NativeFunction &native);
  // Whether the warp's live lanes run together in its kernel's frame, as native code needs.
  static bool runsTogether(const Warp &warp);
  // Ends the warp at an unguarded exit or ret its active lanes (all live) reached.
  static void retireAtExit(Warp &warp);
  static void settle(Warp &warp);
  static void noteBackEdges(Warp &warp, uint32_t count);
  // Parks the lanes native code left waiting (NativeWarpState::parkMask); whether there were any.
  static bool parkNativeWaiters(Warp &warp);
  static void park(Warp &warp, uint32_t pc, LaneMask mask);
  static void call(Warp &warp, const Inst &inst, LaneMask exec);
  static void returnFromFrame(Warp &warp);
  static void barrier(Warp &warp, const Inst &inst, LaneMask exec);
  static void warpSync(Warp &warp, const Inst &inst, LaneMask exec);
  static void pushFrame(Warp &warp, uint32_t function);
  // Makes room in the warp's frame stacks for a frame of `fn` on top, charging the growth to the
  // launch's frame storage budget; false (nothing changed) when the budget would be exceeded.
  static bool growFrameStorage(Warp &warp, const Function &fn);
};

} // namespace qiao::ptx
