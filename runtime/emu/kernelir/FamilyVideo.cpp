// Packed-byte integer instructions as plain integer LLVM IR: the dot products dp4a/dp2a and the
// SIMD video instructions (vadd2/4, vsub2/4, vavrg2/4, vabsdiff2/4, vmin2/4, vmax2/4, vset2/4).
// For the video ones the element selectors, signedness, .sat, the destination mask and the
// .add accumulation are constants of the decoded instruction (VideoSemantics.h), so each element
// is a few extracts, one operation in i64 and a clamp.
#include "FunctionLowering.h"
#include "VideoSemantics.h"

#include <llvm/IR/Intrinsics.h>

namespace qiao::kir {

using namespace llvm;
using ptx::Opcode;
using ptx::VideoCmp;
using ptx::VideoOp;

bool FunctionLowering::lowerVideo(const Inst &inst) {
  switch (inst.op) {
  case Opcode::Vadd2:
  case Opcode::Vadd4:
  case Opcode::Vsub2:
  case Opcode::Vsub4:
  case Opcode::Vavrg2:
  case Opcode::Vavrg4:
  case Opcode::Vabsdiff2:
  case Opcode::Vabsdiff4:
  case Opcode::Vmin2:
  case Opcode::Vmin4:
  case Opcode::Vmax2:
  case Opcode::Vmax4:
  case Opcode::Vset2:
  case Opcode::Vset4:
    break;
  default:
    return false;
  }
  const ptx::VideoSimd v = ptx::unpackVideoSimd(inst.aux, inst.aux2);
  const unsigned bits = 32 / v.elements;
  // The eight bytes (four half-words) of {b, a} the selectors pick from.
  Value *pool = b_.CreateOr(b_.CreateShl(b_.CreateZExt(readInt(inst.ops[2], 32), i64_), 32),
                            b_.CreateZExt(readInt(inst.ops[1], 32), i64_));
  Value *c = readInt(inst.ops[3], 32);
  auto element = [&](unsigned index, bool isSigned) {
    Value *raw = b_.CreateTrunc(b_.CreateLShr(pool, index * bits), b_.getIntNTy(bits));
    return isSigned ? b_.CreateSExt(raw, i64_) : b_.CreateZExt(raw, i64_);
  };
  Value *merged = b_.getInt32(0), *sum = c;
  const uint32_t elemMask = (uint32_t{1} << bits) - 1;
  for (unsigned i = 0; i < v.elements; ++i) {
    Value *x = element(v.asel[i], v.aSigned), *y = element(v.bsel[i], v.bSigned);
    Value *t = nullptr;
    switch (v.op) {
    case VideoOp::Add:
      t = b_.CreateAdd(x, y);
      break;
    case VideoOp::Sub:
      t = b_.CreateSub(x, y);
      break;
    case VideoOp::Avrg: {
      // Halves round away from zero: a non-negative sum rounds up, a negative one down.
      Value *s = b_.CreateAdd(x, y);
      Value *up = b_.CreateAShr(b_.CreateAdd(s, b_.getInt64(1)), 1);
      t = b_.CreateSelect(b_.CreateICmpSGE(s, b_.getInt64(0)), up, b_.CreateAShr(s, 1));
      break;
    }
    case VideoOp::Absdiff:
      t = b_.CreateSelect(b_.CreateICmpSGT(x, y), b_.CreateSub(x, y), b_.CreateSub(y, x));
      break;
    case VideoOp::Min:
      t = b_.CreateBinaryIntrinsic(Intrinsic::smin, x, y);
      break;
    case VideoOp::Max:
      t = b_.CreateBinaryIntrinsic(Intrinsic::smax, x, y);
      break;
    case VideoOp::Set: {
      CmpInst::Predicate p = v.cmp == VideoCmp::Eq   ? CmpInst::ICMP_EQ
                             : v.cmp == VideoCmp::Ne ? CmpInst::ICMP_NE
                             : v.cmp == VideoCmp::Lt ? CmpInst::ICMP_SLT
                             : v.cmp == VideoCmp::Le ? CmpInst::ICMP_SLE
                             : v.cmp == VideoCmp::Gt ? CmpInst::ICMP_SGT
                                                     : CmpInst::ICMP_SGE;
      t = b_.CreateZExt(b_.CreateICmp(p, x, y), i64_);
      break;
    }
    }
    if (v.sat && v.op != VideoOp::Set) {
      int64_t lo = v.dSigned ? -(int64_t{1} << (bits - 1)) : 0;
      int64_t hi = v.dSigned ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
      t = b_.CreateBinaryIntrinsic(Intrinsic::smax, t, b_.getInt64(lo));
      t = b_.CreateBinaryIntrinsic(Intrinsic::smin, t, b_.getInt64(hi));
    }
    Value *t32 = b_.CreateTrunc(t, i32_);
    bool on = (v.mask >> i) & 1;
    if (v.accumulate) {
      if (on)
        sum = b_.CreateAdd(sum, t32);
    } else {
      // Elements outside the mask keep c's.
      Value *value = on ? t32 : b_.CreateLShr(c, i * bits);
      merged = b_.CreateOr(merged, b_.CreateShl(b_.CreateAnd(value, elemMask), i * bits));
    }
  }
  write(inst.ops[0], v.accumulate ? sum : merged);
  return true;
}

// dp4a.atype.btype d, a, b, c: c plus the products of the four bytes of a and b; dp2a.lo/.hi:
// of a's two half-words with bytes 0-1 or 2-3 of b. Each element is sign- or zero-extended by
// its operand's type (the decoder keeps them in the choice of its exec function only, so they
// are read from the instruction's modifiers); the sum wraps at 32 bits.
bool FunctionLowering::lowerDot(const Inst &inst) {
  if (inst.op != Opcode::Dp4a && inst.op != Opcode::Dp2a)
    return false;
  std::vector<std::string> types;
  bool high = false;
  for (const std::string &m : sourceModifiers()) {
    if (m == "s32" || m == "u32")
      types.push_back(m);
    high = high || m == "hi";
  }
  if (types.size() != 2)
    return false;
  bool aSigned = types[0] == "s32", bSigned = types[1] == "s32";
  bool four = inst.op == Opcode::Dp4a;
  Value *a = readInt(inst.ops[1], 32), *b = readInt(inst.ops[2], 32);
  Value *sum = readInt(inst.ops[3], 32);
  auto part = [&](Value *word, unsigned index, unsigned bits, bool isSigned) {
    Value *raw = b_.CreateTrunc(b_.CreateLShr(word, index * bits), b_.getIntNTy(bits));
    return isSigned ? b_.CreateSExt(raw, i32_) : b_.CreateZExt(raw, i32_);
  };
  for (unsigned i = 0; i < (four ? 4u : 2u); ++i) {
    Value *x = four ? part(a, i, 8, aSigned) : part(a, i, 16, aSigned);
    Value *y = part(b, four ? i : (high ? 2 : 0) + i, 8, bSigned);
    sum = b_.CreateAdd(sum, b_.CreateMul(x, y));
  }
  write(inst.ops[0], sum);
  return true;
}

} // namespace qiao::kir
