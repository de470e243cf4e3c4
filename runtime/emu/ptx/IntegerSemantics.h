// Scalar semantics of the PTX integer arithmetic instructions (PTX ISA 9.0, section 9.7.1
// "Integer Arithmetic Instructions"), as pure functions of one lane's operands. The exec functions
// of ArithmeticOps.cpp run them over the lanes of a warp; the tests check them directly.
//
// Arithmetic is done on unsigned types of at least 32 bits so that wrap-around is defined C++
// (16-bit operands would otherwise be promoted to int, where overflow is undefined).
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

namespace qiao::ptx {

// The unsigned type in which T's wrapping arithmetic is computed.
template <class T>
using WrapType = std::conditional_t<(sizeof(T) < 4), uint32_t, std::make_unsigned_t<T>>;

// The integer type twice as wide as T (for .wide results), keeping T's signedness.
template <class T> struct WiderInt;
template <> struct WiderInt<int16_t> { using type = int32_t; };
template <> struct WiderInt<uint16_t> { using type = uint32_t; };
template <> struct WiderInt<int32_t> { using type = int64_t; };
template <> struct WiderInt<uint32_t> { using type = uint64_t; };
template <> struct WiderInt<int64_t> { using type = __int128; };
template <> struct WiderInt<uint64_t> { using type = unsigned __int128; };
template <class T> using Wider = typename WiderInt<T>::type;

template <class T> constexpr T intAdd(T a, T b) {
  return static_cast<T>(static_cast<WrapType<T>>(a) + static_cast<WrapType<T>>(b));
}
template <class T> constexpr T intSub(T a, T b) {
  return static_cast<T>(static_cast<WrapType<T>>(a) - static_cast<WrapType<T>>(b));
}
// mul.lo: the low half of the full product (the same bits for signed and unsigned).
template <class T> constexpr T intMulLo(T a, T b) {
  return static_cast<T>(static_cast<WrapType<T>>(a) * static_cast<WrapType<T>>(b));
}
// mul.wide: the full product, twice the width.
template <class T> constexpr Wider<T> intMulWide(T a, T b) {
  return static_cast<Wider<T>>(a) * static_cast<Wider<T>>(b);
}
// mul.hi: the high half of the full product.
template <class T> constexpr T intMulHi(T a, T b) {
  return static_cast<T>(intMulWide(a, b) >> (8 * sizeof(T)));
}

// Clamps a wider value into T's range (.sat).
template <class T, class W> constexpr T saturateTo(W v) {
  if (v > static_cast<W>(std::numeric_limits<T>::max()))
    return std::numeric_limits<T>::max();
  if (v < static_cast<W>(std::numeric_limits<T>::min()))
    return std::numeric_limits<T>::min();
  return static_cast<T>(v);
}
// add.sat.s32 / sub.sat.s32: the result clamped to [INT32_MIN, INT32_MAX].
constexpr int32_t addSatS32(int32_t a, int32_t b) {
  return saturateTo<int32_t>(int64_t{a} + int64_t{b});
}
constexpr int32_t subSatS32(int32_t a, int32_t b) {
  return saturateTo<int32_t>(int64_t{a} - int64_t{b});
}
// mad.hi.sat.s32: high half of a*b plus c, clamped.
constexpr int32_t madHiSatS32(int32_t a, int32_t b, int32_t c) {
  return saturateTo<int32_t>(int64_t{intMulHi(a, b)} + int64_t{c});
}

// mul24: the 24-bit operands are the low 24 bits of a and b (sign-extended for .s32), whose
// product has 48 bits; .lo keeps bits 0..31, .hi bits 16..47.
template <class T> constexpr int64_t low24Of(T v) {
  uint32_t bits = static_cast<uint32_t>(v) & 0xffffffu;
  if constexpr (std::is_signed_v<T>)
    return (bits & 0x800000u) ? static_cast<int64_t>(bits) - 0x1000000 : bits;
  return bits;
}
template <class T> constexpr T mul24Lo(T a, T b) {
  return static_cast<T>(static_cast<uint32_t>(low24Of(a) * low24Of(b)));
}
template <class T> constexpr T mul24Hi(T a, T b) {
  return static_cast<T>(
      static_cast<uint32_t>(static_cast<uint64_t>(low24Of(a) * low24Of(b)) >> 16));
}

// sad: c + |a - b|, the difference taken without overflow.
template <class T> constexpr T intSad(T a, T b, T c) {
  WrapType<T> diff = a > b ? static_cast<WrapType<T>>(a) - static_cast<WrapType<T>>(b)
                           : static_cast<WrapType<T>>(b) - static_cast<WrapType<T>>(a);
  return static_cast<T>(static_cast<WrapType<T>>(c) + diff);
}

// div and rem: the ISA leaves division by zero machine-specific; these are the values NVIDIA
// hardware produces (a quotient of all ones, a remainder equal to the dividend). The one
// overflowing signed case, MIN / -1, wraps to MIN with remainder 0.
template <class T> constexpr T intDiv(T a, T b) {
  if (b == 0)
    return static_cast<T>(~T{0});
  if constexpr (std::is_signed_v<T>) {
    if (b == -1)
      return static_cast<T>(static_cast<WrapType<T>>(0) - static_cast<WrapType<T>>(a));
  }
  return static_cast<T>(a / b);
}
template <class T> constexpr T intRem(T a, T b) {
  if (b == 0)
    return a;
  if constexpr (std::is_signed_v<T>) {
    if (b == -1)
      return 0;
  }
  return static_cast<T>(a % b);
}

// abs and neg wrap: abs(MIN) = MIN, neg(MIN) = MIN.
template <class T> constexpr T intNeg(T a) {
  return static_cast<T>(static_cast<WrapType<T>>(0) - static_cast<WrapType<T>>(a));
}
template <class T> constexpr T intAbs(T a) { return a < 0 ? intNeg(a) : a; }

template <class T> constexpr T intMin(T a, T b) { return a < b ? a : b; }
template <class T> constexpr T intMax(T a, T b) { return a > b ? a : b; }
// min.relu / max.relu (.s32): the result clamped below at zero.
template <class T> constexpr T reluOf(T v) { return v < 0 ? T{0} : v; }

// Carry chains (add.cc, addc, sub.cc, subc, mad.cc, madc): CC.CF holds a carry for additions
// and a borrow for subtractions, so subc computes a - (b + CF).
template <class U> struct WithCarry {
  U value;
  bool carry;
};
template <class U> constexpr WithCarry<U> addWithCarry(U a, U b, bool carryIn) {
  static_assert(std::is_unsigned_v<U>);
  U sum = static_cast<U>(a + b);
  bool carry = sum < a;
  U total = static_cast<U>(sum + (carryIn ? 1 : 0));
  carry = carry || total < sum;
  return {total, carry};
}
template <class U> constexpr WithCarry<U> subWithBorrow(U a, U b, bool borrowIn) {
  static_assert(std::is_unsigned_v<U>);
  U diff = static_cast<U>(a - b);
  bool borrow = a < b;
  U total = static_cast<U>(diff - (borrowIn ? 1 : 0));
  borrow = borrow || (borrowIn && diff == 0);
  return {total, borrow};
}

} // namespace qiao::ptx
