// Half precision (.f16, .bf16 and their packed .x2 pairs) as plain LLVM IR: arithmetic, min/max,
// comparisons and conversions, with the interpreter's results bit for bit. Operands widen
// exactly to float; a sum or product of two halves rounded to float and then to the half format
// is the correctly rounded result (float's 24 bits are at least twice a half's 11 plus two), and
// fma, which that argument does not cover, rounds its exact double sum to odd before narrowing.
// Rounding towards zero or an infinity (.rz, .rm, .rp) rounds the exact result to odd in float,
// rounds that to nearest in the half format, and steps one unit to the neighbour the mode asks for
// when the nearest one lies on the wrong side: round to odd keeps which side the exact value lies
// on, so the step is right. Every NaN result is the canonical 0x7fff, as on NVIDIA hardware and in
// the interpreter.
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

constexpr uint16_t kCanonicalNanHalf = 0x7fff; // f16 and bf16 alike
constexpr uint16_t kSignHalf = 0x8000;

bool isHalf(Type t) { return t == Type::F16 || t == Type::BF16; }
bool isPackedHalf(Type t) { return t == Type::F16x2 || t == Type::BF16x2; }
bool isBf16(Type t) { return t == Type::BF16 || t == Type::BF16x2; }
bool isNearest(Rounding r) { return r == Rounding::None || r == Rounding::Rn; }

} // namespace

Value *FunctionLowering::halfValue(Value *bits, bool bf16) {
  if (bf16) // bf16 is the top half of an f32
    return b_.CreateBitCast(b_.CreateShl(b_.CreateZExt(bits, i32_), 16), f32_);
  return b_.CreateFPExt(b_.CreateBitCast(bits, b_.getHalfTy()), f32_);
}

Value *FunctionLowering::roundToOddFloat(Value *d) {
  // The float nearest d, moved one step towards d when inexact and even: round to odd, which a
  // later rounding to a format at least two bits narrower turns into d's correct rounding.
  Value *f = b_.CreateFPTrunc(d, f32_);
  Value *back = b_.CreateFPExt(f, f64_);
  Value *bits = b_.CreateBitCast(f, i32_);
  Value *inexact = b_.CreateFCmpONE(back, d);
  Value *even = b_.CreateICmpEQ(b_.CreateAnd(bits, 1), b_.getInt32(0));
  Value *away = b_.CreateFCmpOGT(b_.CreateUnaryIntrinsic(Intrinsic::fabs, d),
                                 b_.CreateUnaryIntrinsic(Intrinsic::fabs, back));
  Value *step = b_.CreateSelect(away, b_.getInt32(1), b_.getInt32(-1));
  Value *odd = b_.CreateAdd(bits, step);
  return b_.CreateBitCast(b_.CreateSelect(b_.CreateAnd(inexact, even), odd, bits), f32_);
}

Value *FunctionLowering::roundToHalf(Value *f, bool bf16) {
  if (f->getType()->isDoubleTy())
    f = roundToOddFloat(f);
  Value *isNan = b_.CreateFCmpUNO(f, f);
  Value *bits;
  if (bf16) {
    // Nearest even on the float's bits: add just under half of the dropped part, plus its
    // parity. Overflow carries into the exponent and reaches infinity as rounding should.
    Value *u = b_.CreateBitCast(f, i32_);
    Value *parity = b_.CreateAnd(b_.CreateLShr(u, 16), 1);
    Value *rounded = b_.CreateAdd(b_.CreateAdd(u, b_.getInt32(0x7fff)), parity);
    bits = b_.CreateTrunc(b_.CreateLShr(rounded, 16), i16_);
  } else {
    bits = b_.CreateBitCast(b_.CreateFPTrunc(f, b_.getHalfTy()), i16_);
  }
  return b_.CreateSelect(isNan, b_.getInt16(kCanonicalNanHalf), bits);
}

