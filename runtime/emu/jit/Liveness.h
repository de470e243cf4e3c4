// Register liveness over a decoded function: which register rows may still be read from memory
// (by native code, an exec function or the interpreter) when execution reaches a pc. Native code
// stores a row it changed only where the row is live, so values that die inside a run never
// leave SIMD registers. Instructions whose operands the analysis does not know precisely count
// every register they name as read and none as overwritten, which only keeps more rows live.
#pragma once

#include "Program.h"

#include <cstdint>
#include <vector>

namespace qiao::jit {

// Whether the instruction may write `slot` in some lane: its destinations where the analysis
// knows them, every register it names where it does not.
bool mayWrite(const ptx::Inst &inst, uint32_t slot);

class Liveness {
public:
  explicit Liveness(const ptx::Function &function);
  // Whether `slot` is live on entry to `pc` (pc may be code.size(): nothing is live there).
  bool liveIn(uint32_t pc, uint32_t slot) const {
    return (in_[static_cast<size_t>(pc) * words_ + slot / 64] >> (slot % 64)) & 1;
  }

  // Whether the instruction at pc may read `slot` (as the analysis counts reads).
  bool reads(uint32_t pc, uint32_t slot) const {
    return (uses_[static_cast<size_t>(pc) * words_ + slot / 64] >> (slot % 64)) & 1;
  }
  uint32_t slots() const { return slots_; }

private:
  uint32_t words_ = 0, slots_ = 0;
  std::vector<uint64_t> in_;   // (code.size() + 1) rows of words_ words
  std::vector<uint64_t> uses_; // code.size() rows
};

} // namespace qiao::jit
