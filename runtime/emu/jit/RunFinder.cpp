// Leaders and runs of a decoded function.
#include "RunFinder.h"

namespace qiao::jit {

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
      ++pc;
    } while (pc < code.size() && !leader[pc] && code[pc].control == ptx::Control::None);
    run.end = pc;
    runs.push_back(run);
  }
  return runs;
}

} // namespace qiao::jit