Value *FunctionLowering::roundToHalfIn(Value *v, bool bf16, Rounding r) {
  if (isNearest(r))
    return roundToHalf(v, bf16);
  Value *f = v->getType()->isDoubleTy() ? roundToOddFloat(v) : v;
  Value *h = roundToHalf(f, bf16);
  Value *back = halfValue(h, bf16); // exact; infinite when the nearest half overflowed
  if (r == Rounding::Rna) {
    // Ties away from zero: the next half out when f lies exactly halfway (a tie is exact in
    // float, and rounding to odd never lands on one that the exact value is not).
    Value *out = b_.CreateAdd(h, b_.getInt16(1));
    Value *below = b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(Intrinsic::fabs, back),
                                    b_.CreateUnaryIntrinsic(Intrinsic::fabs, f));
    Value *twice = b_.CreateFMul(b_.CreateFPExt(f, f64_), ConstantFP::get(f64_, 2.0));
    Value *tie = b_.CreateFCmpOEQ(twice, b_.CreateFAdd(b_.CreateFPExt(back, f64_),
                                                       b_.CreateFPExt(halfValue(out, bf16), f64_)));
    return b_.CreateSelect(b_.CreateAnd(below, tie), out, h);
  }
  Value *negative = b_.CreateICmpNE(b_.CreateAnd(h, kSignHalf), b_.getInt16(0));
  Value *up = b_.CreateAdd(h, b_.getInt16(1)), *down = b_.CreateSub(h, b_.getInt16(1));
  Value *step, *stepped;
  switch (r) {
  case Rounding::Rz:
    step = b_.CreateFCmpOGT(b_.CreateUnaryIntrinsic(Intrinsic::fabs, back),
                            b_.CreateUnaryIntrinsic(Intrinsic::fabs, f));
    stepped = down; // one unit less in magnitude, whatever the sign
    break;
  case Rounding::Rm:
    step = b_.CreateFCmpOGT(back, f);
    stepped = b_.CreateSelect(negative, up, down);
    break;
  case Rounding::Rp:
    step = b_.CreateFCmpOLT(back, f);
    stepped = b_.CreateSelect(negative, down, up);
    break;
  default:
    unsupported("a rounding mode halves do not take");
  }
  return b_.CreateSelect(step, stepped, h);
}

// x + y (doubles) rounded to odd: TwoSum's exact error makes an inexact sum odd, so that one later
// rounding to a format at least two bits narrower is correct. An exact zero sum of addends that
// are not zeros of one sign is -0 when the final rounding is towards -infinity (IEEE 754).
Value *FunctionLowering::sumToOdd(Value *x, Value *y, Rounding r) {
  Value *s = b_.CreateFAdd(x, y);
  Value *yPart = b_.CreateFSub(s, x);
  Value *err = b_.CreateFAdd(b_.CreateFSub(x, b_.CreateFSub(s, yPart)), b_.CreateFSub(y, yPart));
  Value *sBits = b_.CreateBitCast(s, i64_);
  Value *finite =
      b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(Intrinsic::fabs, s), ConstantFP::getInfinity(f64_));
  Value *zero = ConstantFP::get(f64_, 0.0);
  Value *needsOdd =
      b_.CreateAnd(b_.CreateAnd(b_.CreateFCmpONE(err, zero), b_.CreateFCmpONE(s, zero)),
                   b_.CreateAnd(finite, b_.CreateICmpEQ(b_.CreateAnd(sBits, 1), b_.getInt64(0))));
  Value *sameSign = b_.CreateICmpEQ(b_.CreateICmpSLT(b_.CreateBitCast(err, i64_), b_.getInt64(0)),
                                    b_.CreateICmpSLT(sBits, b_.getInt64(0)));
  Value *odd = b_.CreateAdd(sBits, b_.CreateSelect(sameSign, b_.getInt64(1), b_.getInt64(-1)));
  Value *sum = b_.CreateBitCast(b_.CreateSelect(needsOdd, odd, sBits), f64_);
  if (r != Rounding::Rm)
    return sum;
  Value *bothPositiveZeros = b_.CreateICmpEQ(
      b_.CreateOr(b_.CreateBitCast(x, i64_), b_.CreateBitCast(y, i64_)), b_.getInt64(0));
  Value *zeroSum = b_.CreateSelect(bothPositiveZeros, zero, ConstantFP::get(f64_, -0.0));
  return b_.CreateSelect(b_.CreateFCmpOEQ(sum, zero), zeroSum, sum);
}

Value *FunctionLowering::halfAdd(Value *a, Value *b, bool bf16) {
  return roundToHalf(b_.CreateFAdd(halfValue(a, bf16), halfValue(b, bf16)), bf16);
}

