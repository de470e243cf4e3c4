// The run skeleton: arguments, register rows, execution masks and the exec-function fallback.
#include "RunEmitter.h"

#include "NativeCode.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/MDBuilder.h>

#include <cstddef>

namespace qiao::jit {

using namespace llvm;

RunEmitter::RunEmitter(llvm::Module &module, const ptx::Function &function,
                       uint32_t declaredParamBytes, TargetTraits target)
    : module_(module), ctx_(module.getContext()), function_(function),
      declaredParamBytes_(declaredParamBytes), embeddedRounding_(target.embeddedRounding),
      switchedRounding_(target.switchedRounding), liveness_(function),
      invariants_(function, function.isEntry), hints_(function), b_(ctx_) {
  for (const auto &[slot, bits] : function.constants)
    constants_[slot] = bits;
  i1_ = b_.getInt1Ty();
  i8_ = b_.getInt8Ty();
  i16_ = b_.getInt16Ty();
  i32_ = b_.getInt32Ty();
  i64_ = b_.getInt64Ty();
  f32_ = b_.getFloatTy();
  f64_ = b_.getDoubleTy();
  ptr_ = b_.getPtrTy();
  v1_ = FixedVectorType::get(i1_, ptx::kWarpSize);
  v32_ = FixedVectorType::get(i32_, ptx::kWarpSize);
  v64_ = FixedVectorType::get(i64_, ptx::kWarpSize);
  vf32_ = FixedVectorType::get(f32_, ptx::kWarpSize);
  vf64_ = FixedVectorType::get(f64_, ptx::kWarpSize);
  vptr_ = FixedVectorType::get(ptr_, ptx::kWarpSize);
  allLanes_ = Constant::getAllOnesValue(v1_);
  fallbackFn_ = module_.getOrInsertFunction("qiao_native_fallback",
                                            FunctionType::get(i1_, {ptr_, ptr_, i32_}, false));
  rangeFn_ = module_.getOrInsertFunction("qiao_native_global_range",
                                         FunctionType::get(i1_, {ptr_, i64_, i64_}, false));
  deferAddFn_ = module_.getOrInsertFunction(
      "qiao_native_defer_add", FunctionType::get(b_.getVoidTy(), {ptr_, i64_, i64_, i32_}, false));
  MDBuilder weights(ctx_);
  likely_ = weights.createLikelyBranchWeights();
  unlikely_ = weights.createUnlikelyBranchWeights();
}

uint32_t RunEmitter::emitFunction(const std::string &name, const std::vector<Run> &runs) {
  FunctionType *type = FunctionType::get(i32_, {ptr_, ptr_, i32_, ptr_, ptr_, i32_, i32_}, false);
  llvm::Function *fn = llvm::Function::Create(type, GlobalValue::ExternalLinkage, name, module_);
  // No noalias on the arguments: the exec functions that native code calls write the register
  // rows and the warp state through the warp.
  fn->addFnAttr(Attribute::NoUnwind);
  warp_ = fn->getArg(0);
  regs_ = fn->getArg(1);
  active_ = fn->getArg(2);
  code_ = fn->getArg(3);
  state_ = fn->getArg(4);
  Value *startPc = fn->getArg(5);
  stopPc_ = fn->getArg(6);
  BasicBlock *entry = BasicBlock::Create(ctx_, "entry", fn);
  faultBlock_ = BasicBlock::Create(ctx_, "fault", fn);
  b_.SetInsertPoint(faultBlock_);
  b_.CreateRet(b_.getInt32(ptx::kRunFaulted));
  BasicBlock *unknown = BasicBlock::Create(ctx_, "unknown", fn);
  b_.SetInsertPoint(unknown);
  b_.CreateRet(startPc);
  runEntries_.clear();
  mxcsrSaved_ = mxcsrSwitched_ = nullptr;
  runs_ = &runs;
  findLazyInvariants();
  for (const Run &run : runs)
    runEntries_[run.begin] = makeRunEntry(fn, run);
  b_.SetInsertPoint(entry);
  activeMask_ = b_.CreateBitCast(active_, v1_);
  budget_ = b_.CreateAlloca(i32_);
  b_.CreateStore(b_.getInt32(ptx::kNativeBranchBudget), budget_);
  SwitchInst *dispatch = b_.CreateSwitch(startPc, unknown, static_cast<unsigned>(runs.size()));
  for (auto &[pc, runEntry] : runEntries_)
    dispatch->addCase(b_.getInt32(pc), enterFromMemory(fn, pc, runEntry));
  for (uint32_t pc : findBranchEntries(function_, runs)) {
    BasicBlock *branch = BasicBlock::Create(ctx_, "branch" + std::to_string(pc), fn);
    dispatch->addCase(b_.getInt32(pc), branch);
    b_.SetInsertPoint(branch);
    forgetRows();
    currentRunBegin_ = pc;
    emitExit(pc);
  }
  uint32_t lowered = 0;
  for (const Run &run : runs)
    lowered += emitRun(run);
  return lowered;
}

// The rows a run reads that may hold values on entry: passed in SIMD registers from the native
// code that jumps there (phis at the run's head), loaded from memory only where the scheduler
// enters. At most kPassedRows, so that a loop's rows stay in registers rather than spill.
RunEmitter::RunEntry RunEmitter::makeRunEntry(llvm::Function *fn, const Run &run) {
  constexpr size_t kPassedRows = 12;
  RunEntry entry;
  entry.block = BasicBlock::Create(ctx_, "pc" + std::to_string(run.begin), fn);
  uint32_t last = run.end < function_.code.size() ? run.end : run.end - 1;
  bool passInvariants = passesInvariants(run);
  for (uint32_t slot = 0; slot < liveness_.slots() && entry.slots.size() < kPassedRows; ++slot) {
    if (constants_.count(slot) || !liveness_.liveIn(run.begin, slot))
      continue;
    if (!passInvariants && invariants_.definition(slot))
      continue; // recomputed where the run reads it
    for (uint32_t pc = run.begin; pc <= last; ++pc)
      if (liveness_.reads(pc, slot)) {
        entry.slots.push_back(slot);
        break;
      }
  }
  b_.SetInsertPoint(entry.block);
  for (size_t i = 0; i < entry.slots.size(); ++i)
    entry.phis.push_back(b_.CreatePHI(v64_, 2));
  return entry;
}

// Recomputing an invariant row costs a few vector instructions each time the run starts, which
// a loop's head would pay every iteration (the thread-index load cannot be hoisted past the
// loop's stores): there, invariant rows stay phis like the others.
bool RunEmitter::passesInvariants(const Run &run) const {
  for (uint32_t pc = run.begin; pc < function_.code.size(); ++pc) {
    const Inst &inst = function_.code[pc];
    if (inst.control == ptx::Control::Branch && inst.target == run.begin)
      return true;
  }
  return false;
}

BasicBlock *RunEmitter::enterFromMemory(llvm::Function *fn, uint32_t pc, RunEntry &entry) {
  BasicBlock *load = BasicBlock::Create(ctx_, "enter" + std::to_string(pc), fn);
  IRBuilderBase::InsertPointGuard keep(b_);
  b_.SetInsertPoint(load);
  for (size_t i = 0; i < entry.slots.size(); ++i) {
    entry.phis[i]->addIncoming(loadRow(entry.slots[i]), load);
  }
  b_.CreateBr(entry.block);
  return load;
}

// Jumps to the run at `pc` from native code: its passed rows go as they are cached (or loaded
// here), and every other dirty row the run may read later is stored first.
void RunEmitter::passRows(uint32_t pc, RunEntry &entry) {
  std::vector<bool> passed(liveness_.slots(), false);
  for (size_t i = 0; i < entry.slots.size(); ++i) {
    uint32_t slot = entry.slots[i];
    passed[slot] = true;
    // Loaded (or recomputed) here and not cached: this path does not dominate the others that
    // use rows_.
    auto cached = rows_.find(slot);
    Value *value = nullptr;
    if (cached != rows_.end())
      value = canonicalValue(cached->second);
    if (!value && lazy_[slot]) {
      CacheScope keep(*this);
      value = rematerialize(slot, *invariants_.definition(slot));
    }
    if (!value)
      value = loadRow(slot);
    entry.phis[i]->addIncoming(value, b_.GetInsertBlock());
  }
  for (auto &[slot, r] : rows_)
    if (r.dirty && !passed[slot] && liveness_.liveIn(pc, slot))
      storeRow(slot, r);
  b_.CreateBr(entry.block);
}

uint32_t RunEmitter::emitRun(const Run &run) {
  RunEntry &entry = runEntries_[run.begin];
  b_.SetInsertPoint(entry.block);
  forgetRows();
  currentRunBegin_ = run.begin;
  // A passed row may be dirty and, from some predecessor, hold only the active lanes.
  for (size_t i = 0; i < entry.slots.size(); ++i)
    rows_[entry.slots[i]] = Row{entry.phis[i], true, false};
  uint32_t lowered = emitBody(run, false);
  emitExit(run.end);
  return lowered;
}

// A masked body starts with no rows cached: its caller stored them.
uint32_t RunEmitter::emitBody(const Run &run, bool masked) {
  countAddressUses(run);
  uint32_t lowered = 0;
  for (uint32_t pc = run.begin; pc < run.end; ++pc) {
    const Inst &inst = function_.code[pc];
    Value *exec = execMask(inst);
    if (lower(inst, pc, exec)) {
      ++lowered;
      if (definesLazy_[pc])
        for (auto &[slot, r] : rows_)
          if (lazy_[slot] && invariants_.definition(slot) == pc)
            r.dirty = false;
      continue;
    }
    fallback(pc, exec);
  }
  // A masked body's rows hold its lanes only: stored here, before the warp's mask applies again.
  // A run's rows stay cached for its exit (emitExit), which stores them where it leaves.
  if (masked) {
    flush(run.end);
    forgetRows();
  }
  Value *counter =
      b_.CreateConstInBoundsGEP1_64(i8_, state_, offsetof(ptx::NativeWarpState, instructions));
  b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, counter), b_.getInt64(run.end - run.begin)),
                 counter);
  return lowered;
}

