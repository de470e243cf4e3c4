// Bit operations and shifts: and, or, xor, not, cnot, shl, shr, shf, lop3 (PTX ISA 9.0, 9.7.8),
// bfe, bfi, brev, clz, popc, bfind, fns, dp4a, dp2a (9.7.1) and prmt (9.7.9). The scalar rules
// are in BitSemantics.h; here they run over the lanes of a warp, with the type chosen at decode
// time so that each loop is free of type switches.
#include "BitSemantics.h"
#include "InstDecoder.h"
#include "Lanes.h"
#include "Warp.h"

#include <string>

namespace qiao::ptx {
namespace {

// The bits a result of the instruction's type keeps (a .pred result keeps bit 0).
uint64_t resultMask(Type t) {
  if (t == Type::Pred)
    return 1;
  uint32_t bytes = typeBytes(t);
  return bytes >= 8 ? ~uint64_t{0} : (uint64_t{1} << (bytes * 8)) - 1;
}

// A source predicate written !%p reads inverted: the value to xor its cell with.
uint64_t negation(const Operand &op) { return op.negated ? 1 : 0; }

// --- and / or / xor / not / cnot --------------------------------------------------------------

struct AndOp {
  static uint64_t apply(uint64_t a, uint64_t b) { return a & b; }
};
struct OrOp {
  static uint64_t apply(uint64_t a, uint64_t b) { return a | b; }
};
struct XorOp {
  static uint64_t apply(uint64_t a, uint64_t b) { return a ^ b; }
};

template <class Op> void execBitwise(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t mask = resultMask(inst.type);
  const uint64_t na = negation(inst.ops[1]), nb = negation(inst.ops[2]);
  forEachLane(exec, [&](int l) { d[l] = Op::apply(a[l] ^ na, b[l] ^ nb) & mask; });
}

void execNot(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t mask = resultMask(inst.type);
  const uint64_t na = negation(inst.ops[1]);
  forEachLane(exec, [&](int l) { d[l] = ~(a[l] ^ na) & mask; });
}

void execCnot(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t mask = resultMask(inst.type);
  forEachLane(exec, [&](int l) { d[l] = (a[l] & mask) == 0 ? 1 : 0; });
}

bool isBitwiseType(Type t) {
  return t == Type::Pred || t == Type::B16 || t == Type::B32 || t == Type::B64 || t == Type::U16 ||
         t == Type::U32 || t == Type::U64 || t == Type::S16 || t == Type::S32 || t == Type::S64;
}

// Reads the single type modifier of an instruction that takes exactly one.
Status singleType(InstDecoder &d, Type &out) {
  std::vector<Type> types = d.types();
  if (types.size() != 1)
    return d.error("expected one type modifier");
  out = types[0];
  return Status::ok();
}

// A source of type t: predicates may be negated, everything else is a register or immediate.
Status typedSource(InstDecoder &d, size_t index, Type t, Operand &op) {
  if (t == Type::Pred)
    return d.predicate(index, op);
  return d.source(index, t, op);
}

template <class Op> Status decodeBitwise(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (!isBitwiseType(inst.type))
    return d.unsupported("type ." + std::string(typeName(inst.type)));
  inst.numOps = 3;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = typedSource(d, 1, inst.type, inst.ops[1]); !s)
    return s;
  if (Status s = typedSource(d, 2, inst.type, inst.ops[2]); !s)
    return s;
  inst.exec = execBitwise<Op>;
  return Status::ok();
}

Status decodeUnaryBitwise(InstDecoder &d, Inst &inst, ExecFn fn) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (!isBitwiseType(inst.type))
    return d.unsupported("type ." + std::string(typeName(inst.type)));
  inst.numOps = 2;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = typedSource(d, 1, inst.type, inst.ops[1]); !s)
    return s;
  inst.exec = fn;
  return Status::ok();
}

Status decodeNot(InstDecoder &d, Inst &inst) { return decodeUnaryBitwise(d, inst, execNot); }
Status decodeCnot(InstDecoder &d, Inst &inst) {
  Status s = decodeUnaryBitwise(d, inst, execCnot);
  if (s && inst.type == Type::Pred)
    return d.unsupported("cnot.pred");
  return s;
}

// --- shl / shr --------------------------------------------------------------------------------

template <class T, bool Left> void execShift(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  forEachLane(exec, [&](int l) {
    T value = cellGet<T>(a[l]);
    uint32_t n = static_cast<uint32_t>(b[l]);
    d[l] = cellPut<T>(Left ? shiftLeft(value, n) : shiftRight(value, n));
  });
}

