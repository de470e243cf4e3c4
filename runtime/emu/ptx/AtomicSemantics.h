// Scalar semantics of the PTX atomic read-modify-write operations (PTX ISA 9.0, section 9.7.13
// "atom" and "red"): the value an atom stores given the value it found. Pure functions on the
// bits of the memory operand, so that AtomicOps.cpp only has to run them inside a compare-and-swap
// loop (or a native fetch_op where the host has one) and the rules can be tested on their own.
#pragma once

#include "FloatSemantics.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace qiao::ptx {

enum class AtomicOp : uint8_t { Add, Min, Max, Inc, Dec, And, Or, Xor, Exch, Cas };

// .inc: counts up to s, then wraps to 0 (the result stays in [0..s]).
constexpr uint32_t atomicIncWrap(uint32_t r, uint32_t s) { return r >= s ? 0 : r + 1; }
// .dec: counts down to 0, then wraps to s; a value above s also restarts at s.
constexpr uint32_t atomicDecWrap(uint32_t r, uint32_t s) { return (r == 0 || r > s) ? s : r - 1; }
// .cas: stores t when the memory holds the compare value s.
template <class T> constexpr T atomicCasResult(T r, T s, T t) { return r == s ? t : r; }

// The value stored by the integer and bit operations; T is the instruction type's C++ type
// (signedness matters for min/max only; add wraps around). Exch and the others ignore r as the
// ISA says. Cas takes a third operand: see atomicCasResult.
template <AtomicOp Op, class T> constexpr T atomicIntegerResult(T r, T s) {
  static_assert(std::is_integral_v<T>);
  using U = std::make_unsigned_t<T>;
  if constexpr (Op == AtomicOp::Add)
    return static_cast<T>(static_cast<U>(static_cast<U>(r) + static_cast<U>(s)));
  else if constexpr (Op == AtomicOp::Min)
    return r < s ? r : s;
  else if constexpr (Op == AtomicOp::Max)
    return r > s ? r : s;
  else if constexpr (Op == AtomicOp::Inc)
    return atomicIncWrap(r, s);
  else if constexpr (Op == AtomicOp::Dec)
    return atomicDecWrap(r, s);
  else if constexpr (Op == AtomicOp::And)
    return r & s;
  else if constexpr (Op == AtomicOp::Or)
    return r | s;
  else if constexpr (Op == AtomicOp::Xor)
    return r ^ s;
  else if constexpr (Op == AtomicOp::Exch)
    return s;
  else
    static_assert(Op != AtomicOp::Cas, "cas takes three operands: atomicCasResult");
}

// --- floating-point add -------------------------------------------------------------------------

// atom.add.f32: round to nearest even. Without .noftz it flushes subnormal inputs and results to
// a zero of the same sign when the location is in global memory, and keeps them in shared memory
// (ISA: "Operation Descriptions"); `flush` says which. A NaN result is the canonical NaN.
inline uint32_t atomicAddF32Bits(uint32_t r, uint32_t s, bool flush) {
  float a = std::bit_cast<float>(r), b = std::bit_cast<float>(s);
  if (flush) {
    a = flushF32(a);
    b = flushF32(b);
  }
  float sum = a + b; // the host adds in round-to-nearest-even
  if (flush)
    sum = flushF32(sum);
  return std::bit_cast<uint32_t>(canonicalF32(sum));
}

// atom.add.f64: round to nearest even, subnormals kept.
inline uint64_t atomicAddF64Bits(uint64_t r, uint64_t s) {
  return std::bit_cast<uint64_t>(std::bit_cast<double>(r) + std::bit_cast<double>(s));
}

// atom.add.noftz.f16 / .bf16: round to nearest even, subnormals kept. The sum of two values of
// a narrow format rounded to odd in double rounds correctly to the format.
inline uint16_t atomicAddHalfBits(uint16_t r, uint16_t s, FloatFormat format) {
  double sum = addToOdd(formatToDouble(r, format), formatToDouble(s, format));
  return static_cast<uint16_t>(roundDoubleToFormat(sum, format, Rounding::Rn));
}

// The packed forms (.f16x2, .bf16x2) add each half on its own.
inline uint32_t atomicAddHalf2Bits(uint32_t r, uint32_t s, FloatFormat format) {
  uint16_t lo = atomicAddHalfBits(static_cast<uint16_t>(r), static_cast<uint16_t>(s), format);
  uint16_t hi =
      atomicAddHalfBits(static_cast<uint16_t>(r >> 16), static_cast<uint16_t>(s >> 16), format);
  return uint32_t{lo} | (uint32_t{hi} << 16);
}

} // namespace qiao::ptx
