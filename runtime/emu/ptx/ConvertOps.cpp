// cvt between the integer and float types (PTX ISA 9.0, section 9.7.9.21). Every form runs
// convertCell (ConvertSemantics.h) per lane; the conversions programs do most (between u32, s32,
// u64, s64, f32, f64 without .sat/.ftz, in the default or most common rounding) get their own
// loop of plain C++ conversions that the compiler can vectorise.
#include "ConvertSemantics.h"
#include "FloatSemantics.h"
#include "InstDecoder.h"
#include "Lanes.h"
#include "Warp.h"

#include <string>
#include <type_traits>

namespace qiao::ptx {
namespace {

ConvertSpec specOf(const Inst &inst) {
  ConvertSpec spec;
  spec.dst = inst.type;
  spec.src = inst.type2;
  spec.rounding = inst.rounding;
  spec.sat = inst.sat;
  spec.ftz = inst.ftz;
  spec.relu = inst.aux != 0;
  return spec;
}

void execConvertGeneric(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const ConvertSpec spec = specOf(inst);
  forEachLane(exec, [&](int l) { d[l] = convertCell(a[l], spec); });
}

// Integer to integer without .sat: the source's value (sign- or zero-extended), truncated.
template <class Dst, class Src> void execIntToInt(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int l) { d[l] = cellPut<Dst>(static_cast<Dst>(cellGet<Src>(a[l]))); });
}

// Integer to f32/f64, round to nearest even (the host's conversion rounds that way).
template <class Dst, class Src> void execIntToFloat(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int l) { d[l] = cellPut<Dst>(static_cast<Dst>(cellGet<Src>(a[l]))); });
}

// f32/f64 to integer toward zero, NaN to 0, clamped.
template <class Dst, class Src> void execFloatToInt(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec,
              [&](int l) { d[l] = cellPut<Dst>(truncateToInteger<Dst>(cellGet<Src>(a[l]))); });
}

void execF32ToF64(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int l) { d[l] = cellPut<double>(cellGet<float>(a[l])); });
}

void execF64ToF32(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int l) {
    double v = cellGet<double>(a[l]);
    d[l] = v != v ? uint64_t{kCanonicalNanF32} : cellPut<float>(static_cast<float>(v));
  });
}

// The C++ type of the common convertible types; None for the others.
enum class Plain : uint8_t { None, U32, S32, U64, S64, F32, F64 };
Plain plainOf(Type t) {
  switch (t) {
  case Type::U32:
    return Plain::U32;
  case Type::S32:
    return Plain::S32;
  case Type::U64:
    return Plain::U64;
  case Type::S64:
    return Plain::S64;
  case Type::F32:
    return Plain::F32;
  case Type::F64:
    return Plain::F64;
  default:
    return Plain::None;
  }
}

template <template <class, class> class Loop, class Dst> ExecFn bySource(Plain src) {
  switch (src) {
  case Plain::U32:
    return Loop<Dst, uint32_t>::fn;
  case Plain::S32:
    return Loop<Dst, int32_t>::fn;
  case Plain::U64:
    return Loop<Dst, uint64_t>::fn;
  case Plain::S64:
    return Loop<Dst, int64_t>::fn;
  case Plain::F32:
    return Loop<Dst, float>::fn;
  case Plain::F64:
    return Loop<Dst, double>::fn;
  default:
    return nullptr;
  }
}
template <template <class, class> class Loop> ExecFn byPair(Plain dst, Plain src) {
  switch (dst) {
  case Plain::U32:
    return bySource<Loop, uint32_t>(src);
  case Plain::S32:
    return bySource<Loop, int32_t>(src);
  case Plain::U64:
    return bySource<Loop, uint64_t>(src);
  case Plain::S64:
    return bySource<Loop, int64_t>(src);
  case Plain::F32:
    return bySource<Loop, float>(src);
  case Plain::F64:
    return bySource<Loop, double>(src);
  default:
    return nullptr;
  }
}