template <bool Left> ExecFn shiftFor(Type t) {
  switch (t) {
  case Type::B16:
  case Type::U16:
    return execShift<uint16_t, Left>;
  case Type::S16:
    return Left ? execShift<uint16_t, Left> : execShift<int16_t, Left>;
  case Type::B32:
  case Type::U32:
    return execShift<uint32_t, Left>;
  case Type::S32:
    return Left ? execShift<uint32_t, Left> : execShift<int32_t, Left>;
  case Type::B64:
  case Type::U64:
    return execShift<uint64_t, Left>;
  case Type::S64:
    return Left ? execShift<uint64_t, Left> : execShift<int64_t, Left>;
  default:
    return nullptr;
  }
}

template <bool Left> Status decodeShift(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  inst.exec = shiftFor<Left>(inst.type);
  if (!inst.exec)
    return d.unsupported("type ." + std::string(typeName(inst.type)));
  inst.numOps = 3;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, inst.type, inst.ops[1]); !s)
    return s;
  return d.source(2, Type::U32, inst.ops[2]);
}

// --- shf --------------------------------------------------------------------------------------

template <bool Left, bool Clamp> void execFunnelShift(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  forEachLane(exec, [&](int l) {
    d[l] = funnelShift(static_cast<uint32_t>(a[l]), static_cast<uint32_t>(b[l]),
                       static_cast<uint32_t>(c[l]), Left, Clamp);
  });
}

Status decodeFunnelShift(InstDecoder &d, Inst &inst) {
  bool left = d.has("l"), right = d.has("r");
  bool clamp = d.has("clamp"), wrap = d.has("wrap");
  if (left == right)
    return d.error("shf needs exactly one of .l and .r");
  if (clamp == wrap)
    return d.error("shf needs exactly one of .clamp and .wrap");
  inst.type = Type::B32;
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  for (size_t i = 1; i <= 3; ++i)
    if (Status s = d.source(i, i == 3 ? Type::U32 : Type::B32, inst.ops[i]); !s)
      return s;
  inst.exec = left ? (clamp ? execFunnelShift<true, true> : execFunnelShift<true, false>)
                   : (clamp ? execFunnelShift<false, true> : execFunnelShift<false, false>);
  return Status::ok();
}

// --- lop3 -------------------------------------------------------------------------------------

void execLop3(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  const uint32_t lut = inst.aux;
  forEachLane(exec, [&](int l) {
    d[l] = logic3(static_cast<uint32_t>(a[l]), static_cast<uint32_t>(b[l]),
                  static_cast<uint32_t>(c[l]), lut);
  });
}

Status decodeLop3(InstDecoder &d, Inst &inst) {
  if (d.has("and") || d.has("or") || d.operandCount() != 5)
    return d.unsupported("lop3 with a predicate output");
  inst.type = Type::B32;
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  for (size_t i = 1; i <= 3; ++i)
    if (Status s = d.source(i, Type::B32, inst.ops[i]); !s)
      return s;
  Expected<int64_t> lut = d.immediate(4);
  if (!lut)
    return lut.error();
  if (lut.value() < 0 || lut.value() > 255)
    return d.error("immLut must be in 0..255");
  inst.aux = static_cast<uint32_t>(lut.value());
  inst.exec = execLop3;
  return Status::ok();
}

// --- bfe / bfi --------------------------------------------------------------------------------

template <class T> void execBfe(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  forEachLane(exec, [&](int l) {
    d[l] = cellPut<T>(bitFieldExtract(cellGet<T>(a[l]), static_cast<uint32_t>(b[l]),
                                      static_cast<uint32_t>(c[l])));
  });
}

Status decodeBfe(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  switch (inst.type) {
  case Type::U32:
    inst.exec = execBfe<uint32_t>;
    break;
  case Type::S32:
    inst.exec = execBfe<int32_t>;
    break;
  case Type::U64:
    inst.exec = execBfe<uint64_t>;
    break;
  case Type::S64:
    inst.exec = execBfe<int64_t>;
    break;
  default:
    return d.unsupported("bfe type ." + std::string(typeName(inst.type)));
  }
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, inst.type, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, Type::U32, inst.ops[2]); !s)
    return s;
  return d.source(3, Type::U32, inst.ops[3]);
}

template <class U> void execBfi(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  const uint64_t *e = w.row(inst.ops[4].reg);
  forEachLane(exec, [&](int l) {
    d[l] = cellPut<U>(bitFieldInsert(cellGet<U>(a[l]), cellGet<U>(b[l]),
                                     static_cast<uint32_t>(c[l]), static_cast<uint32_t>(e[l])));
  });
}

