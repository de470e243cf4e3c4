// Native atom and red on shared and global memory for the integer operations the host has an
// atomic instruction for (add, min, max, and, or, xor, exch on 32- and 64-bit words) and for
// f32/f64 add (a compare-and-swap loop): one range check for the whole warp, then the executing
// lanes' read-modify-writes in lane order, each sequentially consistent, as the interpreter
// performs them. Anything else (cas, inc, dec, other float operations, generic addresses, a lane
// outside the checked range) runs through the exec function.
#include "RunEmitter.h"

#include "AtomicSemantics.h"
#include "DeferredAdds.h"
#include "NativeCode.h"

#include <llvm/IR/Intrinsics.h>

#include <cstddef>
#include <vector>

namespace qiao::jit {

using namespace llvm;
using ptx::AtomicOp;
using ptx::Space;
using State = ptx::NativeWarpState;

namespace {

bool hostOperation(AtomicOp op, bool isSigned, AtomicRMWInst::BinOp &out) {
  switch (op) {
  case AtomicOp::Add:
    out = AtomicRMWInst::Add;
    return true;
  case AtomicOp::Min:
    out = isSigned ? AtomicRMWInst::Min : AtomicRMWInst::UMin;
    return true;
  case AtomicOp::Max:
    out = isSigned ? AtomicRMWInst::Max : AtomicRMWInst::UMax;
    return true;
  case AtomicOp::And:
    out = AtomicRMWInst::And;
    return true;
  case AtomicOp::Or:
    out = AtomicRMWInst::Or;
    return true;
  case AtomicOp::Xor:
    out = AtomicRMWInst::Xor;
    return true;
  case AtomicOp::Exch:
    out = AtomicRMWInst::Xchg;
    return true;
  default:
    return false;
  }
}

// Whether everything a thread can execute from pc on is register arithmetic, branches, exit and
// global red.add (itself deferred, after this one): nothing it does can then be ordered after an
// add it issued just before (DeferredAdds.h).
// Bounded: a longer tail is not looked through.
bool onlyArithmeticFrom(const ptx::Function &function, uint32_t pc) {
  using ptx::Control;
  using ptx::Opcode;
  constexpr size_t kMaxTail = 64;
  std::vector<uint32_t> pending{pc};
  std::vector<bool> seen(function.code.size(), false);
  size_t visited = 0;
  while (!pending.empty()) {
    uint32_t at = pending.back();
    pending.pop_back();
    if (at >= function.code.size())
      return false;
    if (seen[at])
      continue;
    seen[at] = true;
    if (++visited > kMaxTail)
      return false;
    const Inst &inst = function.code[at];
    switch (inst.control) {
    case Control::Exit:
    case Control::Ret:
      if (inst.guard != ptx::kNoReg)
        pending.push_back(at + 1);
      continue;
    case Control::Branch:
      pending.push_back(inst.target);
      if (inst.guard != ptx::kNoReg)
        pending.push_back(at + 1);
      continue;
    case Control::None:
      break;
    default:
      return false;
    }
    switch (inst.op) {
    case Opcode::Mov:
    case Opcode::Add:
    case Opcode::Sub:
    case Opcode::Mul:
    case Opcode::Mad:
    case Opcode::Fma:
    case Opcode::And:
    case Opcode::Or:
    case Opcode::Xor:
    case Opcode::Not:
    case Opcode::Shl:
    case Opcode::Shr:
    case Opcode::Setp:
    case Opcode::Selp:
    case Opcode::Cvt:
    case Opcode::Min:
    case Opcode::Max:
    case Opcode::Neg:
    case Opcode::Abs:
      pending.push_back(at + 1);
      continue;
    case Opcode::Red: // a later global add is deferred too, after this one
      if (inst.space != ptx::Space::Global || static_cast<AtomicOp>(inst.aux) != AtomicOp::Add)
        return false;
      pending.push_back(at + 1);
      continue;
    default:
      return false;
    }
  }
  return true;
}

// The DeferredAddKind of an add the block may defer, or -1.
int deferredAddKind(const Inst &inst, bool flushSubnormals) {
  switch (inst.type) {
  case ptx::Type::U32:
  case ptx::Type::S32:
    return static_cast<int>(ptx::DeferredAddKind::U32);
  case ptx::Type::U64:
  case ptx::Type::S64:
    return static_cast<int>(ptx::DeferredAddKind::U64);
  case ptx::Type::F32:
    return static_cast<int>(flushSubnormals ? ptx::DeferredAddKind::F32Flush
                                            : ptx::DeferredAddKind::F32);
  case ptx::Type::F64:
    return static_cast<int>(ptx::DeferredAddKind::F64);
  default:
    return -1;
  }
}

} // namespace

// inst.aux2 of atom.add.f32 without .noftz: subnormals flush when the location is global (the
// interpreter's AtomicOps.cpp reads the same flag).
constexpr uint32_t kFlushOnGlobal = 1;

// atom.add.f32 / .f64 as a compare-and-swap loop on one lane's word, with the interpreter's
// arithmetic (AtomicSemantics.h): round to nearest even, f32 NaN results canonical, subnormal f32
// inputs and results flushed to signed zero when `flush`. Returns the old bits.
Value *RunEmitter::emitFloatAdd(Value *pointer, Value *operand, unsigned bytes, bool flush) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  IntegerType *word = b_.getIntNTy(bytes * 8);
  llvm::Type *real = bytes == 4 ? f32_ : f64_;
  auto flushed = [&](Value *bits) {
    if (!flush)
      return bits;
    Value *exponent = b_.CreateAnd(bits, b_.getInt32(0x7f800000u));
    return b_.CreateSelect(b_.CreateICmpEQ(exponent, b_.getInt32(0)),
                           b_.CreateAnd(bits, b_.getInt32(0x80000000u)), bits);
  };
  LoadInst *initial = b_.CreateAlignedLoad(word, pointer, Align(bytes));
  initial->setAtomic(AtomicOrdering::Monotonic);
  BasicBlock *before = b_.GetInsertBlock();
  BasicBlock *retry = BasicBlock::Create(ctx_, "casretry", fn);
  BasicBlock *done = BasicBlock::Create(ctx_, "casdone", fn);
  b_.CreateBr(retry);
  b_.SetInsertPoint(retry);
  PHINode *expected = b_.CreatePHI(word, 2);
  expected->addIncoming(initial, before);
  Value *sum = b_.CreateFAdd(b_.CreateBitCast(flushed(expected), real),
                             b_.CreateBitCast(flushed(operand), real));
  Value *bits = b_.CreateBitCast(sum, word);
  if (bytes == 4)
    bits = b_.CreateSelect(b_.CreateFCmpUNO(sum, sum), b_.getInt32(0x7fffffffu), flushed(bits));
  Value *pair = b_.CreateAtomicCmpXchg(pointer, expected, bits, MaybeAlign(bytes),
                                       AtomicOrdering::SequentiallyConsistent,
                                       AtomicOrdering::SequentiallyConsistent);
  Value *seen = b_.CreateExtractValue(pair, 0);
  expected->addIncoming(seen, retry);
  b_.CreateCondBr(b_.CreateExtractValue(pair, 1), done, retry);
  b_.SetInsertPoint(done);
  return expected;
}