// .ftz on halves: a subnormal becomes a zero of its sign.
static Value *flushHalf(IRBuilder<> &b, Value *h, bool bf16) {
  uint16_t exponent = bf16 ? 0x7f80 : 0x7c00, fraction = bf16 ? 0x007f : 0x03ff;
  Value *subnormal = b.CreateAnd(b.CreateICmpEQ(b.CreateAnd(h, exponent), b.getInt16(0)),
                                 b.CreateICmpNE(b.CreateAnd(h, fraction), b.getInt16(0)));
  return b.CreateSelect(subnormal, b.CreateAnd(h, kSignHalf), h);
}

// One element of add/sub/mul/fma/neg/abs/min/max on halves; null for a form not reproduced.
Value *FunctionLowering::halfElement(const Inst &inst, bool bf16, Value *a, Value *b, Value *c) {
  if (inst.ftz) {
    a = flushHalf(b_, a, bf16);
    b = b ? flushHalf(b_, b, bf16) : b;
    c = c ? flushHalf(b_, c, bf16) : c;
  }
  auto value = [&](Value *h) { return halfValue(h, bf16); };
  auto wide = [&](Value *h) { return b_.CreateFPExt(value(h), f64_); };
  Value *r = nullptr;
  Rounding mode = inst.rounding;
  switch (inst.op) {
  case Opcode::Tanh:
    // tanh.approx: the float tanh of the exact value, rounded to the half's format.
    return roundToHalf(b_.CreateUnaryIntrinsic(Intrinsic::tanh, value(a)), bf16);
  case Opcode::Neg:
    return b_.CreateXor(a, kSignHalf);
  case Opcode::Abs:
    return b_.CreateAnd(a, static_cast<uint16_t>(~kSignHalf));
  case Opcode::Add:
    r = isNearest(mode) ? halfAdd(a, b, bf16)
                        : roundToHalfIn(sumToOdd(wide(a), wide(b), mode), bf16, mode);
    break;
  case Opcode::Sub:
    r = isNearest(mode)
            ? roundToHalf(b_.CreateFSub(value(a), value(b)), bf16)
            : roundToHalfIn(sumToOdd(wide(a), b_.CreateFNeg(wide(b)), mode), bf16, mode);
    break;
  case Opcode::Mul:
    // The product of two halves is exact in double.
    r = isNearest(mode) ? roundToHalf(b_.CreateFMul(value(a), value(b)), bf16)
                        : roundToHalfIn(b_.CreateFMul(wide(a), wide(b)), bf16, mode);
    break;
  case Opcode::Fma:
    // a * b is exact in double; the sum rounded to odd rounds correctly once more.
    r = roundToHalfIn(sumToOdd(b_.CreateFMul(wide(a), wide(b)), wide(c), mode), bf16, mode);
    break;
  case Opcode::Min:
  case Opcode::Max: {
    // .xorsign.abs: the min/max of the magnitudes, negative when the operands' signs differ
    // (a NaN result stays the canonical NaN).
    bool xorsign = inst.has(Mod::Xorsign);
    Value *signs = b_.CreateAnd(b_.CreateXor(a, b), kSignHalf);
    if (xorsign) {
      a = b_.CreateAnd(a, static_cast<uint16_t>(~kSignHalf));
      b = b_.CreateAnd(b, static_cast<uint16_t>(~kSignHalf));
    }
    // A NaN operand gives the other one (both NaN, or any with .NaN: the canonical NaN); -0
    // orders below +0.
    bool isMax = inst.op == Opcode::Max;
    Value *x = value(a), *y = value(b);
    Value *xNan = b_.CreateFCmpUNO(x, x), *yNan = b_.CreateFCmpUNO(y, y);
    Value *xNeg = b_.CreateICmpNE(b_.CreateAnd(a, kSignHalf), b_.getInt16(0));
    Value *equal = b_.CreateFCmpOEQ(x, y);
    Value *pickA = isMax ? b_.CreateFCmpOGT(x, y) : b_.CreateFCmpOLT(x, y);
    // Equal values: min takes a negative a, max a positive one (they differ only for zeros).
    pickA = b_.CreateOr(pickA, b_.CreateAnd(equal, isMax ? b_.CreateNot(xNeg) : xNeg));
    Value *chosen = b_.CreateSelect(pickA, a, b);
    chosen = b_.CreateSelect(xNan, b, b_.CreateSelect(yNan, a, chosen));
    Value *nan = b_.CreateAnd(xNan, yNan);
    if (inst.has(Mod::NaN))
      nan = b_.CreateOr(xNan, yNan);
    r = b_.CreateSelect(nan, b_.getInt16(kCanonicalNanHalf), chosen);
    if (xorsign)
      r = b_.CreateSelect(nan, r, b_.CreateOr(r, signs));
    break;
  }
  default:
    return nullptr;
  }
  if (inst.ftz)
    r = flushHalf(b_, r, bf16);
  if (inst.sat) {
    // Clamped to [0, 1]; NaN and -0 give +0.
    Value *v = value(r);
    Value *one = b_.getInt16(bf16 ? 0x3f80 : 0x3c00);
    r = b_.CreateSelect(b_.CreateFCmpOGT(v, ConstantFP::get(f32_, 0.0)),
                        b_.CreateSelect(b_.CreateFCmpOLT(v, ConstantFP::get(f32_, 1.0)), r, one),
                        b_.getInt16(0));
  }
  if (inst.has(Mod::Relu)) {
    // Negatives (and -0) give +0; NaN stays the canonical NaN.
    Value *v = value(r);
    Value *nan = b_.CreateFCmpUNO(v, v);
    Value *negative = b_.CreateICmpNE(b_.CreateAnd(r, kSignHalf), b_.getInt16(0));
    r = b_.CreateSelect(nan, b_.getInt16(kCanonicalNanHalf),
                        b_.CreateSelect(negative, b_.getInt16(0), r));
  }
  return r;
}