Status decodeBfi(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (inst.type == Type::B32)
    inst.exec = execBfi<uint32_t>;
  else if (inst.type == Type::B64)
    inst.exec = execBfi<uint64_t>;
  else
    return d.unsupported("bfi type ." + std::string(typeName(inst.type)));
  inst.numOps = 5;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, inst.type, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, inst.type, inst.ops[2]); !s)
    return s;
  if (Status s = d.source(3, Type::U32, inst.ops[3]); !s)
    return s;
  return d.source(4, Type::U32, inst.ops[4]);
}

// --- brev / clz / popc / bfind ----------------------------------------------------------------

template <class U> void execBrev(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int l) { d[l] = cellPut<U>(bitReverse(cellGet<U>(a[l]))); });
}
template <class U> void execClz(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int l) { d[l] = countLeadingZeros(cellGet<U>(a[l])); });
}
template <class U> void execPopc(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int l) { d[l] = populationCount(cellGet<U>(a[l])); });
}
template <class T> void execBfind(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const bool shiftAmount = inst.aux != 0;
  forEachLane(exec, [&](int l) { d[l] = findMostSignificantBit(cellGet<T>(a[l]), shiftAmount); });
}

// Unary bit counts: the source has the instruction's type, 32 or 64 bits.
Status decodeBitUnary(InstDecoder &d, Inst &inst, ExecFn fn32, ExecFn fn64) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  uint32_t bytes = typeBytes(inst.type);
  if (inst.type == Type::Pred || (bytes != 4 && bytes != 8) || isFloatType(inst.type))
    return d.unsupported("type ." + std::string(typeName(inst.type)));
  inst.exec = bytes == 4 ? fn32 : fn64;
  inst.numOps = 2;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  return d.source(1, inst.type, inst.ops[1]);
}

Status decodeBrev(InstDecoder &d, Inst &inst) {
  return decodeBitUnary(d, inst, execBrev<uint32_t>, execBrev<uint64_t>);
}
Status decodeClz(InstDecoder &d, Inst &inst) {
  return decodeBitUnary(d, inst, execClz<uint32_t>, execClz<uint64_t>);
}
Status decodePopc(InstDecoder &d, Inst &inst) {
  return decodeBitUnary(d, inst, execPopc<uint32_t>, execPopc<uint64_t>);
}
Status decodeBfind(InstDecoder &d, Inst &inst) {
  Status s = isSignedType(d.types().empty() ? Type::None : d.types()[0])
                 ? decodeBitUnary(d, inst, execBfind<int32_t>, execBfind<int64_t>)
                 : decodeBitUnary(d, inst, execBfind<uint32_t>, execBfind<uint64_t>);
  inst.aux = d.has("shiftamt") ? 1 : 0;
  return s;
}

// --- fns --------------------------------------------------------------------------------------

void execFns(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *mask = w.row(inst.ops[1].reg);
  const uint64_t *base = w.row(inst.ops[2].reg);
  const uint64_t *offset = w.row(inst.ops[3].reg);
  forEachLane(exec, [&](int l) {
    d[l] = findNthSetBit(static_cast<uint32_t>(mask[l]), static_cast<uint32_t>(base[l]),
                         cellGet<int32_t>(offset[l]));
  });
}

Status decodeFns(InstDecoder &d, Inst &inst) {
  inst.type = Type::B32;
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, Type::B32, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, Type::U32, inst.ops[2]); !s)
    return s;
  if (Status s = d.source(3, Type::S32, inst.ops[3]); !s)
    return s;
  inst.exec = execFns;
  return Status::ok();
}

// --- prmt -------------------------------------------------------------------------------------

template <PermuteMode Mode> void execPrmt(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  forEachLane(exec, [&](int l) {
    d[l] = permuteBytes(static_cast<uint32_t>(a[l]), static_cast<uint32_t>(b[l]),
                        static_cast<uint32_t>(c[l]), Mode);
  });
}

Status decodePrmt(InstDecoder &d, Inst &inst) {
  inst.type = Type::B32;
  inst.exec = execPrmt<PermuteMode::Generic>;
  if (d.has("f4e"))
    inst.exec = execPrmt<PermuteMode::F4e>;
  else if (d.has("b4e"))
    inst.exec = execPrmt<PermuteMode::B4e>;
  else if (d.has("rc8"))
    inst.exec = execPrmt<PermuteMode::Rc8>;
  else if (d.has("ecl"))
    inst.exec = execPrmt<PermuteMode::Ecl>;
  else if (d.has("ecr"))
    inst.exec = execPrmt<PermuteMode::Ecr>;
  else if (d.has("rc16"))
    inst.exec = execPrmt<PermuteMode::Rc16>;
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  for (size_t i = 1; i <= 3; ++i)
    if (Status s = d.source(i, Type::B32, inst.ops[i]); !s)
      return s;
  return Status::ok();
}