// How many ld/st of the run address through each register: a base used once gets its range
// facts only on the path that needs them (the coalesced path needs none); one used by several
// accesses (an unrolled tile loop) gets them once, on the run's straight-line path.
void RunEmitter::countAddressUses(const Run &run) {
  addressUses_.clear();
  for (uint32_t pc = run.begin; pc < run.end; ++pc) {
    const Inst &inst = function_.code[pc];
    if (inst.op != ptx::Opcode::Ld && inst.op != ptx::Opcode::St)
      continue;
    const Operand &address = inst.ops[inst.op == ptx::Opcode::St ? 0 : 1];
    if (address.reg != ptx::kNoReg)
      ++addressUses_[address.reg];
  }
}

void RunEmitter::emitMaskedBody(const Run &run, Value *mask) {
  Value *outer = activeMask_;
  activeMask_ = mask;
  emitBody(run, true);
  activeMask_ = outer;
}

const Run *RunEmitter::runAt(uint32_t pc) const { return runStartingAt(*runs_, pc); }

// A forward branch around one run (if-then), or around one run that ends with a jump over a
// second (if-then-else), diverges without leaving native code: each side runs under its lanes'
// mask, one after the other, and the warp goes on together where they meet, as the scheduler
// would run the lower pc first and merge the groups there.
// Called where the branch at pc diverged, with the rows of the run before it cached.
bool RunEmitter::emitDivergentBranch(uint32_t pc, Value *takenMask) {
  const Run *thenRun, *elseRun;
  if (!ifSides(function_, *runs_, pc, thenRun, elseRun))
    return false;
  // Lanes the scheduler parked where a side begins would join that side there: leave such a
  // warp to the scheduler.
  uint32_t lastStart = elseRun ? function_.code[pc].target : pc + 1;
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  BasicBlock *masked = BasicBlock::Create(ctx_, "masked", fn);
  BasicBlock *parked = BasicBlock::Create(ctx_, "parked", fn);
  b_.CreateCondBr(b_.CreateICmpULT(b_.getInt32(lastStart), stopPc_), masked, parked, likely_);
  b_.SetInsertPoint(parked);
  leaveAt(pc);
  // Each side starts from memory and stores what it writes under its own mask, so memory must
  // hold every row live past the branch first (not the branch's predicate: nothing reads it
  // again). Keeping the rows in registers through the sides was tried: fewer loads, but more
  // spills where rows outnumber the SIMD registers (the scan ran 12% more instructions). A row
  // the sides only read and that dies where they meet (the partial sum a warp's first lane adds
  // to a total) goes into them as it is cached, and never reaches memory.
  b_.SetInsertPoint(masked);
  const uint32_t join = elseRun ? elseRun->end : function_.code[pc].target;
  std::map<uint32_t, Row> readOnly = rowsOnlyRead(*thenRun, elseRun, join);
  storeDirtyRows([&](uint32_t slot) {
    return !readOnly.count(slot) &&
           (liveness_.liveIn(pc + 1, slot) || liveness_.liveIn(function_.code[pc].target, slot));
  });
  forgetRows();
  Value *taken = b_.CreateBitCast(takenMask, v1_);
  rows_ = readOnly;
  emitMaskedBody(*thenRun, b_.CreateAnd(activeMask_, b_.CreateNot(taken)));
  if (elseRun) {
    rows_ = readOnly;
    emitMaskedBody(*elseRun, b_.CreateAnd(activeMask_, taken));
  }
  emitExit(join);
  return true;
}