bool FunctionLowering::lowerHalfArith(const Inst &inst) {
  Type t = inst.type;
  if (!isHalf(t) && !isPackedHalf(t))
    return false;
  if (inst.has(Mod::Satfinite))
    return false;
  bool directed = inst.rounding == Rounding::Rz || inst.rounding == Rounding::Rm ||
                  inst.rounding == Rounding::Rp;
  if (!isNearest(inst.rounding) &&
      !(directed && (inst.op == Opcode::Add || inst.op == Opcode::Sub || inst.op == Opcode::Mul ||
                     inst.op == Opcode::Fma)))
    return false;
  unsigned sources;
  switch (inst.op) {
  case Opcode::Tanh:
  case Opcode::Neg:
  case Opcode::Abs:
    sources = 1;
    break;
  case Opcode::Add:
  case Opcode::Sub:
  case Opcode::Mul:
  case Opcode::Min:
  case Opcode::Max:
    sources = 2;
    break;
  case Opcode::Fma:
    sources = 3;
    break;
  default:
    return false;
  }
  bool bf16 = isBf16(t);
  unsigned elements = isPackedHalf(t) ? 2 : 1;
  std::vector<Value *> in;
  for (unsigned i = 1; i <= sources; ++i)
    in.push_back(readInt(inst.ops[i], 16 * elements));
  Value *result = b_.getIntN(16 * elements, 0);
  for (unsigned e = 0; e < elements; ++e) {
    auto element = [&](unsigned i) -> Value * {
      if (i >= in.size())
        return nullptr;
      return b_.CreateTrunc(b_.CreateLShr(in[i], 16 * e), i16_);
    };
    Value *r = halfElement(inst, bf16, element(0), element(1), element(2));
    if (!r)
      return false;
    result = b_.CreateOr(result, b_.CreateShl(b_.CreateZExt(r, result->getType()), 16 * e));
  }
  write(inst.ops[0], result);
  return true;
}

