// Scalar semantics of the PTX bit instructions (PTX ISA 9.0, sections 9.7.1 "Integer Arithmetic
// Instructions" for bfe, bfi, brev, clz, popc, bfind, fns, dp4a, dp2a; 9.7.8 "Logic and Shift
// Instructions" for shl, shr, shf, lop3; 9.7.9 for prmt), as pure functions of one lane's
// operands. LogicOps.cpp runs them over the lanes of a warp; the tests check them directly.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

namespace qiao::ptx {

template <class T> constexpr uint32_t bitWidth() { return 8 * sizeof(T); }

// shl: amounts of the register width or more shift everything out (the ISA clamps the amount to
// the width rather than wrapping it as C++ would leave undefined).
template <class T> constexpr T shiftLeft(T a, uint32_t n) {
  using U = std::make_unsigned_t<T>;
  if (n >= bitWidth<T>())
    return 0;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) << n));
}

// shr: logical for unsigned and bit types, arithmetic (sign fill) for signed types.
template <class T> constexpr T shiftRight(T a, uint32_t n) {
  uint32_t clamped = n >= bitWidth<T>() ? bitWidth<T>() - 1 : n;
  if constexpr (std::is_signed_v<T>) {
    return static_cast<T>(a >> clamped);
  } else {
    if (n >= bitWidth<T>())
      return 0;
    return static_cast<T>(a >> clamped);
  }
}

// bfe: the field of `len` bits at `pos` (both taken modulo 256), zero- or sign-extended. A field
// reaching past the msb is padded with its sign bit (the msb of a for signed types).
template <class T> constexpr T bitFieldExtract(T a, uint32_t b, uint32_t c) {
  using U = std::make_unsigned_t<T>;
  constexpr uint32_t msb = bitWidth<T>() - 1;
  uint32_t pos = b & 0xff, len = c & 0xff;
  U bits = static_cast<U>(a);
  bool sbit = false;
  if (std::is_signed_v<T> && len != 0) {
    uint32_t top = pos + len - 1 < msb ? pos + len - 1 : msb;
    sbit = (bits >> top) & 1;
  }
  // Bits that come from a: i < len and pos + i <= msb.
  uint32_t taken = pos > msb ? 0 : (len < msb + 1 - pos ? len : msb + 1 - pos);
  U field = taken == 0 ? U{0} : static_cast<U>(bits >> pos);
  U keep = taken >= bitWidth<T>() ? static_cast<U>(~U{0}) : static_cast<U>((U{1} << taken) - 1);
  U result = static_cast<U>(field & keep);
  if (sbit)
    result = static_cast<U>(result | static_cast<U>(~keep));
  return static_cast<T>(result);
}

// bfi: b with the low `len` bits of a inserted at `pos` (both modulo 256); bits that would land
// past the msb are dropped.
template <class U> constexpr U bitFieldInsert(U a, U b, uint32_t c, uint32_t d) {
  static_assert(std::is_unsigned_v<U>);
  constexpr uint32_t width = bitWidth<U>();
  uint32_t pos = c & 0xff, len = d & 0xff;
  if (pos >= width || len == 0)
    return b;
  uint32_t taken = len < width - pos ? len : width - pos;
  U low = taken >= width ? static_cast<U>(~U{0}) : static_cast<U>((U{1} << taken) - 1);
  U mask = static_cast<U>(low << pos);
  return static_cast<U>((b & ~mask) | ((static_cast<U>(a << pos)) & mask));
}

template <class U> constexpr U bitReverse(U a) {
  static_assert(std::is_unsigned_v<U>);
  U out = 0;
  for (uint32_t i = 0; i < bitWidth<U>(); ++i)
    out = static_cast<U>(out | (((a >> i) & 1) << (bitWidth<U>() - 1 - i)));
  return out;
}

template <class U> constexpr uint32_t countLeadingZeros(U a) {
  return static_cast<uint32_t>(std::countl_zero(a));
}
template <class U> constexpr uint32_t populationCount(U a) {
  return static_cast<uint32_t>(std::popcount(a));
}

// bfind: the position of the most significant non-sign bit (for a negative signed value, the
// highest 0 bit), 0xffffffff when there is none; .shiftamt gives the left shift that would move
// that bit to the msb instead.
template <class T> constexpr uint32_t findMostSignificantBit(T a, bool shiftAmount) {
  using U = std::make_unsigned_t<T>;
  constexpr uint32_t msb = bitWidth<T>() - 1;
  U bits = static_cast<U>(a);
  if (std::is_signed_v<T> && (bits >> msb) != 0)
    bits = static_cast<U>(~bits);
  if (bits == 0)
    return 0xffffffffu;
  uint32_t position = msb - static_cast<uint32_t>(std::countl_zero(bits));
  return shiftAmount ? msb - position : position;
}

// fns: the position of the offset-th set bit of mask counting from base (upwards for a positive
// offset, downwards for a negative one; offset 0 asks whether bit base itself is set), or
// 0xffffffff. The ISA leaves base > 31 undefined; it finds nothing here.
constexpr uint32_t findNthSetBit(uint32_t mask, uint32_t base, int32_t offset) {
  if (base > 31)
    return 0xffffffffu;
  if (offset == 0)
    return ((mask >> base) & 1) ? base : 0xffffffffu;
  int step = offset > 0 ? 1 : -1;
  int64_t remaining = offset > 0 ? int64_t{offset} : -int64_t{offset};
  for (int pos = static_cast<int>(base); pos >= 0 && pos < 32; pos += step) {
    if ((mask >> pos) & 1) {
      if (--remaining == 0)
        return static_cast<uint32_t>(pos);
    }
  }
  return 0xffffffffu;
}

