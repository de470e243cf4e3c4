// Integer and floating-point arithmetic: add, sub, mul, mad, mul24, mad24, sad, div, rem, abs, neg,
// min, max, fma, rcp, sqrt, rsqrt, sin, cos, lg2, ex2, tanh, copysign, testp and the carry chain
// (add.cc, addc, sub.cc, subc, mad.cc, madc), over s16/u16/s32/u32/s64/u64, f32/f64 and
// f16/f16x2/bf16/bf16x2 (PTX ISA 9.0, sections 9.7.1 to 9.7.4). The per-lane semantics live in
// IntegerSemantics.h and FloatSemantics.h; this file chooses, at decode time, one exec function
// per type and modifier set so that the lane loops carry no type switch.
#include "FloatSemantics.h"
#include "InstDecoder.h"
#include "IntegerSemantics.h"
#include "Lanes.h"
#include "Warp.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <string>

namespace qiao::ptx {
namespace {

// ---- lane loops ----------------------------------------------------------------------------
// Op::apply(inst, cells...) -> cell. With every lane active the results go through a local array
// first: the destination row may be a source row, and the local copy lets the compiler vectorise
// without alias checks.

template <class Op> void execUnary(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  if (exec == kFullMask) {
    uint64_t out[kWarpSize];
    for (int l = 0; l < kWarpSize; ++l)
      out[l] = Op::apply(inst, a[l]);
    std::memcpy(d, out, sizeof out);
    return;
  }
  forEachLane(exec, [&](int l) { d[l] = Op::apply(inst, a[l]); });
}

template <class Op> void execBinary(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  if (exec == kFullMask) {
    uint64_t out[kWarpSize];
    for (int l = 0; l < kWarpSize; ++l)
      out[l] = Op::apply(inst, a[l], b[l]);
    std::memcpy(d, out, sizeof out);
    return;
  }
  forEachLane(exec, [&](int l) { d[l] = Op::apply(inst, a[l], b[l]); });
}

template <class Op> void execTernary(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  if (exec == kFullMask) {
    uint64_t out[kWarpSize];
    for (int l = 0; l < kWarpSize; ++l)
      out[l] = Op::apply(inst, a[l], b[l], c[l]);
    std::memcpy(d, out, sizeof out);
    return;
  }
  forEachLane(exec, [&](int l) { d[l] = Op::apply(inst, a[l], b[l], c[l]); });
}

// ---- integer operations --------------------------------------------------------------------

template <class T, T (*F)(T, T)> struct IntBinary {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<T>(F(cellGet<T>(a), cellGet<T>(b)));
  }
};
template <class T, T (*F)(T)> struct IntUnary {
  static uint64_t apply(const Inst &, uint64_t a) { return cellPut<T>(F(cellGet<T>(a))); }
};
template <class T, T (*F)(T, T, T)> struct IntTernary {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b, uint64_t c) {
    return cellPut<T>(F(cellGet<T>(a), cellGet<T>(b), cellGet<T>(c)));
  }
};

template <class T> struct MulWide {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<Wider<T>>(intMulWide(cellGet<T>(a), cellGet<T>(b)));
  }
};
template <class T> T madLo(T a, T b, T c) { return intAdd(intMulLo(a, b), c); }
template <class T> T madHi(T a, T b, T c) { return intAdd(intMulHi(a, b), c); }
template <class T> struct MadWide {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b, uint64_t c) {
    using W = Wider<T>;
    W product = intMulWide(cellGet<T>(a), cellGet<T>(b));
    return cellPut<W>(intAdd<W>(product, cellGet<W>(c)));
  }
};
template <class T> T mad24Lo(T a, T b, T c) { return intAdd(mul24Lo(a, b), c); }
template <class T> T mad24Hi(T a, T b, T c) { return intAdd(mul24Hi(a, b), c); }
int32_t mad24HiSatS32(int32_t a, int32_t b, int32_t c) {
  return saturateTo<int32_t>(int64_t{mul24Hi(a, b)} + int64_t{c});
}
template <class T> T minRelu(T a, T b) { return reluOf(intMin(a, b)); }
template <class T> T maxRelu(T a, T b) { return reluOf(intMax(a, b)); }

// An exec function for each integer type: Make<T>::exec.
template <template <class> class Make> ExecFn forIntType(Type t) {
  switch (t) {
  case Type::S16:
    return Make<int16_t>::exec;
  case Type::U16:
  case Type::B16:
    return Make<uint16_t>::exec;
  case Type::S32:
    return Make<int32_t>::exec;
  case Type::U32:
  case Type::B32:
    return Make<uint32_t>::exec;
  case Type::S64:
    return Make<int64_t>::exec;
  case Type::U64:
  case Type::B64:
    return Make<uint64_t>::exec;
  default:
    return nullptr;
  }
}