// setp and set on halves: compared as their exact float values (.ftz does not apply to halves).
bool FunctionLowering::lowerHalfCompare(const Inst &inst) {
  if (inst.op != Opcode::Setp && inst.op != Opcode::Set)
    return false;
  Type t = inst.type2;
  if (!isHalf(t) && !isPackedHalf(t))
    return false;
  bool bf16 = isBf16(t);
  std::optional<CmpInst::Predicate> p = lowering::comparePredicate(inst.cmp, true, false);
  if (!p)
    return false;
  const Operand &extra = inst.ops[3]; // the .and/.or/.xor predicate
  Value *e = extra.kind != Operand::Kind::None ? readPred(extra) : nullptr;
  auto combine = [&](Value *r) {
    if (!e)
      return r;
    switch (inst.boolOp) {
    case ptx::BoolOp::And:
      return b_.CreateAnd(r, e);
    case ptx::BoolOp::Or:
      return b_.CreateOr(r, e);
    case ptx::BoolOp::Xor:
      return b_.CreateXor(r, e);
    case ptx::BoolOp::None:
      break;
    }
    return r;
  };
  unsigned elements = isPackedHalf(t) ? 2 : 1;
  Value *a = readInt(inst.ops[1], 16 * elements), *c = readInt(inst.ops[2], 16 * elements);
  auto compare = [&](unsigned element) {
    auto half = [&](Value *v) {
      return halfValue(b_.CreateTrunc(b_.CreateLShr(v, 16 * element), i16_), bf16);
    };
    return b_.CreateFCmp(*p, half(a), half(c));
  };
  if (inst.op == Opcode::Setp) {
    if (elements != 1)
      return false;
    Value *r = compare(0);
    write(inst.ops[0], combine(r));
    write(inst.ops[4], combine(b_.CreateNot(r)));
    return true;
  }
  // set: 1.0 in a float destination (of the destination's own format), all ones in an integer
  // one; packed sources give one such half per element.
  Type d = inst.type;
  if (elements == 2) {
    uint32_t trueHalf = d == Type::F16x2 ? 0x3c00 : d == Type::BF16x2 ? 0x3f80 : 0xffff;
    Value *out = b_.getInt32(0);
    for (unsigned h = 0; h < 2; ++h)
      out = b_.CreateOr(out, b_.CreateSelect(combine(compare(h)), b_.getInt32(trueHalf << (16 * h)),
                                             b_.getInt32(0)));
    write(inst.ops[0], out);
    return true;
  }
  uint32_t trueValue = d == Type::F32    ? 0x3f800000u
                       : d == Type::F16  ? 0x3c00u
                       : d == Type::BF16 ? 0x3f80u
                                         : 0xffffffffu;
  write(inst.ops[0], b_.CreateSelect(combine(compare(0)), b_.getInt32(trueValue), b_.getInt32(0)));
  return true;
}

