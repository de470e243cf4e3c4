// Integer and float arithmetic, bit operations, comparisons, selection, moves and conversions:
// plain LLVM instructions and intrinsics, computing what the interpreter computes. A form whose
// result these do not reproduce returns false: the function is not lowered. Half precision is
// FamilyHalf.cpp's.
#include "FunctionLowering.h"

#include "ComparePredicates.h"

#include <llvm/IR/Intrinsics.h>

namespace qiao::kir {

using namespace llvm;
using ptx::CmpOp;
using ptx::Mod;
using ptx::Opcode;
using ptx::Rounding;

namespace {

bool isNearest(Rounding r) { return r == Rounding::None || r == Rounding::Rn; }

bool isIntType(Type t) {
  unsigned bytes = ptx::typeBytes(t);
  return !ptx::isFloatType(t) && t != Type::Pred && bytes >= 1 && bytes <= 8;
}

bool hasUnhandledResultModifier(const Inst &inst) {
  return inst.has(Mod::Relu) || inst.has(Mod::NaN) || inst.has(Mod::Xorsign) ||
         inst.has(Mod::Satfinite) || inst.has(Mod::Cc);
}

} // namespace

Value *FunctionLowering::flush(Value *f) {
  llvm::Type *t = f->getType();
  if (!t->isFloatTy())
    return f;
  Value *magnitude = b_.CreateUnaryIntrinsic(Intrinsic::fabs, f);
  Value *tiny = b_.CreateFCmpOLT(magnitude, ConstantFP::get(t, 1.17549435e-38));
  Value *zero = b_.CreateBinaryIntrinsic(Intrinsic::copysign, ConstantFP::get(t, 0.0), f);
  return b_.CreateSelect(tiny, zero, f);
}

// .sat: clamps to [0, 1]; NaN gives 0.
Value *FunctionLowering::saturate(Value *f) {
  llvm::Type *t = f->getType();
  Value *low = b_.CreateBinaryIntrinsic(Intrinsic::maxnum, f, ConstantFP::get(t, 0.0));
  Value *clamped = b_.CreateBinaryIntrinsic(Intrinsic::minnum, low, ConstantFP::get(t, 1.0));
  return b_.CreateSelect(b_.CreateFCmpUNO(f, f), ConstantFP::get(t, 0.0), clamped);
}

static const char *roundingName(Rounding r) {
  switch (r) {
  case Rounding::Rz:
    return "rz";
  case Rounding::Rm:
    return "rm";
  case Rounding::Rp:
    return "rp";
  default:
    return nullptr;
  }
}

Value *FunctionLowering::directedRounding(const std::string &op, llvm::Type *ret,
                                          ArrayRef<Value *> args, const std::string &suffix) {
  std::vector<llvm::Type *> types;
  for (Value *a : args)
    types.push_back(a->getType());
  return b_.CreateCall(q("qiao." + op + suffix, ret, types, false, true), args);
}

// add.cc, addc, sub.cc, subc, mad.cc, madc: CC.CF in carry_; a borrow for subtraction.
bool FunctionLowering::lowerCarry(const Inst &inst) {
  bool carryIn = inst.op == Opcode::Addc || inst.op == Opcode::Subc || inst.op == Opcode::Madc;
  bool carryOut = inst.has(Mod::Cc) || sourceHas("cc");
  if (!carryIn && !carryOut)
    return false;
  bool product = inst.op == Opcode::Mad || inst.op == Opcode::Madc;
  bool subtract = inst.op == Opcode::Sub || inst.op == Opcode::Subc;
  if (!product && !subtract && inst.op != Opcode::Add && inst.op != Opcode::Addc)
    return false;
  Type t = inst.type;
  unsigned bits = ptx::typeBytes(t) * 8;
  if (!isIntType(t) || (bits != 32 && bits != 64))
    return false;
  auto *type = b_.getIntNTy(bits);
  Value *x = readInt(inst.ops[1], bits), *y = readInt(inst.ops[2], bits);
  if (product) {
    if (inst.has(Mod::Hi)) {
      auto *wide = b_.getIntNTy(bits * 2);
      bool sign = ptx::isSignedType(t);
      auto widen = [&](Value *v) { return sign ? b_.CreateSExt(v, wide) : b_.CreateZExt(v, wide); };
      x = b_.CreateTrunc(b_.CreateLShr(b_.CreateMul(widen(x), widen(y)), bits), type);
    } else {
      x = b_.CreateMul(x, y);
    }
    y = readInt(inst.ops[3], bits);
  }
  Value *in =
      carryIn ? b_.CreateZExtOrTrunc(b_.CreateLoad(i64_, carry_), type) : ConstantInt::get(type, 0);
  Intrinsic::ID id = subtract ? Intrinsic::usub_with_overflow : Intrinsic::uadd_with_overflow;
  Value *first = b_.CreateBinaryIntrinsic(id, x, y);
  Value *second = b_.CreateBinaryIntrinsic(id, b_.CreateExtractValue(first, 0), in);
  Value *r = b_.CreateExtractValue(second, 0);
  if (carryOut) {
    Value *out = b_.CreateOr(b_.CreateExtractValue(first, 1), b_.CreateExtractValue(second, 1));
    b_.CreateStore(b_.CreateZExt(out, i64_), carry_);
  }
  write(inst.ops[0], r);
  return true;
}

bool FunctionLowering::lowerIntArith(const Inst &inst) {
  Type t = inst.type;
  // min/max.relu.s32 clamp their result at 0; .relu means nothing else on integers.
  bool relu = inst.has(Mod::Relu) && (inst.op == Opcode::Min || inst.op == Opcode::Max);
  if (!isIntType(t) || (hasUnhandledResultModifier(inst) && !relu))
    return false;
  unsigned bits = ptx::typeBytes(t) * 8;
  bool sign = ptx::isSignedType(t);
  auto *type = b_.getIntNTy(bits), *wide = b_.getIntNTy(bits * 2);
  auto widen = [&](Value *v) { return sign ? b_.CreateSExt(v, wide) : b_.CreateZExt(v, wide); };
  auto src = [&](int i) { return readInt(inst.ops[i], bits); };
  // mul/mad: .lo (default), .hi, .wide (a double-width result).
  auto product = [&](bool &isWide) -> Value * {
    isWide = false;
    if (inst.has(Mod::Hi))
      return b_.CreateTrunc(b_.CreateLShr(b_.CreateMul(widen(src(1)), widen(src(2))), bits), type);
    if (inst.has(Mod::Wide)) {
      isWide = true;
      return b_.CreateMul(widen(src(1)), widen(src(2)));
    }
    return b_.CreateMul(src(1), src(2));
  };
  auto saturating = [&](Intrinsic::ID id) { return b_.CreateBinaryIntrinsic(id, src(1), src(2)); };
  Value *r = nullptr;
  switch (inst.op) {
  case Opcode::Add:
    r = inst.sat ? saturating(Intrinsic::sadd_sat) : b_.CreateAdd(src(1), src(2));
    break;
  case Opcode::Sub:
    r = inst.sat ? saturating(Intrinsic::ssub_sat) : b_.CreateSub(src(1), src(2));
    break;
  case Opcode::Mul: {
    bool isWide;
    r = product(isWide);
    break;
  }
  case Opcode::Mad: {
    if (inst.sat)
      return false;
    bool isWide;
    Value *p = product(isWide);
    r = b_.CreateAdd(p, readInt(inst.ops[3], isWide ? bits * 2 : bits));
    break;
  }
  case Opcode::Mul24:
  case Opcode::Mad24: {
    if (bits != 32)
      return false;
    auto low24 = [&](Value *v) {
      return sign ? b_.CreateAShr(b_.CreateShl(v, 8), 8) : b_.CreateAnd(v, 0xffffff);
    };
    if (inst.has(Mod::Hi)) {
      // Bits 16..47 of the 48-bit product.
      r = b_.CreateTrunc(
          b_.CreateLShr(b_.CreateMul(widen(low24(src(1))), widen(low24(src(2)))), 16), type);
    } else {
      if (inst.sat)
        return false;
      r = b_.CreateMul(low24(src(1)), low24(src(2)));
    }
    if (inst.op == Opcode::Mad24)
      r = inst.sat ? b_.CreateBinaryIntrinsic(Intrinsic::sadd_sat, r, src(3))
                   : b_.CreateAdd(r, src(3));
    break;
  }
  case Opcode::Div:
  case Opcode::Rem: {
    // A zero divisor gives all ones (div) or the dividend (rem), -1 the negation or 0, as the
    // interpreter gives: no division the host could trap on is ever executed.
    Value *a = src(1), *d = src(2);
    Value *zero = b_.CreateICmpEQ(d, ConstantInt::get(type, 0));
    Value *minusOne = sign ? b_.CreateICmpEQ(d, ConstantInt::getSigned(type, -1)) : b_.getFalse();
    Value *safe = b_.CreateSelect(b_.CreateOr(zero, minusOne), ConstantInt::get(type, 1), d);
    bool div = inst.op == Opcode::Div;
    Value *q = div ? (sign ? b_.CreateSDiv(a, safe) : b_.CreateUDiv(a, safe))
                   : (sign ? b_.CreateSRem(a, safe) : b_.CreateURem(a, safe));
    Value *byMinusOne = div ? b_.CreateNeg(a) : ConstantInt::get(type, 0);
    Value *byZero = div ? ConstantInt::getAllOnesValue(type) : a;
    r = b_.CreateSelect(zero, byZero, b_.CreateSelect(minusOne, byMinusOne, q));
    break;
  }
  case Opcode::Min:
  case Opcode::Max:
    if (inst.aux2 != 0 && !relu)
      return false;
    r = b_.CreateBinaryIntrinsic(inst.op == Opcode::Min
                                     ? (sign ? Intrinsic::smin : Intrinsic::umin)
                                     : (sign ? Intrinsic::smax : Intrinsic::umax),
                                 src(1), src(2));
    if (relu)
      r = b_.CreateBinaryIntrinsic(Intrinsic::smax, r, ConstantInt::get(type, 0));
    break;
  case Opcode::Neg:
    r = b_.CreateNeg(src(1));
    break;
  case Opcode::Abs:
    r = b_.CreateBinaryIntrinsic(Intrinsic::abs, src(1), b_.getFalse());
    break;
  case Opcode::Sad: {
    Value *a = src(1), *c = src(2);
    Value *less = sign ? b_.CreateICmpSLT(a, c) : b_.CreateICmpULT(a, c);
    r = b_.CreateAdd(b_.CreateSelect(less, b_.CreateSub(c, a), b_.CreateSub(a, c)), src(3));
    break;
  }
  default:
    return false;
  }
  write(inst.ops[0], r);
  return true;
}

bool FunctionLowering::lowerFloatArith(const Inst &inst) {
  Type t = inst.type;
  if (t != Type::F32 && t != Type::F64)
    return false;
  bool minMax = inst.op == Opcode::Min || inst.op == Opcode::Max;
  if (inst.has(Mod::Relu) || inst.has(Mod::Satfinite) || inst.has(Mod::Cc) ||
      (!minMax && (inst.has(Mod::NaN) || inst.has(Mod::Xorsign))))
    return false;
  bool f32 = t == Type::F32;
  auto in = [&](int i) {
    Value *v = readFloat(inst.ops[i], t);
    return inst.ftz ? flush(v) : v;
  };
  // Every f32 result that is NaN is the canonical 0x7fffffff, as on NVIDIA hardware and in the
  // interpreter (neg, abs and copysign only move sign bits and keep payloads).
  bool signOnly = inst.op == Opcode::Neg || inst.op == Opcode::Abs || inst.op == Opcode::Copysign;
  auto finish = [&](Value *r) {
    if (inst.ftz)
      r = flush(r);
    if (inst.sat)
      r = saturate(r);
    if (f32 && !signOnly)
      r = b_.CreateSelect(b_.CreateFCmpUNO(r, r), b_.CreateBitCast(b_.getInt32(0x7fffffffu), f32_),
                          r);
    write(inst.ops[0], r);
    return true;
  };
  llvm::Type *type = f32 ? f32_ : f64_;
  // Rounded towards zero or an infinity: qiao.fadd.rz.f32 and its kin (kernel-ir.md).
  if (const char *mode = roundingName(inst.rounding)) {
    std::string suffix = std::string(".") + mode + (f32 ? ".f32" : ".f64");
    switch (inst.op) {
    case Opcode::Add:
      return finish(directedRounding("fadd", type, {in(1), in(2)}, suffix));
    case Opcode::Sub:
      return finish(directedRounding("fsub", type, {in(1), in(2)}, suffix));
    case Opcode::Mul:
      return finish(directedRounding("fmul", type, {in(1), in(2)}, suffix));
    case Opcode::Div:
      return finish(directedRounding("fdiv", type, {in(1), in(2)}, suffix));
    case Opcode::Fma:
    case Opcode::Mad:
      return finish(directedRounding("fma", type, {in(1), in(2), in(3)}, suffix));
    case Opcode::Sqrt:
      return finish(directedRounding("sqrt", type, {in(1)}, suffix));
    case Opcode::Rcp:
      return finish(directedRounding("rcp", type, {in(1)}, suffix));
    default:
      return false;
    }
  }
  switch (inst.op) {
  case Opcode::Add:
  case Opcode::Sub:
  case Opcode::Mul:
    if (!isNearest(inst.rounding))
      return false;
    return finish(inst.op == Opcode::Add   ? b_.CreateFAdd(in(1), in(2))
                  : inst.op == Opcode::Sub ? b_.CreateFSub(in(1), in(2))
                                           : b_.CreateFMul(in(1), in(2)));
  case Opcode::Fma:
  case Opcode::Mad:
    if (!isNearest(inst.rounding))
      return false;
    return finish(b_.CreateIntrinsic(Intrinsic::fma, {type}, {in(1), in(2), in(3)}));
  case Opcode::Div:
    // .approx and .full are within their documented error of the correctly rounded quotient.
    if (!isNearest(inst.rounding))
      return false;
    return finish(b_.CreateFDiv(in(1), in(2)));
  case Opcode::Rcp:
    if (!isNearest(inst.rounding))
      return false;
    return finish(b_.CreateFDiv(ConstantFP::get(type, 1.0), in(1)));
  case Opcode::Sqrt:
    if (!isNearest(inst.rounding))
      return false;
    return finish(b_.CreateUnaryIntrinsic(Intrinsic::sqrt, in(1)));
  case Opcode::Rsqrt:
    return finish(
        b_.CreateFDiv(ConstantFP::get(type, 1.0), b_.CreateUnaryIntrinsic(Intrinsic::sqrt, in(1))));
  case Opcode::Sin:
    return finish(b_.CreateUnaryIntrinsic(Intrinsic::sin, in(1)));
  case Opcode::Cos:
    return finish(b_.CreateUnaryIntrinsic(Intrinsic::cos, in(1)));
  case Opcode::Ex2:
    return finish(b_.CreateUnaryIntrinsic(Intrinsic::exp2, in(1)));
  case Opcode::Lg2:
    return finish(b_.CreateUnaryIntrinsic(Intrinsic::log2, in(1)));
  case Opcode::Tanh:
    // tanh.approx.f32 (the ISA allows 2^-10.987 relative error): the double tanh rounded to
    // f32, as the interpreter computes it.
    if (!f32)
      return false;
    return finish(b_.CreateFPTrunc(
        b_.CreateUnaryIntrinsic(Intrinsic::tanh, b_.CreateFPExt(in(1), f64_)), f32_));
  case Opcode::Abs:
    return finish(b_.CreateUnaryIntrinsic(Intrinsic::fabs, in(1)));
  case Opcode::Neg:
    return finish(b_.CreateFNeg(in(1)));
  case Opcode::Min:
  case Opcode::Max: {
    // A NaN operand gives the other one; two NaNs (or one with .NaN) give NaN; -0 orders below
    // +0. .xorsign.abs: the min/max of the magnitudes, with the xor of the operands' signs.
    bool isMax = inst.op == Opcode::Max, propagate = inst.has(Mod::NaN);
    Value *x = in(1), *y = in(2);
    auto *bitsType = b_.getIntNTy(f32 ? 32 : 64);
    auto signOf = [&](Value *v) {
      return b_.CreateICmpSLT(b_.CreateBitCast(v, bitsType), ConstantInt::get(bitsType, 0));
    };
    Value *negative = b_.CreateXor(signOf(x), signOf(y));
    bool xorsign = inst.has(Mod::Xorsign);
    if (xorsign) {
      x = b_.CreateUnaryIntrinsic(Intrinsic::fabs, x);
      y = b_.CreateUnaryIntrinsic(Intrinsic::fabs, y);
    }
    Value *xNan = b_.CreateFCmpUNO(x, x), *yNan = b_.CreateFCmpUNO(y, y);
    Value *pickX = isMax ? b_.CreateFCmpOGT(x, y) : b_.CreateFCmpOLT(x, y);
    Value *tie = isMax ? b_.CreateNot(signOf(x)) : signOf(x);
    pickX = b_.CreateOr(pickX, b_.CreateAnd(b_.CreateFCmpOEQ(x, y), tie));
    Value *m = b_.CreateSelect(pickX, x, y);
    m = b_.CreateSelect(xNan, y, b_.CreateSelect(yNan, x, m));
    Value *nan = propagate ? b_.CreateOr(xNan, yNan) : b_.CreateAnd(xNan, yNan);
    m = b_.CreateSelect(nan, ConstantFP::getQNaN(type), m);
    if (xorsign)
      m = b_.CreateSelect(b_.CreateAnd(negative, b_.CreateNot(b_.CreateFCmpUNO(m, m))),
                          b_.CreateFNeg(m), m);
    return finish(m);
  }
  case Opcode::Copysign:
    // copysign.f32 d, a, b: b's magnitude with a's sign.
    return finish(b_.CreateBinaryIntrinsic(Intrinsic::copysign, in(2), in(1)));
  case Opcode::Testp: {
    // testp.class: a predicate from the operand's class (ptx::FloatClass in aux).
    Value *x = readFloat(inst.ops[1], t);
    Value *magnitude = b_.CreateUnaryIntrinsic(Intrinsic::fabs, x);
    Value *inf = ConstantFP::getInfinity(type);
    Value *smallest = ConstantFP::get(type, f32 ? 1.17549435e-38 : 2.2250738585072014e-308);
    Value *r;
    switch (inst.aux) {
    case 0: // finite
      r = b_.CreateFCmpOLT(magnitude, inf);
      break;
    case 1: // infinite
      r = b_.CreateFCmpOEQ(magnitude, inf);
      break;
    case 2: // number
      r = b_.CreateFCmpORD(x, x);
      break;
    case 3: // notanumber
      r = b_.CreateFCmpUNO(x, x);
      break;
    case 4: // normal
      r = b_.CreateAnd(b_.CreateFCmpOGE(magnitude, smallest), b_.CreateFCmpOLT(magnitude, inf));
      break;
    case 5: // subnormal
      r = b_.CreateAnd(b_.CreateFCmpOLT(magnitude, smallest),
                       b_.CreateFCmpONE(magnitude, ConstantFP::get(type, 0.0)));
      break;
    default:
      return false;
    }
    write(inst.ops[0], r);
    return true;
  }
  default:
    return false;
  }
}

bool FunctionLowering::lowerBits(const Inst &inst) {
  Type t = inst.type;
  if (t == Type::Pred) {
    Value *a = readPred(inst.ops[1]);
    Value *r = nullptr;
    switch (inst.op) {
    case Opcode::And:
      r = b_.CreateAnd(a, readPred(inst.ops[2]));
      break;
    case Opcode::Or:
      r = b_.CreateOr(a, readPred(inst.ops[2]));
      break;
    case Opcode::Xor:
      r = b_.CreateXor(a, readPred(inst.ops[2]));
      break;
    case Opcode::Not:
      r = b_.CreateNot(a);
      break;
    default:
      return false;
    }
    write(inst.ops[0], r);
    return true;
  }
  if (!isIntType(t))
    return false;
  unsigned bits = ptx::typeBytes(t) * 8;
  auto *type = b_.getIntNTy(bits);
  auto src = [&](int i) { return readInt(inst.ops[i], bits); };
  Value *r = nullptr;
  switch (inst.op) {
  case Opcode::And:
    r = b_.CreateAnd(src(1), src(2));
    break;
  case Opcode::Or:
    r = b_.CreateOr(src(1), src(2));
    break;
  case Opcode::Xor:
    r = b_.CreateXor(src(1), src(2));
    break;
  case Opcode::Not:
    r = b_.CreateNot(src(1));
    break;
  case Opcode::Cnot:
    r = b_.CreateZExt(b_.CreateICmpEQ(src(1), ConstantInt::get(type, 0)), type);
    break;
  case Opcode::Shl:
  case Opcode::Shr: {
    // Counts at or past the width give 0, or the sign for a signed shr.
    Value *n = readInt(inst.ops[2], 32);
    Value *limit = b_.getInt32(bits - 1);
    Value *tooFar = b_.CreateICmpUGT(n, limit);
    Value *clamped =
        b_.CreateZExtOrTrunc(b_.CreateBinaryIntrinsic(Intrinsic::umin, n, limit), type);
    Value *zero = ConstantInt::get(type, 0);
    if (inst.op == Opcode::Shl)
      r = b_.CreateSelect(tooFar, zero, b_.CreateShl(src(1), clamped));
    else if (ptx::isSignedType(t))
      r = b_.CreateAShr(src(1), clamped);
    else
      r = b_.CreateSelect(tooFar, zero, b_.CreateLShr(src(1), clamped));
    break;
  }
  case Opcode::Popc:
    r = b_.CreateUnaryIntrinsic(Intrinsic::ctpop, src(1));
    r = b_.CreateZExtOrTrunc(r, i32_);
    break;
  case Opcode::Clz:
    r = b_.CreateZExtOrTrunc(b_.CreateBinaryIntrinsic(Intrinsic::ctlz, src(1), b_.getFalse()),
                             i32_);
    break;
  case Opcode::Brev:
    r = b_.CreateUnaryIntrinsic(Intrinsic::bitreverse, src(1));
    break;
  case Opcode::Bfind: {
    // The position of the most significant non-sign bit; 0xffffffff when there is none.
    Value *a = src(1);
    if (ptx::isSignedType(t))
      a = b_.CreateSelect(b_.CreateICmpSLT(a, ConstantInt::get(type, 0)), b_.CreateNot(a), a);
    Value *lz =
        b_.CreateZExtOrTrunc(b_.CreateBinaryIntrinsic(Intrinsic::ctlz, a, b_.getFalse()), i32_);
    Value *pos = b_.CreateSub(b_.getInt32(bits - 1), lz);
    if (inst.aux == 1)
      pos = b_.CreateSub(b_.getInt32(bits - 1), pos);
    r = b_.CreateSelect(b_.CreateICmpEQ(a, ConstantInt::get(type, 0)), b_.getInt32(0xffffffffu),
                        pos);
    break;
  }
  case Opcode::Bfe: {
    // bfe d, a, pos, len: len bits of a from pos (both 8-bit fields), sign-filled for signed.
    Value *a = src(1);
    Value *pos = b_.CreateAnd(readInt(inst.ops[2], 32), 0xff);
    Value *len = b_.CreateAnd(readInt(inst.ops[3], 32), 0xff);
    Value *posT = b_.CreateZExtOrTrunc(
        b_.CreateBinaryIntrinsic(Intrinsic::umin, pos, b_.getInt32(bits - 1)), type);
    Value *shifted = b_.CreateLShr(a, posT);
    Value *lenClamped = b_.CreateBinaryIntrinsic(Intrinsic::umin, len, b_.getInt32(bits));
    Value *lenT = b_.CreateZExtOrTrunc(lenClamped, type);
    Value *full = b_.CreateICmpUGE(lenClamped, b_.getInt32(bits));
    Value *ones = ConstantInt::getAllOnesValue(type);
    Value *mask = b_.CreateSelect(
        full, ones,
        b_.CreateSub(b_.CreateShl(ConstantInt::get(type, 1),
                                  b_.CreateSelect(full, ConstantInt::get(type, 0), lenT)),
                     ConstantInt::get(type, 1)));
    Value *field = b_.CreateAnd(b_.CreateSelect(b_.CreateICmpUGE(pos, b_.getInt32(bits)),
                                                ConstantInt::get(type, 0), shifted),
                                mask);
    if (ptx::isSignedType(t)) {
      // The sign bit is bit pos+len-1 of a (or a's top bit past the width); len 0 gives 0.
      Value *top = b_.CreateBinaryIntrinsic(Intrinsic::umin,
                                            b_.CreateSub(b_.CreateAdd(pos, len), b_.getInt32(1)),
                                            b_.getInt32(bits - 1));
      Value *signBit = b_.CreateTrunc(b_.CreateLShr(a, b_.CreateZExtOrTrunc(top, type)), i1_);
      Value *filled = b_.CreateSelect(signBit, b_.CreateOr(field, b_.CreateNot(mask)), field);
      field =
          b_.CreateSelect(b_.CreateICmpEQ(len, b_.getInt32(0)), ConstantInt::get(type, 0), filled);
    }
    r = field;
    break;
  }
  case Opcode::Bfi: {
    // bfi d, f, b, pos, len: b with len bits from pos replaced by f's low bits.
    Value *f = src(1), *base = src(2);
    Value *pos = b_.CreateAnd(readInt(inst.ops[3], 32), 0xff);
    Value *len = b_.CreateAnd(readInt(inst.ops[4], 32), 0xff);
    Value *lenC = b_.CreateBinaryIntrinsic(Intrinsic::umin, len, b_.getInt32(bits));
    Value *full = b_.CreateICmpUGE(lenC, b_.getInt32(bits));
    Value *lenT = b_.CreateZExtOrTrunc(b_.CreateSelect(full, b_.getInt32(0), lenC), type);
    Value *mask = b_.CreateSelect(
        full, ConstantInt::getAllOnesValue(type),
        b_.CreateSub(b_.CreateShl(ConstantInt::get(type, 1), lenT), ConstantInt::get(type, 1)));
    Value *posOk = b_.CreateICmpULT(pos, b_.getInt32(bits));
    Value *posT = b_.CreateZExtOrTrunc(b_.CreateSelect(posOk, pos, b_.getInt32(0)), type);
    Value *placed = b_.CreateShl(mask, posT);
    Value *merged = b_.CreateOr(b_.CreateAnd(base, b_.CreateNot(placed)),
                                b_.CreateAnd(b_.CreateShl(f, posT), placed));
    r = b_.CreateSelect(posOk, merged, base);
    break;
  }
  case Opcode::Shf: {
    // shf.l: the high word of b:a shifted left; shf.r: the low word of b:a shifted right. The
    // count is c mod 32 (.wrap) or c clamped to 32 (.clamp, where 32 gives a or b whole).
    bool left = sourceHas("l");
    Value *a = readInt(inst.ops[1], 32), *hi = readInt(inst.ops[2], 32);
    Value *c = readInt(inst.ops[3], 32);
    Value *n = b_.CreateAnd(c, 31);
    Value *shifted =
        b_.CreateIntrinsic(left ? Intrinsic::fshl : Intrinsic::fshr, {i32_}, {hi, a, n});
    if (inst.has(Mod::Clamp) || sourceHas("clamp"))
      shifted = b_.CreateSelect(b_.CreateICmpUGE(c, b_.getInt32(32)), left ? a : hi, shifted);
    r = shifted;
    break;
  }
  case Opcode::Lop3: {
    // Bit i of the result is bit (a_i << 2 | b_i << 1 | c_i) of immLut.
    Value *a = src(1), *bb = src(2), *c = src(3);
    r = ConstantInt::get(type, 0);
    for (unsigned k = 0; k < 8; ++k) {
      if (!((inst.aux >> k) & 1))
        continue;
      Value *term =
          b_.CreateAnd(b_.CreateAnd(k & 4 ? a : b_.CreateNot(a), k & 2 ? bb : b_.CreateNot(bb)),
                       k & 1 ? c : b_.CreateNot(c));
      r = b_.CreateOr(r, term);
    }
    break;
  }
  case Opcode::Prmt: {
    if (bits != 32)
      return false;
    // The mode is a modifier (the decoder keeps it in its choice of exec function only).
    enum Mode { Generic, F4e, B4e, Rc8, Ecl, Ecr, Rc16 } mode = Generic;
    for (const std::string &m : sourceModifiers())
      mode = m == "f4e"    ? F4e
             : m == "b4e"  ? B4e
             : m == "rc8"  ? Rc8
             : m == "ecl"  ? Ecl
             : m == "ecr"  ? Ecr
             : m == "rc16" ? Rc16
                           : mode;
    // Each destination byte is a byte of {b, a} (8 bytes): picked by a selector nibble, bit 3
    // replicating its sign (generic), or by the mode's rule from the two low bits of c.
    Value *both =
        b_.CreateOr(b_.CreateShl(b_.CreateZExt(src(2), i64_), 32), b_.CreateZExt(src(1), i64_));
    Value *c = readInt(inst.ops[3], 32);
    Value *sel = b_.CreateAnd(c, 3);
    r = b_.getInt32(0);
    for (unsigned i = 0; i < 4; ++i) {
      Value *index = nullptr, *signRep = b_.getFalse();
      Value *bi = b_.getInt32(i);
      switch (mode) {
      case Generic: {
        Value *nib = b_.CreateAnd(b_.CreateLShr(c, 4 * i), 0xf);
        index = b_.CreateAnd(nib, 7);
        signRep = b_.CreateICmpNE(b_.CreateAnd(nib, 8), b_.getInt32(0));
        break;
      }
      case F4e:
        index = b_.CreateAnd(b_.CreateAdd(sel, bi), 7);
        break;
      case B4e:
        index = b_.CreateAnd(b_.CreateSub(sel, bi), 7);
        break;
      case Rc8:
        index = sel;
        break;
      case Ecl:
        index = b_.CreateBinaryIntrinsic(Intrinsic::umax, sel, bi);
        break;
      case Ecr:
        index = b_.CreateBinaryIntrinsic(Intrinsic::umin, sel, bi);
        break;
      case Rc16:
        index = b_.CreateOr(b_.CreateShl(b_.CreateAnd(sel, 1), 1), b_.getInt32(i & 1));
        break;
      }
      Value *shift = b_.CreateMul(b_.CreateZExt(index, i64_), b_.getInt64(8));
      Value *byte = b_.CreateTrunc(b_.CreateLShr(both, shift), i8_);
      Value *signed8 =
          b_.CreateSelect(b_.CreateICmpSLT(byte, b_.getInt8(0)), b_.getInt8(-1), b_.getInt8(0));
      byte = b_.CreateSelect(signRep, signed8, byte);
      r = b_.CreateOr(r, b_.CreateShl(b_.CreateZExt(byte, i32_), 8 * i));
    }
    break;
  }
  case Opcode::Fns: {
    // fns d, mask, base, offset: the offset-th set bit of mask from base, upwards for a positive
    // offset and downwards for a negative one (0: base itself, if set); 0xffffffff when there is
    // none or base is past 31. Counting downwards is counting upwards in the reversed mask.
    if (bits != 32)
      return false;
    Value *mask = src(1), *base = readInt(inst.ops[2], 32), *offset = readInt(inst.ops[3], 32);
    Value *none = b_.getInt32(0xffffffffu);
    Value *baseOk = b_.CreateICmpULE(base, b_.getInt32(31));
    Value *safeBase = b_.CreateSelect(baseOk, base, b_.getInt32(0));
    Value *up = b_.CreateICmpSGT(offset, b_.getInt32(0));
    Value *atOrAbove = b_.CreateAnd(mask, b_.CreateShl(b_.getInt32(0xffffffffu), safeBase));
    Value *atOrBelow = b_.CreateAnd(
        mask, b_.CreateLShr(b_.getInt32(0xffffffffu), b_.CreateSub(b_.getInt32(31), safeBase)));
    Value *x =
        b_.CreateSelect(up, atOrAbove, b_.CreateUnaryIntrinsic(Intrinsic::bitreverse, atOrBelow));
    // Clear the lowest set bit |offset| - 1 times (a count past 32 clears every bit).
    Value *count = b_.CreateSelect(up, offset, b_.CreateNeg(offset));
    for (unsigned i = 1; i <= 32; ++i)
      x = b_.CreateSelect(b_.CreateICmpULT(b_.getInt32(i), count),
                          b_.CreateAnd(x, b_.CreateSub(x, b_.getInt32(1))), x);
    Value *lowest =
        b_.CreateZExtOrTrunc(b_.CreateBinaryIntrinsic(Intrinsic::cttz, x, b_.getTrue()), i32_);
    Value *position = b_.CreateSelect(up, lowest, b_.CreateSub(b_.getInt32(31), lowest));
    Value *found = b_.CreateSelect(b_.CreateICmpEQ(x, b_.getInt32(0)), none, position);
    Value *self = b_.CreateSelect(
        b_.CreateICmpNE(b_.CreateAnd(b_.CreateLShr(mask, safeBase), 1), b_.getInt32(0)), base,
        none);
    r = b_.CreateSelect(
        baseOk, b_.CreateSelect(b_.CreateICmpEQ(offset, b_.getInt32(0)), self, found), none);
    break;
  }
  case Opcode::Bmsk: {
    // A mask of b ones from bit a. .wrap takes both modulo 32; .clamp gives 0 for a start of 32
    // or more and every bit from a up for a width of 32 or more.
    if (bits != 32)
      return false;
    bool clamp = sourceHas("clamp");
    Value *a = src(1), *w = src(2);
    Value *a1 = b_.CreateAnd(a, 31), *b1 = b_.CreateAnd(w, 31);
    Value *sum = b_.CreateAdd(a1, b1);
    Value *positionOverflow = clamp ? b_.CreateICmpUGE(a, b_.getInt32(32)) : b_.getFalse();
    Value *widthOverflow = clamp ? b_.CreateICmpUGE(w, b_.getInt32(32)) : b_.getFalse();
    Value *ones = b_.getInt32(0xffffffffu);
    Value *mask0 = b_.CreateSelect(positionOverflow, b_.getInt32(0), b_.CreateShl(ones, a1));
    Value *sumOver = b_.CreateICmpUGE(sum, b_.getInt32(32));
    Value *mask1 = b_.CreateSelect(
        b_.CreateOr(b_.CreateOr(sumOver, positionOverflow), widthOverflow), b_.getInt32(0),
        b_.CreateSelect(b_.CreateICmpEQ(b1, b_.getInt32(0)), ones,
                        b_.CreateShl(ones, b_.CreateSelect(sumOver, b_.getInt32(0), sum))));
    r = b_.CreateAnd(mask0, b_.CreateNot(mask1));
    break;
  }
  default:
    return false;
  }
  write(inst.ops[0], r);
  return true;
}

bool FunctionLowering::lowerCompare(const Inst &inst) {
  if (inst.op == Opcode::Slct) {
    // c >= 0 selects a: an f32 c compares -0 as 0 and NaN as false.
    Value *takeA;
    if (inst.type2 == Type::F32) {
      Value *c = readFloat(inst.ops[3], Type::F32);
      takeA = b_.CreateFCmpOGE(inst.ftz ? flush(c) : c, ConstantFP::get(f32_, 0.0));
    } else {
      takeA = b_.CreateICmpSGE(readInt(inst.ops[3], 32), b_.getInt32(0));
    }
    unsigned width = ptx::typeBytes(inst.type) * 8;
    write(inst.ops[0],
          b_.CreateSelect(takeA, readInt(inst.ops[1], width), readInt(inst.ops[2], width)));
    return true;
  }
  if (inst.op == Opcode::Selp) {
    Value *r = b_.CreateSelect(readPred(inst.ops[3]), readTyped(inst.ops[1], inst.type),
                               readTyped(inst.ops[2], inst.type));
    write(inst.ops[0], r);
    return true;
  }
  if (inst.op != Opcode::Setp && inst.op != Opcode::Set)
    return false;
  Type t = inst.type2;
  bool isFloat = t == Type::F32 || t == Type::F64;
  if (!isFloat && !isIntType(t))
    return false;
  std::optional<CmpInst::Predicate> p =
      lowering::comparePredicate(inst.cmp, isFloat, ptx::isSignedType(t));
  if (!p)
    return false;
  Value *a = readTyped(inst.ops[1], t), *c = readTyped(inst.ops[2], t);
  if (isFloat && inst.ftz) {
    a = flush(a);
    c = flush(c);
  }
  Value *r = isFloat ? b_.CreateFCmp(*p, a, c) : b_.CreateICmp(*p, a, c);
  Value *notR = b_.CreateNot(r);
  const Operand &extra = inst.ops[3]; // the .and/.or/.xor predicate
  if (extra.kind != Operand::Kind::None) {
    Value *e = readPred(extra);
    switch (inst.boolOp) {
    case ptx::BoolOp::And:
      r = b_.CreateAnd(r, e), notR = b_.CreateAnd(notR, e);
      break;
    case ptx::BoolOp::Or:
      r = b_.CreateOr(r, e), notR = b_.CreateOr(notR, e);
      break;
    case ptx::BoolOp::Xor:
      r = b_.CreateXor(r, e), notR = b_.CreateXor(notR, e);
      break;
    case ptx::BoolOp::None:
      break;
    }
  }
  if (inst.op == Opcode::Set) {
    // set: 0xffffffff or 0 for an integer destination, 1.0f or 0.0f for f32.
    if (inst.type == Type::F32)
      write(inst.ops[0],
            b_.CreateSelect(r, ConstantFP::get(f32_, 1.0), ConstantFP::get(f32_, 0.0)));
    else
      write(inst.ops[0], b_.CreateSelect(r, b_.getInt32(0xffffffffu), b_.getInt32(0)));
    return true;
  }
  write(inst.ops[0], r);
  write(inst.ops[4], notR);
  return true;
}

bool FunctionLowering::lowerConvert(const Inst &inst) {
  if (inst.op != Opcode::Cvt)
    return false;
  Type to = inst.type, from = inst.type2;
  if (inst.aux != 0)
    return false;
  bool toFloat = to == Type::F32 || to == Type::F64,
       fromFloat = from == Type::F32 || from == Type::F64;
  bool toInt = isIntType(to), fromInt = isIntType(from);
  unsigned toBits = ptx::typeBytes(to) * 8, fromBits = ptx::typeBytes(from) * 8;
  Rounding r = inst.rounding;
  if (toInt && fromInt) {
    Value *v = readInt(inst.ops[1], fromBits);
    auto *type = b_.getIntNTy(toBits);
    if (inst.sat) {
      // Clamp to the destination's range.
      bool fs = ptx::isSignedType(from), ts = ptx::isSignedType(to);
      auto *wide = b_.getInt64Ty();
      Value *x = fs ? b_.CreateSExt(v, wide) : b_.CreateZExt(v, wide);
      if (fromBits == 64 || toBits == 64)
        return false;
      int64_t lo = ts ? -(int64_t{1} << (toBits - 1)) : 0;
      int64_t hi = ts ? (int64_t{1} << (toBits - 1)) - 1 : (int64_t{1} << toBits) - 1;
      x = b_.CreateBinaryIntrinsic(Intrinsic::smax, x, b_.getInt64(lo));
      x = b_.CreateBinaryIntrinsic(Intrinsic::smin, x, b_.getInt64(hi));
      v = b_.CreateTrunc(x, type);
    } else if (toBits > fromBits) {
      v = ptx::isSignedType(from) ? b_.CreateSExt(v, type) : b_.CreateZExt(v, type);
    } else {
      v = b_.CreateTrunc(v, type);
    }
    // A narrower signed destination sits sign-extended in its register, as interpreted.
    if (ptx::isSignedType(to) && toBits < 32)
      writeSigned(inst.ops[0], v);
    else
      write(inst.ops[0], v);
    return true;
  }
  if (fromInt && toFloat) {
    Value *v = readInt(inst.ops[1], fromBits);
    llvm::Type *type = to == Type::F32 ? f32_ : f64_;
    Value *f;
    if (const char *mode = roundingName(r)) {
      if (fromBits != 32 && fromBits != 64)
        return false;
      std::string suffix = std::string(".") + mode + "." + std::string(ptx::typeName(to)) + "." +
                           (ptx::isSignedType(from) ? "s" : "u") + std::to_string(fromBits);
      f = directedRounding("cvt", type, {v}, suffix);
    } else if (isNearest(r)) {
      f = ptx::isSignedType(from) ? b_.CreateSIToFP(v, type) : b_.CreateUIToFP(v, type);
    } else {
      return false;
    }
    if (inst.sat)
      f = saturate(f);
    write(inst.ops[0], f);
    return true;
  }
  if (fromFloat && toInt) {
    Value *f = readFloat(inst.ops[1], from);
    if (inst.ftz)
      f = flush(f);
    switch (r) {
    case Rounding::Rni:
      f = b_.CreateUnaryIntrinsic(Intrinsic::rint, f);
      break;
    case Rounding::Rzi:
    case Rounding::None:
      f = b_.CreateUnaryIntrinsic(Intrinsic::trunc, f);
      break;
    case Rounding::Rmi:
      f = b_.CreateUnaryIntrinsic(Intrinsic::floor, f);
      break;
    case Rounding::Rpi:
      f = b_.CreateUnaryIntrinsic(Intrinsic::ceil, f);
      break;
    default:
      return false;
    }
    // Out-of-range values saturate and NaN gives 0, as PTX specifies.
    auto *type = b_.getIntNTy(toBits);
    Value *v =
        b_.CreateIntrinsic(ptx::isSignedType(to) ? Intrinsic::fptosi_sat : Intrinsic::fptoui_sat,
                           {type, f->getType()}, {f});
    if (ptx::isSignedType(to) && toBits < 32)
      writeSigned(inst.ops[0], v);
    else
      write(inst.ops[0], v);
    return true;
  }
  if (fromFloat && toFloat) {
    Value *f = readFloat(inst.ops[1], from);
    if (inst.ftz)
      f = flush(f);
    if (to == from) {
      switch (r) {
      case Rounding::Rni:
        f = b_.CreateUnaryIntrinsic(Intrinsic::rint, f);
        break;
      case Rounding::Rzi:
        f = b_.CreateUnaryIntrinsic(Intrinsic::trunc, f);
        break;
      case Rounding::Rmi:
        f = b_.CreateUnaryIntrinsic(Intrinsic::floor, f);
        break;
      case Rounding::Rpi:
        f = b_.CreateUnaryIntrinsic(Intrinsic::ceil, f);
        break;
      case Rounding::None:
      case Rounding::Rn:
        break;
      default:
        return false;
      }
    } else if (to == Type::F64) {
      f = b_.CreateFPExt(f, f64_);
    } else if (const char *mode = roundingName(r)) {
      f = directedRounding("cvt", f32_, {f}, std::string(".") + mode + ".f32.f64");
    } else if (r == Rounding::Rna) {
      // Ties away from zero: the nearest float, or the next one out when the double lies exactly
      // halfway between them (their sum, exact in double, is twice the value). NaN is canonical.
      Value *nearest = b_.CreateFPTrunc(f, f32_);
      Value *out =
          b_.CreateBitCast(b_.CreateAdd(b_.CreateBitCast(nearest, i32_), b_.getInt32(1)), f32_);
      Value *back = b_.CreateFPExt(nearest, f64_);
      Value *below = b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(Intrinsic::fabs, back),
                                      b_.CreateUnaryIntrinsic(Intrinsic::fabs, f));
      Value *tie = b_.CreateFCmpOEQ(b_.CreateFMul(f, ConstantFP::get(f64_, 2.0)),
                                    b_.CreateFAdd(back, b_.CreateFPExt(out, f64_)));
      Value *rounded = b_.CreateSelect(b_.CreateAnd(below, tie), out, nearest);
      f = b_.CreateSelect(b_.CreateFCmpUNO(f, f), b_.CreateBitCast(b_.getInt32(0x7fffffffu), f32_),
                          rounded);
    } else {
      if (!isNearest(r))
        return false;
      f = b_.CreateFPTrunc(f, f32_);
    }
    if (inst.sat)
      f = saturate(f);
    if (inst.ftz)
      f = flush(f);
    write(inst.ops[0], f);
    return true;
  }
  return false;
}

bool FunctionLowering::lowerMov(const Inst &inst) {
  if (inst.op != Opcode::Mov)
    return false;
  const Operand &src = inst.ops[1];
  if (src.kind == Operand::Kind::Address && src.frameRelative) {
    // mov of a .local variable's address: its local-space address.
    write(inst.ops[0], addressInt(src));
    return true;
  }
  unsigned bits = inst.type == Type::Pred ? 1 : ptx::typeBytes(inst.type) * 8;
  if (bits == 0)
    return false;
  if (inst.type == Type::Pred) {
    write(inst.ops[0], readPred(src));
    return true;
  }
  write(inst.ops[0], readInt(src, bits));
  return true;
}

} // namespace qiao::kir