template <class T> struct AddInt {
  static constexpr ExecFn exec = execBinary<IntBinary<T, intAdd<T>>>;
};
template <class T> struct SubInt {
  static constexpr ExecFn exec = execBinary<IntBinary<T, intSub<T>>>;
};
template <class T> struct MulLoInt {
  static constexpr ExecFn exec = execBinary<IntBinary<T, intMulLo<T>>>;
};
template <class T> struct MulHiInt {
  static constexpr ExecFn exec = execBinary<IntBinary<T, intMulHi<T>>>;
};
template <class T> struct MulWideInt { // .wide exists for 16- and 32-bit operands only
  static constexpr ExecFn exec = [] {
    ExecFn e = nullptr;
    if constexpr (sizeof(T) < 8)
      e = execBinary<MulWide<T>>;
    return e;
  }();
};
template <class T> struct MadLoInt {
  static constexpr ExecFn exec = execTernary<IntTernary<T, madLo<T>>>;
};
template <class T> struct MadHiInt {
  static constexpr ExecFn exec = execTernary<IntTernary<T, madHi<T>>>;
};
template <class T> struct MadWideInt { // .wide exists for 16- and 32-bit operands only
  static constexpr ExecFn exec = [] {
    ExecFn e = nullptr;
    if constexpr (sizeof(T) < 8)
      e = execTernary<MadWide<T>>;
    return e;
  }();
};
template <class T> struct SadInt {
  static constexpr ExecFn exec = execTernary<IntTernary<T, intSad<T>>>;
};
template <class T> struct DivInt {
  static constexpr ExecFn exec = execBinary<IntBinary<T, intDiv<T>>>;
};
template <class T> struct RemInt {
  static constexpr ExecFn exec = execBinary<IntBinary<T, intRem<T>>>;
};
template <class T> struct MinInt {
  static constexpr ExecFn exec = execBinary<IntBinary<T, intMin<T>>>;
};
template <class T> struct MaxInt {
  static constexpr ExecFn exec = execBinary<IntBinary<T, intMax<T>>>;
};
template <class T> struct AbsInt {
  static constexpr ExecFn exec = execUnary<IntUnary<T, intAbs<T>>>;
};
template <class T> struct NegInt {
  static constexpr ExecFn exec = execUnary<IntUnary<T, intNeg<T>>>;
};

// The carry chain. CC.CF is one bit per lane in the warp; lanes outside exec keep theirs.
enum class CarryProduct { None, Lo, Hi };
template <class T, bool Subtract, bool CarryIn, bool CarryOut, CarryProduct Product>
void execCarry(Warp &w, const Inst &inst, LaneMask exec) {
  using U = std::make_unsigned_t<T>;
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = Product != CarryProduct::None ? w.row(inst.ops[3].reg) : nullptr;
  LaneMask &flags = w.carryFlags();
  LaneMask in = flags, out = flags;
  forEachLane(exec, [&](int l) {
    bool carry = CarryIn && ((in >> l) & 1);
    U x, y;
    if constexpr (Product == CarryProduct::None) {
      x = cellGet<U>(a[l]);
      y = cellGet<U>(b[l]);
    } else {
      T product = Product == CarryProduct::Lo ? intMulLo(cellGet<T>(a[l]), cellGet<T>(b[l]))
                                              : intMulHi(cellGet<T>(a[l]), cellGet<T>(b[l]));
      x = static_cast<U>(product);
      y = cellGet<U>(c[l]);
    }
    WithCarry<U> r = Subtract ? subWithBorrow(x, y, carry) : addWithCarry(x, y, carry);
    d[l] = cellPut<U>(r.value);
    if constexpr (CarryOut)
      out = r.carry ? (out | (LaneMask{1} << l)) : (out & ~(LaneMask{1} << l));
  });
  flags = out;
}

template <class T, bool Subtract, bool CarryIn, bool CarryOut, CarryProduct Product>
ExecFn carryExec() {
  return execCarry<T, Subtract, CarryIn, CarryOut, Product>;
}
template <bool Subtract, bool CarryIn, bool CarryOut, CarryProduct Product>
ExecFn carryExecFor(Type t) {
  switch (t) {
  case Type::S32:
    return carryExec<int32_t, Subtract, CarryIn, CarryOut, Product>();
  case Type::U32:
  case Type::B32:
    return carryExec<uint32_t, Subtract, CarryIn, CarryOut, Product>();
  case Type::S64:
    return carryExec<int64_t, Subtract, CarryIn, CarryOut, Product>();
  case Type::U64:
  case Type::B64:
    return carryExec<uint64_t, Subtract, CarryIn, CarryOut, Product>();
  default:
    return nullptr;
  }
}

// ---- f32 and f64 ---------------------------------------------------------------------------

float inputF32(const Inst &inst, uint64_t cell) {
  float v = cellGet<float>(cell);
  return inst.ftz ? flushF32(v) : v;
}
uint64_t finishF32(const Inst &inst, float r) {
  if (inst.ftz)
    r = flushF32(r);
  if (inst.sat)
    r = saturateUnit(r);
  return cellPut<float>(canonicalF32(r));
}
double inputF64(const Inst &inst, uint64_t cell) {
  double v = cellGet<double>(cell);
  return inst.ftz ? flushF64(v) : v;
}
uint64_t finishF64(const Inst &inst, double r) {
  if (inst.ftz)
    r = flushF64(r);
  if (inst.sat)
    r = saturateUnit(r);
  return cellPut<double>(r);
}

// The common case, round to nearest without .ftz/.sat: plain host arithmetic.
struct AddF32 {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<float>(canonicalF32(cellGet<float>(a) + cellGet<float>(b)));
  }
};
struct SubF32 {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<float>(canonicalF32(cellGet<float>(a) - cellGet<float>(b)));
  }
};
struct MulF32 {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<float>(canonicalF32(cellGet<float>(a) * cellGet<float>(b)));
  }
};
struct FmaF32 {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b, uint64_t c) {
    return cellPut<float>(
        canonicalF32(fmaNearestF32(cellGet<float>(a), cellGet<float>(b), cellGet<float>(c))));
  }
};
// fma.rn.f32 on a CPU with a fused multiply-add: the same correctly rounded result as FmaF32's
// exact emulation, in one instruction per lane that the compiler can vectorise. Chosen at decode
// time when the host supports it (x86-64's baseline has no FMA, so it cannot be the default).
#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) void execFmaF32Hardware(Warp &w, const Inst &inst,
                                                            LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  uint64_t out[kWarpSize];
  for (int l = 0; l < kWarpSize; ++l)
    out[l] = cellPut<float>(canonicalF32(
        __builtin_fmaf(cellGet<float>(a[l]), cellGet<float>(b[l]), cellGet<float>(c[l]))));
  if (exec == kFullMask) {
    std::memcpy(d, out, sizeof out);
    return;
  }
  forEachLane(exec, [&](int l) { d[l] = out[l]; });
}
#endif