// cvt with a half on either side, rounded to nearest: through the exact float (or double) value.
bool FunctionLowering::lowerHalfConvert(const Inst &inst) {
  if (inst.op != Opcode::Cvt)
    return false;
  Type to = inst.type, from = inst.type2;
  if (isPackedHalf(to)) {
    // cvt.{rn,rz}{.relu}{.satfinite}.f16x2.f32 d, a, b: a into the upper half, b into the
    // lower. .relu turns negatives (not -0) into +0; .satfinite turns a result that overflowed
    // to infinity into the largest finite half of its sign (NaN stays NaN).
    if (from != Type::F32 || (inst.rounding != Rounding::Rn && inst.rounding != Rounding::Rz))
      return false;
    bool bf16 = isBf16(to), relu = inst.aux & 1, satfinite = inst.aux & 2;
    auto half = [&](const Operand &op) {
      Value *x = readFloat(op, Type::F32);
      if (relu)
        x = b_.CreateSelect(b_.CreateFCmpOLT(x, ConstantFP::get(f32_, 0.0)),
                            ConstantFP::get(f32_, 0.0), x);
      Value *h = roundToHalfIn(x, bf16, inst.rounding);
      if (satfinite) {
        Value *back = halfValue(h, bf16);
        Value *overflowed = b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(Intrinsic::fabs, back),
                                             ConstantFP::getInfinity(f32_));
        Value *largest = b_.CreateOr(b_.CreateAnd(h, kSignHalf), bf16 ? 0x7f7f : 0x7bff);
        h = b_.CreateSelect(overflowed, largest, h);
      }
      return b_.CreateZExt(h, i32_);
    };
    write(inst.ops[0], b_.CreateOr(b_.CreateShl(half(inst.ops[1]), 16), half(inst.ops[2])));
    return true;
  }
  if (!isHalf(to) && !isHalf(from))
    return false;
  bool relu = (inst.aux & 1) && ptx::isFloatType(from); // the interpreter ignores it for integers
  // The source as an exact float or double (integers of up to 32 bits are exact in double).
  Value *v;
  if (isHalf(from)) {
    v = halfValue(readInt(inst.ops[1], 16), isBf16(from));
  } else if (from == Type::F32 || from == Type::F64) {
    v = readFloat(inst.ops[1], from);
    if (inst.ftz && from == Type::F32)
      v = flush(v);
  } else {
    unsigned bits = ptx::typeBytes(from) * 8;
    if (!isHalf(to))
      return false;
    Value *i = readInt(inst.ops[1], bits);
    bool isSigned = ptx::isSignedType(from);
    v = bits > 32  ? integerToOddDouble(i, isSigned)
        : isSigned ? b_.CreateSIToFP(i, f64_)
                   : b_.CreateUIToFP(i, f64_);
  }
  if (!isHalf(to)) {
    // From a half: widening to f32/f64 is exact; to an integer, as from the f32 value.
    if (to == Type::F32 || to == Type::F64) {
      // Widening is exact: every float rounding gives the same value.
      bool exact = isNearest(inst.rounding) || inst.rounding == Rounding::Rz ||
                   inst.rounding == Rounding::Rm || inst.rounding == Rounding::Rp;
      if (!exact || inst.sat)
        return false;
      // A NaN becomes the canonical NaN of f32, or the quiet NaN of f64 with the half's sign.
      Value *nan = b_.CreateFCmpUNO(v, v);
      if (to == Type::F32) {
        Value *f = inst.ftz ? flush(v) : v;
        write(inst.ops[0],
              b_.CreateSelect(nan, b_.getInt32(0x7fffffffu), b_.CreateBitCast(f, i32_)));
      } else {
        Value *bits = b_.CreateBitCast(b_.CreateFPExt(v, f64_), i64_);
        Value *quiet = b_.CreateOr(b_.CreateAnd(bits, b_.getInt64(0x8000000000000000ull)),
                                   b_.getInt64(0x7ff8000000000000ull));
        write(inst.ops[0], b_.CreateSelect(nan, quiet, bits));
      }
      return true;
    }
    unsigned toBits = ptx::typeBytes(to) * 8;
    if (toBits == 0 || ptx::isFloatType(to))
      return false;
    Intrinsic::ID round;
    switch (inst.rounding) {
    case Rounding::Rni:
      round = Intrinsic::rint;
      break;
    case Rounding::None:
    case Rounding::Rzi:
      round = Intrinsic::trunc;
      break;
    case Rounding::Rmi:
      round = Intrinsic::floor;
      break;
    case Rounding::Rpi:
      round = Intrinsic::ceil;
      break;
    default:
      return false;
    }
    Value *f = b_.CreateUnaryIntrinsic(round, v);
    Value *r =
        b_.CreateIntrinsic(ptx::isSignedType(to) ? Intrinsic::fptosi_sat : Intrinsic::fptoui_sat,
                           {b_.getIntNTy(toBits), f32_}, {f});
    if (ptx::isSignedType(to) && toBits < 32)
      writeSigned(inst.ops[0], r);
    else
      write(inst.ops[0], r);
    return true;
  }
  bool bf16 = isBf16(to);
  switch (inst.rounding) {
  case Rounding::None:
  case Rounding::Rn:
    break;
  case Rounding::Rni:
  case Rounding::Rzi:
  case Rounding::Rmi:
  case Rounding::Rpi: {
    // Rounded to an integral value in the same format: exact, then re-encoded.
    if (from != to || inst.sat || relu)
      return false;
    Intrinsic::ID id = inst.rounding == Rounding::Rni   ? Intrinsic::rint
                       : inst.rounding == Rounding::Rzi ? Intrinsic::trunc
                       : inst.rounding == Rounding::Rmi ? Intrinsic::floor
                                                        : Intrinsic::ceil;
    write(inst.ops[0], roundToHalf(b_.CreateUnaryIntrinsic(id, v), bf16));
    return true;
  }
  case Rounding::Rz:
  case Rounding::Rm:
  case Rounding::Rp:
  case Rounding::Rna:
    break;
  default:
    return false;
  }
  if (inst.sat) {
    // Clamped to [0, 1] before rounding; NaN gives +0.
    llvm::Type *type = v->getType();
    v = b_.CreateSelect(b_.CreateFCmpOGT(v, ConstantFP::get(type, 0.0)),
                        b_.CreateSelect(b_.CreateFCmpOLT(v, ConstantFP::get(type, 1.0)), v,
                                        ConstantFP::get(type, 1.0)),
                        ConstantFP::get(type, 0.0));
  }
  if (relu) {
    // Negatives and -0 give +0; NaN stays NaN.
    llvm::Type *type = v->getType();
    Value *negative =
        b_.CreateICmpSLT(b_.CreateBitCast(v, b_.getIntNTy(type->getPrimitiveSizeInBits())),
                         ConstantInt::get(b_.getIntNTy(type->getPrimitiveSizeInBits()), 0));
    Value *nan = b_.CreateFCmpUNO(v, v);
    v = b_.CreateSelect(b_.CreateAnd(negative, b_.CreateNot(nan)), ConstantFP::get(type, 0.0), v);
  }
  write(inst.ops[0], roundToHalfIn(v, bf16, inst.rounding));
  return true;
}

