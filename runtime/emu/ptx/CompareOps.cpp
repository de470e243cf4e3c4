// Comparison and selection: setp, set, selp, slct (PTX ISA 9.0, sections 9.7.7 "Comparison and
// Selection Instructions" and 9.7.4 for the half-precision setp). The comparison itself is done
// once per warp into a row of 0/1 results by a loop chosen per comparison and type; the boolean
// combination with the optional third predicate and the writes follow in a second loop.
#include "FloatSemantics.h"
#include "InstDecoder.h"
#include "Lanes.h"
#include "Warp.h"

#include <array>
#include <string>
#include <utility>

namespace qiao::ptx {
namespace {

constexpr std::array<std::pair<std::string_view, CmpOp>, 18> kCompareNames = {{
    {"eq", CmpOp::Eq},
    {"ne", CmpOp::Ne},
    {"lt", CmpOp::Lt},
    {"le", CmpOp::Le},
    {"gt", CmpOp::Gt},
    {"ge", CmpOp::Ge},
    {"lo", CmpOp::Lo},
    {"ls", CmpOp::Ls},
    {"hi", CmpOp::Hi},
    {"hs", CmpOp::Hs},
    {"equ", CmpOp::Equ},
    {"neu", CmpOp::Neu},
    {"ltu", CmpOp::Ltu},
    {"leu", CmpOp::Leu},
    {"gtu", CmpOp::Gtu},
    {"geu", CmpOp::Geu},
    {"num", CmpOp::Num},
    {"nan", CmpOp::Nan},
}};

CmpOp compareOpOf(const InstDecoder &d) {
  for (const std::string &m : d.modifiers())
    for (const auto &[name, op] : kCompareNames)
      if (m == name)
        return op;
  return CmpOp::None;
}

BoolOp boolOpOf(const InstDecoder &d) {
  if (d.has("and"))
    return BoolOp::And;
  if (d.has("or"))
    return BoolOp::Or;
  if (d.has("xor"))
    return BoolOp::Xor;
  return BoolOp::None;
}

// How a comparison reads its operands: the C++ type of the value, and for the narrow floats the
// format to widen from.
enum class Operands : uint8_t { U16, S16, U32, S32, U64, S64, F16, BF16, F32, F64 };

template <Operands K> auto readOperand(uint64_t cell, bool ftz) {
  if constexpr (K == Operands::U16)
    return cellGet<uint16_t>(cell);
  else if constexpr (K == Operands::S16)
    return cellGet<int16_t>(cell);
  else if constexpr (K == Operands::U32)
    return cellGet<uint32_t>(cell);
  else if constexpr (K == Operands::S32)
    return cellGet<int32_t>(cell);
  else if constexpr (K == Operands::U64)
    return cellGet<uint64_t>(cell);
  else if constexpr (K == Operands::S64)
    return cellGet<int64_t>(cell);
  else if constexpr (K == Operands::F16)
    return static_cast<float>(halfToFloat(static_cast<uint16_t>(cell)));
  else if constexpr (K == Operands::BF16)
    return bf16ToFloat(static_cast<uint16_t>(cell));
  else if constexpr (K == Operands::F32) {
    float f = cellGet<float>(cell);
    return ftz ? flushF32(f) : f;
  } else {
    (void)ftz;
    return cellGet<double>(cell);
  }
}

template <class T> using Unsigned = std::make_unsigned_t<T>;

// The comparison of two values. Integer lo/ls/hi/hs compare as unsigned whatever the type;
// ordered float comparisons are false and unordered ones true when either operand is NaN.
template <CmpOp Op, class T> bool compareValues(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if constexpr (Op == CmpOp::Eq)
      return a == b;
    else if constexpr (Op == CmpOp::Ne)
      return a < b || a > b;
    else if constexpr (Op == CmpOp::Lt)
      return a < b;
    else if constexpr (Op == CmpOp::Le)
      return a <= b;
    else if constexpr (Op == CmpOp::Gt)
      return a > b;
    else if constexpr (Op == CmpOp::Ge)
      return a >= b;
    else if constexpr (Op == CmpOp::Equ)
      return !(a < b || a > b);
    else if constexpr (Op == CmpOp::Neu)
      return !(a == b);
    else if constexpr (Op == CmpOp::Ltu)
      return !(a >= b);
    else if constexpr (Op == CmpOp::Leu)
      return !(a > b);
    else if constexpr (Op == CmpOp::Gtu)
      return !(a <= b);
    else if constexpr (Op == CmpOp::Geu)
      return !(a < b);
    else if constexpr (Op == CmpOp::Num)
      return a == a && b == b;
    else
      return a != a || b != b;
  } else {
    using U = Unsigned<T>;
    if constexpr (Op == CmpOp::Eq)
      return a == b;
    else if constexpr (Op == CmpOp::Ne)
      return a != b;
    else if constexpr (Op == CmpOp::Lt)
      return a < b;
    else if constexpr (Op == CmpOp::Le)
      return a <= b;
    else if constexpr (Op == CmpOp::Gt)
      return a > b;
    else if constexpr (Op == CmpOp::Ge)
      return a >= b;
    else if constexpr (Op == CmpOp::Lo)
      return static_cast<U>(a) < static_cast<U>(b);
    else if constexpr (Op == CmpOp::Ls)
      return static_cast<U>(a) <= static_cast<U>(b);
    else if constexpr (Op == CmpOp::Hi)
      return static_cast<U>(a) > static_cast<U>(b);
    else
      return static_cast<U>(a) >= static_cast<U>(b);
  }
}

using CompareRow = uint64_t[kWarpSize];

template <Operands K, CmpOp Op>
void compareLanes(Warp &w, const Inst &inst, LaneMask exec, CompareRow &out) {
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const bool ftz = inst.ftz;
  forEachLane(exec, [&](int l) {
    out[l] = compareValues<Op>(readOperand<K>(a[l], ftz), readOperand<K>(b[l], ftz)) ? 1 : 0;
  });
}

template <Operands K> void compareRow(Warp &w, const Inst &inst, LaneMask exec, CompareRow &out) {
  constexpr bool isFloat =
      K == Operands::F16 || K == Operands::BF16 || K == Operands::F32 || K == Operands::F64;
  switch (inst.cmp) {
  case CmpOp::Eq:
    return compareLanes<K, CmpOp::Eq>(w, inst, exec, out);
  case CmpOp::Ne:
    return compareLanes<K, CmpOp::Ne>(w, inst, exec, out);
  case CmpOp::Lt:
    return compareLanes<K, CmpOp::Lt>(w, inst, exec, out);
  case CmpOp::Le:
    return compareLanes<K, CmpOp::Le>(w, inst, exec, out);
  case CmpOp::Gt:
    return compareLanes<K, CmpOp::Gt>(w, inst, exec, out);
  case CmpOp::Ge:
    return compareLanes<K, CmpOp::Ge>(w, inst, exec, out);
  default:
    break;
  }
  if constexpr (isFloat) {
    switch (inst.cmp) {
    case CmpOp::Equ:
      return compareLanes<K, CmpOp::Equ>(w, inst, exec, out);
    case CmpOp::Neu:
      return compareLanes<K, CmpOp::Neu>(w, inst, exec, out);
    case CmpOp::Ltu:
      return compareLanes<K, CmpOp::Ltu>(w, inst, exec, out);
    case CmpOp::Leu:
      return compareLanes<K, CmpOp::Leu>(w, inst, exec, out);
    case CmpOp::Gtu:
      return compareLanes<K, CmpOp::Gtu>(w, inst, exec, out);
    case CmpOp::Geu:
      return compareLanes<K, CmpOp::Geu>(w, inst, exec, out);
    case CmpOp::Num:
      return compareLanes<K, CmpOp::Num>(w, inst, exec, out);
    default:
      return compareLanes<K, CmpOp::Nan>(w, inst, exec, out);
    }
  } else {
    switch (inst.cmp) {
    case CmpOp::Lo:
      return compareLanes<K, CmpOp::Lo>(w, inst, exec, out);
    case CmpOp::Ls:
      return compareLanes<K, CmpOp::Ls>(w, inst, exec, out);
    case CmpOp::Hi:
      return compareLanes<K, CmpOp::Hi>(w, inst, exec, out);
    default:
      return compareLanes<K, CmpOp::Hs>(w, inst, exec, out);
    }
  }
}

// Combines a comparison result with the third predicate (already un-negated) as .BoolOp says.
inline uint64_t combine(BoolOp op, uint64_t r, uint64_t c) {
  switch (op) {
  case BoolOp::And:
    return r & c;
  case BoolOp::Or:
    return r | c;
  case BoolOp::Xor:
    return r ^ c;
  default:
    return r;
  }
}

// Operand layout shared by setp and set: ops[0] destination, ops[1], ops[2] the compared
// values, ops[3] the third predicate (kind None without .BoolOp), ops[4] setp's second
// destination (kind None when absent).
template <Operands K> void execSetp(Warp &w, const Inst &inst, LaneMask exec) {
  CompareRow r;
  compareRow<K>(w, inst, exec, r);
  const bool hasC = inst.ops[3].kind != Operand::Kind::None;
  const uint64_t *c = hasC ? w.row(inst.ops[3].reg) : nullptr;
  const uint64_t nc = inst.ops[3].negated ? 1 : 0;
  uint64_t *p = inst.ops[0].kind == Operand::Kind::Reg ? w.row(inst.ops[0].reg) : nullptr;
  uint64_t *q = inst.ops[4].kind == Operand::Kind::Reg ? w.row(inst.ops[4].reg) : nullptr;
  const BoolOp op = inst.boolOp;
  forEachLane(exec, [&](int l) {
    uint64_t cv = hasC ? ((c[l] & 1) ^ nc) : 0;
    uint64_t pv = combine(op, r[l], cv), qv = combine(op, r[l] ^ 1, cv);
    if (p)
      p[l] = pv;
    if (q)
      q[l] = qv;
  });
}

// set: the combined result as all ones (integer destinations) or 1.0f (f32).
template <Operands K> void execSet(Warp &w, const Inst &inst, LaneMask exec) {
  CompareRow r;
  compareRow<K>(w, inst, exec, r);
  const bool hasC = inst.ops[3].kind != Operand::Kind::None;
  const uint64_t *c = hasC ? w.row(inst.ops[3].reg) : nullptr;
  const uint64_t nc = inst.ops[3].negated ? 1 : 0;
  uint64_t *d = w.row(inst.ops[0].reg);
  // 1.0 in a float destination, all ones in an integer one.
  const uint64_t trueValue = inst.type == Type::F32    ? 0x3f800000u
                             : inst.type == Type::F16  ? 0x3c00u
                             : inst.type == Type::BF16 ? 0x3f80u
                                                       : 0xffffffffu;
  const BoolOp op = inst.boolOp;
  forEachLane(exec, [&](int l) {
    uint64_t cv = hasC ? ((c[l] & 1) ^ nc) : 0;
    d[l] = combine(op, r[l], cv) ? trueValue : 0;
  });
}

bool operandsOf(Type t, Operands &out) {
  switch (t) {
  case Type::B16:
  case Type::U16:
    out = Operands::U16;
    return true;
  case Type::S16:
    out = Operands::S16;
    return true;
  case Type::B32:
  case Type::U32:
    out = Operands::U32;
    return true;
  case Type::S32:
    out = Operands::S32;
    return true;
  case Type::B64:
  case Type::U64:
    out = Operands::U64;
    return true;
  case Type::S64:
    out = Operands::S64;
    return true;
  case Type::F16:
    out = Operands::F16;
    return true;
  case Type::BF16:
    out = Operands::BF16;
    return true;
  case Type::F32:
    out = Operands::F32;
    return true;
  case Type::F64:
    out = Operands::F64;
    return true;
  default:
    return false;
  }
}

template <template <Operands> class Exec> ExecFn execFor(Operands k) {
  switch (k) {
  case Operands::U16:
    return Exec<Operands::U16>::fn;
  case Operands::S16:
    return Exec<Operands::S16>::fn;
  case Operands::U32:
    return Exec<Operands::U32>::fn;
  case Operands::S32:
    return Exec<Operands::S32>::fn;
  case Operands::U64:
    return Exec<Operands::U64>::fn;
  case Operands::S64:
    return Exec<Operands::S64>::fn;
  case Operands::F16:
    return Exec<Operands::F16>::fn;
  case Operands::BF16:
    return Exec<Operands::BF16>::fn;
  case Operands::F32:
    return Exec<Operands::F32>::fn;
  default:
    return Exec<Operands::F64>::fn;
  }
}
template <Operands K> struct SetpExec { static constexpr ExecFn fn = execSetp<K>; };
template <Operands K> struct SetExec { static constexpr ExecFn fn = execSet<K>; };

bool isUnorderedOrClass(CmpOp op) {
  return op == CmpOp::Equ || op == CmpOp::Neu || op == CmpOp::Ltu || op == CmpOp::Leu ||
         op == CmpOp::Gtu || op == CmpOp::Geu || op == CmpOp::Num || op == CmpOp::Nan;
}
bool isUnsignedOnly(CmpOp op) {
  return op == CmpOp::Lo || op == CmpOp::Ls || op == CmpOp::Hi || op == CmpOp::Hs;
}
bool isBitType(Type t) { return t == Type::B16 || t == Type::B32 || t == Type::B64; }

// The comparison part shared by setp and set: the modifiers, the two compared operands and the
// optional third predicate (operand index cIndex).
Status decodeComparison(InstDecoder &d, Inst &inst, Type compareType, size_t firstSource,
                        bool packedAllowed = false) {
  inst.cmp = compareOpOf(d);
  inst.boolOp = boolOpOf(d);
  inst.ftz = d.has("ftz");
  inst.type2 = compareType;
  if (inst.cmp == CmpOp::None)
    return d.error("missing comparison operator");
  bool isFloat = isFloatType(compareType);
  if ((compareType == Type::F16x2 || compareType == Type::BF16x2) && !packedAllowed)
    return d.unsupported("packed half comparisons");
  if (!isFloat && isUnorderedOrClass(inst.cmp))
    return d.error("unordered comparisons apply to float types only");
  if (isFloat && isUnsignedOnly(inst.cmp))
    return d.error("lo/ls/hi/hs apply to integer types only");
  if (isBitType(compareType) && inst.cmp != CmpOp::Eq && inst.cmp != CmpOp::Ne)
    return d.error("bit types compare with eq and ne only");
  if (Status s = d.source(firstSource, compareType, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(firstSource + 1, compareType, inst.ops[2]); !s)
    return s;
  size_t cIndex = firstSource + 2;
  if (inst.boolOp != BoolOp::None) {
    if (Status s = d.predicate(cIndex, inst.ops[3]); !s)
      return s;
    if (d.operandCount() != cIndex + 1)
      return d.error("expected " + std::to_string(cIndex + 1) + " operands");
  } else if (d.operandCount() != cIndex) {
    return d.error("a third predicate needs .and, .or or .xor");
  }
  return Status::ok();
}

Status decodeSetp(InstDecoder &d, Inst &inst) {
  std::vector<Type> types = d.types();
  if (types.size() != 1)
    return d.error("expected one type modifier");
  Operands k;
  if (!operandsOf(types[0], k))
    return d.unsupported("setp type ." + std::string(typeName(types[0])));
  inst.type = Type::Pred;
  inst.numOps = 5;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.partner(0, inst.ops[4]); !s)
    return s;
  if (Status s = decodeComparison(d, inst, types[0], 1); !s)
    return s;
  inst.exec = execFor<SetpExec>(k);
  return Status::ok();
}

// set on packed halves: each half compares on its own and gives 1.0 (a packed float destination)
// or 0xffff (a 32-bit integer one) in its half of the result.
bool compareFloats(CmpOp op, float a, float b) {
  bool unordered = std::isnan(a) || std::isnan(b);
  switch (op) {
  case CmpOp::Eq:
    return a == b;
  case CmpOp::Ne:
    return !unordered && a != b;
  case CmpOp::Lt:
    return a < b;
  case CmpOp::Le:
    return a <= b;
  case CmpOp::Gt:
    return a > b;
  case CmpOp::Ge:
    return a >= b;
  case CmpOp::Equ:
    return unordered || a == b;
  case CmpOp::Neu:
    return unordered || a != b;
  case CmpOp::Ltu:
    return unordered || a < b;
  case CmpOp::Leu:
    return unordered || a <= b;
  case CmpOp::Gtu:
    return unordered || a > b;
  case CmpOp::Geu:
    return unordered || a >= b;
  case CmpOp::Num:
    return !unordered;
  case CmpOp::Nan:
    return unordered;
  default:
    return false;
  }
}

void execSetPacked(Warp &w, const Inst &inst, LaneMask exec) {
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const bool hasC = inst.ops[3].kind != Operand::Kind::None;
  const uint64_t *c = hasC ? w.row(inst.ops[3].reg) : nullptr;
  const uint64_t nc = inst.ops[3].negated ? 1 : 0;
  uint64_t *d = w.row(inst.ops[0].reg);
  const bool bf16 = inst.type2 == Type::BF16x2;
  const uint64_t trueHalf = inst.type == Type::F16x2    ? 0x3c00u
                            : inst.type == Type::BF16x2 ? 0x3f80u
                                                        : 0xffffu;
  forEachLane(exec, [&](int l) {
    uint64_t cv = hasC ? ((c[l] & 1) ^ nc) : 0;
    uint64_t out = 0;
    for (int h = 0; h < 2; ++h) {
      auto x = static_cast<uint16_t>(a[l] >> (16 * h)), y = static_cast<uint16_t>(b[l] >> (16 * h));
      float fx = bf16 ? bf16ToFloat(x) : halfToFloat(x),
            fy = bf16 ? bf16ToFloat(y) : halfToFloat(y);
      if (combine(inst.boolOp, compareFloats(inst.cmp, fx, fy), cv))
        out |= trueHalf << (16 * h);
    }
    d[l] = out;
  });
}

Status decodeSet(InstDecoder &d, Inst &inst) {
  std::vector<Type> types = d.types();
  if (types.size() != 2)
    return d.error("expected .dtype.stype");
  if (types[1] == Type::F16x2 || types[1] == Type::BF16x2) {
    if (types[0] != Type::U32 && types[0] != Type::S32 && types[0] != types[1])
      return d.unsupported("set destination type ." + std::string(typeName(types[0])) +
                           " for packed halves");
    inst.type = types[0];
    inst.numOps = 4;
    if (Status s = d.reg(0, inst.ops[0]); !s)
      return s;
    if (Status s = decodeComparison(d, inst, types[1], 1, true); !s)
      return s;
    inst.exec = execSetPacked;
    return Status::ok();
  }
  if (types[0] != Type::U32 && types[0] != Type::S32 && types[0] != Type::F32 &&
      types[0] != Type::F16 && types[0] != Type::BF16)
    return d.unsupported("set destination type ." + std::string(typeName(types[0])));
  Operands k;
  if (!operandsOf(types[1], k))
    return d.unsupported("set source type ." + std::string(typeName(types[1])));
  inst.type = types[0];
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = decodeComparison(d, inst, types[1], 1); !s)
    return s;
  inst.exec = execFor<SetExec>(k);
  return Status::ok();
}