ExecFn fmaF32NearestExec() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2"))
    return execFmaF32Hardware;
#endif
  return execTernary<FmaF32>;
}

struct AddF64 {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<double>(cellGet<double>(a) + cellGet<double>(b));
  }
};
struct SubF64 {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<double>(cellGet<double>(a) - cellGet<double>(b));
  }
};
struct MulF64 {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<double>(cellGet<double>(a) * cellGet<double>(b));
  }
};
struct FmaF64 {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b, uint64_t c) {
    return cellPut<double>(std::fma(cellGet<double>(a), cellGet<double>(b), cellGet<double>(c)));
  }
};

// Every other modifier combination: the rounding mode, .ftz and .sat read from the instruction.
template <float (*F)(float, float, Rounding)> struct F32Rounded2 {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b) {
    return finishF32(inst, F(inputF32(inst, a), inputF32(inst, b), inst.rounding));
  }
};
template <float (*F)(float, float, float, Rounding)> struct F32Rounded3 {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b, uint64_t c) {
    return finishF32(inst,
                     F(inputF32(inst, a), inputF32(inst, b), inputF32(inst, c), inst.rounding));
  }
};
template <float (*F)(float, Rounding)> struct F32Rounded1 {
  static uint64_t apply(const Inst &inst, uint64_t a) {
    return finishF32(inst, F(inputF32(inst, a), inst.rounding));
  }
};
template <float (*F)(float)> struct F32Approx1 {
  static uint64_t apply(const Inst &inst, uint64_t a) {
    return finishF32(inst, F(inputF32(inst, a)));
  }
};
struct DivApproxF32 {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b) {
    return finishF32(inst, f32DivApprox(inputF32(inst, a), inputF32(inst, b)));
  }
};
template <double (*F)(double, double, Rounding)> struct F64Rounded2 {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b) {
    return finishF64(inst, F(inputF64(inst, a), inputF64(inst, b), inst.rounding));
  }
};
struct FmaF64Rounded {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b, uint64_t c) {
    return finishF64(
        inst, f64Fma(inputF64(inst, a), inputF64(inst, b), inputF64(inst, c), inst.rounding));
  }
};
double f64Rcp(double a, Rounding r) { return f64Div(1.0, a, r); }
// rcp.approx.ftz.f64 and rsqrt.approx.ftz.f64 are the seeds of libdevice's Newton steps: the
// hardware gives only the upper 32 bits of the result (the low word is zero), and those steps
// rely on it (r*r exact). A full-precision seed makes rhypot, rnorm3d... miss their documented
// bounds. Without .ftz the result is the correctly rounded value (rsqrt via long double).
double highWordOnly(double x) {
  return std::bit_cast<double>(std::bit_cast<uint64_t>(x) & 0xffffffff00000000ull);
}
double f64RcpApprox(double a) { return 1.0 / a; }
double f64RsqrtApprox(double a) {
  return static_cast<double>(1.0L / std::sqrt(static_cast<long double>(a)));
}
struct F64ApproxSeed {
  static uint64_t apply(const Inst &inst, uint64_t a) {
    double x = inputF64(inst, a);
    double r = inst.aux == 0 ? 1.0 / x : static_cast<double>(1.0L / std::sqrt((long double)x));
    return finishF64(inst, std::isfinite(r) && r != 0.0 ? highWordOnly(r) : r);
  }
};
template <double (*F)(double, Rounding)> struct F64Rounded1 {
  static uint64_t apply(const Inst &inst, uint64_t a) {
    return finishF64(inst, F(inputF64(inst, a), inst.rounding));
  }
};
template <double (*F)(double)> struct F64Approx1 {
  static uint64_t apply(const Inst &inst, uint64_t a) {
    return finishF64(inst, F(inputF64(inst, a)));
  }
};

// min/max modifiers, in Inst::aux2.
constexpr uint32_t kMinMaxNan = 1;     // .NaN
constexpr uint32_t kMinMaxXorSign = 2; // .xorsign.abs
constexpr uint32_t kRelu = 4;          // .relu (integer min/max, half fma)

template <class F, bool IsMax> F floatMinMax(const Inst &inst, F a, F b) {
  bool nan = inst.aux2 & kMinMaxNan;
  if (inst.aux2 & kMinMaxXorSign)
    return floatMinMaxXorSign(a, b, IsMax, nan);
  return IsMax ? floatMax(a, b, nan) : floatMin(a, b, nan);
}
template <bool IsMax> struct MinMaxF32 {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b) {
    return finishF32(inst, floatMinMax<float, IsMax>(inst, inputF32(inst, a), inputF32(inst, b)));
  }
};
template <bool IsMax> struct MinMaxF64 {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b) {
    double r = floatMinMax<double, IsMax>(inst, cellGet<double>(a), cellGet<double>(b));
    return cellPut<double>(r);
  }
};

