// A guess, per register, whether a warp's lanes hold the same value in it: registers computed
// only from constants, kernel parameters, block and grid geometry, and loads from such
// addresses. Memory lowering uses it to choose which fast paths to generate for an access
// (a broadcast for a uniform address, a vector access or a gather otherwise). It is a hint: it
// ignores values that differ because lanes took different paths, and every fast path still
// checks its pattern at run time, falling back to the exec function when the guess is wrong.
#pragma once

#include "Program.h"

#include <cstdint>
#include <vector>

namespace qiao::jit {

class UniformityHints {
public:
  explicit UniformityHints(const ptx::Function &function);
  bool likelyUniform(uint32_t slot) const { return slot >= varying_.size() || !varying_[slot]; }

private:
  std::vector<bool> varying_;
};

} // namespace qiao::jit