// The cached rows that the sides of a divergent branch read, never write and that are dead where
// the sides meet, as the sides may take them (their facts are not carried).
std::map<uint32_t, RunEmitter::Row> RunEmitter::rowsOnlyRead(const Run &thenRun, const Run *elseRun,
                                                             uint32_t join) {
  std::map<uint32_t, Row> kept;
  for (const auto &[slot, r] : rows_) {
    if (liveness_.liveIn(join, slot))
      continue;
    bool read = false, written = false;
    for (const Run *side : {&thenRun, elseRun}) {
      if (!side)
        continue;
      for (uint32_t at = side->begin; at < side->end && !written; ++at) {
        written = mayWrite(function_.code[at], slot);
        read = read || liveness_.reads(at, slot);
      }
    }
    if (read && !written)
      kept.emplace(slot, r);
  }
  return kept;
}

void RunEmitter::returnPc(uint32_t pc) { b_.CreateRet(b_.getInt32(pc)); }

// Leaves native code at pc: the dirty rows and lazy invariants live there go to memory first.
void RunEmitter::leaveAt(uint32_t pc) {
  spill(pc);
  storeInvariantsLiveAt(pc);
  returnPc(pc);
}

void RunEmitter::goTo(uint32_t pc) {
  auto it = runEntries_.find(pc);
  if (it == runEntries_.end()) {
    leaveAt(pc);
    return;
  }
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  BasicBlock *pass = BasicBlock::Create(ctx_, "pass", fn);
  BasicBlock *stop = BasicBlock::Create(ctx_, "stop", fn);
  b_.CreateCondBr(b_.CreateICmpULT(b_.getInt32(pc), stopPc_), pass, stop, likely_);
  b_.SetInsertPoint(stop);
  leaveAt(pc);
  b_.SetInsertPoint(pass);
  if (!emitInline(pc))
    passRows(pc, it->second);
}