// neg/abs only touch the sign bit (NaNs keep their payload, as the ISA leaves them unspecified).
template <bool Abs> struct SignF32 {
  static uint64_t apply(const Inst &inst, uint64_t a) {
    uint32_t bits = std::bit_cast<uint32_t>(inputF32(inst, a));
    return Abs ? (bits & 0x7fffffffu) : (bits ^ 0x80000000u);
  }
};
template <bool Abs> struct SignF64 {
  static uint64_t apply(const Inst &, uint64_t a) {
    constexpr uint64_t sign = uint64_t{1} << 63;
    return Abs ? (a & ~sign) : (a ^ sign);
  }
};
template <class F> struct Copysign {
  static uint64_t apply(const Inst &, uint64_t a, uint64_t b) {
    return cellPut<F>(ptxCopysign(cellGet<F>(a), cellGet<F>(b)));
  }
};
template <class F> struct Testp {
  static uint64_t apply(const Inst &inst, uint64_t a) {
    return testFloatClass(cellGet<F>(a), static_cast<FloatClass>(inst.aux)) ? 1 : 0;
  }
};

// ---- f16, bf16 and their packed pairs --------------------------------------------------------

enum class HalfOp : uint32_t { Add, Sub, Mul, Fma, Neg, Abs, Min, Max };

const HalfOps &halfOpsOf(Type t) {
  return t == Type::BF16 || t == Type::BF16x2 ? kHalfBF16 : kHalfF16;
}

uint16_t halfElement(const Inst &inst, uint16_t a, uint16_t b, uint16_t c) {
  const HalfOps &h = halfOpsOf(inst.type);
  if (inst.ftz) {
    a = h.flush(a);
    b = h.flush(b);
    c = h.flush(c);
  }
  uint16_t r = 0;
  switch (static_cast<HalfOp>(inst.aux)) {
  case HalfOp::Add:
    r = h.add(a, b, inst.rounding);
    break;
  case HalfOp::Sub:
    r = h.sub(a, b, inst.rounding);
    break;
  case HalfOp::Mul:
    r = h.mul(a, b, inst.rounding);
    break;
  case HalfOp::Fma:
    r = h.fma(a, b, c, inst.rounding);
    break;
  case HalfOp::Neg:
    return h.neg(a);
  case HalfOp::Abs:
    return h.abs(a);
  case HalfOp::Min:
  case HalfOp::Max: {
    bool isMax = static_cast<HalfOp>(inst.aux) == HalfOp::Max;
    bool nan = inst.aux2 & kMinMaxNan;
    r = (inst.aux2 & kMinMaxXorSign) ? h.minMaxXorSign(a, b, isMax, nan)
        : isMax                      ? h.max(a, b, nan)
                                     : h.min(a, b, nan);
    break;
  }
  }
  if (inst.ftz)
    r = h.flush(r);
  if (inst.sat)
    r = h.saturate(r);
  if (inst.aux2 & kRelu)
    r = h.relu(r);
  return r;
}

struct HalfArith {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    uint64_t lo = halfElement(inst, static_cast<uint16_t>(a), static_cast<uint16_t>(b),
                              static_cast<uint16_t>(c));
    if (inst.type != Type::F16x2 && inst.type != Type::BF16x2)
      return lo;
    uint64_t hi = halfElement(inst, static_cast<uint16_t>(a >> 16), static_cast<uint16_t>(b >> 16),
                              static_cast<uint16_t>(c >> 16));
    return lo | (hi << 16);
  }
};
struct HalfArith1 {
  static uint64_t apply(const Inst &inst, uint64_t a) { return HalfArith::apply(inst, a); }
};
struct HalfArith2 {
  static uint64_t apply(const Inst &inst, uint64_t a, uint64_t b) {
    return HalfArith::apply(inst, a, b);
  }
};

bool isHalfType(Type t) {
  return t == Type::F16 || t == Type::F16x2 || t == Type::BF16 || t == Type::BF16x2;
}

// ---- decoding ------------------------------------------------------------------------------

// The instruction's one type (the last type modifier).
Status singleType(InstDecoder &d, Type &t) {
  std::vector<Type> types = d.types();
  if (types.empty())
    return d.error("missing type");
  t = types.back();
  return Status::ok();
}

// Destination register and `sources` source operands of type srcType, of `total` operands in all
// (more than sources + 1 when the caller reads the rest with another type).
Status readOperands(InstDecoder &d, Inst &inst, Type srcType, int sources, int total = 0) {
  if (total == 0)
    total = sources + 1;
  if (d.operandCount() != static_cast<size_t>(total))
    return d.error("expected " + std::to_string(total) + " operands");
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (inst.ops[0].kind != Operand::Kind::Reg)
    return d.unsupported("a sink destination for arithmetic");
  for (int i = 1; i <= sources; ++i)
    if (Status s = d.source(i, srcType, inst.ops[i]); !s)
      return s;
  inst.numOps = static_cast<uint8_t>(sources + 1);
  return Status::ok();
}

Status finish(InstDecoder &d, Inst &inst, ExecFn exec, std::string_view opcode) {
  if (!exec)
    return d.unsupported(std::string(opcode) + "." + std::string(typeName(inst.type)) +
                         " with these modifiers");
  inst.exec = exec;
  return Status::ok();
}

// The float modifiers every float instruction may carry.
void readFloatModifiers(InstDecoder &d, Inst &inst) {
  inst.rounding = d.rounding();
  inst.ftz = d.has("ftz");
  inst.sat = d.has("sat");
  inst.approx = d.has("approx");
}