// Each loop exists only for the pairs it handles (the others give nullptr, never chosen).
template <class Dst, class Src> constexpr ExecFn intToIntLoop() {
  if constexpr (std::is_integral_v<Dst> && std::is_integral_v<Src>)
    return execIntToInt<Dst, Src>;
  return nullptr;
}
template <class Dst, class Src> constexpr ExecFn intToFloatLoop() {
  if constexpr (std::is_floating_point_v<Dst> && std::is_integral_v<Src>)
    return execIntToFloat<Dst, Src>;
  return nullptr;
}
template <class Dst, class Src> constexpr ExecFn floatToIntLoop() {
  if constexpr (std::is_integral_v<Dst> && std::is_floating_point_v<Src>)
    return execFloatToInt<Dst, Src>;
  return nullptr;
}
template <class Dst, class Src> struct IntToIntLoop {
  static constexpr ExecFn fn = intToIntLoop<Dst, Src>();
};
template <class Dst, class Src> struct IntToFloatLoop {
  static constexpr ExecFn fn = intToFloatLoop<Dst, Src>();
};
template <class Dst, class Src> struct FloatToIntLoop {
  static constexpr ExecFn fn = floatToIntLoop<Dst, Src>();
};

// The tight loop for a conversion, or nullptr when it takes the general path.
ExecFn fastConversion(const Inst &inst, bool relu) {
  if (inst.sat || inst.ftz || relu)
    return nullptr;
  Plain dst = plainOf(inst.type), src = plainOf(inst.type2);
  if (dst == Plain::None || src == Plain::None)
    return nullptr;
  bool dstFloat = dst == Plain::F32 || dst == Plain::F64;
  bool srcFloat = src == Plain::F32 || src == Plain::F64;
  Rounding r = inst.rounding;
  if (!dstFloat && !srcFloat)
    return r == Rounding::None ? byPair<IntToIntLoop>(dst, src) : nullptr;
  if (dstFloat && !srcFloat)
    return isNearest(r) ? byPair<IntToFloatLoop>(dst, src) : nullptr;
  if (!dstFloat && srcFloat)
    return r == Rounding::None || r == Rounding::Rzi ? byPair<FloatToIntLoop>(dst, src) : nullptr;
  if (dst == Plain::F64 && src == Plain::F32 && r == Rounding::None)
    return execF32ToF64;
  if (dst == Plain::F32 && src == Plain::F64 && isNearest(r))
    return execF64ToF32;
  return nullptr;
}

bool isConvertibleType(Type t) {
  switch (t) {
  case Type::U8:
  case Type::U16:
  case Type::U32:
  case Type::U64:
  case Type::S8:
  case Type::S16:
  case Type::S32:
  case Type::S64:
  case Type::F16:
  case Type::BF16:
  case Type::F32:
  case Type::F64:
    return true;
  default:
    return false;
  }
}

// cvt.frnd{.relu}{.satfinite}.f16x2.f32 d, a, b (and .bf16x2): a rounded into the upper half of
// d, b into the lower (what __floats2half2_rn compiles to). .relu clamps negatives to +0;
// .satfinite turns infinities and out-of-range values into the largest finite value, NaN to NaN.
void execPackHalves(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const bool bf16 = inst.type == Type::BF16x2, relu = (inst.aux & 1) != 0;
  const bool satfinite = (inst.aux & 2) != 0;
  const float largest = bf16 ? 3.3895313892515355e38f : 65504.0f;
  auto convert = [&](uint64_t bits) -> uint64_t {
    float x = std::bit_cast<float>(static_cast<uint32_t>(bits));
    if (relu && !std::isnan(x) && x < 0.0f)
      x = 0.0f;
    uint16_t h = bf16 ? floatToBf16(x, inst.rounding) : floatToHalf(x, inst.rounding);
    if (satfinite && !std::isnan(x)) {
      float back = bf16 ? bf16ToFloat(h) : halfToFloat(h);
      if (std::isinf(back))
        h = bf16 ? floatToBf16(std::copysign(largest, x)) : floatToHalf(std::copysign(largest, x));
    }
    return h;
  };
  forEachLane(exec, [&](int l) { d[l] = convert(a[l]) << 16 | convert(b[l]); });
}

Status decodeCvtPack(InstDecoder &d, Inst &inst, Type dst) {
  inst.type = dst;
  inst.type2 = Type::F32;
  inst.rounding = d.rounding();
  if (inst.rounding != Rounding::Rn && inst.rounding != Rounding::Rz)
    return d.unsupported("packed half conversion rounding (only .rn and .rz)");
  inst.aux = (d.has("relu") ? 1u : 0u) | (d.has("satfinite") ? 2u : 0u);
  if (d.operandCount() != 3)
    return d.error("a packed conversion takes three operands");
  inst.numOps = 3;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, Type::F32, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, Type::F32, inst.ops[2]); !s)
    return s;
  inst.exec = execPackHalves;
  return Status::ok();
}