// A short run that a forward jump reaches is emitted again at the jump, so that what the code
// before it knows (rows in registers, linear lanes, range facts) holds in it: the bounds check of
// a kernel's body then sees the thread index it was computed from. Bounded in depth and length;
// the run's own copy still serves every other way in.
bool RunEmitter::emitInline(uint32_t pc) {
  constexpr unsigned kMaxDepth = 1;
  constexpr uint32_t kMaxLength = 48;
  // Copies cost compile time (a copied run about doubles a short kernel's): only short kernels,
  // where a bounds check around the body is most of the code, get them.
  constexpr size_t kMaxFunctionLength = 64;
  const Run *run = runAt(pc);
  if (!run || inlineDepth_ >= kMaxDepth || run->end - run->begin > kMaxLength ||
      pc <= currentRunBegin_ || function_.code.size() > kMaxFunctionLength)
    return false;
  CacheScope keep(*this);
  uint32_t outerBegin = currentRunBegin_;
  ++inlineDepth_;
  currentRunBegin_ = run->begin;
  emitBody(*run, false);
  emitExit(run->end);
  currentRunBegin_ = outerBegin;
  --inlineDepth_;
  return true;
}

// A uniform branch (every active lane the same way) stays in native code; so does a divergent
// one around straight-line code (emitDivergentBranch); any other is the scheduler's, which parks
// one group and runs the other.
// Called with the run's rows cached and dirty where changed: every path out stores what it must
// (leaveAt, passRows); the divergent path, whose masked bodies reload rows, is emitted last.
void RunEmitter::emitExit(uint32_t next) {
  if (next >= function_.code.size()) {
    returnPc(next);
    return;
  }
  const Inst &inst = function_.code[next];
  if (inst.control == ptx::Control::None) {
    goTo(next); // the run ended at a leader
    return;
  }
  if (inst.control != ptx::Control::Branch) {
    leaveAt(next);
    return;
  }
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  Value *taken = b_.CreateBitCast(execMask(inst), i32_);
  BasicBlock *all = BasicBlock::Create(ctx_, "taken", fn);
  BasicBlock *notAll = BasicBlock::Create(ctx_, "nottaken", fn);
  BasicBlock *none = BasicBlock::Create(ctx_, "fallthrough", fn);
  BasicBlock *divergent = BasicBlock::Create(ctx_, "divergent", fn);
  b_.CreateCondBr(b_.CreateICmpEQ(taken, active_), all, notAll);
  b_.SetInsertPoint(notAll);
  b_.CreateCondBr(b_.CreateICmpEQ(taken, b_.getInt32(0)), none, divergent);
  b_.SetInsertPoint(none);
  goTo(next + 1);
  // Taken: spend one unit of the branch budget, so that a warp spinning on another returns.
  b_.SetInsertPoint(all);
  Value *left = b_.CreateLoad(i32_, budget_);
  BasicBlock *spend = BasicBlock::Create(ctx_, "spend", fn);
  BasicBlock *spent = BasicBlock::Create(ctx_, "spent", fn);
  b_.CreateCondBr(b_.CreateICmpEQ(left, b_.getInt32(0)), spent, spend, unlikely_);
  b_.SetInsertPoint(spent);
  leaveAt(inst.target);
  b_.SetInsertPoint(spend);
  b_.CreateStore(b_.CreateSub(left, b_.getInt32(1)), budget_);
  goTo(inst.target);
  b_.SetInsertPoint(divergent);
  if (inst.target > next && emitDivergentBranch(next, taken))
    return;
  spill(next);
  forgetRows();
  if (inst.target > next || !emitDivergentLoop(next, taken)) {
    storeInvariantsLiveAt(next);
    returnPc(next);
  }
}