// Shared memory belongs to one block, and a block's warps run one at a time on one host thread:
// its atomics need no atomic instruction, only the lanes' updates in lane order.
Value *RunEmitter::emitBlockPrivateUpdate(AtomicRMWInst::BinOp operation, bool floatAdd,
                                          Value *pointer, Value *operand, unsigned bytes) {
  IntegerType *word = b_.getIntNTy(bytes * 8);
  Value *old = b_.CreateAlignedLoad(word, pointer, Align(bytes));
  Value *updated = nullptr;
  if (floatAdd) {
    llvm::Type *real = bytes == 4 ? f32_ : f64_;
    Value *sum = b_.CreateFAdd(b_.CreateBitCast(old, real), b_.CreateBitCast(operand, real));
    updated = b_.CreateBitCast(sum, word);
    if (bytes == 4)
      updated = b_.CreateSelect(b_.CreateFCmpUNO(sum, sum), b_.getInt32(0x7fffffffu), updated);
  } else {
    switch (operation) {
    case AtomicRMWInst::Add:
      updated = b_.CreateAdd(old, operand);
      break;
    case AtomicRMWInst::And:
      updated = b_.CreateAnd(old, operand);
      break;
    case AtomicRMWInst::Or:
      updated = b_.CreateOr(old, operand);
      break;
    case AtomicRMWInst::Xor:
      updated = b_.CreateXor(old, operand);
      break;
    case AtomicRMWInst::Xchg:
      updated = operand;
      break;
    case AtomicRMWInst::Min:
      updated = b_.CreateSelect(b_.CreateICmpSLT(operand, old), operand, old);
      break;
    case AtomicRMWInst::Max:
      updated = b_.CreateSelect(b_.CreateICmpSGT(operand, old), operand, old);
      break;
    case AtomicRMWInst::UMin:
      updated = b_.CreateSelect(b_.CreateICmpULT(operand, old), operand, old);
      break;
    default: // UMax
      updated = b_.CreateSelect(b_.CreateICmpUGT(operand, old), operand, old);
      break;
    }
  }
  b_.CreateAlignedStore(updated, pointer, Align(bytes));
  return old;
}