// cvt.{rna,rn,rz}.tf32.f32: an f32 rounded to tf32's 10 mantissa bits, kept as an f32 whose low
// 13 bits are zero. A NaN becomes the canonical NaN; rounding may carry into the exponent, up to
// infinity, as the format's rounding does.
template <Rounding R> void execToTf32(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int l) {
    uint32_t bits = static_cast<uint32_t>(a[l]);
    if ((bits & 0x7fffffffu) > 0x7f800000u) {
      d[l] = kCanonicalNanF32;
      return;
    }
    if constexpr (R == Rounding::Rna)
      bits += 0x1000u; // half of the last kept bit: ties go away from zero
    else if constexpr (R == Rounding::Rn)
      bits += 0xfffu + ((bits >> 13) & 1u); // ties go to the even neighbour
    d[l] = bits & ~uint32_t{0x1fff};
  });
}

Status decodeCvtTf32(InstDecoder &d, Inst &inst) {
  for (const std::string &m : d.modifiers())
    if (m != "tf32" && m != "f32" && m != "rna" && m != "rn" && m != "rz")
      return d.unsupported("qualifier ." + m + " of cvt to .tf32");
  if (!d.has("f32") || d.modifiers().size() != 3 || d.modifiers()[1] != "tf32")
    return d.error("cvt to .tf32 converts from .f32: cvt.rna.tf32.f32");
  inst.type = Type::B32;
  inst.type2 = Type::F32;
  inst.rounding = d.rounding();
  if (inst.rounding == Rounding::Rna)
    inst.exec = execToTf32<Rounding::Rna>;
  else if (inst.rounding == Rounding::Rn)
    inst.exec = execToTf32<Rounding::Rn>;
  else
    inst.exec = execToTf32<Rounding::Rz>;
  if (d.operandCount() != 2)
    return d.error("cvt takes two operands");
  inst.numOps = 2;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  return d.source(1, Type::F32, inst.ops[1]);
}

Status decodeCvt(InstDecoder &d, Inst &inst) {
  if (d.has("tf32"))
    return decodeCvtTf32(d, inst);
  std::vector<Type> types = d.types();
  if (types.size() == 2 && (types[0] == Type::F16x2 || types[0] == Type::BF16x2) &&
      types[1] == Type::F32)
    return decodeCvtPack(d, inst, types[0]);
  if (d.has("pack"))
    return d.unsupported("cvt.pack");
  if (d.has("satfinite"))
    return d.unsupported("cvt .satfinite");
  if (types.size() != 2)
    return d.error("expected .dtype.atype");
  inst.type = types[0];
  inst.type2 = types[1];
  if (!isConvertibleType(inst.type))
    return d.unsupported("cvt to ." + std::string(typeName(inst.type)));
  if (!isConvertibleType(inst.type2))
    return d.unsupported("cvt from ." + std::string(typeName(inst.type2)));
  inst.rounding = d.rounding();
  if (inst.rounding == Rounding::Rs)
    return d.unsupported("cvt.rs");
  bool dstFloat = isFloatType(inst.type), srcFloat = isFloatType(inst.type2);
  if (isIntegerRounding(inst.rounding) && !srcFloat)
    return d.error("integer rounding needs a float source");
  if (isIntegerRounding(inst.rounding) && dstFloat && inst.type != inst.type2)
    return d.error("integer rounding to a float type needs the same source type");
  if (inst.rounding == Rounding::Rna && !(dstFloat && srcFloat))
    return d.unsupported("cvt.rna outside float conversions");
  if (!isIntegerRounding(inst.rounding) && inst.rounding != Rounding::None && !dstFloat)
    return d.error("float-to-integer conversions take .rni, .rzi, .rmi or .rpi");
  inst.sat = d.has("sat");
  inst.ftz = d.has("ftz");
  bool relu = d.has("relu");
  if (relu && inst.type != Type::F16 && inst.type != Type::BF16)
    return d.unsupported(".relu outside f16/bf16 destinations");
  inst.aux = relu ? 1 : 0;
  inst.numOps = 2;
  if (d.operandCount() != 2)
    return d.error("cvt takes two operands");
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, inst.type2, inst.ops[1]); !s)
    return s;
  inst.exec = fastConversion(inst, relu);
  if (!inst.exec)
    inst.exec = execConvertGeneric;
  return Status::ok();
}

} // namespace

void addConvertOpcodes(std::vector<OpcodeEntry> &table) { table.push_back({"cvt", decodeCvt}); }

} // namespace qiao::ptx