// A backward branch that closes a loop whose body is one run diverges without leaving native
// code: the body runs again under the mask of the lanes that took the branch until none does,
// and the warp goes on together after the loop, as the scheduler would run the lower pc (the
// loop) first and merge the leavers with the last lanes out. Each round spends a unit of the
// branch budget; when it runs out the lanes that left are parked at the exit (NativeWarpState::
// parkMask) and the rest return at the loop head, so a lane spinning on a lock held by a lane of
// its own warp lets that lane run.
bool RunEmitter::emitDivergentLoop(uint32_t pc, Value *takenMask) {
  const ptx::Inst &branch = function_.code[pc];
  const Run *body = runAt(branch.target);
  if (!body || body->end != pc)
    return false;
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  BasicBlock *entry = b_.GetInsertBlock();
  BasicBlock *head = BasicBlock::Create(ctx_, "loophead", fn);
  BasicBlock *again = BasicBlock::Create(ctx_, "loopagain", fn);
  BasicBlock *spend = BasicBlock::Create(ctx_, "loopspend", fn);
  BasicBlock *spent = BasicBlock::Create(ctx_, "loopspent", fn);
  BasicBlock *out = BasicBlock::Create(ctx_, "loopout", fn);
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  PHINode *looping = b_.CreatePHI(i32_, 2);
  looping->addIncoming(takenMask, entry);
  Value *outer = activeMask_;
  Value *loopMask = b_.CreateBitCast(looping, v1_);
  emitMaskedBody(*body, loopMask);
  activeMask_ = loopMask;
  Value *still = b_.CreateBitCast(execMask(branch), i32_);
  activeMask_ = outer;
  forgetRows();
  b_.CreateCondBr(b_.CreateICmpEQ(still, b_.getInt32(0)), out, again);
  b_.SetInsertPoint(again);
  Value *left = b_.CreateLoad(i32_, budget_);
  b_.CreateCondBr(b_.CreateICmpEQ(left, b_.getInt32(0)), spent, spend, unlikely_);
  b_.SetInsertPoint(spend);
  b_.CreateStore(b_.CreateSub(left, b_.getInt32(1)), budget_);
  looping->addIncoming(still, spend);
  b_.CreateBr(head);
  b_.SetInsertPoint(spent);
  storeInvariants([&](uint32_t slot) {
    return liveness_.liveIn(branch.target, slot) || liveness_.liveIn(pc + 1, slot);
  });
  b_.CreateStore(b_.getInt32(pc + 1), b_.CreateConstInBoundsGEP1_64(
                                          i8_, state_, offsetof(ptx::NativeWarpState, parkPc)));
  b_.CreateStore(
      b_.CreateAnd(active_, b_.CreateNot(still)),
      b_.CreateConstInBoundsGEP1_64(i8_, state_, offsetof(ptx::NativeWarpState, parkMask)));
  returnPc(branch.target);
  b_.SetInsertPoint(out);
  emitExit(pc + 1);
  return true;
}

// --- registers ----------------------------------------------------------------------------------

Value *RunEmitter::row(uint32_t slot) {
  auto it = rows_.find(slot);
  if (it != rows_.end()) {
    it->second.value = canonicalValue(it->second);
    it->second.rawNaN = false;
    return it->second.value;
  }
  if (auto c = constants_.find(slot); c != constants_.end())
    return splat64(c->second);
  if (auto definition = invariants_.definition(slot))
    if (Value *value = rematerialize(slot, *definition))
      return value;
  Value *value = loadRow(slot);
  rows_[slot] = Row{value, false, true};
  return value;
}

// The definition lowered again for every lane: the row is clean (memory holds the same cells for
// the lanes that ran the definition, and no other lane reads them) and complete. A second
// destination of the definition (setp's) keeps the row it had.
Value *RunEmitter::rematerialize(uint32_t slot, uint32_t definition) {
  const Inst &inst = function_.code[definition];
  // The other destination of a setp: what it held before, or nothing.
  uint32_t second = ptx::kNoReg;
  std::optional<Row> secondRow;
  if (inst.op == ptx::Opcode::Setp && inst.ops[4].kind == Operand::Kind::Reg) {
    second = inst.ops[0].reg == slot ? inst.ops[4].reg : inst.ops[0].reg;
    if (auto it = rows_.find(second); it != rows_.end())
      secondRow = it->second;
  }
  Value *outer = activeMask_;
  activeMask_ = allLanes_;
  bool lowered = lower(inst, definition, allLanes_);
  activeMask_ = outer;
  if (second != ptx::kNoReg && second != slot) {
    if (secondRow)
      rows_[second] = *secondRow;
    else
      rows_.erase(second);
  }
  auto it = rows_.find(slot);
  if (!lowered || it == rows_.end())
    return nullptr;
  it->second.dirty = false;
  it->second.complete = true;
  return it->second.value;
}

