#include "ColdRematerialization.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/Analysis/BranchProbabilityInfo.h>
#include <llvm/Analysis/ValueTracking.h>
#include <llvm/IR/CFG.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/Transforms/Utils/Local.h>

namespace qiao::jit {

using namespace llvm;

namespace {

// An edge taken less often than this is unlikely: RunEmitter's weights are 1 in 2000, while
// LLVM's own heuristics (a loop's exit: 1 in 32; a branch to a cold call: 1 in 17) stay above.
const BranchProbability kUnlikely(1, 256);

// Instructions recomputed per use in a cold block, at most: a longer chain stays live.
constexpr unsigned kMaxChain = 24;

// The blocks only unlikely edges reach: everything not reachable from the entry by likely edges.
SmallPtrSet<const BasicBlock *, 32> coldBlocks(Function &fn, const BranchProbabilityInfo &bpi) {
  SmallPtrSet<const BasicBlock *, 32> hot;
  SmallVector<const BasicBlock *, 64> work{&fn.getEntryBlock()};
  hot.insert(&fn.getEntryBlock());
  while (!work.empty()) {
    const BasicBlock *block = work.pop_back_val();
    for (const BasicBlock *next : successors(block))
      if (!hot.contains(next) && bpi.getEdgeProbability(block, next) >= kUnlikely) {
        hot.insert(next);
        work.push_back(next);
      }
  }
  SmallPtrSet<const BasicBlock *, 32> cold;
  for (const BasicBlock &block : fn)
    if (!hot.contains(&block))
      cold.insert(&block);
  return cold;
}

// Worth recomputing: no side effect, no trap, cheap, and a vector (scalars are cheap to keep).
bool recomputable(const Instruction &inst) {
  if (!inst.getType()->isVectorTy())
    return false;
  if (const auto *load = dyn_cast<LoadInst>(&inst))
    return load->isSimple() && load->hasMetadata(LLVMContext::MD_invariant_load);
  if (isa<PHINode>(inst) || inst.mayReadOrWriteMemory() || !isSafeToSpeculativelyExecute(&inst))
    return false;
  if (const auto *call = dyn_cast<IntrinsicInst>(&inst))
    return call->getIntrinsicID() == Intrinsic::experimental_stepvector;
  return isa<BinaryOperator>(inst) || isa<CastInst>(inst) || isa<CmpInst>(inst) ||
         isa<SelectInst>(inst) || isa<ShuffleVectorInst>(inst) || isa<InsertElementInst>(inst) ||
         isa<GetElementPtrInst>(inst) || isa<FreezeInst>(inst);
}

class Rematerializer {
public:
  Rematerializer(const SmallPtrSet<const BasicBlock *, 32> &cold, const DominatorTree &tree)
      : cold_(cold), tree_(tree) {}

  // Replaces the hot operands of `user` (in a cold block) with copies made in the block's cold
  // region. Returns whether anything changed.
  bool rewrite(Instruction &user) {
    BasicBlock *home = regionHead(user.getParent());
    bool changed = false;
    for (Use &use : user.operands()) {
      Instruction *value = hotRecomputable(use.get());
      if (!value)
        continue;
      unsigned budget = kMaxChain;
      if (!fits(*value, budget))
        continue;
      use.set(copyIn(*value, home));
      replaced_.push_back(value);
      changed = true;
    }
    return changed;
  }

  // Deletes the hot values whose every use a copy replaced, and the chains under them.
  void deleteDeadOriginals() {
    for (WeakTrackingVH &value : replaced_)
      if (auto *inst = dyn_cast_or_null<Instruction>(value))
        RecursivelyDeleteTriviallyDeadInstructions(inst);
  }

private:
  bool isHot(const Instruction &inst) const { return !cold_.contains(inst.getParent()); }

  // `value` as an instruction a copy takes along (hot and recomputable), or null.
  Instruction *hotRecomputable(Value *value) const {
    auto *inst = dyn_cast<Instruction>(value);
    return inst && isHot(*inst) && recomputable(*inst) ? inst : nullptr;
  }

  // The highest cold block that dominates `block` with no hot block between: one copy there
  // serves every cold block below it.
  BasicBlock *regionHead(BasicBlock *block) const {
    const DomTreeNode *node = tree_.getNode(block);
    while (node->getIDom() && cold_.contains(node->getIDom()->getBlock()))
      node = node->getIDom();
    return node->getBlock();
  }

  // Whether the hot chain under `inst` is recomputable within `budget` instructions.
  bool fits(const Instruction &inst, unsigned &budget) const {
    if (budget == 0)
      return false;
    --budget;
    for (Value *operand : inst.operands())
      if (const Instruction *def = hotRecomputable(operand); def && !fits(*def, budget))
        return false;
    return true;
  }

  // A copy of the hot chain under `inst` at the start of `home`, made once per region, before
  // the block's first instruction of its own (so operands' copies come first). Operands the chain
  // does not copy dominate `inst`, so they dominate `home` too.
  Value *copyIn(Instruction &inst, BasicBlock *home) {
    if (auto it = copies_.find({&inst, home}); it != copies_.end())
      return it->second;
    Instruction *copy = inst.clone();
    for (Use &use : copy->operands())
      if (Instruction *def = hotRecomputable(use.get()))
        use.set(copyIn(*def, home));
    auto [anchor, first] = anchors_.try_emplace(home, nullptr);
    if (first)
      anchor->second = &*home->getFirstInsertionPt();
    copy->insertBefore(anchor->second);
    copies_[{&inst, home}] = copy;
    return copy;
  }

  const SmallPtrSet<const BasicBlock *, 32> &cold_;
  const DominatorTree &tree_;
  DenseMap<std::pair<Instruction *, BasicBlock *>, Instruction *> copies_;
  DenseMap<BasicBlock *, Instruction *> anchors_; // each region head's first original instruction
  SmallVector<WeakTrackingVH, 64> replaced_;      // hot values some use of which a copy replaced
};

} // namespace

PreservedAnalyses ColdRematerializationPass::run(Function &fn, FunctionAnalysisManager &analyses) {
  const auto &bpi = analyses.getResult<BranchProbabilityAnalysis>(fn);
  const auto &tree = analyses.getResult<DominatorTreeAnalysis>(fn);
  const SmallPtrSet<const BasicBlock *, 32> cold = coldBlocks(fn, bpi);
  if (cold.empty())
    return PreservedAnalyses::all();
  Rematerializer rematerializer(cold, tree);
  bool changed = false;
  SmallVector<Instruction *, 64> hotValues;
  for (BasicBlock &block : fn) {
    if (!cold.contains(&block) || !tree.isReachableFromEntry(&block))
      continue;
    // Copies are made at the region's head, before the users this walk visits; phis read their
    // operands at the end of the incoming block, so they keep them.
    for (Instruction &user : make_early_inc_range(block))
      if (!isa<PHINode>(user))
        changed |= rematerializer.rewrite(user);
  }
  if (!changed)
    return PreservedAnalyses::all();
  rematerializer.deleteDeadOriginals();
  PreservedAnalyses preserved;
  preserved.preserveSet<CFGAnalyses>();
  return preserved;
}

} // namespace qiao::jit
