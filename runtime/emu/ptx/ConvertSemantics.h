// Scalar semantics of cvt (PTX ISA 9.0, section 9.7.9.21 "cvt") between the integer types
// u8..u64, s8..s64 and the float types f16, bf16, f32, f64, as one pure function of the source
// cell's bits: convertCell. ConvertOps.cpp runs it over a warp (with tight loops of the plain
// C++ conversions for the common type pairs, which the tests hold equal to it).
//
// The rules, from the ISA:
// - A source narrower than its register is its low bits, sign-extended for signed types.
// - float -> int: integer rounding (.rni .rzi .rmi .rpi; .rzi when none is written), NaN gives
//   0, and the result is clamped to the destination's range (saturation is the default there).
// - int -> int: truncation or extension; .sat clamps to the destination's range instead.
// - -> float: rounding .rn .rz .rm .rp (.rn when none is written), exactly rounded from any
//   source; .sat clamps to [0, 1] (NaN gives +0); .relu (f16/bf16 destinations) clamps negatives
//   to +0; same-size float conversions with an integer rounding round to an integral value.
// - .ftz flushes f32 subnormal sources and results to zero of the same sign.
// - A signed destination narrower than 32 bits is sign-extended in its cell, as ld.s8 leaves it
//   (the ISA sign-extends a signed result to its register's size; readers take the low bits).
#pragma once

#include "FloatSemantics.h"
#include "Ir.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace qiao::ptx {

struct ConvertSpec {
  Type dst = Type::None;
  Type src = Type::None;
  Rounding rounding = Rounding::None;
  bool sat = false;
  bool ftz = false;
  bool relu = false;
};

inline bool isIntegerRounding(Rounding r) {
  return r == Rounding::Rni || r == Rounding::Rzi || r == Rounding::Rmi || r == Rounding::Rpi;
}

// x rounded to an integral value in mode r (Rni nearest-even, Rzi toward zero, Rmi down, Rpi up;
// the float spellings act alike). Independent of the host rounding mode.
inline double roundToIntegral(double x, Rounding r) {
  if (!std::isfinite(x))
    return x;
  switch (r) {
  case Rounding::Rzi:
  case Rounding::Rz:
  case Rounding::None:
    return std::trunc(x);
  case Rounding::Rmi:
  case Rounding::Rm:
    return std::floor(x);
  case Rounding::Rpi:
  case Rounding::Rp:
    return std::ceil(x);
  default: { // nearest, ties to even; x - floor(x) is exact
    double down = std::floor(x);
    double diff = x - down;
    double result = down;
    if (diff > 0.5 || (diff == 0.5 && std::fmod(down, 2.0) != 0))
      result = down + 1;
    return result == 0 ? std::copysign(0.0, x) : result;
  }
  }
}

// The value range of an integer type, as the bits of its extremes.
struct IntegerRange {
  bool isSigned;
  int64_t min;
  uint64_t max;
};
inline IntegerRange integerRange(Type t) {
  uint32_t bits = typeBytes(t) * 8;
  if (isSignedType(t))
    return {true, bits >= 64 ? INT64_MIN : -(int64_t{1} << (bits - 1)),
            bits >= 64 ? uint64_t{INT64_MAX} : (uint64_t{1} << (bits - 1)) - 1};
  return {false, 0, bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1};
}

// The cell of an integer result of type t: its low bits, sign-extended when t is signed and
// narrower than 32 bits (see the header comment), zero-extended otherwise.
inline uint64_t integerCell(uint64_t bits, Type t) {
  uint32_t width = typeBytes(t) * 8;
  if (width >= 64)
    return bits;
  if (isSignedType(t) && width < 32) {
    uint32_t shift = 64 - width;
    return static_cast<uint64_t>(static_cast<int64_t>(bits << shift) >> shift);
  }
  return bits & ((uint64_t{1} << width) - 1);
}

// A float value (already an integral double, or NaN/inf) clamped into t's range; NaN gives 0.
inline uint64_t clampFloatToInteger(double v, Type t) {
  IntegerRange range = integerRange(t);
  if (v != v)
    return 0;
  if (range.isSigned) {
    if (v <= static_cast<double>(range.min))
      return static_cast<uint64_t>(range.min);
    // 2^63 is the first double past INT64_MAX; narrower maxima are exact doubles.
    if (v >= static_cast<double>(range.max) || v >= 0x1p63)
      return range.max;
    return static_cast<uint64_t>(static_cast<int64_t>(v));
  }
  if (v <= 0)
    return 0;
  if (v >= static_cast<double>(range.max) || v >= 0x1p64)
    return range.max;
  return static_cast<uint64_t>(v);
}

// An integer of magnitude m (negative when `negative`), correctly rounded in mode r to a double
// (53 significant bits), or, with toOdd, rounded to odd at 53 bits so that one later rounding to
// any narrower format is exact.
inline double integerToDouble(uint64_t m, bool negative, Rounding r, bool toOdd) {
  int width = 64 - std::countl_zero(m);
  if (width <= 53) {
    double v = static_cast<double>(m);
    return negative ? -v : v;
  }
  int shift = width - 53;
  uint64_t n = m >> shift;
  uint64_t rest = m & ((uint64_t{1} << shift) - 1);
  uint64_t half = uint64_t{1} << (shift - 1);
  bool up = false;
  if (toOdd) {
    n |= rest != 0 ? 1 : 0;
  } else {
    switch (r) {
    case Rounding::Rz:
    case Rounding::Rzi:
      break;
    case Rounding::Rm:
    case Rounding::Rmi:
      up = negative && rest != 0;
      break;
    case Rounding::Rp:
    case Rounding::Rpi:
      up = !negative && rest != 0;
      break;
    case Rounding::Rna:
      up = rest >= half;
      break;
    default:
      up = rest > half || (rest == half && (n & 1));
      break;
    }
  }
  double v = std::ldexp(static_cast<double>(n + (up ? 1 : 0)), shift);
  return negative ? -v : v;
}