Value *RunEmitter::rowAddress(uint32_t slot) {
  return b_.CreateConstInBoundsGEP1_64(i64_, regs_, uint64_t{slot} * ptx::kWarpSize);
}

Value *RunEmitter::loadRow(uint32_t slot) {
  return b_.CreateAlignedLoad(v64_, rowAddress(slot), Align(8));
}

Value *RunEmitter::merged(uint32_t slot, Value *value) {
  return b_.CreateSelect(activeMask_, value, loadRow(slot));
}

Value *RunEmitter::completeRow(uint32_t slot, bool keepRawNaN) {
  auto it = rows_.find(slot);
  Value *value = keepRawNaN && it != rows_.end() ? it->second.value : row(slot);
  it = rows_.find(slot);
  if (it == rows_.end() || it->second.complete)
    return value;
  // Only a warp with inactive lanes needs their cells from memory: a converged warp skips the
  // load and the blend (and keeps narrow values narrow).
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  BasicBlock *partial = BasicBlock::Create(ctx_, "partialwarp", fn);
  BasicBlock *done = BasicBlock::Create(ctx_, "completed", fn);
  BasicBlock *from = b_.GetInsertBlock();
  Value *full = b_.CreateICmpEQ(b_.CreateBitCast(activeMask_, i32_), b_.getInt32(~0u));
  b_.CreateCondBr(full, done, partial);
  b_.SetInsertPoint(partial);
  Value *withMemory = merged(slot, value);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  PHINode *complete = b_.CreatePHI(v64_, 2);
  complete->addIncoming(value, from);
  complete->addIncoming(withMemory, partial);
  it->second.value = complete;
  it->second.complete = true;
  return complete;
}

Value *RunEmitter::cells(const Operand &op) {
  if (op.kind == Operand::Kind::Imm && !constants_.count(op.reg))
    return splat64(op.imm);
  return row(op.reg);
}

Value *RunEmitter::rawCells(const Operand &op) {
  if (op.kind == Operand::Kind::Reg)
    if (auto it = rows_.find(op.reg); it != rows_.end())
      return it->second.value;
  return cells(op);
}

bool RunEmitter::holdsRawNaN(const Operand &op) const {
  if (op.kind != Operand::Kind::Reg)
    return false;
  auto it = rows_.find(op.reg);
  return it != rows_.end() && it->second.rawNaN;
}

Value *RunEmitter::canonicalCells(Value *cellsValue) {
  return fromF32(canonicalF32(asF32(cellsValue)));
}

Value *RunEmitter::canonicalValue(const Row &r) {
  return r.rawNaN ? canonicalCells(r.value) : r.value;
}

void RunEmitter::writeSlot(uint32_t slot, Value *cellsValue, Value *exec, bool rawNaN) {
  if (exec == activeMask_) {
    rows_[slot] = Row{cellsValue, true, false, rawNaN};
    return;
  }
  Value *old = row(slot);
  bool complete = rows_[slot].complete;
  // The same value again (a recomputed invariant row, a mov of what the row holds) stays the
  // value, so what is known about it (LinearLanes) still holds.
  rows_[slot] =
      Row{old == cellsValue ? old : b_.CreateSelect(exec, cellsValue, old), true, complete, rawNaN};
}

void RunEmitter::write(const Operand &dst, Value *cellsValue, Value *exec, bool rawNaN) {
  if (dst.kind == Operand::Kind::Reg && dst.reg != ptx::kNoReg)
    writeSlot(dst.reg, cellsValue, exec, rawNaN);
}

// A dirty row that is dead at pc is never read again before it is overwritten: it stays in the
// cache (its other lanes hold what memory holds) and is not stored.
void RunEmitter::flush(uint32_t pc) {
  for (auto &[slot, r] : rows_) {
    if (!r.dirty)
      continue;
    if (!liveness_.liveIn(pc, slot)) {
      r.dirty = false;
      continue;
    }
    storeRow(slot, r);
    r.dirty = false;
  }
}

// A complete row is stored whole; an incomplete one under the active mask, which leaves the
// other lanes' cells in memory as they were (one masked store, no read of the old row).
void RunEmitter::storeRow(uint32_t slot, const Row &r) {
  Value *address = rowAddress(slot);
  Value *value = canonicalValue(r);
  if (r.complete) {
    b_.CreateAlignedStore(value, address, Align(8));
  } else if (embeddedRounding_) {
    // AVX-512: a masked store is one instruction per four cells.
    b_.CreateMaskedStore(value, address, Align(8), activeMask_);
  } else {
    // AVX2's masked stores are microcoded on AMD's cores; the register file is the warp's own,
    // so its other lanes are read and written back unchanged instead.
    b_.CreateAlignedStore(merged(slot, value), address, Align(8));
  }
}

