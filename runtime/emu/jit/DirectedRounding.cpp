// Float arithmetic in the directed rounding modes (.rz, .rm, .rp), correctly rounded as the
// interpreter computes it (FloatSemantics.h). nvcc's expf and logf use fma.rm.f32, so this is on
// the path of ordinary compute-bound kernels, not only of interval arithmetic.
#include "RunEmitter.h"

#include <llvm/Analysis/VectorUtils.h>
#include <llvm/IR/InlineAsm.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/IntrinsicsX86.h>

namespace qiao::jit {

using namespace llvm;
using ptx::Opcode;
using ptx::Rounding;

namespace {

// The host's instructions for an operation in a directed rounding mode, [0] for f32 and [1] for
// f64: AVX-512's, which takes the mode as an operand, and AVX's on one 256-bit part in AT&T order
// (the result is $0, the operands $1 on; an FMA accumulates into its first operand, tied to $0).
struct DirectedInstruction {
  Opcode op;
  Intrinsic::ID embedded[2];
  const char *switched[2];
};
constexpr DirectedInstruction kDirectedInstructions[] = {
    {Opcode::Add,
     {Intrinsic::x86_avx512_add_ps_512, Intrinsic::x86_avx512_add_pd_512},
     {"vaddps $2, $1, $0", "vaddpd $2, $1, $0"}},
    {Opcode::Sub,
     {Intrinsic::x86_avx512_sub_ps_512, Intrinsic::x86_avx512_sub_pd_512},
     {"vsubps $2, $1, $0", "vsubpd $2, $1, $0"}},
    {Opcode::Mul,
     {Intrinsic::x86_avx512_mul_ps_512, Intrinsic::x86_avx512_mul_pd_512},
     {"vmulps $2, $1, $0", "vmulpd $2, $1, $0"}},
    {Opcode::Fma,
     {Intrinsic::x86_avx512_vfmadd_ps_512, Intrinsic::x86_avx512_vfmadd_pd_512},
     {"vfmadd213ps $3, $2, $0", "vfmadd213pd $3, $2, $0"}},
    {Opcode::Div,
     {Intrinsic::x86_avx512_div_ps_512, Intrinsic::x86_avx512_div_pd_512},
     {"vdivps $2, $1, $0", "vdivpd $2, $1, $0"}},
    {Opcode::Sqrt,
     {Intrinsic::x86_avx512_sqrt_ps_512, Intrinsic::x86_avx512_sqrt_pd_512},
     {"vsqrtps $1, $0", "vsqrtpd $1, $0"}},
};

const DirectedInstruction *directedInstruction(Opcode op) {
  if (op == Opcode::Mad)
    op = Opcode::Fma;
  for (const DirectedInstruction &d : kDirectedInstructions)
    if (d.op == op)
      return &d;
  return nullptr;
}

// The operands' lanes [first, first + count).
SmallVector<Value *, 3> partOf(IRBuilder<> &b, ArrayRef<Value *> operands, unsigned first,
                               unsigned count) {
  SmallVector<int, 16> pick;
  for (unsigned l = 0; l < count; ++l)
    pick.push_back(static_cast<int>(first + l));
  SmallVector<Value *, 3> part;
  for (Value *operand : operands)
    part.push_back(b.CreateShuffleVector(operand, pick));
  return part;
}

} // namespace

// mode: MXCSR's rounding field, 1 down (.rm), 2 up (.rp), 3 toward zero (.rz); the same values
// select AVX-512's embedded rounding. With AVX-512 (embeddedRounding_), the instructions with the
// mode in the instruction; with AVX and FMA, the same instructions with the mode switched around
// them (switchedRounding); otherwise f32 takes the interpreter's method on 32 lanes (directedF32)
// and f64 its exec function, which switches the host's rounding mode.
Value *RunEmitter::directed(Opcode op, ArrayRef<Value *> operands, Rounding r) {
  int mode = r == Rounding::Rm ? 1 : r == Rounding::Rp ? 2 : r == Rounding::Rz ? 3 : -1;
  auto *type = cast<FixedVectorType>(operands[0]->getType());
  const bool f32 = type->getElementType()->isFloatTy();
  if (mode < 0)
    return nullptr;
  const DirectedInstruction *instruction = directedInstruction(op);
  if (!embeddedRounding_) {
    if (switchedRounding_)
      return instruction ? switchedRounding(instruction->switched[f32 ? 0 : 1], operands, mode)
                         : nullptr;
    return f32 ? directedF32(op, operands, r) : nullptr;
  }
  if (!instruction)
    return nullptr;
  const Intrinsic::ID id = instruction->embedded[f32 ? 0 : 1];
  const unsigned part = 512 / type->getScalarSizeInBits(), lanes = type->getNumElements();
  SmallVector<Value *, 4> results;
  for (unsigned first = 0; first < lanes; first += part) {
    SmallVector<Value *, 4> args = partOf(b_, operands, first, part);
    args.push_back(b_.getInt32(static_cast<uint32_t>(mode) | 8)); // | no exceptions
    results.push_back(b_.CreateIntrinsic(id, {}, args));
  }
  return concatenateVectors(b_, results);
}

// The host's instruction on each 256-bit part with MXCSR's rounding field set to mode around it,
// in one inline-assembly statement: LLVM orders no other float operation into the switched
// mode, and the statement restores the word it found (the thread's flush and exception bits
// stay). Two MXCSR loads per part cost about two cycles on the cores measured, where rounding
// to odd in double costs a hundred instructions per part and f64 an exec function per warp.
Value *RunEmitter::switchedRounding(const char *instruction, ArrayRef<Value *> operands, int mode) {
  auto *type = cast<FixedVectorType>(operands[0]->getType());
  if (!mxcsrSaved_) {
    BasicBlock &entry = b_.GetInsertBlock()->getParent()->getEntryBlock();
    IRBuilder<> atEntry(&entry, entry.begin());
    mxcsrSaved_ = atEntry.CreateAlloca(i32_, nullptr, "mxcsr.saved");
    mxcsrSwitched_ = atEntry.CreateAlloca(i32_, nullptr, "mxcsr.switched");
  }
  b_.CreateIntrinsic(Intrinsic::x86_sse_stmxcsr, {}, {mxcsrSaved_});
  Value *word = b_.CreateLoad(i32_, mxcsrSaved_);
  Value *field = b_.getInt32(3u << 13);
  b_.CreateStore(b_.CreateOr(b_.CreateAnd(word, b_.CreateNot(field)),
                             b_.getInt32(static_cast<uint32_t>(mode) << 13)),
                 mxcsrSwitched_);

  const unsigned count = static_cast<unsigned>(operands.size());
  const std::string text = "vldmxcsr $" + std::to_string(count + 1) + "\n\t" + instruction +
                           "\n\tvldmxcsr $" + std::to_string(count + 2);
  std::string constraints = "=x";
  for (unsigned i = 0; i < count; ++i)
    constraints += i == 0 && count == 3 ? ",0" : ",x";
  constraints += ",*m,*m";
  const unsigned part = 256 / type->getScalarSizeInBits(), lanes = type->getNumElements();
  auto *partType = FixedVectorType::get(type->getElementType(), part);
  SmallVector<llvm::Type *, 5> argTypes(count, partType);
  argTypes.append({ptr_, ptr_});
  InlineAsm *asmStatement =
      InlineAsm::get(FunctionType::get(partType, argTypes, false), text, constraints, false);
  SmallVector<Value *, 4> results;
  for (unsigned first = 0; first < lanes; first += part) {
    SmallVector<Value *, 5> args(partOf(b_, operands, first, part));
    args.append({mxcsrSwitched_, mxcsrSaved_});
    CallInst *call = b_.CreateCall(asmStatement, args);
    for (unsigned i = count; i < count + 2; ++i)
      call->addParamAttr(i, Attribute::get(ctx_, Attribute::ElementType, i32_));
    results.push_back(call);
  }
  return concatenateVectors(b_, results);
}

// The exact result of an f32 operation, rounded to odd in double (every float is a double, a
// product of two exactly, a sum exactly with TwoSum's error, a quotient or a root with its fma
// remainder), then rounded to float in mode r: 53 bits are more than 24 + 2, so rounding the
// odd representative gives the correctly rounded result, as FloatSemantics.h's f32Add/f32Fma/
// f32Div/f32Sqrt do lane by lane.
Value *RunEmitter::directedF32(Opcode op, ArrayRef<Value *> operands, Rounding r) {
  auto wide = [&](Value *v) { return b_.CreateFPExt(v, vf64_); };
  Value *a = wide(operands[0]);
  Value *odd = nullptr;
  switch (op) {
  case Opcode::Mul:
    odd = b_.CreateFMul(a, wide(operands[1]));
    break;
  case Opcode::Add:
    odd = sumToOdd(a, wide(operands[1]), r);
    break;
  case Opcode::Sub:
    odd = sumToOdd(a, b_.CreateFNeg(wide(operands[1])), r);
    break;
  case Opcode::Fma:
  case Opcode::Mad:
    odd = sumToOdd(b_.CreateFMul(a, wide(operands[1])), wide(operands[2]), r);
    break;
  case Opcode::Div: {
    Value *divisor = wide(operands[1]);
    Value *q = b_.CreateFDiv(a, divisor);
    Value *rem = b_.CreateIntrinsic(Intrinsic::fma, {vf64_}, {b_.CreateFNeg(q), divisor, a});
    Value *negativeDivisor = b_.CreateICmpSLT(b_.CreateBitCast(divisor, v64_), splat64(0));
    odd = stickyOdd(q, b_.CreateSelect(negativeDivisor, b_.CreateFNeg(rem), rem));
    break;
  }
  case Opcode::Sqrt: {
    Value *root = b_.CreateUnaryIntrinsic(Intrinsic::sqrt, a);
    odd = stickyOdd(root,
                    b_.CreateIntrinsic(Intrinsic::fma, {vf64_}, {b_.CreateFNeg(root), root, a}));
    break;
  }
  default:
    return nullptr;
  }
  return roundToF32(odd, r);
}

// s with its last bit set when err != 0 and s is finite and not zero (FloatSemantics.h's
// stickyOdd): an even s moves one ulp toward the exact value s + err.
Value *RunEmitter::stickyOdd(Value *s, Value *err) {
  Value *bits = b_.CreateBitCast(s, v64_);
  Value *zero = ConstantFP::get(vf64_, 0.0);
  Value *finite =
      b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(Intrinsic::fabs, s), ConstantFP::getInfinity(vf64_));
  Value *inexact = b_.CreateAnd(b_.CreateFCmpONE(err, zero), b_.CreateFCmpONE(s, zero));
  Value *even = b_.CreateICmpEQ(b_.CreateAnd(bits, splat64(1)), splat64(0));
  Value *move = b_.CreateAnd(b_.CreateAnd(finite, inexact), even);
  Value *errNegative = b_.CreateICmpSLT(b_.CreateBitCast(err, v64_), splat64(0));
  Value *sNegative = b_.CreateICmpSLT(bits, splat64(0));
  Value *step =
      b_.CreateSelect(b_.CreateICmpEQ(errNegative, sNegative), splat64(1), splat64(~0ull));
  return b_.CreateBitCast(b_.CreateAdd(bits, b_.CreateSelect(move, step, splat64(0))), vf64_);
}

