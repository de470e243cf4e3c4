// Leaders and runs of a decoded function.
#include "RunFinder.h"

namespace qiao::jit {
namespace {

// Families RunEmitter::lower handles for at least some modifier combinations.
bool isLoweredFamily(ptx::Opcode op) {
  using ptx::Opcode;
  switch (op) {
  case Opcode::Add:
  case Opcode::Sub:
  case Opcode::Mul:
  case Opcode::Mad:
  case Opcode::Fma:
  case Opcode::Min:
  case Opcode::Max:
  case Opcode::Neg:
  case Opcode::Div:
  case Opcode::Rcp:
  case Opcode::Sqrt:
  case Opcode::Rsqrt:
  case Opcode::And:
  case Opcode::Or:
  case Opcode::Xor:
  case Opcode::Not:
  case Opcode::Shl:
  case Opcode::Shr:
  case Opcode::Setp:
  case Opcode::Selp:
  case Opcode::Mov:
  case Opcode::Cvt:
  case Opcode::Cvta:
  case Opcode::Ld:
  case Opcode::St:
    return true;
  default:
    return false;
  }
}

} // namespace

std::vector<Run> findRuns(const ptx::Function &function) {
  const std::vector<ptx::Inst> &code = function.code;
  std::vector<bool> leader(code.size() + 1, false);
  leader[0] = true;
  for (size_t pc = 0; pc < code.size(); ++pc) {
    const ptx::Inst &inst = code[pc];
    if (inst.control == ptx::Control::None)
      continue;
    leader[pc + 1] = true;
    if (inst.control == ptx::Control::Branch && inst.target < code.size())
      leader[inst.target] = true;
  }
  std::vector<Run> runs;
  for (uint32_t pc = 0; pc < code.size();) {
    if (code[pc].control != ptx::Control::None) {
      ++pc;
      continue;
    }
    Run run;
    run.begin = pc;
    do {
      run.nativeCandidates += isLoweredFamily(code[pc].op) ? 1 : 0;
      ++pc;
    } while (pc < code.size() && !leader[pc] && code[pc].control == ptx::Control::None);
    run.end = pc;
    runs.push_back(run);
  }
  return runs;
}

} // namespace qiao::jit