bool RunEmitter::lowerAtomic(const Inst &inst, uint32_t index, Value *exec) {
  const Operand &address = inst.ops[1];
  unsigned bytes = typeBytes(inst.type);
  AtomicRMWInst::BinOp operation = AtomicRMWInst::BAD_BINOP;
  const bool floatAdd = (inst.type == ptx::Type::F32 || inst.type == ptx::Type::F64) &&
                        static_cast<AtomicOp>(inst.aux) == AtomicOp::Add;
  if ((inst.space != Space::Shared && inst.space != Space::Global) || address.frameRelative ||
      (bytes != 4 && bytes != 8) || inst.numOps != 3 || (isFloatType(inst.type) && !floatAdd) ||
      (!floatAdd &&
       !hostOperation(static_cast<AtomicOp>(inst.aux), isSignedType(inst.type), operation)))
    return false;
  const bool flushSubnormals =
      floatAdd && bytes == 4 && inst.space == Space::Global && inst.aux2 == kFlushOnGlobal;
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  IntegerType *word = b_.getIntNTy(bytes * 8);
  const bool hasResult = inst.ops[0].kind == Operand::Kind::Reg;
  // A global add whose old value is never read, at the end of the thread's work: the block
  // applies it when it ends (DeferredAdds.h).
  int deferKind = -1;
  if (inst.space == Space::Global && static_cast<AtomicOp>(inst.aux) == AtomicOp::Add &&
      (!hasResult || inst.ops[0].reg == ptx::kNoReg ||
       !liveness_.liveIn(index + 1, inst.ops[0].reg)) &&
      onlyArithmeticFrom(function_, index + 1))
    deferKind = deferredAddKind(inst, flushSubnormals);

  Value *addr = b_.CreateAdd(address.reg != ptx::kNoReg ? row(address.reg) : splat64(0),
                             splat64(static_cast<uint64_t>(address.offset)));
  Value *operands = cells(inst.ops[2]);
  Value *old = hasResult && exec != activeMask_ ? row(inst.ops[0].reg) : nullptr;
  Value *mask = b_.CreateBitCast(exec, i32_);

  // One range check for the warp: aligned, inside the shared window or the cached allocation.
  // An address every lane shares (a total, a counter: `atomicAdd(&sum, v)`) is checked as one
  // scalar, which the 32-lane reductions of warpSpan would spend tens of instructions proving.
  Value *lo, *hi;
  Value *ok;
  const auto linear = linearOf(addr);
  const bool oneAddress = linear && linear->stride == 0;
  if (oneAddress) {
    lo = linear->first;
    hi = b_.CreateAdd(lo, b_.getInt64(bytes));
    Value *any = b_.CreateICmpNE(b_.CreateBitCast(exec, i32_), b_.getInt32(0));
    Value *aligned = b_.CreateICmpEQ(b_.CreateAnd(lo, b_.getInt64(bytes - 1)), b_.getInt64(0));
    ok = b_.CreateAnd(b_.CreateAnd(linear->ok, any),
                      b_.CreateAnd(aligned, b_.CreateICmpUGT(hi, lo)));
  } else {
    ok = warpSpan(addr, exec, bytes, lo, hi);
  }
  Value *base;
  Value *cached = nullptr; // global: in the range this atomic found last
  uint32_t site = 0;
  if (inst.space == Space::Shared) {
    ok = b_.CreateAnd(ok, b_.CreateICmpULE(hi, stateLoad(offsetof(State, sharedBytes), i64_)));
    base = stateLoad(offsetof(State, shared), ptr_);
  } else {
    site = newAccessSite();
    cached = inSiteRange(site, lo, hi);
    base = nullptr; // global addresses are host addresses
  }
  // The lane loop indexes arrays on the stack: a variable index into a 32-lane vector would
  // spill the whole vector on every lane.
  // A shared address needs no array, nor does an old value nobody reads.
  IRBuilder<> front(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  Value *addresses = oneAddress ? nullptr : front.CreateAlloca(v64_);
  Value *values = front.CreateAlloca(v64_);
  const bool keepsOld =
      hasResult && inst.ops[0].reg != ptx::kNoReg && liveness_.liveIn(index + 1, inst.ops[0].reg);
  Value *olds = keepsOld ? front.CreateAlloca(v64_) : nullptr;
  if (addresses)
    b_.CreateAlignedStore(addr, addresses, Align(8));
  b_.CreateAlignedStore(operands, values, Align(8));
  BasicBlock *entry = b_.GetInsertBlock();
  BasicBlock *loop = BasicBlock::Create(ctx_, "atomloop", fn);
  BasicBlock *lane = BasicBlock::Create(ctx_, "atomlane", fn);
  BasicBlock *next = BasicBlock::Create(ctx_, "atomnext", fn);
  BasicBlock *fastEnd = BasicBlock::Create(ctx_, "atomdone", fn);
  BasicBlock *slow = BasicBlock::Create(ctx_, "atomslow", fn);
  BasicBlock *reload = BasicBlock::Create(ctx_, "atomreload", fn);
  BasicBlock *join = BasicBlock::Create(ctx_, "atomjoin", fn);
  BasicBlock *lookup = nullptr;
  if (cached) {
    // The allocation cache first; on a miss one lookup, which refreshes the cache.
    BasicBlock *miss = BasicBlock::Create(ctx_, "atommiss", fn);
    lookup = BasicBlock::Create(ctx_, "atomlookup", fn);
    b_.CreateCondBr(b_.CreateAnd(ok, cached), loop, miss, likely_);
    b_.SetInsertPoint(miss);
    b_.CreateCondBr(ok, lookup, slow, likely_);
    b_.SetInsertPoint(lookup);
    b_.CreateCondBr(lookUpRange(site, lo, hi), loop, slow, likely_);
  } else {
    b_.CreateCondBr(ok, loop, slow, likely_);
  }

  // for each set bit l of exec, lowest first (ok implies one):
  //   olds[l] = atomicrmw(base + addresses[l], values[l]);
  b_.SetInsertPoint(loop);
  PHINode *remaining = b_.CreatePHI(i32_, 3);
  remaining->addIncoming(mask, entry);
  if (lookup)
    remaining->addIncoming(mask, lookup);
  Value *laneIndex = b_.CreateBinaryIntrinsic(Intrinsic::cttz, remaining, b_.getTrue());
  b_.CreateBr(lane);
  b_.SetInsertPoint(lane);
  auto element = [&](Value *array) {
    return b_.CreateInBoundsGEP(i64_, array, b_.CreateZExt(laneIndex, i64_));
  };
  Value *at = addresses ? b_.CreateAlignedLoad(i64_, element(addresses), Align(8)) : lo;
  Value *pointer = base ? b_.CreateGEP(i8_, base, at) : b_.CreateIntToPtr(at, ptr_);
  Value *operand = b_.CreateTrunc(b_.CreateAlignedLoad(i64_, element(values), Align(8)), word);
  Value *previous;
  if (deferKind >= 0) {
    b_.CreateCall(deferAddFn_,
                  {warp_, at, b_.CreateZExt(operand, i64_), b_.getInt32(uint32_t(deferKind))});
    previous = ConstantInt::get(word, 0); // never read
  } else if (inst.space == Space::Shared)
    previous = emitBlockPrivateUpdate(operation, floatAdd, pointer, operand, bytes);
  else if (floatAdd)
    previous = emitFloatAdd(pointer, operand, bytes, flushSubnormals);
  else
    previous = b_.CreateAtomicRMW(operation, pointer, operand, MaybeAlign(bytes),
                                  AtomicOrdering::SequentiallyConsistent);
  if (olds)
    b_.CreateAlignedStore(b_.CreateZExt(previous, i64_), element(olds), Align(8));
  b_.CreateBr(next);
  b_.SetInsertPoint(next);
  Value *rest = b_.CreateAnd(remaining, b_.CreateSub(remaining, b_.getInt32(1)));
  remaining->addIncoming(rest, next);
  b_.CreateCondBr(b_.CreateICmpNE(rest, b_.getInt32(0)), loop, fastEnd);
  b_.SetInsertPoint(fastEnd);
  Value *fastValue = nullptr;
  if (olds) {
    Value *carried = b_.CreateAlignedLoad(v64_, olds, Align(8));
    fastValue = old ? b_.CreateSelect(exec, carried, old) : carried;
  }
  b_.CreateBr(join);

  b_.SetInsertPoint(slow);
  storeOperands(index);
  Value *faulted = b_.CreateCall(fallbackFn_, {warp_, instPointer(index), mask});
  b_.CreateCondBr(faulted, faultBlock_, reload, unlikely_);
  b_.SetInsertPoint(reload);
  Value *slowValue = nullptr;
  if (hasResult)
    slowValue = loadRow(inst.ops[0].reg);
  b_.CreateBr(join);

  b_.SetInsertPoint(join);
  if (hasResult) {
    // An old value nobody reads (a deferred add's, a histogram's): the fast path leaves the row
    // zero in its lanes.
    if (!fastValue)
      fastValue = old ? b_.CreateSelect(exec, Constant::getNullValue(v64_), old)
                      : Constant::getNullValue(v64_);
    PHINode *value = b_.CreatePHI(v64_, 2);
    value->addIncoming(fastValue, fastEnd);
    value->addIncoming(slowValue, reload);
    rows_[inst.ops[0].reg] = Row{value, true, false};
  }
  return true;
}

} // namespace qiao::jit