// x + y rounded to odd (TwoSum's error as the sticky bit); an exact zero takes the sign IEEE 754
// gives it in mode r (FloatSemantics.h's addToOddFor).
Value *RunEmitter::sumToOdd(Value *x, Value *y, Rounding r) {
  Value *s = b_.CreateFAdd(x, y);
  Value *yPart = b_.CreateFSub(s, x);
  Value *err = b_.CreateFAdd(b_.CreateFSub(x, b_.CreateFSub(s, yPart)), b_.CreateFSub(y, yPart));
  Value *odd = stickyOdd(s, err);
  Value *zero = ConstantFP::get(vf64_, 0.0);
  Value *bothZero = b_.CreateAnd(b_.CreateFCmpOEQ(x, zero), b_.CreateFCmpOEQ(y, zero));
  Value *xBits = b_.CreateBitCast(x, v64_), *yBits = b_.CreateBitCast(y, v64_);
  Value *sameSign = b_.CreateICmpSGE(b_.CreateXor(xBits, yBits), splat64(0));
  Value *modeZero = ConstantFP::get(vf64_, r == Rounding::Rm ? -0.0 : 0.0);
  Value *zeroSum = b_.CreateSelect(b_.CreateAnd(bothZero, sameSign), x, modeZero);
  return b_.CreateSelect(b_.CreateFCmpOEQ(odd, zero), zeroSum, odd);
}