// --- bmsk ------------------------------------------------------------------------------------

template <bool Clamp> void execBmsk(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  forEachLane(exec, [&](int l) {
    d[l] = bitMask(static_cast<uint32_t>(a[l]), static_cast<uint32_t>(b[l]), Clamp);
  });
}

Status decodeBmsk(InstDecoder &d, Inst &inst) {
  inst.type = Type::B32;
  if (d.has("clamp"))
    inst.exec = execBmsk<true>;
  else if (d.has("wrap"))
    inst.exec = execBmsk<false>;
  else
    return d.error("bmsk needs .clamp or .wrap");
  inst.numOps = 3;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  for (size_t i = 1; i <= 2; ++i)
    if (Status s = d.source(i, Type::U32, inst.ops[i]); !s)
      return s;
  return Status::ok();
}

// --- dp4a / dp2a ------------------------------------------------------------------------------

template <bool ASigned, bool BSigned, int Mode> // Mode: 4 = dp4a, 0 = dp2a.lo, 2 = dp2a.hi
void execDot(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  forEachLane(exec, [&](int l) {
    uint32_t av = static_cast<uint32_t>(a[l]), bv = static_cast<uint32_t>(b[l]);
    uint32_t cv = static_cast<uint32_t>(c[l]);
    d[l] = Mode == 4 ? dotProduct4(av, bv, cv, ASigned, BSigned)
                     : dotProduct2(av, bv, cv, ASigned, BSigned, Mode == 2);
  });
}

template <int Mode> ExecFn dotFor(bool aSigned, bool bSigned) {
  if (aSigned)
    return bSigned ? execDot<true, true, Mode> : execDot<true, false, Mode>;
  return bSigned ? execDot<false, true, Mode> : execDot<false, false, Mode>;
}

Status decodeDot(InstDecoder &d, Inst &inst, bool fourWay) {
  std::vector<Type> types = d.types();
  if (types.size() != 2)
    return d.error("expected .atype.btype");
  for (Type t : types)
    if (t != Type::U32 && t != Type::S32)
      return d.error("dot product operand types are .u32 or .s32");
  bool aSigned = types[0] == Type::S32, bSigned = types[1] == Type::S32;
  inst.type = aSigned || bSigned ? Type::S32 : Type::U32;
  if (fourWay) {
    inst.exec = dotFor<4>(aSigned, bSigned);
  } else {
    bool lo = d.has("lo"), hi = d.has("hi");
    if (lo == hi)
      return d.error("dp2a needs exactly one of .lo and .hi");
    inst.exec = hi ? dotFor<2>(aSigned, bSigned) : dotFor<0>(aSigned, bSigned);
  }
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, types[0], inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, types[1], inst.ops[2]); !s)
    return s;
  return d.source(3, inst.type, inst.ops[3]);
}

Status decodeDp4a(InstDecoder &d, Inst &inst) { return decodeDot(d, inst, true); }
Status decodeDp2a(InstDecoder &d, Inst &inst) { return decodeDot(d, inst, false); }

} // namespace

void addLogicOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"and", decodeBitwise<AndOp>});
  table.push_back({"or", decodeBitwise<OrOp>});
  table.push_back({"xor", decodeBitwise<XorOp>});
  table.push_back({"not", decodeNot});
  table.push_back({"cnot", decodeCnot});
  table.push_back({"shl", decodeShift<true>});
  table.push_back({"shr", decodeShift<false>});
  table.push_back({"shf", decodeFunnelShift});
  table.push_back({"lop3", decodeLop3});
  table.push_back({"bfe", decodeBfe});
  table.push_back({"bfi", decodeBfi});
  table.push_back({"brev", decodeBrev});
  table.push_back({"clz", decodeClz});
  table.push_back({"popc", decodePopc});
  table.push_back({"bfind", decodeBfind});
  table.push_back({"fns", decodeFns});
  table.push_back({"prmt", decodePrmt});
  table.push_back({"bmsk", decodeBmsk});
  table.push_back({"dp4a", decodeDp4a});
  table.push_back({"dp2a", decodeDp2a});
}

} // namespace qiao::ptx
