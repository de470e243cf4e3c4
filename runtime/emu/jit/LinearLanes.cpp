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

void RunEmitter::noteThreadIndex(Value *row, unsigned dim) {
  if (dim == 0)
    threadIndexX_.insert(row);
  else if (dim == 1)
    threadIndexY_.insert(row);
}

std::optional<RunEmitter::Linear> RunEmitter::linearOf(Value *v, unsigned depth, Shape shape) {
  if (auto it = linear_.find({v, shape}); it != linear_.end())
    return it->second;
  std::optional<Linear> result = depth > 12 ? std::nullopt : computeLinear(v, depth, shape);
  linear_[{v, shape}] = result;
  return result;
}

Value *RunEmitter::laneShapeIs(uint32_t shape) {
  return b_.CreateICmpEQ(stateLoad(offsetof(ptx::NativeWarpState, laneShape), i32_),
                         b_.getInt32(shape));
}

std::optional<RunEmitter::Linear> RunEmitter::computeLinear(Value *v, unsigned depth, Shape shape) {
  const unsigned bits = elementBits(v);
  if (bits == 0 || bits > 64)
    return std::nullopt;
  const bool twoRows = shape == Shape::TwoRows;
  Value *yes = b_.getTrue();
  if (Value *scalar = getSplatValue(v))
    return Linear{scalar, 0, yes, 0};
  if (auto *constant = dyn_cast<Constant>(v)) {
    auto element = [&](unsigned l) -> std::optional<uint64_t> {
      auto *c = dyn_cast_or_null<ConstantInt>(constant->getAggregateElement(l));
      return c ? std::optional<uint64_t>(c->getZExtValue()) : std::nullopt;
    };
    auto first = element(0), second = element(1), row2 = element(16);
    if (!first || !second || !row2)
      return std::nullopt;
    uint64_t stride = truncated(*second - *first, bits);
    uint64_t half = twoRows ? truncated(*row2 - *first, bits) : truncated(16 * stride, bits);
    for (unsigned l = 2; l < ptx::kWarpSize; ++l) {
      auto e = element(l);
      if (!e || *e != truncated(*first + (l % 16) * stride + (l / 16) * half, bits))
        return std::nullopt;
    }
    return Linear{ConstantInt::get(b_.getIntNTy(bits), *first), stride, yes, half};
  }
  if (threadIndexX_.count(v) || threadIndexY_.count(v)) {
    // The row is zext(<32 x i32> %tid.x or %tid.y).
    bool x = threadIndexX_.count(v) != 0;
    size_t offset = offsetof(ptx::NativeWarpState, tid) + (x ? 0 : 32 * 4);
    Value *tid = b_.CreateConstInBoundsGEP1_64(i8_, state_, offset);
    Value *first = b_.CreateZExt(b_.CreateAlignedLoad(i32_, tid, Align(4)), i64_);
    if (twoRows)
      return Linear{first, x ? 1u : 0u, laneShapeIs(ptx::kLanesTwoRows), x ? 0u : 1u};
    if (!x)
      return Linear{first, 0, laneShapeIs(ptx::kLanesOneRow), 0};
    // Lanes 0 and 31 decide: within a warp %tid.x only drops (at a row's end), never rises by
    // more than one.
    Value *last = b_.CreateZExt(
        b_.CreateAlignedLoad(i32_, b_.CreateConstInBoundsGEP1_64(i32_, tid, 31), Align(4)), i64_);
    return Linear{first, 1, b_.CreateICmpEQ(last, b_.CreateAdd(first, b_.getInt64(31))), 16};
  }
  auto *inst = dyn_cast<Instruction>(v);
  if (!inst)
    return std::nullopt;
  auto *scalarTy = b_.getIntNTy(bits);
  // The largest lane's offset from the first, for progressions whose steps do not wrap.
  auto reach = [](const Linear &x) { return 15 * x.stride + x.half; };
  switch (inst->getOpcode()) {
  case Instruction::ZExt: {
    Value *narrow = inst->getOperand(0);
    unsigned from = elementBits(narrow);
    auto x = linearOf(narrow, depth + 1, shape);
    if (!x || from > 32 || x->stride >= (uint64_t{1} << (from - 1)) ||
        x->half >= (uint64_t{1} << (from - 1)))
      return std::nullopt;
    // No wrap in the narrow type: the largest lane stays below 2^from (checked in 64 bits).
    Value *first = b_.CreateZExt(x->first, i64_);
    Value *last = b_.CreateAdd(first, b_.getInt64(reach(*x)));
    Value *fits = b_.CreateICmpULE(last, b_.getInt64(truncated(~uint64_t{0}, from)));
    return Linear{b_.CreateZExtOrTrunc(first, scalarTy), x->stride, b_.CreateAnd(x->ok, fits),
                  x->half};
  }
  case Instruction::Trunc: {
    auto x = linearOf(inst->getOperand(0), depth + 1, shape);
    if (!x)
      return std::nullopt;
    return Linear{b_.CreateTrunc(x->first, scalarTy), truncated(x->stride, bits), x->ok,
                  truncated(x->half, bits)};
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
  auto a = linearOf(inst->getOperand(0), depth + 1, shape);
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
    return Linear{b_.CreateShl(a->first, *shift), truncated(a->stride << *shift, bits), a->ok,
                  truncated(a->half << *shift, bits)};
  }
  if (inst->getOpcode() == Instruction::And) {
    // x & (2^k - 1): x's progression modulo 2^k, which must not wrap there.
    auto mask = constantOf(inst->getOperand(1));
    if (!mask || (*mask & (*mask + 1)) != 0)
      return std::nullopt;
    if (truncated(*mask, bits) == truncated(~uint64_t{0}, bits))
      return a;
    if (a->stride > *mask / 64 || a->half > *mask / 64)
      return std::nullopt;
    Value *first = b_.CreateAnd(a->first, ConstantInt::get(scalarTy, *mask));
    Value *last = b_.CreateAdd(first, ConstantInt::get(scalarTy, reach(*a)));
    Value *fits = b_.CreateICmpULE(last, ConstantInt::get(scalarTy, *mask));
    return Linear{first, a->stride, b_.CreateAnd(a->ok, fits), a->half};
  }
  auto c = linearOf(inst->getOperand(1), depth + 1, shape);
  if (!c)
    return std::nullopt;
  Value *ok = b_.CreateAnd(a->ok, c->ok);
  switch (inst->getOpcode()) {
  case Instruction::Add:
    return Linear{b_.CreateAdd(a->first, c->first), truncated(a->stride + c->stride, bits), ok,
                  truncated(a->half + c->half, bits)};
  case Instruction::Sub:
    return Linear{b_.CreateSub(a->first, c->first), truncated(a->stride - c->stride, bits), ok,
                  truncated(a->half - c->half, bits)};
  default: { // Mul: a progression times a constant, or two uniform values
    Value *product = b_.CreateMul(a->first, c->first);
    bool aUniform = a->stride == 0 && a->half == 0, cUniform = c->stride == 0 && c->half == 0;
    if (aUniform && cUniform)
      return Linear{product, 0, ok, 0};
    auto *ca = dyn_cast<ConstantInt>(a->first), *cc = dyn_cast<ConstantInt>(c->first);
    if (cUniform && cc)
      return Linear{product, truncated(a->stride * cc->getZExtValue(), bits), ok,
                    truncated(a->half * cc->getZExtValue(), bits)};
    if (aUniform && ca)
      return Linear{product, truncated(c->stride * ca->getZExtValue(), bits), ok,
                    truncated(c->half * ca->getZExtValue(), bits)};
    return std::nullopt;
  }
  }
}

} // namespace qiao::jit