bool needsGeneralF32(const Inst &inst) { return !isNearest(inst.rounding) || inst.ftz || inst.sat; }

Status decodeHalf(InstDecoder &d, Inst &inst, HalfOp op, int sources, std::string_view opcode) {
  readFloatModifiers(d, inst);
  inst.aux = static_cast<uint32_t>(op);
  if (d.has("relu"))
    inst.aux2 |= kRelu;
  if (d.has("NaN"))
    inst.aux2 |= kMinMaxNan;
  if (d.has("xorsign"))
    inst.aux2 |= kMinMaxXorSign;
  if (Status s = readOperands(d, inst, inst.type, sources); !s)
    return s;
  ExecFn exec = sources == 1   ? execUnary<HalfArith1>
                : sources == 2 ? execBinary<HalfArith2>
                               : execTernary<HalfArith>;
  return finish(d, inst, exec, opcode);
}

Status decodeAddSub(InstDecoder &d, Inst &inst, bool subtract) {
  std::string_view opcode = subtract ? "sub" : "add";
  if (Status s = singleType(d, inst.type); !s)
    return s;
  Type t = inst.type;
  if (isHalfType(t))
    return decodeHalf(d, inst, subtract ? HalfOp::Sub : HalfOp::Add, 2, opcode);
  readFloatModifiers(d, inst);
  if (Status s = readOperands(d, inst, t, 2); !s)
    return s;
  if (t == Type::F32) {
    if (needsGeneralF32(inst))
      return finish(d, inst,
                    subtract ? execBinary<F32Rounded2<f32Sub>> : execBinary<F32Rounded2<f32Add>>,
                    opcode);
    return finish(d, inst, subtract ? execBinary<SubF32> : execBinary<AddF32>, opcode);
  }
  if (t == Type::F64) {
    if (inst.ftz || inst.sat)
      return d.unsupported(".ftz/.sat on f64");
    if (!isNearest(inst.rounding))
      return finish(d, inst,
                    subtract ? execBinary<F64Rounded2<f64Sub>> : execBinary<F64Rounded2<f64Add>>,
                    opcode);
    return finish(d, inst, subtract ? execBinary<SubF64> : execBinary<AddF64>, opcode);
  }
  if (d.has("cc"))
    return finish(d, inst,
                  subtract ? carryExecFor<true, false, true, CarryProduct::None>(t)
                           : carryExecFor<false, false, true, CarryProduct::None>(t),
                  opcode);
  if (inst.sat) {
    if (t != Type::S32)
      return d.unsupported(".sat on " + std::string(typeName(t)));
    return finish(d, inst,
                  subtract ? execBinary<IntBinary<int32_t, subSatS32>>
                           : execBinary<IntBinary<int32_t, addSatS32>>,
                  opcode);
  }
  return finish(d, inst, subtract ? forIntType<SubInt>(t) : forIntType<AddInt>(t), opcode);
}
Status decodeAdd(InstDecoder &d, Inst &inst) { return decodeAddSub(d, inst, false); }
Status decodeSub(InstDecoder &d, Inst &inst) { return decodeAddSub(d, inst, true); }

// addc / subc: the carry-in forms, with an optional .cc carry-out.
Status decodeAddSubCarryIn(InstDecoder &d, Inst &inst, bool subtract) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (Status s = readOperands(d, inst, inst.type, 2); !s)
    return s;
  ExecFn exec =
      subtract ? (d.has("cc") ? carryExecFor<true, true, true, CarryProduct::None>(inst.type)
                              : carryExecFor<true, true, false, CarryProduct::None>(inst.type))
               : (d.has("cc") ? carryExecFor<false, true, true, CarryProduct::None>(inst.type)
                              : carryExecFor<false, true, false, CarryProduct::None>(inst.type));
  return finish(d, inst, exec, subtract ? "subc" : "addc");
}
Status decodeAddc(InstDecoder &d, Inst &inst) { return decodeAddSubCarryIn(d, inst, false); }
Status decodeSubc(InstDecoder &d, Inst &inst) { return decodeAddSubCarryIn(d, inst, true); }

Status decodeMul(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  Type t = inst.type;
  if (isHalfType(t))
    return decodeHalf(d, inst, HalfOp::Mul, 2, "mul");
  readFloatModifiers(d, inst);
  if (Status s = readOperands(d, inst, t, 2); !s)
    return s;
  if (t == Type::F32)
    return finish(d, inst,
                  needsGeneralF32(inst) ? execBinary<F32Rounded2<f32Mul>> : execBinary<MulF32>,
                  "mul");
  if (t == Type::F64) {
    if (inst.ftz || inst.sat)
      return d.unsupported(".ftz/.sat on f64");
    return finish(d, inst,
                  isNearest(inst.rounding) ? execBinary<MulF64> : execBinary<F64Rounded2<f64Mul>>,
                  "mul");
  }
  if (d.has("hi"))
    return finish(d, inst, forIntType<MulHiInt>(t), "mul");
  if (d.has("wide"))
    return finish(d, inst, forIntType<MulWideInt>(t), "mul");
  return finish(d, inst, forIntType<MulLoInt>(t), "mul");
}