// --- selp / slct ------------------------------------------------------------------------------

uint64_t widthMask(Type t) {
  uint32_t bytes = typeBytes(t);
  return bytes >= 8 ? ~uint64_t{0} : (uint64_t{1} << (bytes * 8)) - 1;
}

void execSelp(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  const uint64_t nc = inst.ops[3].negated ? 1 : 0;
  const uint64_t mask = widthMask(inst.type);
  forEachLane(exec, [&](int l) { d[l] = (((c[l] & 1) ^ nc) ? a[l] : b[l]) & mask; });
}

Status decodeSelp(InstDecoder &d, Inst &inst) {
  std::vector<Type> types = d.types();
  if (types.size() != 1)
    return d.error("expected one type modifier");
  inst.type = types[0];
  uint32_t bytes = typeBytes(inst.type);
  if (inst.type == Type::Pred || inst.type == Type::B128 || bytes < 2)
    return d.unsupported("selp type ." + std::string(typeName(inst.type)));
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, inst.type, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, inst.type, inst.ops[2]); !s)
    return s;
  if (Status s = d.predicate(3, inst.ops[3]); !s)
    return s;
  inst.exec = execSelp;
  return Status::ok();
}

// slct: c >= 0 selects a. An f32 selector compares -0 as 0 and NaN as false; .ftz flushes a
// subnormal selector (which changes nothing for >= 0, but is written for clarity).
template <bool FloatSelector> void execSlct(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  const uint64_t mask = widthMask(inst.type);
  const bool ftz = inst.ftz;
  forEachLane(exec, [&](int l) {
    bool takeA;
    if constexpr (FloatSelector) {
      float f = cellGet<float>(c[l]);
      takeA = (ftz ? flushF32(f) : f) >= 0.0f;
    } else {
      takeA = cellGet<int32_t>(c[l]) >= 0;
    }
    d[l] = (takeA ? a[l] : b[l]) & mask;
  });
}

Status decodeSlct(InstDecoder &d, Inst &inst) {
  std::vector<Type> types = d.types();
  if (types.size() != 2)
    return d.error("expected .dtype.ctype");
  inst.type = types[0];
  inst.type2 = types[1];
  inst.ftz = d.has("ftz");
  uint32_t bytes = typeBytes(inst.type);
  if (inst.type == Type::Pred || bytes < 2 || bytes > 8 || inst.type == Type::F16 ||
      inst.type == Type::BF16)
    return d.unsupported("slct type ." + std::string(typeName(inst.type)));
  if (inst.type2 == Type::S32)
    inst.exec = execSlct<false>;
  else if (inst.type2 == Type::F32)
    inst.exec = execSlct<true>;
  else
    return d.error("slct selector type is .s32 or .f32");
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, inst.type, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, inst.type, inst.ops[2]); !s)
    return s;
  return d.source(3, inst.type2, inst.ops[3]);
}

} // namespace

void addCompareOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"setp", decodeSetp});
  table.push_back({"set", decodeSet});
  table.push_back({"selp", decodeSelp});
  table.push_back({"slct", decodeSlct});
}

} // namespace qiao::ptx
