// Splits a decoded function into runs: maximal sequences of Control::None instructions that
// start at a leader (pc 0, a branch target, the instruction after a control instruction). Lanes
// parked by the warp scheduler always wait at a leader, so a run never has a group of lanes
// waiting inside it and can execute without consulting the scheduler.
#pragma once

#include "Program.h"

#include <cstdint>
#include <vector>

namespace qiao::jit {

struct Run {
  uint32_t begin = 0, end = 0; // [begin, end) in Function::code
};

std::vector<Run> findRuns(const ptx::Function &function);

// The run of `runs` (as findRuns returns them) that starts at pc, or null.
const Run *runStartingAt(const std::vector<Run> &runs, uint32_t pc);

// The sides of an if-then (elseRun null) or if-then-else that the branch at pc skips: native
// code runs a divergent branch of that shape under each side's mask without leaving.
bool ifSides(const ptx::Function &function, const std::vector<Run> &runs, uint32_t pc,
             const Run *&thenRun, const Run *&elseRun);

// Whether native code keeps the warp when the guarded branch at pc diverges: an if-then(-else),
// or the back edge of a loop whose body is one run.
bool divergenceStaysNative(const ptx::Function &function, const std::vector<Run> &runs,
                           uint32_t pc);

// Forward branches native code may also start at (NativeFunction::startsRun value
// kStartsAtBranch) for a converged warp: those right after an instruction the scheduler runs (a
// barrier, a call), where the warps of a region begin (`if (i < n)` after a block's last
// barrier), and whose divergence stays native, so that such a start never stops where it began.
// Not backward ones: a warp that went round its loop to a barrier would stop below where it
// started, which the engine takes for a warp that spun.
std::vector<uint32_t> findBranchEntries(const ptx::Function &function,
                                        const std::vector<Run> &runs);

} // namespace qiao::jit