// Stores the dirty rows live at pc on one path only (one that leaves native code): the rows stay
// dirty in the cache, since the other paths did not store them.
void RunEmitter::spill(uint32_t pc) {
  storeDirtyRows([&](uint32_t slot) { return liveness_.liveIn(pc, slot); });
}

template <typename Needed> void RunEmitter::storeDirtyRows(Needed needed) {
  for (auto &[slot, r] : rows_)
    if (r.dirty && needed(slot))
      storeRow(slot, r);
}

// The exec function reads its instruction's operands and writes its destinations, which the
// slow path reloads; every other row stays in the cache, and where it must reach memory is
// decided where native code leaves.
void RunEmitter::storeOperands(uint32_t pc) {
  storeDirtyRows([&](uint32_t slot) { return liveness_.reads(pc, slot); });
  storeInvariantsReadAt(pc);
}

void RunEmitter::invalidate() { forgetRows(); }

// An invariant row the scheduler would read at a barrier or a call is stored where it is
// computed, once; any other is stored only on the paths that leave, which a converged warp
// seldom takes (the bounds check and the thread index of a kernel without barriers never reach
// memory). A branch whose divergence leaves native code is such a path: the warps of a bounds
// check diverge in one block of the grid, and storing the rows live there on every warp's way
// past it cost Black-Scholes 14% of its instructions.
void RunEmitter::findLazyInvariants() {
  const uint32_t slots = liveness_.slots();
  lazy_.assign(slots, false);
  lazySlots_.clear();
  definesLazy_.assign(function_.code.size(), false);
  std::vector<bool> seenByScheduler(slots, false);
  for (uint32_t pc = 0; pc < function_.code.size(); ++pc) {
    const Inst &inst = function_.code[pc];
    if (inst.control == ptx::Control::None || inst.control == ptx::Control::Branch)
      continue;
    for (uint32_t slot = 0; slot < slots; ++slot)
      if (liveness_.liveIn(pc, slot))
        seenByScheduler[slot] = true;
  }
  for (uint32_t slot = 0; slot < slots; ++slot) {
    auto definition = invariants_.definition(slot);
    if (!definition || seenByScheduler[slot])
      continue;
    lazy_[slot] = true;
    lazySlots_.push_back(slot);
    definesLazy_[*definition] = true;
  }
}

// Recomputed from their definitions on this path only: the cache and what is known about its
// values stay as they were for the code after.
template <typename Needed> void RunEmitter::storeInvariants(Needed needed) {
  if (storingInvariants_ || lazySlots_.empty())
    return;
  storingInvariants_ = true;
  {
    CacheScope keep(*this);
    for (uint32_t slot : lazySlots_)
      if (needed(slot))
        if (Value *value = rematerialize(slot, *invariants_.definition(slot)))
          b_.CreateAlignedStore(value, rowAddress(slot), Align(8));
  }
  storingInvariants_ = false;
}

void RunEmitter::storeInvariantsLiveAt(uint32_t pc) {
  storeInvariants([&](uint32_t slot) { return liveness_.liveIn(pc, slot); });
}

void RunEmitter::storeInvariantsReadAt(uint32_t pc) {
  storeInvariants([&](uint32_t slot) { return liveness_.reads(pc, slot); });
}

// Facts about row values hold where those values were computed, which dominates only the code
// emitted until the rows are forgotten.
void RunEmitter::forgetRows() {
  rows_.clear();
  baseFacts_.clear();
  linear_.clear();
}

// --- typed views --------------------------------------------------------------------------------

Value *RunEmitter::splat64(uint64_t v) {
  return ConstantVector::getSplat(ElementCount::getFixed(ptx::kWarpSize),
                                  ConstantInt::get(i64_, v));
}

Value *RunEmitter::splat32(Value *scalar) { return b_.CreateVectorSplat(ptx::kWarpSize, scalar); }

Value *RunEmitter::asInt(Value *c, unsigned bits) {
  if (bits == 64)
    return c;
  return b_.CreateTrunc(c, FixedVectorType::get(b_.getIntNTy(bits), ptx::kWarpSize));
}

Value *RunEmitter::asF32(Value *c) { return b_.CreateBitCast(b_.CreateTrunc(c, v32_), vf32_); }
Value *RunEmitter::asF64(Value *c) { return b_.CreateBitCast(c, vf64_); }

Value *RunEmitter::fromInt(Value *v) {
  auto *type = cast<FixedVectorType>(v->getType());
  if (type->getElementType()->getIntegerBitWidth() == 64)
    return v;
  return b_.CreateZExt(v, v64_);
}

Value *RunEmitter::fromF32(Value *v) { return b_.CreateZExt(b_.CreateBitCast(v, v32_), v64_); }
Value *RunEmitter::fromF64(Value *v) { return b_.CreateBitCast(v, v64_); }