// mad for floats and fma: fused, rounded once.
Status decodeFusedFloat(InstDecoder &d, Inst &inst, std::string_view opcode) {
  Type t = inst.type;
  if (isHalfType(t))
    return decodeHalf(d, inst, HalfOp::Fma, 3, opcode);
  readFloatModifiers(d, inst);
  if (Status s = readOperands(d, inst, t, 3); !s)
    return s;
  if (t == Type::F32)
    return finish(d, inst,
                  needsGeneralF32(inst) ? execTernary<F32Rounded3<f32Fma>> : fmaF32NearestExec(),
                  opcode);
  if (t == Type::F64) {
    if (inst.ftz || inst.sat)
      return d.unsupported(".ftz/.sat on f64");
    return finish(d, inst,
                  isNearest(inst.rounding) ? execTernary<FmaF64> : execTernary<FmaF64Rounded>,
                  opcode);
  }
  return finish(d, inst, nullptr, opcode);
}

Status decodeFma(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  return decodeFusedFloat(d, inst, "fma");
}

// mad.cc / madc: the product's low or high half plus c, through the carry flag.
Status decodeMadCarry(InstDecoder &d, Inst &inst, bool carryIn) {
  bool hi = d.has("hi");
  bool out = d.has("cc");
  Type t = inst.type;
  ExecFn exec = nullptr;
  if (carryIn) {
    exec = hi ? (out ? carryExecFor<false, true, true, CarryProduct::Hi>(t)
                     : carryExecFor<false, true, false, CarryProduct::Hi>(t))
              : (out ? carryExecFor<false, true, true, CarryProduct::Lo>(t)
                     : carryExecFor<false, true, false, CarryProduct::Lo>(t));
  } else {
    exec = hi ? carryExecFor<false, false, true, CarryProduct::Hi>(t)
              : carryExecFor<false, false, true, CarryProduct::Lo>(t);
  }
  return finish(d, inst, exec, carryIn ? "madc" : "mad");
}

Status decodeMad(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  Type t = inst.type;
  if (isFloatType(t))
    return decodeFusedFloat(d, inst, "mad");
  inst.sat = d.has("sat");
  bool wide = d.has("wide");
  Type cType = t;
  if (wide)
    cType = t == Type::S16   ? Type::S32
            : t == Type::U16 ? Type::U32
            : t == Type::S32 ? Type::S64
                             : Type::U64;
  if (Status s = readOperands(d, inst, t, 2, 4); !s)
    return s;
  if (Status s = d.source(3, cType, inst.ops[3]); !s)
    return s;
  inst.numOps = 4;
  if (d.has("cc"))
    return decodeMadCarry(d, inst, false);
  if (inst.sat) {
    if (t != Type::S32 || !d.has("hi"))
      return d.unsupported(".sat other than mad.hi.sat.s32");
    return finish(d, inst, execTernary<IntTernary<int32_t, madHiSatS32>>, "mad");
  }
  if (d.has("hi"))
    return finish(d, inst, forIntType<MadHiInt>(t), "mad");
  if (wide)
    return finish(d, inst, forIntType<MadWideInt>(t), "mad");
  return finish(d, inst, forIntType<MadLoInt>(t), "mad");
}

Status decodeMadc(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (Status s = readOperands(d, inst, inst.type, 2, 4); !s)
    return s;
  if (Status s = d.source(3, inst.type, inst.ops[3]); !s)
    return s;
  inst.numOps = 4;
  return decodeMadCarry(d, inst, true);
}

Status decodeMul24(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (Status s = readOperands(d, inst, inst.type, 2); !s)
    return s;
  bool hi = d.has("hi");
  ExecFn exec = nullptr;
  if (inst.type == Type::S32)
    exec = hi ? execBinary<IntBinary<int32_t, mul24Hi<int32_t>>>
              : execBinary<IntBinary<int32_t, mul24Lo<int32_t>>>;
  else if (inst.type == Type::U32)
    exec = hi ? execBinary<IntBinary<uint32_t, mul24Hi<uint32_t>>>
              : execBinary<IntBinary<uint32_t, mul24Lo<uint32_t>>>;
  return finish(d, inst, exec, "mul24");
}

Status decodeMad24(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (Status s = readOperands(d, inst, inst.type, 3); !s)
    return s;
  bool hi = d.has("hi");
  inst.sat = d.has("sat");
  ExecFn exec = nullptr;
  if (inst.sat) {
    if (inst.type == Type::S32 && hi)
      exec = execTernary<IntTernary<int32_t, mad24HiSatS32>>;
  } else if (inst.type == Type::S32) {
    exec = hi ? execTernary<IntTernary<int32_t, mad24Hi<int32_t>>>
              : execTernary<IntTernary<int32_t, mad24Lo<int32_t>>>;
  } else if (inst.type == Type::U32) {
    exec = hi ? execTernary<IntTernary<uint32_t, mad24Hi<uint32_t>>>
              : execTernary<IntTernary<uint32_t, mad24Lo<uint32_t>>>;
  }
  return finish(d, inst, exec, "mad24");
}

Status decodeSad(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (Status s = readOperands(d, inst, inst.type, 3); !s)
    return s;
  return finish(d, inst, forIntType<SadInt>(inst.type), "sad");
}

Status decodeDiv(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  Type t = inst.type;
  readFloatModifiers(d, inst);
  if (Status s = readOperands(d, inst, t, 2); !s)
    return s;
  if (t == Type::F32) {
    if (inst.approx)
      return finish(d, inst, execBinary<DivApproxF32>, "div");
    // .full is at most 2 ulp off; the correctly rounded quotient is within that.
    return finish(d, inst, execBinary<F32Rounded2<f32Div>>, "div");
  }
  if (t == Type::F64) {
    if (inst.sat || inst.approx)
      return d.unsupported("div.f64 other than .rn/.rz/.rm/.rp");
    return finish(d, inst, execBinary<F64Rounded2<f64Div>>, "div");
  }
  return finish(d, inst, forIntType<DivInt>(t), "div");
}