Value *FunctionLowering::integerToOddDouble(Value *i, bool isSigned) {
  Value *x = isSigned ? b_.CreateSExtOrTrunc(i, i64_) : b_.CreateZExtOrTrunc(i, i64_);
  Value *negative = isSigned ? b_.CreateICmpSLT(x, b_.getInt64(0)) : b_.getFalse();
  Value *magnitude = b_.CreateSelect(negative, b_.CreateNeg(x), x);
  // Both halves are exact doubles; their sum rounded to odd is the integer's.
  Value *high = b_.CreateFMul(b_.CreateUIToFP(b_.CreateLShr(magnitude, 32), f64_),
                              ConstantFP::get(f64_, 4294967296.0));
  Value *low = b_.CreateUIToFP(b_.CreateAnd(magnitude, b_.getInt64(0xffffffffu)), f64_);
  Value *d = sumToOdd(high, low, Rounding::Rn);
  return b_.CreateSelect(negative, b_.CreateFNeg(d), d);
}

// atom.cas.b16 and the half additions (.f16, .bf16, .f16x2, .bf16x2): the
// additions as a compare-and-swap loop around the same rounding as add, as the interpreter does.
bool FunctionLowering::lowerHalfAtomic(const Inst &inst) {
  Type t = inst.type;
  enum { Add, Min, Max, Inc, Dec, And, Or, Xor, Exch, Cas }; // ptx::AtomicOp
  auto op = static_cast<int>(inst.aux);
  Value *p = pointerFor(inst.space, inst.ops[1]);
  SyncScope::ID scope = syncScope();
  AtomicOrdering ordering = sourceHas("acq_rel")     ? AtomicOrdering::AcquireRelease
                            : inst.has(Mod::Acquire) ? AtomicOrdering::Acquire
                            : inst.has(Mod::Release) ? AtomicOrdering::Release
                                                     : AtomicOrdering::Monotonic;
  AtomicOrdering failure = ordering == AtomicOrdering::AcquireRelease ? AtomicOrdering::Acquire
                           : ordering == AtomicOrdering::Release      ? AtomicOrdering::Monotonic
                                                                      : ordering;
  unsigned bits = ptx::typeBytes(t) * 8;
  Value *old;
  if (op == Cas && bits == 16) {
    Value *cmp = readInt(inst.ops[2], 16), *nv = readInt(inst.ops[3], 16);
    old = b_.CreateExtractValue(
        b_.CreateAtomicCmpXchg(p, cmp, nv, MaybeAlign(2), ordering, failure, scope), 0);
  } else if (op == Add && (isHalf(t) || isPackedHalf(t))) {
    bool bf16 = isBf16(t);
    auto *type = b_.getIntNTy(bits);
    Value *v = readInt(inst.ops[2], bits);
    Value *first = b_.CreateAlignedLoad(type, p, Align(bits / 8));
    cast<LoadInst>(first)->setAtomic(AtomicOrdering::Monotonic, scope);
    BasicBlock *before = b_.GetInsertBlock();
    BasicBlock *loop = BasicBlock::Create(m_.context, "half.atom", out_);
    BasicBlock *done = BasicBlock::Create(m_.context, "half.atom.done", out_);
    b_.CreateBr(loop);
    b_.SetInsertPoint(loop);
    PHINode *seen = b_.CreatePHI(type, 2);
    seen->addIncoming(first, before);
    Value *sum = b_.getIntN(bits, 0);
    for (unsigned e = 0; e < bits / 16; ++e) {
      auto element = [&](Value *x) { return b_.CreateTrunc(b_.CreateLShr(x, 16 * e), i16_); };
      Value *r = halfAdd(element(seen), element(v), bf16);
      sum = b_.CreateOr(sum, b_.CreateShl(b_.CreateZExt(r, type), 16 * e));
    }
    Value *x = b_.CreateAtomicCmpXchg(p, seen, sum, MaybeAlign(bits / 8), ordering, failure, scope);
    seen->addIncoming(b_.CreateExtractValue(x, 0), loop);
    b_.CreateCondBr(b_.CreateExtractValue(x, 1), done, loop);
    b_.SetInsertPoint(done);
    old = seen;
  } else {
    return false;
  }
  write(inst.ops[0], old);
  return true;
}

} // namespace qiao::kir