// The float nearest d, moved one ulp toward the mode's direction where nearest went past d.
// Stepping the bits is the next float in that direction for every finite float, the zeros
// (nearest of a nonzero d keeps its sign) and infinity (to the largest finite float).
Value *RunEmitter::roundToF32(Value *d, Rounding r) {
  Value *nearest = b_.CreateFPTrunc(d, vf32_);
  Value *back = b_.CreateFPExt(nearest, vf64_);
  Value *bits = b_.CreateBitCast(nearest, v32_);
  Value *negative = b_.CreateICmpSLT(bits, ConstantInt::get(v32_, 0));
  Value *up = ConstantInt::get(v32_, 1), *down = ConstantInt::getSigned(v32_, -1);
  Value *past = nullptr, *step = nullptr;
  switch (r) {
  case Rounding::Rm:
    past = b_.CreateFCmpOGT(back, d);
    step = b_.CreateSelect(negative, up, down);
    break;
  case Rounding::Rp:
    past = b_.CreateFCmpOLT(back, d);
    step = b_.CreateSelect(negative, down, up);
    break;
  default: // Rz
    past = b_.CreateFCmpOGT(b_.CreateUnaryIntrinsic(Intrinsic::fabs, back),
                            b_.CreateUnaryIntrinsic(Intrinsic::fabs, d));
    step = down;
    break;
  }
  Value *moved = b_.CreateAdd(bits, b_.CreateSelect(past, step, ConstantInt::get(v32_, 0)));
  return b_.CreateBitCast(moved, vf32_);
}

} // namespace qiao::jit