Status decodeRem(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (Status s = readOperands(d, inst, inst.type, 2); !s)
    return s;
  return finish(d, inst, forIntType<RemInt>(inst.type), "rem");
}

Status decodeAbsNeg(InstDecoder &d, Inst &inst, bool abs) {
  std::string_view opcode = abs ? "abs" : "neg";
  if (Status s = singleType(d, inst.type); !s)
    return s;
  Type t = inst.type;
  if (isHalfType(t))
    return decodeHalf(d, inst, abs ? HalfOp::Abs : HalfOp::Neg, 1, opcode);
  readFloatModifiers(d, inst);
  if (Status s = readOperands(d, inst, t, 1); !s)
    return s;
  if (t == Type::F32)
    return finish(d, inst, abs ? execUnary<SignF32<true>> : execUnary<SignF32<false>>, opcode);
  if (t == Type::F64)
    return finish(d, inst, abs ? execUnary<SignF64<true>> : execUnary<SignF64<false>>, opcode);
  return finish(d, inst, abs ? forIntType<AbsInt>(t) : forIntType<NegInt>(t), opcode);
}
Status decodeAbs(InstDecoder &d, Inst &inst) { return decodeAbsNeg(d, inst, true); }
Status decodeNeg(InstDecoder &d, Inst &inst) { return decodeAbsNeg(d, inst, false); }

Status decodeMinMax(InstDecoder &d, Inst &inst, bool isMax) {
  std::string_view opcode = isMax ? "max" : "min";
  if (Status s = singleType(d, inst.type); !s)
    return s;
  Type t = inst.type;
  if (isHalfType(t))
    return decodeHalf(d, inst, isMax ? HalfOp::Max : HalfOp::Min, 2, opcode);
  readFloatModifiers(d, inst);
  if (d.has("NaN"))
    inst.aux2 |= kMinMaxNan;
  if (d.has("xorsign"))
    inst.aux2 |= kMinMaxXorSign;
  if (d.operandCount() == 4)
    return d.unsupported("three-operand " + std::string(opcode));
  if (Status s = readOperands(d, inst, t, 2); !s)
    return s;
  if (t == Type::F32)
    return finish(d, inst, isMax ? execBinary<MinMaxF32<true>> : execBinary<MinMaxF32<false>>,
                  opcode);
  if (t == Type::F64)
    return finish(d, inst, isMax ? execBinary<MinMaxF64<true>> : execBinary<MinMaxF64<false>>,
                  opcode);
  if (d.has("relu")) {
    if (t != Type::S32)
      return d.unsupported(".relu on " + std::string(typeName(t)));
    return finish(d, inst,
                  isMax ? execBinary<IntBinary<int32_t, maxRelu<int32_t>>>
                        : execBinary<IntBinary<int32_t, minRelu<int32_t>>>,
                  opcode);
  }
  return finish(d, inst, isMax ? forIntType<MaxInt>(t) : forIntType<MinInt>(t), opcode);
}
Status decodeMin(InstDecoder &d, Inst &inst) { return decodeMinMax(d, inst, false); }
Status decodeMax(InstDecoder &d, Inst &inst) { return decodeMinMax(d, inst, true); }

// rcp, sqrt: .approx or a rounding mode; rsqrt and the transcendental functions: .approx.
enum class UnaryFn { Rcp, Sqrt, Rsqrt, Sin, Cos, Lg2, Ex2, Tanh };

ExecFn unaryF32(UnaryFn fn, bool approx) {
  switch (fn) {
  case UnaryFn::Rcp:
    return approx ? execUnary<F32Approx1<f32RcpApprox>> : execUnary<F32Rounded1<f32Rcp>>;
  case UnaryFn::Sqrt:
    return approx ? execUnary<F32Approx1<f32SqrtApprox>> : execUnary<F32Rounded1<f32Sqrt>>;
  case UnaryFn::Rsqrt:
    return execUnary<F32Approx1<f32RsqrtApprox>>;
  case UnaryFn::Sin:
    return execUnary<F32Approx1<f32SinApprox>>;
  case UnaryFn::Cos:
    return execUnary<F32Approx1<f32CosApprox>>;
  case UnaryFn::Lg2:
    return execUnary<F32Approx1<f32Lg2Approx>>;
  case UnaryFn::Ex2:
    return execUnary<F32Approx1<f32Ex2Approx>>;
  case UnaryFn::Tanh:
    return execUnary<F32Approx1<f32TanhApprox>>;
  }
  return nullptr;
}

ExecFn unaryF64(UnaryFn fn, bool approx, bool ftz) {
  switch (fn) {
  case UnaryFn::Rcp:
    if (approx && ftz)
      return execUnary<F64ApproxSeed>; // aux 0: reciprocal
    return approx ? execUnary<F64Approx1<f64RcpApprox>> : execUnary<F64Rounded1<f64Rcp>>;
  case UnaryFn::Sqrt:
    return approx ? nullptr : execUnary<F64Rounded1<f64Sqrt>>;
  case UnaryFn::Rsqrt:
    if (approx && ftz)
      return execUnary<F64ApproxSeed>; // aux 1: reciprocal square root
    return approx ? execUnary<F64Approx1<f64RsqrtApprox>> : nullptr;
  default:
    return nullptr;
  }
}