Value *RunEmitter::predicate(const Operand &op) {
  Value *bit = b_.CreateTrunc(cells(op), v1_);
  return op.negated ? b_.CreateNot(bit) : bit;
}

// PTX f32 results that are NaN are the canonical NaN 0x7fffffff, as the interpreter writes them.
Value *RunEmitter::canonicalF32(Value *v) {
  Value *isNan = b_.CreateFCmpUNO(v, v);
  Value *nan = b_.CreateBitCast(ConstantVector::getSplat(ElementCount::getFixed(ptx::kWarpSize),
                                                         ConstantInt::get(i32_, 0x7fffffffu)),
                                vf32_);
  return b_.CreateSelect(isNan, nan, v);
}

// .ftz: subnormal inputs and results become zero of the same sign.
Value *RunEmitter::flushF32(Value *v) {
  Value *bits = b_.CreateBitCast(v, v32_);
  Value *exponent = b_.CreateAnd(bits, ConstantInt::get(v32_, 0x7f800000u));
  Value *subnormal = b_.CreateICmpEQ(exponent, ConstantInt::get(v32_, 0));
  Value *signOnly = b_.CreateAnd(bits, ConstantInt::get(v32_, 0x80000000u));
  return b_.CreateBitCast(b_.CreateSelect(subnormal, signOnly, bits), vf32_);
}

// --- the run ------------------------------------------------------------------------------------

Value *RunEmitter::execMask(const Inst &inst) {
  Value *active = activeMask_;
  if (inst.guard == ptx::kNoReg)
    return active;
  Value *guard = b_.CreateTrunc(row(inst.guard), v1_);
  if (inst.guardNegated)
    guard = b_.CreateNot(guard);
  return b_.CreateAnd(active, guard);
}

Value *RunEmitter::instPointer(uint32_t index) {
  return b_.CreateConstInBoundsGEP1_64(i8_, code_, uint64_t{index} * sizeof(Inst));
}

// The fields before the allocation caches stay as the block runner set them while native code
// runs (Warp::prepareNativeState), so a load of one may be repeated anywhere
// (ColdRematerialization.h).
Value *RunEmitter::stateLoad(size_t offset, llvm::Type *type) {
  Value *address = b_.CreateConstInBoundsGEP1_64(i8_, state_, offset);
  LoadInst *load = b_.CreateLoad(type, address);
  return offset < offsetof(ptx::NativeWarpState, cacheBase) ? invariant(load) : load;
}

LoadInst *RunEmitter::invariant(LoadInst *load) {
  load->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(ctx_, {}));
  return load;
}

// An instruction the compiler does not lower: its exec function runs on the rows in memory, so
// dirty rows are stored first and every row is read again afterwards.
void RunEmitter::fallback(uint32_t index, Value *exec) {
  flush(index);
  storeInvariantsReadAt(index);
  Value *mask = b_.CreateBitCast(exec, i32_);
  Value *faulted = b_.CreateCall(fallbackFn_, {warp_, instPointer(index), mask});
  BasicBlock *next = BasicBlock::Create(ctx_, "next", b_.GetInsertBlock()->getParent());
  b_.CreateCondBr(faulted, faultBlock_, next, unlikely_);
  b_.SetInsertPoint(next);
  invalidate();
}

bool RunEmitter::lower(const Inst &inst, uint32_t index, Value *exec) {
  using ptx::Opcode;
  switch (inst.op) {
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
  case Opcode::Abs:
  case Opcode::Copysign:
    return isFloatType(inst.type) ? lowerFloatArith(inst, exec) : lowerIntArith(inst, exec);
  case Opcode::Ex2:
  case Opcode::Lg2:
  case Opcode::Sin:
  case Opcode::Cos:
    return lowerFloatArith(inst, exec);
  case Opcode::And:
  case Opcode::Or:
  case Opcode::Xor:
  case Opcode::Not:
    return lowerBitwise(inst, exec);
  case Opcode::Shl:
  case Opcode::Shr:
    return lowerShift(inst, exec);
  case Opcode::Setp:
    return lowerSetp(inst, exec);
  case Opcode::Selp:
    return lowerSelp(inst, exec);
  case Opcode::Mov:
    return lowerMov(inst, exec);
  case Opcode::Cvt:
    return lowerCvt(inst, exec);
  case Opcode::Cvta:
    return lowerCvta(inst, exec);
  case Opcode::Ld:
  case Opcode::St:
    return lowerMemory(inst, index, exec);
  case Opcode::Atom:
  case Opcode::Red:
    return lowerAtomic(inst, index, exec);
  case Opcode::Shfl:
    return lowerShfl(inst, exec);
  case Opcode::Vote:
    return lowerVote(inst, exec);
  case Opcode::Activemask:
    return lowerActivemask(inst, exec);
  default:
    return false;
  }
}

} // namespace qiao::jit
