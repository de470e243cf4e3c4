// Leaders and runs of a decoded function.
#include "RunFinder.h"

#include <algorithm>

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

const Run *runStartingAt(const std::vector<Run> &runs, uint32_t pc) {
  auto it = std::lower_bound(runs.begin(), runs.end(), pc,
                             [](const Run &run, uint32_t begin) { return run.begin < begin; });
  return it != runs.end() && it->begin == pc ? &*it : nullptr;
}

bool ifSides(const ptx::Function &function, const std::vector<Run> &runs, uint32_t pc,
             const Run *&thenRun, const Run *&elseRun) {
  const std::vector<ptx::Inst> &code = function.code;
  uint32_t target = code[pc].target;
  thenRun = runStartingAt(runs, pc + 1);
  elseRun = nullptr;
  if (target <= pc || target >= code.size() || !thenRun)
    return false;
  if (thenRun->end == target)
    return true;
  const ptx::Inst &jump = code[thenRun->end];
  elseRun = runStartingAt(runs, target);
  return thenRun->end + 1 == target && jump.control == ptx::Control::Branch &&
         jump.guard == ptx::kNoReg && jump.target > target && elseRun &&
         elseRun->end == jump.target;
}

bool divergenceStaysNative(const ptx::Function &function, const std::vector<Run> &runs,
                           uint32_t pc) {
  const ptx::Inst &branch = function.code[pc];
  if (branch.target <= pc) {
    const Run *body = runStartingAt(runs, branch.target);
    return body && body->end == pc;
  }
  const Run *thenRun, *elseRun;
  return ifSides(function, runs, pc, thenRun, elseRun);
}

std::vector<uint32_t> findBranchEntries(const ptx::Function &function,
                                        const std::vector<Run> &runs) {
  const std::vector<ptx::Inst> &code = function.code;
  std::vector<uint32_t> entries;
  for (uint32_t pc = 1; pc < code.size(); ++pc) {
    const ptx::Inst &inst = code[pc];
    ptx::Control before = code[pc - 1].control;
    if (inst.control == ptx::Control::Branch && inst.target > pc && before != ptx::Control::None &&
        before != ptx::Control::Branch &&
        (inst.guard == ptx::kNoReg || divergenceStaysNative(function, runs, pc)))
      entries.push_back(pc);
  }
  return entries;
}

} // namespace qiao::jit