// tanh.approx on half and bfloat16 values, one or two packed: computed in float, rounded back.
struct TanhHalf {
  static uint64_t apply(const Inst &inst, uint64_t a) {
    bool bf16 = inst.type == Type::BF16 || inst.type == Type::BF16x2;
    unsigned halves = inst.type == Type::F16x2 || inst.type == Type::BF16x2 ? 2 : 1;
    uint64_t out = 0;
    for (unsigned h = 0; h < halves; ++h) {
      auto bits = static_cast<uint16_t>(a >> (16 * h));
      float x = bf16 ? bf16ToFloat(bits) : halfToFloat(bits);
      float t = std::tanh(x);
      out |= uint64_t(bf16 ? floatToBf16(t) : floatToHalf(t)) << (16 * h);
    }
    return out;
  }
};

template <UnaryFn Fn> Status decodeUnaryFloat(InstDecoder &d, Inst &inst) {
  constexpr std::string_view names[] = {"rcp", "sqrt", "rsqrt", "sin", "cos", "lg2", "ex2", "tanh"};
  std::string_view opcode = names[static_cast<int>(Fn)];
  if (Status s = singleType(d, inst.type); !s)
    return s;
  readFloatModifiers(d, inst);
  bool approxOnly = Fn != UnaryFn::Rcp && Fn != UnaryFn::Sqrt;
  if (!inst.approx && (approxOnly || inst.rounding == Rounding::None))
    return d.error(std::string(opcode) + " needs ." +
                   (approxOnly ? "approx" : "approx or a rounding modifier"));
  if (Status s = readOperands(d, inst, inst.type, 1); !s)
    return s;
  if (inst.type == Type::F32)
    return finish(d, inst, unaryF32(Fn, inst.approx), opcode);
  if (inst.type == Type::F64) {
    inst.aux = Fn == UnaryFn::Rsqrt ? 1 : 0;
    return finish(d, inst, unaryF64(Fn, inst.approx, inst.ftz), opcode);
  }
  if (Fn == UnaryFn::Tanh && (inst.type == Type::F16 || inst.type == Type::F16x2 ||
                              inst.type == Type::BF16 || inst.type == Type::BF16x2))
    return finish(d, inst, execUnary<TanhHalf>, opcode);
  return finish(d, inst, nullptr, opcode);
}

Status decodeCopysign(InstDecoder &d, Inst &inst) {
  if (Status s = singleType(d, inst.type); !s)
    return s;
  if (Status s = readOperands(d, inst, inst.type, 2); !s)
    return s;
  ExecFn exec = inst.type == Type::F32   ? execBinary<Copysign<float>>
                : inst.type == Type::F64 ? execBinary<Copysign<double>>
                                         : nullptr;
  return finish(d, inst, exec, "copysign");
}

Status decodeTestp(InstDecoder &d, Inst &inst) {
  constexpr std::pair<std::string_view, FloatClass> classes[] = {
      {"finite", FloatClass::Finite}, {"infinite", FloatClass::Infinite},
      {"number", FloatClass::Number}, {"notanumber", FloatClass::NotANumber},
      {"normal", FloatClass::Normal}, {"subnormal", FloatClass::Subnormal},
  };
  if (Status s = singleType(d, inst.type); !s)
    return s;
  bool found = false;
  for (const auto &[name, cls] : classes) {
    if (d.has(name)) {
      inst.aux = static_cast<uint32_t>(cls);
      found = true;
    }
  }
  if (!found)
    return d.error("testp needs one of .finite .infinite .number .notanumber .normal .subnormal");
  if (Status s = readOperands(d, inst, inst.type, 1); !s)
    return s;
  ExecFn exec = inst.type == Type::F32   ? execUnary<Testp<float>>
                : inst.type == Type::F64 ? execUnary<Testp<double>>
                                         : nullptr;
  return finish(d, inst, exec, "testp");
}

} // namespace

void addArithmeticOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"add", decodeAdd});
  table.push_back({"sub", decodeSub});
  table.push_back({"addc", decodeAddc});
  table.push_back({"subc", decodeSubc});
  table.push_back({"mul", decodeMul});
  table.push_back({"mad", decodeMad});
  table.push_back({"madc", decodeMadc});
  table.push_back({"mul24", decodeMul24});
  table.push_back({"mad24", decodeMad24});
  table.push_back({"sad", decodeSad});
  table.push_back({"div", decodeDiv});
  table.push_back({"rem", decodeRem});
  table.push_back({"abs", decodeAbs});
  table.push_back({"neg", decodeNeg});
  table.push_back({"min", decodeMin});
  table.push_back({"max", decodeMax});
  table.push_back({"fma", decodeFma});
  table.push_back({"rcp", decodeUnaryFloat<UnaryFn::Rcp>});
  table.push_back({"sqrt", decodeUnaryFloat<UnaryFn::Sqrt>});
  table.push_back({"rsqrt", decodeUnaryFloat<UnaryFn::Rsqrt>});
  table.push_back({"sin", decodeUnaryFloat<UnaryFn::Sin>});
  table.push_back({"cos", decodeUnaryFloat<UnaryFn::Cos>});
  table.push_back({"lg2", decodeUnaryFloat<UnaryFn::Lg2>});
  table.push_back({"ex2", decodeUnaryFloat<UnaryFn::Ex2>});
  table.push_back({"tanh", decodeUnaryFloat<UnaryFn::Tanh>});
  table.push_back({"copysign", decodeCopysign});
  table.push_back({"testp", decodeTestp});
}

} // namespace qiao::ptx
