// Native lowering of the arithmetic, logic, comparison, move and conversion families. Each
// lowering computes exactly what the interpreter's exec function computes (cell layout, NaN
// canonicalisation, shift clamping); any modifier combination it does not reproduce bit for bit
// returns false, and the instruction runs through its exec function instead.
#include "RunEmitter.h"

#include "FloatSemantics.h"

#include "ComparePredicates.h"

#include "NativeCode.h"

#include <llvm/IR/Intrinsics.h>

#include <cmath>
#include <cstddef>

namespace qiao::jit {

using namespace llvm;
using ptx::CmpOp;
using ptx::Mod;
using ptx::Opcode;
using ptx::Rounding;

namespace {

using ptx::isNearest;

// Modifiers that change an arithmetic result in ways the lowerings below do not reproduce.
bool hasResultModifier(const Inst &inst) {
  return inst.has(Mod::Relu) || inst.has(Mod::NaN) || inst.has(Mod::Xorsign) ||
         inst.has(Mod::Satfinite) || inst.has(Mod::Cc);
}

bool isPlainInt(Type t) {
  unsigned bytes = typeBytes(t);
  return !isFloatType(t) && t != Type::Pred && (bytes == 2 || bytes == 4 || bytes == 8);
}

} // namespace

bool RunEmitter::lowerIntArith(const Inst &inst, Value *exec) {
  Type t = inst.type;
  if (!isPlainInt(t) || inst.sat || hasResultModifier(inst))
    return false;
  unsigned bits = typeBytes(t) * 8;
  bool sign = isSignedType(t);
  auto *wideTy = FixedVectorType::get(b_.getIntNTy(bits * 2), ptx::kWarpSize);
  auto widen = [&](Value *v) { return sign ? b_.CreateSExt(v, wideTy) : b_.CreateZExt(v, wideTy); };
  auto product = [&](Value *a, Value *c, bool &isWide) -> Value * {
    isWide = false;
    if (inst.has(Mod::Hi)) {
      Value *full = b_.CreateMul(widen(a), widen(c));
      return b_.CreateTrunc(b_.CreateLShr(full, bits), a->getType());
    }
    if (inst.has(Mod::Wide)) {
      isWide = true;
      return b_.CreateMul(widen(a), widen(c));
    }
    return b_.CreateMul(a, c);
  };
  switch (inst.op) {
  case Opcode::Add:
  case Opcode::Sub: {
    Value *a = asInt(cells(inst.ops[1]), bits), *c = asInt(cells(inst.ops[2]), bits);
    Value *r = inst.op == Opcode::Add ? b_.CreateAdd(a, c) : b_.CreateSub(a, c);
    write(inst.ops[0], fromInt(r), exec);
    return true;
  }
  case Opcode::Mul: {
    if (inst.has(Mod::Wide) && bits == 64)
      return false;
    bool isWide;
    Value *r = product(asInt(cells(inst.ops[1]), bits), asInt(cells(inst.ops[2]), bits), isWide);
    write(inst.ops[0], fromInt(r), exec);
    return true;
  }
  case Opcode::Mad: {
    if (inst.has(Mod::Wide) && bits == 64)
      return false;
    bool isWide;
    Value *r = product(asInt(cells(inst.ops[1]), bits), asInt(cells(inst.ops[2]), bits), isWide);
    Value *c = asInt(cells(inst.ops[3]), isWide ? bits * 2 : bits);
    write(inst.ops[0], fromInt(b_.CreateAdd(r, c)), exec);
    return true;
  }
  case Opcode::Min:
  case Opcode::Max: {
    if (inst.aux2 != 0)
      return false;
    Value *a = asInt(cells(inst.ops[1]), bits), *c = asInt(cells(inst.ops[2]), bits);
    Intrinsic::ID id = inst.op == Opcode::Min ? (sign ? Intrinsic::smin : Intrinsic::umin)
                                              : (sign ? Intrinsic::smax : Intrinsic::umax);
    write(inst.ops[0], fromInt(b_.CreateBinaryIntrinsic(id, a, c)), exec);
    return true;
  }
  case Opcode::Neg: {
    Value *a = asInt(cells(inst.ops[1]), bits);
    write(inst.ops[0], fromInt(b_.CreateNeg(a)), exec);
    return true;
  }
  default:
    return false; // div/rem (a zero divisor must not trap the host), abs
  }
}

bool RunEmitter::lowerFloatArith(const Inst &inst, Value *exec) {
  Type t = inst.type;
  if ((t != Type::F32 && t != Type::F64) || inst.sat || hasResultModifier(inst))
    return false;
  bool f32 = t == Type::F32;
  if (!f32 && inst.ftz)
    return false;
  // Every instruction here makes a NaN of any NaN operand, so operands may come with their NaNs
  // as the host left them, and results leave theirs so too (Row::rawNaN).
  auto input = [&](const Operand &op) {
    Value *v = f32 ? asF32(rawCells(op)) : asF64(cells(op));
    return f32 && inst.ftz ? flushF32(v) : v;
  };
  auto finish = [&](Value *r) {
    if (!f32)
      return fromF64(r);
    if (inst.ftz)
      r = flushF32(r);
    return fromF32(r);
  };
  switch (inst.op) {
  case Opcode::Add:
  case Opcode::Sub:
  case Opcode::Mul: {
    if (!isNearest(inst.rounding)) {
      Value *r = directed(inst.op, {input(inst.ops[1]), input(inst.ops[2])}, inst.rounding);
      if (!r)
        return false;
      write(inst.ops[0], finish(r), exec, f32);
      return true;
    }
    Value *a = input(inst.ops[1]), *c = input(inst.ops[2]);
    Value *r = inst.op == Opcode::Add   ? b_.CreateFAdd(a, c)
               : inst.op == Opcode::Sub ? b_.CreateFSub(a, c)
                                        : b_.CreateFMul(a, c);
    write(inst.ops[0], finish(r), exec, f32);
    return true;
  }
  case Opcode::Fma:
  case Opcode::Mad: {
    Value *a = input(inst.ops[1]), *c = input(inst.ops[2]), *d = input(inst.ops[3]);
    Value *r = isNearest(inst.rounding)
                   ? b_.CreateIntrinsic(Intrinsic::fma, {a->getType()}, {a, c, d})
                   : directed(inst.op, {a, c, d}, inst.rounding);
    if (!r)
      return false;
    write(inst.ops[0], finish(r), exec, f32);
    return true;
  }
  case Opcode::Div: {
    if (inst.approx || inst.has(Mod::Full) || inst.rounding == Rounding::None)
      return false;
    Value *a = input(inst.ops[1]), *c = input(inst.ops[2]);
    Value *r = inst.rounding == Rounding::Rn ? b_.CreateFDiv(a, c)
                                             : directed(inst.op, {a, c}, inst.rounding);
    if (!r)
      return false;
    write(inst.ops[0], finish(r), exec, f32);
    return true;
  }
  case Opcode::Rsqrt: {
    // rsqrt.approx.f32 is 1 / sqrt(x) in single precision, each step correctly rounded, as
    // interpreted (FloatSemantics.h).
    if (!f32 || !inst.approx)
      return false;
    Value *s = b_.CreateUnaryIntrinsic(Intrinsic::sqrt, input(inst.ops[1]));
    write(inst.ops[0], finish(b_.CreateFDiv(ConstantFP::get(vf32_, 1.0), s)), exec, f32);
    return true;
  }
  case Opcode::Sqrt: {
    // sqrt.approx.f32 is interpreted as the double root rounded to float: the correctly rounded
    // float root (rounding twice cannot differ for a square root when double has more than twice
    // float's precision plus two bits).
    if (inst.approx ? !f32 : inst.rounding == Rounding::None)
      return false;
    Value *r = inst.approx || inst.rounding == Rounding::Rn
                   ? b_.CreateUnaryIntrinsic(Intrinsic::sqrt, input(inst.ops[1]))
                   : directed(inst.op, {input(inst.ops[1])}, inst.rounding);
    if (!r)
      return false;
    write(inst.ops[0], finish(r), exec, f32);
    return true;
  }
  case Opcode::Ex2:
    if (!f32 || !inst.approx)
      return false;
    write(inst.ops[0], finish(ex2Approx(input(inst.ops[1]))), exec, true);
    return true;
  case Opcode::Lg2:
    if (!f32 || !inst.approx)
      return false;
    write(inst.ops[0], finish(lg2Approx(input(inst.ops[1]))), exec, true);
    return true;
  case Opcode::Sin:
  case Opcode::Cos:
    if (!f32 || !inst.approx)
      return false;
    write(inst.ops[0], finish(sinCosApprox(input(inst.ops[1]), inst.op == Opcode::Cos)), exec,
          true);
    return true;
  case Opcode::Rcp: {
    // rcp.approx.f32 likewise: 1 / x in double rounded to float is the correctly rounded quotient.
    if ((inst.approx && !f32) || (!inst.approx && inst.rounding != Rounding::Rn))
      return false;
    Value *one = f32 ? ConstantFP::get(vf32_, 1.0) : ConstantFP::get(vf64_, 1.0);
    write(inst.ops[0], finish(b_.CreateFDiv(one, input(inst.ops[1]))), exec, f32);
    return true;
  }
  case Opcode::Min:
  case Opcode::Max: {
    // As interpreted (FloatSemantics.h floatMin/floatMax): a NaN operand gives the other one
    // (a NaN when both are), equal operands the one with the sign bit set (min) or clear (max),
    // so min(-0, +0) is -0; .NaN and .xorsign.abs are not compiled (hasResultModifier).
    if (!f32 || inst.aux2 != 0)
      return false;
    bool max = inst.op == Opcode::Max;
    Value *a = input(inst.ops[1]), *c = input(inst.ops[2]);
    Value *ai = b_.CreateBitCast(a, v32_), *ci = b_.CreateBitCast(c, v32_);
    Value *equal = b_.CreateBitCast(max ? b_.CreateAnd(ai, ci) : b_.CreateOr(ai, ci), vf32_);
    Value *r = b_.CreateSelect(max ? b_.CreateFCmpOGT(a, c) : b_.CreateFCmpOLT(a, c), a, c);
    r = b_.CreateSelect(b_.CreateFCmpOEQ(a, c), equal, r);
    r = b_.CreateSelect(b_.CreateFCmpUNO(c, c), a, r);
    r = b_.CreateSelect(b_.CreateFCmpUNO(a, a), c, r);
    write(inst.ops[0], finish(r), exec, true);
    return true;
  }
  case Opcode::Copysign: {
    // copysign d, a, b: b's bits with a's sign (NaNs included), on the rows PTX holds.
    const unsigned bits = f32 ? 32 : 64;
    Value *a = asInt(cells(inst.ops[1]), bits), *c = asInt(cells(inst.ops[2]), bits);
    auto *type = cast<FixedVectorType>(a->getType());
    Constant *sign = ConstantInt::get(type, uint64_t{1} << (bits - 1));
    Value *r = b_.CreateOr(b_.CreateAnd(a, sign), b_.CreateAnd(c, ConstantExpr::getNot(sign)));
    write(inst.ops[0], fromInt(r), exec);
    return true;
  }
  case Opcode::Neg:
  case Opcode::Abs: {
    // The sign bit flipped or cleared, NaNs included (a canonical NaN negated is 0xffffffff),
    // after .ftz's flush, as interpreted: the operand must be the row PTX holds, not a raw one.
    const bool abs = inst.op == Opcode::Abs;
    if (!f32) {
      Value *bits = asInt(cells(inst.ops[1]), 64);
      Value *sign = ConstantInt::get(v64_, uint64_t{1} << 63);
      write(inst.ops[0], abs ? b_.CreateAnd(bits, b_.CreateNot(sign)) : b_.CreateXor(bits, sign),
            exec);
      return true;
    }
    Value *a = asF32(cells(inst.ops[1]));
    Value *bits = b_.CreateBitCast(inst.ftz ? flushF32(a) : a, v32_);
    Value *r = abs ? b_.CreateAnd(bits, ConstantInt::get(v32_, 0x7fffffffu))
                   : b_.CreateXor(bits, ConstantInt::get(v32_, 0x80000000u));
    write(inst.ops[0], fromInt(r), exec);
    return true;
  }
  default:
    return false; // approximations without a compiled form
  }
}

// ptx::f32Ex2Approx on 32 lanes, operation for operation (FloatSemantics.h); a NaN lane keeps
// its operand.
Value *RunEmitter::ex2Approx(Value *a) {
  auto splat = [&](float v) { return ConstantFP::get(vf32_, v); };
  Value *x = b_.CreateBinaryIntrinsic(Intrinsic::maxnum, a, splat(ptx::kEx2Low));
  x = b_.CreateBinaryIntrinsic(Intrinsic::minnum, x, splat(ptx::kEx2High));
  Value *n = b_.CreateUnaryIntrinsic(Intrinsic::roundeven, x);
  Value *f = b_.CreateFSub(x, n);
  Value *p = splat(ptx::kEx2Coefficients[ptx::kEx2Degree]);
  for (int k = ptx::kEx2Degree - 1; k >= 0; --k)
    p = b_.CreateIntrinsic(Intrinsic::fma, {vf32_}, {p, f, splat(ptx::kEx2Coefficients[k])});
  Value *e = b_.CreateFPToSI(n, v32_);
  Value *high = b_.CreateAShr(e, ConstantInt::get(v32_, 1));
  Value *low = b_.CreateSub(e, high);
  auto scale = [&](Value *k) {
    Value *biased = b_.CreateAdd(k, ConstantInt::get(v32_, 127));
    return b_.CreateBitCast(b_.CreateShl(biased, ConstantInt::get(v32_, 23)), vf32_);
  };
  Value *r = b_.CreateFMul(b_.CreateFMul(p, scale(high)), scale(low));
  return b_.CreateSelect(b_.CreateFCmpUNO(a, a), a, r);
}

// ptx::f32Lg2Approx on 32 lanes, operation for operation (FloatSemantics.h); NaN lanes keep their
// operand, negative ones give a NaN, zeros -inf, +inf itself.
Value *RunEmitter::lg2Approx(Value *a) {
  auto splat = [&](double v) { return ConstantFP::get(vf64_, v); };
  Value *x = b_.CreateFPExt(a, vf64_);
  Value *bits = b_.CreateBitCast(x, v64_);
  Value *biased = b_.CreateLShr(bits, ConstantInt::get(v64_, 52));
  // The biased exponent has 11 bits: converted from 32 bits (AVX2 has no vector conversion of
  // 64-bit integers to doubles).
  Value *e = b_.CreateSIToFP(
      b_.CreateSub(b_.CreateTrunc(biased, v32_), ConstantInt::get(v32_, 1023)), vf64_);
  Value *fraction = b_.CreateAnd(bits, ConstantInt::get(v64_, (uint64_t{1} << 52) - 1));
  Value *m =
      b_.CreateBitCast(b_.CreateOr(fraction, ConstantInt::get(v64_, uint64_t{1023} << 52)), vf64_);
  Value *high = b_.CreateFCmpOGT(m, splat(ptx::kSqrt2));
  m = b_.CreateSelect(high, b_.CreateFMul(m, splat(0.5)), m);
  e = b_.CreateSelect(high, b_.CreateFAdd(e, splat(1.0)), e);
  Value *t = b_.CreateFDiv(b_.CreateFSub(m, splat(1.0)), b_.CreateFAdd(m, splat(1.0)));
  Value *sq = b_.CreateFMul(t, t);
  Value *p = splat(ptx::kLg2Coefficients.c[ptx::kLg2Degree]);
  for (int k = ptx::kLg2Degree - 1; k >= 0; --k)
    p = b_.CreateIntrinsic(Intrinsic::fma, {vf64_}, {p, sq, splat(ptx::kLg2Coefficients.c[k])});
  Value *log2m = b_.CreateFMul(b_.CreateFMul(b_.CreateFMul(t, p), splat(2.0)), splat(ptx::kLog2E));
  Value *r = b_.CreateFPTrunc(b_.CreateFAdd(e, log2m), vf32_);
  auto fsplat = [&](float v) { return ConstantFP::get(vf32_, v); };
  r = b_.CreateSelect(b_.CreateFCmpOEQ(a, fsplat(INFINITY)), a, r);
  r = b_.CreateSelect(b_.CreateFCmpOEQ(a, fsplat(0.0f)), fsplat(-INFINITY), r);
  r = b_.CreateSelect(b_.CreateFCmpOLT(a, fsplat(0.0f)), fsplat(NAN), r);
  return b_.CreateSelect(b_.CreateFCmpUNO(a, a), a, r);
}

// ptx::f32SinCosApprox on 32 lanes, operation for operation (FloatSemantics.h): the reduction
// x - k * pi/2 (or (x * 2/pi - k) * pi/2 from 2^48 on), both polynomials, and the quadrant's pick
// and sign as selects. Infinite and NaN lanes come out NaN as interpreted.
Value *RunEmitter::sinCosApprox(Value *a, bool cosine) {
  auto splat = [&](double v) { return ConstantFP::get(vf64_, v); };
  auto fma = [&](Value *x, Value *y, Value *z) {
    return b_.CreateIntrinsic(Intrinsic::fma, {vf64_}, {x, y, z});
  };
  const ptx::SinCosCoefficients &c = ptx::kSinCosCoefficients;
  Value *x = b_.CreateUnaryIntrinsic(Intrinsic::fabs, b_.CreateFPExt(a, vf64_));
  Value *t = b_.CreateFMul(x, splat(ptx::kTwoOverPi));
  Value *k = b_.CreateUnaryIntrinsic(Intrinsic::roundeven, t);
  Value *minusK = b_.CreateFNeg(k);
  Value *reduced = fma(minusK, splat(ptx::kHalfPiLow), fma(minusK, splat(ptx::kHalfPiHigh), x));
  Value *scaled = b_.CreateFMul(b_.CreateFSub(t, k), splat(ptx::kHalfPiHigh));
  Value *r = b_.CreateSelect(b_.CreateFCmpOLT(x, splat(ptx::kSinCosReducedBelow)), reduced, scaled);
  Value *s = b_.CreateFMul(r, r);
  Value *ps = splat(c.sin[ptx::kSinCosDegree - 1]);
  for (int j = ptx::kSinCosDegree - 2; j >= 1; --j)
    ps = fma(ps, s, splat(c.sin[j]));
  Value *pc = splat(c.cos[ptx::kSinCosDegree]);
  for (int j = ptx::kSinCosDegree - 1; j >= 1; --j)
    pc = fma(pc, s, splat(c.cos[j]));
  Value *sinR = fma(b_.CreateFMul(r, s), ps, r), *cosR = fma(s, pc, splat(1.0));
  Value *quarter = b_.CreateUnaryIntrinsic(Intrinsic::floor, b_.CreateFMul(k, splat(0.25)));
  Value *n = b_.CreateFSub(k, b_.CreateFMul(splat(4.0), quarter));
  n = b_.CreateFAdd(n, splat(cosine ? 1.0 : 0.0));
  auto is = [&](double v) { return b_.CreateFCmpOEQ(n, splat(v)); };
  Value *odd = b_.CreateOr(is(1.0), is(3.0));
  Value *negate = b_.CreateOr(is(2.0), is(3.0));
  if (!cosine)
    negate = b_.CreateXor(negate,
                          b_.CreateICmpSLT(b_.CreateBitCast(a, v32_), ConstantInt::get(v32_, 0)));
  Value *v = b_.CreateSelect(odd, cosR, sinR);
  v = b_.CreateSelect(negate, b_.CreateFNeg(v), v);
  return b_.CreateFPTrunc(v, vf32_);
}

bool RunEmitter::lowerBitwise(const Inst &inst, Value *exec) {
  Type t = inst.type;
  if (t != Type::Pred && !isPlainInt(t))
    return false;
  uint64_t mask = t == Type::Pred ? 1
                                  : (typeBytes(t) >= 8 ? ~uint64_t{0}
                                                       : (uint64_t{1} << (typeBytes(t) * 8)) - 1);
  auto operand = [&](const Operand &op) {
    Value *v = cells(op);
    return op.negated ? b_.CreateXor(v, splat64(1)) : v;
  };
  Value *a = operand(inst.ops[1]);
  Value *r = nullptr;
  switch (inst.op) {
  case Opcode::And:
    r = b_.CreateAnd(a, operand(inst.ops[2]));
    break;
  case Opcode::Or:
    r = b_.CreateOr(a, operand(inst.ops[2]));
    break;
  case Opcode::Xor:
    r = b_.CreateXor(a, operand(inst.ops[2]));
    break;
  case Opcode::Not:
    r = b_.CreateNot(a);
    break;
  default:
    return false;
  }
  write(inst.ops[0], b_.CreateAnd(r, splat64(mask)), exec);
  return true;
}

// Shift counts at or past the width give 0 (shl, unsigned shr) or the sign (signed shr).
bool RunEmitter::lowerShift(const Inst &inst, Value *exec) {
  Type t = inst.type;
  if (!isPlainInt(t))
    return false;
  unsigned bits = typeBytes(t) * 8;
  auto *type = FixedVectorType::get(b_.getIntNTy(bits), ptx::kWarpSize);
  Value *a = asInt(cells(inst.ops[1]), bits);
  // A constant amount (the usual case: an index scaled to bytes) needs no clamp, and a plain
  // shift by a constant is what LinearLanes can follow.
  if (uint64_t amount; constantOf(inst.ops[2], amount) && (amount & 0xffffffffu) < bits) {
    Value *n = ConstantInt::get(type, amount & 0xffffffffu);
    Value *r = inst.op == Opcode::Shl ? b_.CreateShl(a, n)
               : isSignedType(t)      ? b_.CreateAShr(a, n)
                                      : b_.CreateLShr(a, n);
    write(inst.ops[0], fromInt(r), exec);
    return true;
  }
  Value *n32 = asInt(cells(inst.ops[2]), 32);
  Value *limit = ConstantInt::get(v32_, bits - 1);
  Value *clamped = b_.CreateBinaryIntrinsic(Intrinsic::umin, n32, limit);
  Value *n = bits == 32  ? clamped
             : bits < 32 ? b_.CreateTrunc(clamped, type)
                         : b_.CreateZExt(clamped, type);
  Value *tooFar = b_.CreateICmpUGT(n32, limit);
  Value *r;
  if (inst.op == Opcode::Shl) {
    r = b_.CreateSelect(tooFar, Constant::getNullValue(type), b_.CreateShl(a, n));
  } else if (isSignedType(t)) {
    r = b_.CreateAShr(a, n);
  } else {
    r = b_.CreateSelect(tooFar, Constant::getNullValue(type), b_.CreateLShr(a, n));
  }
  write(inst.ops[0], fromInt(r), exec);
  return true;
}

bool RunEmitter::lowerSetp(const Inst &inst, Value *exec) {
  Type t = inst.type2;
  bool floatCompare = t == Type::F32 || t == Type::F64;
  if (!floatCompare && !isPlainInt(t))
    return false;
  std::optional<CmpInst::Predicate> p =
      lowering::comparePredicate(inst.cmp, floatCompare, isSignedType(t));
  if (!p)
    return false;
  Value *a, *c;
  if (t == Type::F32) {
    // A comparison sees only whether a value is a NaN, not which (Row::rawNaN).
    a = asF32(rawCells(inst.ops[1]));
    c = asF32(rawCells(inst.ops[2]));
    if (inst.ftz) {
      a = flushF32(a);
      c = flushF32(c);
    }
  } else if (t == Type::F64) {
    if (inst.ftz)
      return false;
    a = asF64(cells(inst.ops[1]));
    c = asF64(cells(inst.ops[2]));
  } else {
    a = asInt(cells(inst.ops[1]), typeBytes(t) * 8);
    c = asInt(cells(inst.ops[2]), typeBytes(t) * 8);
  }
  Value *r = floatCompare ? b_.CreateFCmp(*p, a, c) : b_.CreateICmp(*p, a, c);
  Value *notR = b_.CreateNot(r);
  if (inst.ops[3].kind != Operand::Kind::None) {
    Value *extra = predicate(inst.ops[3]);
    switch (inst.boolOp) {
    case ptx::BoolOp::And:
      r = b_.CreateAnd(r, extra), notR = b_.CreateAnd(notR, extra);
      break;
    case ptx::BoolOp::Or:
      r = b_.CreateOr(r, extra), notR = b_.CreateOr(notR, extra);
      break;
    case ptx::BoolOp::Xor:
      r = b_.CreateXor(r, extra), notR = b_.CreateXor(notR, extra);
      break;
    case ptx::BoolOp::None:
      break;
    }
  }
  write(inst.ops[0], b_.CreateZExt(r, v64_), exec);
  write(inst.ops[4], b_.CreateZExt(notR, v64_), exec);
  return true;
}

bool RunEmitter::lowerSelp(const Inst &inst, Value *exec) {
  unsigned bytes = typeBytes(inst.type);
  uint64_t mask = bytes >= 8 ? ~uint64_t{0} : (uint64_t{1} << (bytes * 8)) - 1;
  Value *r = b_.CreateSelect(predicate(inst.ops[3]), cells(inst.ops[1]), cells(inst.ops[2]));
  write(inst.ops[0], b_.CreateAnd(r, splat64(mask)), exec);
  return true;
}

bool RunEmitter::lowerMov(const Inst &inst, Value *exec) {
  const Operand &src = inst.ops[1];
  if (inst.ops[0].kind != Operand::Kind::Reg)
    return false; // unpacking into a vector
  if (src.kind == Operand::Kind::Special) {
    using ptx::SpecialReg;
    using State = ptx::NativeWarpState;
    auto uniform = [&](size_t offset) {
      return b_.CreateZExt(splat32(stateLoad(offset, i32_)), v64_);
    };
    Value *v = nullptr;
    switch (src.special) {
    case SpecialReg::TidX:
    case SpecialReg::TidY:
    case SpecialReg::TidZ: {
      unsigned dim = static_cast<unsigned>(src.special) - static_cast<unsigned>(SpecialReg::TidX);
      Value *address =
          b_.CreateConstInBoundsGEP1_64(i8_, state_, offsetof(State, tid) + dim * 32 * 4);
      v = b_.CreateZExt(invariant(b_.CreateAlignedLoad(v32_, address, Align(4))), v64_);
      noteThreadIndex(v, dim);
      break;
    }
    case SpecialReg::NtidX:
    case SpecialReg::NtidY:
    case SpecialReg::NtidZ:
      v = uniform(offsetof(State, ntid) + 4 * (static_cast<unsigned>(src.special) -
                                               static_cast<unsigned>(SpecialReg::NtidX)));
      break;
    case SpecialReg::CtaidX:
    case SpecialReg::CtaidY:
    case SpecialReg::CtaidZ:
      v = uniform(offsetof(State, ctaid) + 4 * (static_cast<unsigned>(src.special) -
                                                static_cast<unsigned>(SpecialReg::CtaidX)));
      break;
    case SpecialReg::NctaidX:
    case SpecialReg::NctaidY:
    case SpecialReg::NctaidZ:
      v = uniform(offsetof(State, nctaid) + 4 * (static_cast<unsigned>(src.special) -
                                                 static_cast<unsigned>(SpecialReg::NctaidX)));
      break;
    case SpecialReg::LaneId:
      v = b_.CreateZExt(b_.CreateStepVector(v32_), v64_);
      break;
    case SpecialReg::WarpId:
      v = uniform(offsetof(State, warpIndex));
      break;
    case SpecialReg::NWarpId:
      v = uniform(offsetof(State, warpsPerBlock));
      break;
    default:
      return false;
    }
    write(inst.ops[0], v, exec);
    return true;
  }
  if (src.kind == Operand::Kind::Address) {
    // mov %SPL, __local_depot: the depot's local address, the frame's base plus its offset
    // (execMovLocalAddress), every lane alike; a kernel's frame starts at 0.
    if (!function_.isEntry)
      return false;
    write(inst.ops[0], splat64(static_cast<uint64_t>(src.offset)), exec);
    return true;
  }
  if (src.kind != Operand::Kind::Reg && src.kind != Operand::Kind::Imm)
    return false; // packing
  unsigned bytes = typeBytes(inst.type);
  uint64_t mask = bytes >= 8 ? ~uint64_t{0} : (uint64_t{1} << (bytes * 8)) - 1;
  // A copy of 32 bits or more moves an f32 whole: a raw NaN stays raw (Row::rawNaN).
  const bool raw = bytes >= 4 && holdsRawNaN(src);
  write(inst.ops[0], b_.CreateAnd(raw ? rawCells(src) : cells(src), splat64(mask)), exec, raw);
  return true;
}

bool RunEmitter::lowerCvt(const Inst &inst, Value *exec) {
  Type to = inst.type, from = inst.type2;
  if (isFloatType(from) && lowerCvtFromFloat(inst, exec))
    return true;
  if (inst.sat || inst.ftz || inst.aux != 0)
    return false;
  bool toInt = !isFloatType(to) && to != Type::Pred,
       fromInt_ = !isFloatType(from) && from != Type::Pred;
  unsigned toBits = typeBytes(to) * 8, fromBits = typeBytes(from) * 8;
  // Only 32- and 64-bit integers: a narrower destination is written sign-extended to its
  // register's width, which the instruction alone does not tell.
  if (toInt && fromInt_ && inst.rounding == Rounding::None && toBits >= 32 && fromBits >= 32 &&
      toBits <= 64 && fromBits <= 64) {
    Value *v = asInt(cells(inst.ops[1]), fromBits);
    auto *type = FixedVectorType::get(b_.getIntNTy(toBits), ptx::kWarpSize);
    if (toBits > fromBits)
      v = isSignedType(from) ? b_.CreateSExt(v, type) : b_.CreateZExt(v, type);
    else if (toBits < fromBits)
      v = b_.CreateTrunc(v, type);
    write(inst.ops[0], fromInt(v), exec);
    return true;
  }
  if (fromInt_ && (to == Type::F32 || to == Type::F64) && isNearest(inst.rounding) &&
      fromBits >= 32 && fromBits <= 64) {
    Value *v = asInt(cells(inst.ops[1]), fromBits);
    llvm::Type *type = to == Type::F32 ? static_cast<llvm::Type *>(vf32_) : vf64_;
    Value *r = isSignedType(from) ? b_.CreateSIToFP(v, type) : b_.CreateUIToFP(v, type);
    write(inst.ops[0], to == Type::F32 ? fromF32(r) : fromF64(r), exec);
    return true;
  }
  if (from == Type::F32 && to == Type::F64 && inst.rounding == Rounding::None) {
    write(inst.ops[0], fromF64(b_.CreateFPExt(asF32(cells(inst.ops[1])), vf64_)), exec);
    return true;
  }
  return false;
}

// cvt from f32 or f64 (ConvertSemantics.h convertCell): to a 32- or 64-bit integer, rounded to an
// integral value in the mode (rzi by default), saturated to the type's range, NaN to 0; f32 to
// f32, rounded to an integral value (rni/rzi/rmi/rpi) or not; f64 to f32, to nearest. .sat clamps a
// float result to [0, 1] (NaN and -0 to +0), .ftz flushes f32 subnormals on the way in and out.
// Results are exact in the source precision, so computing them there gives the interpreter's bits;
// a NaN result is left raw (Row::rawNaN).
bool RunEmitter::lowerCvtFromFloat(const Inst &inst, Value *exec) {
  Type to = inst.type, from = inst.type2;
  if ((from != Type::F32 && from != Type::F64) || inst.aux != 0 ||
      (inst.ftz && from != Type::F32 && to != Type::F32))
    return false;
  const bool toInt = isPlainInt(to);
  const unsigned toBits = typeBytes(to) * 8;
  // f64 to f64 is left to the interpreter: it keeps a signalling NaN's bits, the host's rounding
  // instructions quiet it.
  if (!toInt && to != Type::F32)
    return false;
  if (toInt && (toBits < 32 || inst.sat))
    return false;
  Rounding r = inst.rounding;
  const bool integral = r == Rounding::Rni || r == Rounding::Rzi || r == Rounding::Rmi ||
                        r == Rounding::Rpi || (toInt && r == Rounding::None);
  const bool narrowing = from == Type::F64 && to == Type::F32;
  if (!integral && !(r == Rounding::None && (to == from || to == Type::F32)) &&
      !(narrowing && r == Rounding::Rn))
    return false;
  if (integral && !toInt && to != from)
    return false;
  Value *x = from == Type::F32 ? asF32(rawCells(inst.ops[1])) : asF64(cells(inst.ops[1]));
  if (inst.ftz && from == Type::F32)
    x = flushF32(x);
  if (integral) {
    Intrinsic::ID id = r == Rounding::Rni   ? Intrinsic::roundeven
                       : r == Rounding::Rmi ? Intrinsic::floor
                       : r == Rounding::Rpi ? Intrinsic::ceil
                                            : Intrinsic::trunc;
    x = b_.CreateUnaryIntrinsic(id, x);
  }
  if (toInt) {
    auto *type = FixedVectorType::get(b_.getIntNTy(toBits), ptx::kWarpSize);
    Value *v = b_.CreateIntrinsic(isSignedType(to) ? Intrinsic::fptosi_sat : Intrinsic::fptoui_sat,
                                  {type, x->getType()}, {x});
    write(inst.ops[0], fromInt(v), exec);
    return true;
  }
  auto saturate = [&](Value *v) {
    Constant *zero = ConstantFP::get(v->getType(), 0.0), *one = ConstantFP::get(v->getType(), 1.0);
    return b_.CreateSelect(b_.CreateFCmpOGT(v, zero),
                           b_.CreateSelect(b_.CreateFCmpOLT(v, one), v, one), zero);
  };
  if (inst.sat && !integral)
    x = saturate(x);
  if (narrowing)
    x = b_.CreateFPTrunc(x, vf32_);
  if (inst.sat && integral)
    x = saturate(x);
  if (inst.ftz && to == Type::F32)
    x = flushF32(x);
  write(inst.ops[0], fromF32(x), exec, true);
  return true;
}

// Global addresses are generic addresses on this device: cvta between them is a copy (local ones:
// lowerCvtaLocal).
bool RunEmitter::lowerCvta(const Inst &inst, Value *exec) {
  const Operand &src = inst.ops[1];
  if (inst.space == ptx::Space::Local)
    return lowerCvtaLocal(inst, exec);
  if (inst.space != ptx::Space::Global || typeBytes(inst.type) != 8 ||
      src.kind != Operand::Kind::Reg)
    return false;
  write(inst.ops[0], cells(src), exec);
  return true;
}

// cvta.local and cvta.to.local as Warp::toGeneric / fromGeneric compute them: lane l's local
// address a is the generic (host) address local + l * localBytes + a; a generic address outside
// [that base, base + localBytes] converts to 0. Truncated to 32 bits for .u32.
bool RunEmitter::lowerCvtaLocal(const Inst &inst, Value *exec) {
  using State = ptx::NativeWarpState;
  const Operand &src = inst.ops[1];
  Value *v;
  if (src.kind == Operand::Kind::Reg)
    v = cells(src);
  else if (src.kind == Operand::Kind::Address && function_.isEntry)
    v = splat64(static_cast<uint64_t>(src.offset)); // a depot address in the kernel's frame
  else
    return false;
  Value *localBytes =
      b_.CreateVectorSplat(ptx::kWarpSize, stateLoad(offsetof(State, localBytes), i64_));
  Value *local = b_.CreatePtrToInt(stateLoad(offsetof(State, local), ptr_), i64_);
  Value *laneBase =
      b_.CreateAdd(b_.CreateVectorSplat(ptx::kWarpSize, local),
                   b_.CreateMul(b_.CreateZExt(b_.CreateStepVector(v32_), v64_), localBytes));
  Value *out;
  if (!inst.has(ptx::Mod::To)) {
    out = b_.CreateAdd(laneBase, v);
  } else {
    Value *offset = b_.CreateSub(v, laneBase);
    Value *inside =
        b_.CreateAnd(b_.CreateICmpUGE(v, laneBase), b_.CreateICmpULE(offset, localBytes));
    out = b_.CreateSelect(inside, offset, splat64(0));
  }
  if (typeBytes(inst.type) < 8)
    out = b_.CreateAnd(out, splat64(0xffffffffu));
  write(inst.ops[0], out, exec);
  return true;
}

} // namespace qiao::jit
