// The warp-level matrix instructions as per-thread IR over the documented warp shuffle
// (qiao.shfl.idx): mma.sync gathers the A and B fragments of all 32 lanes, rebuilds both
// matrices and computes the thread's own elements of D; ldmatrix fetches each row's address from
// the lane that holds it; cvt to .tf32 is bit arithmetic. Fragment layouts, element values and
// the order of the sums are MatrixSemantics.h's, so results are the interpreter's bit for bit.
#include "FunctionLowering.h"
#include "MatrixSemantics.h"

namespace qiao::kir {

using namespace llvm;
using ptx::ElementPosition;
using ptx::FragmentGeometry;
using ptx::MatrixElement;
using ptx::MatrixRole;
using ptx::Opcode;

namespace {
constexpr unsigned kVectorWidth = 4; // fragment registers a vector operand holds
} // namespace

Value *FunctionLowering::shuffleFrom(Value *value32, Value *lane) {
  auto *pair = StructType::get(m_.context, {i32_, i1_});
  Value *r = b_.CreateCall(q("qiao.shfl.idx", pair, {i32_, i32_, i32_, i32_}, true),
                           {b_.getInt32(0xffffffffu), value32, lane, b_.getInt32(31)});
  return b_.CreateExtractValue(r, 0);
}

// Register r of the fragment kept at ops[first]...
Value *FunctionLowering::fragmentRegister(const Inst &inst, unsigned first, unsigned r) {
  return b_.CreateTrunc(cell(inst.ops[first + r / kVectorWidth].elems[r % kVectorWidth]), i32_);
}

// D = A x B + C for the fragments of a warp: every lane's A and B registers (fragmentRegister
// gives register r of the lane's A (0), B (1) or C (2)), shuffled from each lane in turn and
// placed at the matrix positions `layout` gives, rebuild both matrices; then each of the
// thread's D elements (at `dPosition`) is its C element plus the products in order, as
// MatrixSemantics.h's multiplyAccumulate, and is written to the registers dSlots.
void FunctionLowering::multiplyFragments(
    const ptx::MatrixInfo &info, const FragmentGeometry (&g)[4],
    const std::function<ElementPosition(MatrixRole, unsigned, unsigned)> &layout,
    const std::function<Value *(unsigned, unsigned)> &fragmentRegister,
    const std::function<std::pair<Value *, Value *>(unsigned)> &dPosition,
    const std::vector<uint32_t> &dSlots) {
  const ptx::MatrixShape s = info.shape;
  // The f32 value of a fragment element's bits.
  auto elementValue = [&](Value *bits, MatrixElement e) -> Value * {
    switch (e) {
    case MatrixElement::F16:
    case MatrixElement::BF16:
      return halfValue(b_.CreateTrunc(bits, i16_), e == MatrixElement::BF16);
    case MatrixElement::TF32: // the multiplier reads the upper 19 bits
      return b_.CreateBitCast(b_.CreateAnd(bits, ~uint32_t{0x1fff}), f32_);
    case MatrixElement::F32:
      break;
    }
    return b_.CreateBitCast(bits, f32_);
  };
  auto element = [&](Value *word, const FragmentGeometry &fg, unsigned i) -> Value * {
    if (fg.perRegister == 1)
      return word;
    return b_.CreateAnd(b_.CreateLShr(word, 16 * (i % fg.perRegister)), 0xffff);
  };
  IRBuilder<> entry(&out_->getEntryBlock(), out_->getEntryBlock().begin());
  Value *a = entry.CreateAlloca(ArrayType::get(f32_, s.m * s.k), nullptr, "mma.a");
  Value *bm = entry.CreateAlloca(ArrayType::get(f32_, s.k * s.n), nullptr, "mma.b");
  // Lanes in increasing order: where several hold one element, the highest lane's copy stays.
  auto gather = [&](unsigned operand, MatrixRole role, Value *matrix) {
    const FragmentGeometry &fg = g[operand];
    for (unsigned lane = 0; lane < 32; ++lane)
      for (unsigned r = 0; r < fg.registers(); ++r) {
        Value *word = shuffleFrom(fragmentRegister(operand, r), b_.getInt32(lane));
        for (unsigned h = 0; h < fg.perRegister; ++h) {
          unsigned i = r * fg.perRegister + h;
          ElementPosition p = layout(role, lane, i);
          b_.CreateStore(elementValue(element(word, fg, i), info.element),
                         b_.CreateConstInBoundsGEP1_64(f32_, matrix, p.row * fg.cols + p.col));
        }
      }
  };
  gather(0, MatrixRole::A, a);
  gather(1, MatrixRole::B, bm);
  const FragmentGeometry &gc = g[2], &gd = g[3];
  std::vector<Value *> dBits;
  for (unsigned i = 0; i < gd.perLane; ++i) {
    auto [row, col] = dPosition(i);
    Value *sum = elementValue(element(fragmentRegister(2, i / gc.perRegister), gc, i), info.c);
    for (unsigned p = 0; p < s.k; ++p) {
      Value *x = b_.CreateLoad(
          f32_, b_.CreateInBoundsGEP(
                    f32_, a, b_.CreateAdd(b_.CreateMul(row, b_.getInt32(s.k)), b_.getInt32(p))));
      Value *y = b_.CreateLoad(
          f32_, b_.CreateInBoundsGEP(f32_, bm, b_.CreateAdd(b_.getInt32(p * s.n), col)));
      sum = b_.CreateFAdd(sum, b_.CreateFMul(x, y));
    }
    // As the destination type stores it; .satfinite turns infinities into the largest finite.
    Value *bits;
    if (info.d == MatrixElement::F16) {
      bits = b_.CreateZExt(roundToHalf(sum, false), i32_);
      if (info.satfinite)
        bits = b_.CreateSelect(b_.CreateICmpEQ(b_.CreateAnd(bits, 0x7fff), b_.getInt32(0x7c00)),
                               b_.CreateOr(b_.CreateAnd(bits, 0x8000), b_.getInt32(0x7bff)), bits);
    } else {
      bits = b_.CreateBitCast(sum, i32_);
      if (info.satfinite)
        bits = b_.CreateSelect(
            b_.CreateICmpEQ(b_.CreateAnd(bits, 0x7fffffff), b_.getInt32(0x7f800000)),
            b_.CreateOr(b_.CreateAnd(bits, 0x80000000u), b_.getInt32(0x7f7fffff)), bits);
    }
    dBits.push_back(bits);
  }
  for (unsigned r = 0; r < gd.registers(); ++r) {
    Value *word = dBits[r * gd.perRegister];
    if (gd.perRegister == 2)
      word = b_.CreateOr(word, b_.CreateShl(dBits[r * 2 + 1], 16));
    setCell(dSlots[r], b_.CreateZExt(word, i64_));
  }
}

// mma.sync.aligned.{m16n8k16,m16n8k8}.row.col: the fragments of the documented layouts.
bool FunctionLowering::lowerMmaSync(const Inst &inst) {
  if (inst.op != Opcode::Mma)
    return false;
  const ptx::MatrixInfo info = ptx::unpackMatrixInfo(inst.aux);
  const ptx::MatrixShape s = info.shape;
  const FragmentGeometry g[4] = {ptx::mmaSyncGeometry(s, MatrixRole::A, info.element),
                                 ptx::mmaSyncGeometry(s, MatrixRole::B, info.element),
                                 ptx::mmaSyncGeometry(s, MatrixRole::Accumulator, info.c),
                                 ptx::mmaSyncGeometry(s, MatrixRole::Accumulator, info.d)};
  // Operands: 0 D, 1 A, 2 B, 3 C, each one vector.
  Value *lane = specialRegister(ptx::SpecialReg::LaneId);
  Value *group = b_.CreateLShr(lane, 2), *thread = b_.CreateAnd(lane, 3);
  std::vector<uint32_t> dSlots(inst.ops[0].elems, inst.ops[0].elems + g[3].registers());
  multiplyFragments(
      info, g,
      [&](MatrixRole role, unsigned l, unsigned i) {
        MatrixElement e = role == MatrixRole::Accumulator ? MatrixElement::F32 : info.element;
        return ptx::mmaSyncElement(s, role, e, l, i);
      },
      [&](unsigned operand, unsigned r) { return fragmentRegister(inst, operand + 1, r); },
      [&](unsigned i) {
        // c0, c1 in row groupID, c2, c3 eight rows below.
        return std::pair<Value *, Value *>{
            b_.CreateAdd(group, b_.getInt32(8 * (i >> 1))),
            b_.CreateAdd(b_.CreateShl(thread, 1), b_.getInt32(i & 1))};
      },
      dSlots);
  return true;
}

// The matrix element (row, col) that element i of this lane's wmma fragment holds, at run time.
std::pair<Value *, Value *> FunctionLowering::wmmaPosition(const FragmentGeometry &g, unsigned i) {
  Value *lane = specialRegister(ptx::SpecialReg::LaneId);
  Value *q = b_.CreateURem(b_.CreateAdd(b_.CreateMul(lane, b_.getInt32(g.perLane)), b_.getInt32(i)),
                           b_.getInt32(g.rows * g.cols));
  return {b_.CreateUDiv(q, b_.getInt32(g.cols)), b_.CreateURem(q, b_.getInt32(g.cols))};
}

// wmma.load / wmma.store: each lane reads or writes its own fragment elements where the
// matrix stored from the address with the stride (.row: elements between rows; .col: between
// columns) keeps them; wmma.mma: as mma.sync over the wmma layout.
bool FunctionLowering::lowerWmma(const Inst &inst) {
  if (inst.op != Opcode::Wmma)
    return false;
  const ptx::MatrixInfo info = ptx::unpackMatrixInfo(inst.aux);
  bool load = sourceHas("load"), store = sourceHas("store");
  if (load || store) {
    const FragmentGeometry g = ptx::wmmaGeometry(info.shape, info.role, info.element);
    // load: 0-1 the fragment, 2 the address, 3 the stride; store: 1 the address, 2 the stride,
    // 3-4 the fragment.
    unsigned fragment = load ? 0 : 3, address = load ? 2 : 1, strideOp = load ? 3 : 2;
    unsigned bytes = ptx::elementBits(info.element) / 8;
    auto *type = b_.getIntNTy(bytes * 8);
    Value *base = addressInt(inst.ops[address]);
    Value *stride = b_.CreateZExt(readInt(inst.ops[strideOp], 32), i64_);
    std::vector<Value *> bits;
    for (unsigned i = 0; i < g.perLane; ++i) {
      auto [row, col] = wmmaPosition(g, i);
      Value *r64 = b_.CreateZExt(row, i64_), *c64 = b_.CreateZExt(col, i64_);
      Value *index = info.colMajor ? b_.CreateAdd(b_.CreateMul(c64, stride), r64)
                                   : b_.CreateAdd(b_.CreateMul(r64, stride), c64);
      Value *at = b_.CreateAdd(base, b_.CreateMul(index, b_.getInt64(bytes)));
      Value *p = inst.space == ptx::Space::Shared
                     ? b_.CreateInBoundsGEP(i8_, sharedBase_,
                                            b_.CreateZExt(b_.CreateTrunc(at, i32_), i64_))
                 : inst.space == ptx::Space::Global ? b_.CreateIntToPtr(at, b_.getPtrTy(kGlobal))
                                                    : b_.CreateIntToPtr(at, ptr_);
      if (load) {
        bits.push_back(b_.CreateZExt(b_.CreateAlignedLoad(type, p, Align(bytes)), i32_));
      } else {
        Value *word = fragmentRegister(inst, fragment, i / g.perRegister);
        if (g.perRegister == 2)
          word = b_.CreateLShr(word, 16 * (i % 2));
        b_.CreateAlignedStore(b_.CreateTrunc(word, type), p, Align(bytes));
      }
    }
    if (load)
      for (unsigned r = 0; r < g.registers(); ++r) {
        Value *word = bits[r * g.perRegister];
        if (g.perRegister == 2)
          word = b_.CreateOr(word, b_.CreateShl(bits[r * 2 + 1], 16));
        setCell(inst.ops[fragment + r / kVectorWidth].elems[r % kVectorWidth],
                b_.CreateZExt(word, i64_));
      }
    return true;
  }
  if (!sourceHas("mma"))
    return false;
  const ptx::MatrixShape s = info.shape;
  const FragmentGeometry g[4] = {ptx::wmmaGeometry(s, MatrixRole::A, info.element),
                                 ptx::wmmaGeometry(s, MatrixRole::B, info.element),
                                 ptx::wmmaGeometry(s, MatrixRole::Accumulator, info.c),
                                 ptx::wmmaGeometry(s, MatrixRole::Accumulator, info.d)};
  // Operands: A, B and C as vectors of four from ops[0]; D in the program's register lists.
  unsigned first[3];
  first[0] = 0;
  first[1] = first[0] + (g[0].registers() + kVectorWidth - 1) / kVectorWidth;
  first[2] = first[1] + (g[1].registers() + kVectorWidth - 1) / kVectorWidth;
  std::vector<uint32_t> dSlots(program_.registerLists.begin() + inst.aux2,
                               program_.registerLists.begin() + inst.aux2 + g[3].registers());
  multiplyFragments(
      info, g,
      [&](MatrixRole role, unsigned l, unsigned i) {
        return ptx::wmmaElement(g[role == MatrixRole::A ? 0 : role == MatrixRole::B ? 1 : 2], l, i);
      },
      [&](unsigned operand, unsigned r) { return fragmentRegister(inst, first[operand], r); },
      [&](unsigned i) { return wmmaPosition(g[3], i); }, dSlots);
  return true;
}

// ldmatrix.sync.aligned.m8n8.{x1,x2,x4}{.trans}.shared.b16: lanes 8j..8j+7 hold the row
// addresses of matrix j; lane l receives row l/4, columns 2(l%4) and 2(l%4)+1 (transposed: rows
// 2(l%4) and 2(l%4)+1 of column l/4).
bool FunctionLowering::lowerLdmatrix(const Inst &inst) {
  if (inst.op != Opcode::Ldmatrix)
    return false;
  const ptx::MatrixInfo info = ptx::unpackMatrixInfo(inst.aux);
  if (inst.space != ptx::Space::Shared && inst.space != ptx::Space::Generic)
    return false;
  Value *address = addressInt(inst.ops[1]);
  Value *low = b_.CreateTrunc(address, i32_),
        *high = b_.CreateTrunc(b_.CreateLShr(address, 32), i32_);
  Value *lane = specialRegister(ptx::SpecialReg::LaneId);
  Value *group = b_.CreateLShr(lane, 2), *quarter = b_.CreateShl(b_.CreateAnd(lane, 3), 1);
  for (unsigned j = 0; j < info.matrices; ++j) {
    Value *word = b_.getInt32(0);
    for (unsigned h = 0; h < 2; ++h) {
      Value *pair = b_.CreateAdd(quarter, b_.getInt32(h));
      Value *row = info.transposed ? pair : group, *col = info.transposed ? group : pair;
      Value *source = b_.CreateAdd(row, b_.getInt32(8 * j));
      Value *rowAddress =
          b_.CreateOr(b_.CreateZExt(shuffleFrom(low, source), i64_),
                      b_.CreateShl(b_.CreateZExt(shuffleFrom(high, source), i64_), 32));
      Value *at = b_.CreateAdd(rowAddress, b_.CreateZExt(b_.CreateShl(col, 1), i64_));
      Value *p = inst.space == ptx::Space::Shared
                     ? b_.CreateInBoundsGEP(i8_, sharedBase_,
                                            b_.CreateZExt(b_.CreateTrunc(at, i32_), i64_))
                     : b_.CreateIntToPtr(at, ptr_);
      Value *element = b_.CreateZExt(b_.CreateAlignedLoad(i16_, p, Align(2)), i32_);
      word = b_.CreateOr(word, b_.CreateShl(element, 16 * h));
    }
    setCell(inst.ops[0].elems[j], b_.CreateZExt(word, i64_));
  }
  return true;
}

// cvt.{rna,rn,rz}.tf32.f32: the f32 rounded to 10 mantissa bits, the low 13 bits cleared; NaN
// gives the canonical NaN, and rounding may carry into the exponent.
bool FunctionLowering::lowerTf32(const Inst &inst) {
  if (inst.op != Opcode::Cvt || !sourceHas("tf32"))
    return false;
  Value *bits = readInt(inst.ops[1], 32);
  Value *nan = b_.CreateICmpUGT(b_.CreateAnd(bits, 0x7fffffffu), b_.getInt32(0x7f800000u));
  Value *rounded = bits;
  if (inst.rounding == ptx::Rounding::Rna)
    rounded = b_.CreateAdd(bits, b_.getInt32(0x1000));
  else if (inst.rounding == ptx::Rounding::Rn)
    rounded = b_.CreateAdd(b_.CreateAdd(bits, b_.getInt32(0xfff)),
                           b_.CreateAnd(b_.CreateLShr(bits, 13), 1));
  else if (inst.rounding != ptx::Rounding::Rz)
    return false;
  Value *r = b_.CreateAnd(rounded, ~uint32_t{0x1fff});
  write(inst.ops[0], b_.CreateSelect(nan, b_.getInt32(0x7fffffffu), r));
  return true;
}

} // namespace qiao::kir
