// Native warp-level instructions whose lane pattern is known when compiling: shfl with constant
// lane and clamp operands (one vector permutation), vote with the full membermask (mask
// arithmetic on the execution mask), activemask. The rest (variable shuffle lanes, partial
// membermasks, match, redux) runs through the exec functions.
#include "RunEmitter.h"

#include "NativeCode.h"

#include <llvm/IR/Intrinsics.h>

namespace qiao::jit {

using namespace llvm;
using ptx::Mod;
using ptx::Opcode;

bool RunEmitter::constantOf(const Operand &op, uint64_t &value) const {
  if (op.kind == Operand::Kind::Imm && !constants_.count(op.reg)) {
    value = op.imm;
    return true;
  }
  auto it = constants_.find(op.reg);
  if ((op.kind == Operand::Kind::Imm || op.kind == Operand::Kind::Reg) && it != constants_.end()) {
    value = it->second;
    return true;
  }
  // A register this run set to a constant (nvcc moves shuffle offsets into registers first).
  if (op.kind != Operand::Kind::Reg)
    return false;
  auto held = rows_.find(op.reg);
  if (held == rows_.end() || held->second.rawNaN)
    return false;
  auto *vector = dyn_cast<Constant>(held->second.value);
  auto *splat = vector ? dyn_cast_or_null<ConstantInt>(vector->getSplatValue()) : nullptr;
  if (!splat)
    return false;
  value = splat->getZExtValue();
  return true;
}

// shfl.sync.mode.b32 d|p, a, b, c, membermask: the source lane of each lane follows from b and c
// alone (the ISA's formula, as the interpreter computes it), so constant b and c make the
// shuffle a fixed permutation of a's row.
bool RunEmitter::lowerShfl(const Inst &inst, Value *exec) {
  uint64_t b, c;
  if (!constantOf(inst.ops[2], b) || !constantOf(inst.ops[3], c))
    return false;
  int mode = inst.has(Mod::Up) ? 0 : inst.has(Mod::Down) ? 1 : inst.has(Mod::Bfly) ? 2 : 3;
  const int bval = static_cast<int>(b & 0x1f), cval = static_cast<int>(c & 0x1f);
  const int segmask = static_cast<int>((c >> 8) & 0x1f);
  SmallVector<int, 32> sourceLane;
  SmallVector<Constant *, 32> valid;
  for (int lane = 0; lane < ptx::kWarpSize; ++lane) {
    const int maxLane = (lane & segmask) | (cval & ~segmask), minLane = lane & segmask;
    int j = lane;
    bool ok = false;
    switch (mode) {
    case 0:
      j = lane - bval, ok = j >= maxLane;
      break;
    case 1:
      j = lane + bval, ok = j <= maxLane;
      break;
    case 2:
      j = lane ^ bval, ok = j <= maxLane;
      break;
    default:
      j = minLane | (bval & ~segmask), ok = j <= maxLane;
      break;
    }
    sourceLane.push_back(ok ? j : lane);
    valid.push_back(ConstantInt::get(i64_, ok ? 1 : 0));
  }
  // Lanes may read inactive lanes' cells (undefined by the ISA; the interpreter gives what the
  // register holds), so the row must be complete. Moving values between lanes makes no NaN
  // other than a NaN: a row float arithmetic left raw stays raw (Row::rawNaN), so a shuffle
  // tree of sums canonicalises once, not at every step.
  const bool raw = holdsRawNaN(inst.ops[1]);
  Value *source = inst.ops[1].kind == Operand::Kind::Reg && !constants_.count(inst.ops[1].reg)
                      ? completeRow(inst.ops[1].reg, raw)
                      : cells(inst.ops[1]);
  // The permutation moves the 32-bit values (half the vector registers of the cells).
  Value *shuffled = b_.CreateShuffleVector(b_.CreateTrunc(source, v32_), sourceLane);
  write(inst.ops[0], b_.CreateZExt(shuffled, v64_), exec, raw);
  write(inst.ops[5], ConstantVector::get(valid), exec);
  return true;
}

// vote.sync.mode d, {!}a, membermask with the full membermask (or none): the participants of
// every lane are the executing lanes.
bool RunEmitter::lowerVote(const Inst &inst, Value *exec) {
  uint64_t membermask = 0xffffffffu;
  if (inst.ops[2].kind != Operand::Kind::None && !constantOf(inst.ops[2], membermask))
    return false;
  if (static_cast<uint32_t>(membermask) != 0xffffffffu)
    return false;
  Value *participants = b_.CreateBitCast(exec, i32_);
  Value *yes = b_.CreateBitCast(b_.CreateAnd(exec, predicate(inst.ops[1])), i32_);
  Value *result;
  if (inst.has(Mod::Ballot))
    result = b_.CreateZExt(yes, i64_);
  else if (inst.has(Mod::All))
    result = b_.CreateZExt(b_.CreateICmpEQ(yes, participants), i64_);
  else if (inst.has(Mod::Any))
    result = b_.CreateZExt(b_.CreateICmpNE(yes, b_.getInt32(0)), i64_);
  else if (inst.has(Mod::Uni))
    result = b_.CreateZExt(
        b_.CreateOr(b_.CreateICmpEQ(yes, b_.getInt32(0)), b_.CreateICmpEQ(yes, participants)),
        i64_);
  else
    return false;
  write(inst.ops[0], b_.CreateVectorSplat(ptx::kWarpSize, result), exec);
  return true;
}

bool RunEmitter::lowerActivemask(const Inst &inst, Value *exec) {
  Value *mask = b_.CreateZExt(b_.CreateBitCast(exec, i32_), i64_);
  write(inst.ops[0], b_.CreateVectorSplat(ptx::kWarpSize, mask), exec);
  return true;
}

} // namespace qiao::jit
