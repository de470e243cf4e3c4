// Registers whose value is the same wherever a warp reads them: defined by exactly one unguarded
// instruction, an integer operation on thread and block indices, kernel parameters, immediates
// and other such registers. Native code recomputes such a row where a run needs it instead of
// loading it: a few instructions, and what it is built from (the thread index) lets LinearLanes
// prove that accesses through it are consecutive, which a row loaded from memory cannot show
// without comparing all 32 lanes. The interpreter and exec functions still read it from memory:
// RunEmitter stores it by the defining run or, where no scheduler point sees it, on the paths
// that hand them the register file.
#pragma once

#include "Program.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace qiao::jit {

class InvariantRows {
public:
  // kernel: whether `function` is a kernel (its .param loads read the launch's fixed arguments).
  InvariantRows(const ptx::Function &function, bool kernel);
  // The pc of the instruction that defines `slot` when the slot is invariant.
  std::optional<uint32_t> definition(uint32_t slot) const {
    if (slot >= definition_.size() || definition_[slot] == kNot)
      return std::nullopt;
    return definition_[slot];
  }

private:
  static constexpr uint32_t kNot = ~0u;
  std::vector<uint32_t> definition_; // per slot: its defining pc, or kNot
};

} // namespace qiao::jit
