// Proves from how a row was computed that its lanes form an arithmetic progression (lane l holds
// first + l * stride), so that an access through it is known dense, or uniform, from a few scalar
// checks instead of a compare across all 32 lanes. Values are integers modulo 2^N (N the element
// width); a zero extension adds the check that the progression does not wrap in the narrow type.
// %tid.x is a progression exactly when its last lane is its first plus 31: within a warp the
// threads' x index only ever drops (at a row boundary of the block), never rises by more.
#include "RunEmitter.h"

#include "NativeCode.h"

#include <llvm/Analysis/VectorUtils.h>
#include <llvm/IR/Constants.h>

#include <cstddef>

namespace qiao::jit {

using namespace llvm;

namespace {

unsigned elementBits(Value *v) {
  auto *type = dyn_cast<FixedVectorType>(v->getType());
  if (!type || !type->getElementType()->isIntegerTy())
    return 0;
  return type->getElementType()->getIntegerBitWidth();
}

uint64_t truncated(uint64_t value, unsigned bits) {
  return bits >= 64 ? value : value & ((uint64_t{1} << bits) - 1);
}

} // namespace

void RunEmitter::noteThreadIndexX(Value *row) { threadIndexX_.insert(row); }

std::optional<RunEmitter::Linear> RunEmitter::linearOf(Value *v, unsigned depth) {
  if (auto it = linear_.find(v); it != linear_.end())
    return it->second;
  std::optional<Linear> result = depth > 12 ? std::nullopt : computeLinear(v, depth);
  linear_[v] = result;
  return result;
}

std::optional<RunEmitter::Linear> RunEmitter::computeLinear(Value *v, unsigned depth) {
  const unsigned bits = elementBits(v);
  if (bits == 0 || bits > 64)
    return std::nullopt;
  Value *yes = b_.getTrue();
  if (Value *scalar = getSplatValue(v))
    return Linear{scalar, 0, yes};
  if (auto *constant = dyn_cast<Constant>(v)) {
    auto element = [&](unsigned l) -> std::optional<uint64_t> {
      auto *c = dyn_cast_or_null<ConstantInt>(constant->getAggregateElement(l));
      return c ? std::optional<uint64_t>(c->getZExtValue()) : std::nullopt;
    };
    auto first = element(0), second = element(1);
    if (!first || !second)
      return std::nullopt;
    uint64_t stride = truncated(*second - *first, bits);
    for (unsigned l = 2; l < ptx::kWarpSize; ++l) {
      auto e = element(l);
      if (!e || *e != truncated(*first + l * stride, bits))
        return std::nullopt;
    }
    return Linear{ConstantInt::get(b_.getIntNTy(bits), *first), stride, yes};
  }
  if (threadIndexX_.count(v)) {
    // The row is zext(<32 x i32> %tid.x); lanes 0 and 31 decide.
    Value *tid = b_.CreateConstInBoundsGEP1_64(i8_, state_, offsetof(ptx::NativeWarpState, tid));
    Value *first = b_.CreateZExt(b_.CreateAlignedLoad(i32_, tid, Align(4)), i64_);
    Value *last = b_.CreateZExt(
        b_.CreateAlignedLoad(i32_, b_.CreateConstInBoundsGEP1_64(i32_, tid, 31), Align(4)), i64_);
    return Linear{first, 1, b_.CreateICmpEQ(last, b_.CreateAdd(first, b_.getInt64(31)))};
  }
  auto *inst = dyn_cast<Instruction>(v);
  if (!inst)
    return std::nullopt;
  auto *scalarTy = b_.getIntNTy(bits);
  switch (inst->getOpcode()) {
  case Instruction::ZExt: {
    Value *narrow = inst->getOperand(0);
    unsigned from = elementBits(narrow);
    auto x = linearOf(narrow, depth + 1);
    if (!x || from > 32 || x->stride >= (uint64_t{1} << (from - 1)))
      return std::nullopt;
    // No wrap in the narrow type: first + 31 * stride stays below 2^from (checked in 64 bits).
    Value *first = b_.CreateZExt(x->first, i64_);
    Value *last = b_.CreateAdd(first, b_.getInt64(31 * x->stride));
    Value *fits = b_.CreateICmpULE(last, b_.getInt64(truncated(~uint64_t{0}, from)));
    return Linear{b_.CreateZExtOrTrunc(first, scalarTy), x->stride, b_.CreateAnd(x->ok, fits)};
  }
  case Instruction::Trunc: {
    auto x = linearOf(inst->getOperand(0), depth + 1);
    if (!x)
      return std::nullopt;
    return Linear{b_.CreateTrunc(x->first, scalarTy), truncated(x->stride, bits), x->ok};
  }
  case Instruction::Add:
  case Instruction::Sub:
  case Instruction::Mul:
  case Instruction::Shl:
  case Instruction::And:
    break;
  default:
    return std::nullopt;
  }
  auto a = linearOf(inst->getOperand(0), depth + 1);
  if (!a)
    return std::nullopt;
  auto constantOf = [&](Value *operand) -> std::optional<uint64_t> {
    if (auto *c = dyn_cast_or_null<ConstantInt>(getSplatValue(operand)))
      return c->getZExtValue();
    if (auto *c = dyn_cast<Constant>(operand))
      if (auto *s = dyn_cast_or_null<ConstantInt>(c->getSplatValue()))
        return s->getZExtValue();
    return std::nullopt;
  };
  if (inst->getOpcode() == Instruction::Shl) {
    auto shift = constantOf(inst->getOperand(1));
    if (!shift || *shift >= bits)
      return std::nullopt;
    return Linear{b_.CreateShl(a->first, *shift), truncated(a->stride << *shift, bits), a->ok};
  }
  if (inst->getOpcode() == Instruction::And) {
    // x & (2^k - 1): x's progression modulo 2^k, which must not wrap there.
    auto mask = constantOf(inst->getOperand(1));
    if (!mask || (*mask & (*mask + 1)) != 0)
      return std::nullopt;
    if (truncated(*mask, bits) == truncated(~uint64_t{0}, bits))
      return a;
    if (a->stride > *mask / 64)
      return std::nullopt;
    Value *first = b_.CreateAnd(a->first, ConstantInt::get(scalarTy, *mask));
    Value *last = b_.CreateAdd(first, ConstantInt::get(scalarTy, 31 * a->stride));
    Value *fits = b_.CreateICmpULE(last, ConstantInt::get(scalarTy, *mask));
    return Linear{first, a->stride, b_.CreateAnd(a->ok, fits)};
  }
  auto c = linearOf(inst->getOperand(1), depth + 1);
  if (!c)
    return std::nullopt;
  Value *ok = b_.CreateAnd(a->ok, c->ok);
  switch (inst->getOpcode()) {
  case Instruction::Add:
    return Linear{b_.CreateAdd(a->first, c->first), truncated(a->stride + c->stride, bits), ok};
  case Instruction::Sub:
    return Linear{b_.CreateSub(a->first, c->first), truncated(a->stride - c->stride, bits), ok};
  default: { // Mul: a progression times a constant, or two uniform values
    Value *product = b_.CreateMul(a->first, c->first);
    if (a->stride == 0 && c->stride == 0)
      return Linear{product, 0, ok};
    auto *ca = dyn_cast<ConstantInt>(a->first), *cc = dyn_cast<ConstantInt>(c->first);
    if (c->stride == 0 && cc)
      return Linear{product, truncated(a->stride * cc->getZExtValue(), bits), ok};
    if (a->stride == 0 && ca)
      return Linear{product, truncated(c->stride * ca->getZExtValue(), bits), ok};
    return std::nullopt;
  }
  }
}

} // namespace qiao::jit