// The exact value of a float cell of type t (f16, bf16, f32, f64) as a double.
inline double floatCellValue(uint64_t cell, Type t) {
  switch (t) {
  case Type::F16:
    return formatToDouble(cell & 0xffff, kFormatF16);
  case Type::BF16:
    return formatToDouble(cell & 0xffff, kFormatBF16);
  case Type::F32:
    return std::bit_cast<float>(static_cast<uint32_t>(cell));
  default:
    return std::bit_cast<double>(cell);
  }
}

// A double rounded in mode r to float type t, as t's cell. An f64 destination with a directed
// mode never reaches here with an inexact value (its sources are exact doubles or integers,
// rounded by integerToDouble).
inline uint64_t roundToFloatCell(double v, Type t, Rounding r) {
  switch (t) {
  case Type::F16:
    return roundDoubleToFormat(v, kFormatF16, r);
  case Type::BF16:
    return roundDoubleToFormat(v, kFormatBF16, r);
  case Type::F32:
    return std::bit_cast<uint32_t>(doubleToFloat(v, r));
  default:
    return std::bit_cast<uint64_t>(v);
  }
}

// cvt of one lane: the destination cell for the source cell.
inline uint64_t convertCell(uint64_t cell, const ConvertSpec &spec) {
  const bool srcFloat = isFloatType(spec.src), dstFloat = isFloatType(spec.dst);
  const uint32_t srcBits = typeBytes(spec.src) * 8;
  Rounding r = spec.rounding;

  if (!srcFloat) {
    uint64_t raw = srcBits >= 64 ? cell : cell & ((uint64_t{1} << srcBits) - 1);
    bool negative = false;
    uint64_t magnitude = raw;
    int64_t signedValue = static_cast<int64_t>(raw);
    if (isSignedType(spec.src) && srcBits < 64) {
      uint32_t shift = 64 - srcBits;
      signedValue = static_cast<int64_t>(raw << shift) >> shift;
    }
    if (isSignedType(spec.src)) {
      negative = signedValue < 0;
      magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(signedValue)
                           : static_cast<uint64_t>(signedValue);
    }
    if (!dstFloat) {
      uint64_t bits = negative ? static_cast<uint64_t>(signedValue) : magnitude;
      if (spec.sat) {
        IntegerRange range = integerRange(spec.dst);
        if (negative)
          bits = signedValue < range.min ? static_cast<uint64_t>(range.min) : bits;
        else if (magnitude > range.max)
          bits = range.max;
      }
      return integerCell(bits, spec.dst);
    }
    Rounding fr = r == Rounding::None ? Rounding::Rn : r;
    double value;
    if (spec.dst == Type::F64) {
      value = integerToDouble(magnitude, negative, fr, false);
    } else {
      value = integerToDouble(magnitude, negative, fr, true);
    }
    if (spec.sat)
      value = saturateUnit(value); // exact for integers: 0 or 1 or an in-range value
    return roundToFloatCell(value, spec.dst, fr);
  }

  double value = floatCellValue(cell, spec.src);
  if (spec.ftz && spec.src == Type::F32 && isSubnormalF32(static_cast<float>(value)))
    value = std::copysign(0.0, value);

  if (!dstFloat) {
    Rounding ir = r == Rounding::None ? Rounding::Rzi : r;
    return integerCell(clampFloatToInteger(roundToIntegral(value, ir), spec.dst), spec.dst);
  }

  uint64_t out;
  if (isIntegerRounding(r)) {
    value = roundToIntegral(value, r);
    out = roundToFloatCell(value, spec.dst, Rounding::Rn);
  } else {
    Rounding fr = r == Rounding::None ? Rounding::Rn : r;
    if (spec.sat)
      value = saturateUnit(value);
    if (spec.relu && !(value != value) && (value < 0 || (value == 0 && std::signbit(value))))
      value = 0.0;
    out = roundToFloatCell(value, spec.dst, fr);
  }
  if (spec.sat && isIntegerRounding(r)) {
    double rounded = floatCellValue(out, spec.dst);
    out = roundToFloatCell(saturateUnit(rounded), spec.dst, Rounding::Rn);
  }
  if (spec.ftz && spec.dst == Type::F32) {
    float f = std::bit_cast<float>(static_cast<uint32_t>(out));
    out = std::bit_cast<uint32_t>(flushF32(f));
  }
  return out;
}

// ---- the plain conversions of the fast paths ------------------------------------------------
// Each equals convertCell for its pair with default modifiers; they are what the warp-wide
// loops run, written so the compiler can vectorise them.

// f32/f64 -> signed or unsigned integer I, toward zero, NaN -> 0, clamped.
template <class F> constexpr F powerOfTwo(int n) {
  F v = 1;
  for (int i = 0; i < n; ++i)
    v *= 2;
  return v;
}
template <class I, class F> inline I truncateToInteger(F x) {
  constexpr F lo = static_cast<F>(std::numeric_limits<I>::min());
  // The first value past the maximum: 2^bits for unsigned, 2^(bits-1) for signed.
  constexpr F hi = powerOfTwo<F>(8 * sizeof(I) - (std::is_signed_v<I> ? 1 : 0));
  if (x != x)
    return 0;
  if (x <= lo)
    return std::numeric_limits<I>::min();
  if (x >= hi)
    return std::numeric_limits<I>::max();
  return static_cast<I>(x);
}

} // namespace qiao::ptx