// prmt modes: which source byte (of the 8 bytes {b, a}) lands in each destination byte.
enum class PermuteMode : uint8_t { Generic, F4e, B4e, Rc8, Ecl, Ecr, Rc16 };

constexpr uint32_t permuteBytes(uint32_t a, uint32_t b, uint32_t c, PermuteMode mode) {
  uint64_t source = (uint64_t{b} << 32) | a;
  uint32_t sel = c & 3;
  uint32_t result = 0;
  for (uint32_t i = 0; i < 4; ++i) {
    uint32_t index = 0;
    bool replicateSign = false;
    switch (mode) {
    case PermuteMode::Generic: {
      uint32_t ctl = (c >> (4 * i)) & 0xf;
      index = ctl & 7;
      replicateSign = (ctl & 8) != 0;
      break;
    }
    case PermuteMode::F4e:
      index = (sel + i) & 7;
      break;
    case PermuteMode::B4e:
      index = (sel - i) & 7;
      break;
    case PermuteMode::Rc8:
      index = sel;
      break;
    case PermuteMode::Ecl:
      index = i > sel ? i : sel;
      break;
    case PermuteMode::Ecr:
      index = i < sel ? i : sel;
      break;
    case PermuteMode::Rc16:
      index = (sel & 1) * 2 + (i & 1);
      break;
    }
    uint32_t byte = static_cast<uint32_t>(source >> (8 * index)) & 0xff;
    if (replicateSign)
      byte = (byte & 0x80) ? 0xff : 0x00;
    result |= byte << (8 * i);
  }
  return result;
}

// shf: the 64-bit value {b, a} shifted by n (clamped to 32, or taken modulo 32 with .wrap); .l
// keeps the upper word, .r the lower one.
constexpr uint32_t funnelShift(uint32_t a, uint32_t b, uint32_t c, bool left, bool clamp) {
  uint32_t n = clamp ? (c < 32 ? c : 32) : (c & 31);
  uint64_t joined = (uint64_t{b} << 32) | a;
  if (left)
    return static_cast<uint32_t>((joined << n) >> 32);
  return static_cast<uint32_t>(joined >> n);
}

// lop3: bit i of the result is bit (a_i * 4 + b_i * 2 + c_i) of the truth table immLut.
template <class U> constexpr U logic3(U a, U b, U c, uint32_t lut) {
  U result = 0;
  for (uint32_t row = 0; row < 8; ++row) {
    U term =
        static_cast<U>(((row & 4) ? a : static_cast<U>(~a)) & ((row & 2) ? b : static_cast<U>(~b)) &
                       ((row & 1) ? c : static_cast<U>(~c)));
    U take = ((lut >> row) & 1) ? static_cast<U>(~U{0}) : U{0};
    result = static_cast<U>(result | (term & take));
  }
  return result;
}

// dp4a: c plus the dot product of the four bytes of a and of b (each sign- or zero-extended
// by its own type), wrapping at 32 bits.
constexpr uint32_t dotProduct4(uint32_t a, uint32_t b, uint32_t c, bool aSigned, bool bSigned) {
  uint32_t sum = c;
  for (uint32_t i = 0; i < 4; ++i) {
    uint32_t ab = (a >> (8 * i)) & 0xff, bb = (b >> (8 * i)) & 0xff;
    int32_t av = aSigned ? static_cast<int8_t>(ab) : static_cast<int32_t>(ab);
    int32_t bv = bSigned ? static_cast<int8_t>(bb) : static_cast<int32_t>(bb);
    sum += static_cast<uint32_t>(av) * static_cast<uint32_t>(bv);
  }
  return sum;
}

// dp2a: c plus the dot product of the two halves of a with two bytes of b (bytes 0-1 for .lo,
// 2-3 for .hi).
constexpr uint32_t dotProduct2(uint32_t a, uint32_t b, uint32_t c, bool aSigned, bool bSigned,
                               bool high) {
  uint32_t sum = c;
  uint32_t first = high ? 2 : 0;
  for (uint32_t i = 0; i < 2; ++i) {
    uint32_t ah = (a >> (16 * i)) & 0xffff, bb = (b >> (8 * (first + i))) & 0xff;
    int32_t av = aSigned ? static_cast<int16_t>(ah) : static_cast<int32_t>(ah);
    int32_t bv = bSigned ? static_cast<int8_t>(bb) : static_cast<int32_t>(bb);
    sum += static_cast<uint32_t>(av) * static_cast<uint32_t>(bv);
  }
  return sum;
}

// bmsk (PTX ISA 9.7.8.x): a mask of b ones starting at bit a. .wrap takes both modulo 32; .clamp
// gives 0 for a start of 32 or more and all bits from a upward for a width of 32 or more.
inline uint32_t bitMask(uint32_t a, uint32_t b, bool clamp) {
  const uint32_t a1 = a & 0x1f, b1 = b & 0x1f, sum = a1 + b1;
  const bool positionOverflow = clamp && a >= 32, widthOverflow = clamp && b >= 32;
  uint32_t mask0 = positionOverflow ? 0 : ~uint32_t{0} << a1;
  uint32_t mask1 = sum >= 32 ? 0 : ~uint32_t{0} << sum;
  if (sum >= 32 || positionOverflow || widthOverflow)
    mask1 = 0;
  else if (b1 == 0)
    mask1 = ~uint32_t{0};
  return mask0 & ~mask1;
}

} // namespace qiao::ptx
