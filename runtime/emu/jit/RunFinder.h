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

} // namespace qiao::jit
