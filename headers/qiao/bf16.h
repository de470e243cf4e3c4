/* qiao/bf16.h: CUDA's bfloat16 (cuda_bf16.h) for host-compiled kernels: __nv_bfloat16 and
 * __nv_bfloat162 with bfloat16 storage (the upper 16 bits of a binary32), the conversions, and the
 * arithmetic, comparison and packing functions. As CUDA documents them, conversions to bfloat16
 * and every arithmetic function round to nearest even unless their name says otherwise (_rz, _ru,
 * _rd); the result of __hadd, __hsub, __hmul and __hfma is the exact result rounded once (the
 * exact value is first rounded to odd in double, which has room for bfloat16's 8 bits and two
 * more, so the second rounding to bfloat16 is exact). __hdiv rounds the float quotient, as
 * cuda_bf16.h's host side does, and that is the one rounding of the exact quotient too: float's
 * 24 bits are at least 2 * 8 + 2, which makes a quotient of 8-bit significands rounded to float
 * round to the same bfloat16 as the exact one (and a check of every pair of finite operands
 * finds no exception among subnormal quotients either). The math functions are computed in
 * float and rounded. A NaN converts to the canonical NaN 0x7fff. */
#ifndef QIAO_BF16_H
#define QIAO_BF16_H

#include <qiao/half.h>
#include <qiao/vector_types.h>

#include <cmath>
#include <cstdint>
#include <type_traits>

namespace qiao_device {

inline uint16_t floatToBf16Bits(float f) { /* round to nearest even */
  const uint32_t x = ::qiao_device::bitCast<uint32_t>(f);
  if ((x & 0x7fffffffu) > 0x7f800000u)
    return 0x7fffu;
  return uint16_t((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

/* Round toward zero (direction 0), up (1) or down (-1): truncate, then step away from zero where
 * the dropped bits are not zero and the direction points away from zero for f's sign. */
inline uint16_t floatToBf16BitsDirected(float f, int direction) {
  const uint32_t x = ::qiao_device::bitCast<uint32_t>(f);
  if ((x & 0x7fffffffu) > 0x7f800000u)
    return 0x7fffu;
  const uint16_t truncated = uint16_t(x >> 16);
  const bool negative = (x >> 31) != 0;
  const bool awayFromZero = direction != 0 && (direction > 0) != negative;
  return (x & 0xffffu) != 0 && awayFromZero ? uint16_t(truncated + 1) : truncated;
}

inline float bf16BitsToFloat(uint16_t bits) {
  return ::qiao_device::bitCast<float>(uint32_t(bits) << 16);
}

/* d rounded to float toward zero, with the last bit set when that dropped anything (rounding to
 * odd): a later rounding of the float to nearest bfloat16 is then the one rounding of d. */
inline float doubleToFloatRoundedToOdd(double d) {
  if (std::isnan(d) || std::isinf(d))
    return float(d);
  float f = float(d);
  if (double(f) == d)
    return f;
  if (std::fabs(double(f)) > std::fabs(d))
    f = std::nextafter(f, 0.0f);
  return ::qiao_device::bitCast<float>(::qiao_device::bitCast<uint32_t>(f) | 1u);
}

inline uint16_t doubleToBf16Bits(double d) { return floatToBf16Bits(doubleToFloatRoundedToOdd(d)); }

/* x + y rounded to odd in double: the rounded sum, moved to its odd neighbour on the side of the
 * exact sum when the rounding dropped something (the error of the sum is exact, TwoSum). */
inline double sumRoundedToOdd(double x, double y) {
  const double s = x + y;
  if (!std::isfinite(s))
    return s;
  const double yPart = s - x;
  const double error = (x - (s - yPart)) + (y - yPart);
  if (error == 0 || (::qiao_device::bitCast<uint64_t>(s) & 1u) != 0)
    return s;
  return std::nextafter(s, error > 0 ? INFINITY : -INFINITY);
}

} // namespace qiao_device

struct __nv_bfloat16_raw {
  unsigned short x;
};
struct __nv_bfloat162_raw {
  unsigned short x, y;
};

struct __nv_bfloat16 {
  uint16_t bits = 0;
  __nv_bfloat16() = default;
  __nv_bfloat16(float f) : bits(::qiao_device::floatToBf16Bits(f)) {}
  __nv_bfloat16(double d) : bits(::qiao_device::doubleToBf16Bits(d)) {}
  /* Integers convert through double, exact up to 2^53, then round once. */
  template <class T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
  __nv_bfloat16(T i) : bits(::qiao_device::doubleToBf16Bits(double(i))) {}
  __nv_bfloat16(__nv_bfloat16_raw raw) : bits(raw.x) {}
  operator __nv_bfloat16_raw() const { return __nv_bfloat16_raw{bits}; }
  operator float() const { return ::qiao_device::bf16BitsToFloat(bits); }
  __nv_bfloat16 &operator+=(__nv_bfloat16 other);
  __nv_bfloat16 &operator-=(__nv_bfloat16 other);
  __nv_bfloat16 &operator*=(__nv_bfloat16 other);
  __nv_bfloat16 &operator/=(__nv_bfloat16 other);
};
struct alignas(4) __nv_bfloat162 { /* one 32-bit word, as CUDA's */
  __nv_bfloat16 x, y;
};
typedef __nv_bfloat16 nv_bfloat16;
typedef __nv_bfloat162 nv_bfloat162;

/* --- conversions ---------------------------------------------------------------------------- */
inline float __bfloat162float(__nv_bfloat16 a) { return float(a); }
inline __nv_bfloat16 __float2bfloat16(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __float2bfloat16_rn(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __ushort_as_bfloat16(unsigned short u) {
  return __nv_bfloat16(__nv_bfloat16_raw{u});
}
inline __nv_bfloat16 __short_as_bfloat16(short s) {
  return __ushort_as_bfloat16((unsigned short)s);
}
inline unsigned short __bfloat16_as_ushort(__nv_bfloat16 a) { return a.bits; }
inline short __bfloat16_as_short(__nv_bfloat16 a) { return short(a.bits); }
inline __nv_bfloat16 __float2bfloat16_rz(float f) {
  return __ushort_as_bfloat16(::qiao_device::floatToBf16BitsDirected(f, 0));
}
inline __nv_bfloat16 __float2bfloat16_ru(float f) {
  return __ushort_as_bfloat16(::qiao_device::floatToBf16BitsDirected(f, 1));
}
inline __nv_bfloat16 __float2bfloat16_rd(float f) {
  return __ushort_as_bfloat16(::qiao_device::floatToBf16BitsDirected(f, -1));
}
inline __nv_bfloat16 __double2bfloat16(double d) { return __nv_bfloat16(d); }
inline __nv_bfloat16 __int2bfloat16_rn(int i) { return __nv_bfloat16(i); }
inline __nv_bfloat16 __uint2bfloat16_rn(unsigned i) { return __nv_bfloat16(i); }
inline __nv_bfloat16 __short2bfloat16_rn(short i) { return __nv_bfloat16(i); }
inline __nv_bfloat16 __ushort2bfloat16_rn(unsigned short i) { return __nv_bfloat16(i); }
inline __nv_bfloat16 __ll2bfloat16_rn(long long i) { return __nv_bfloat16(i); }
inline __nv_bfloat16 __ull2bfloat16_rn(unsigned long long i) { return __nv_bfloat16(i); }
/* Every bfloat16 integer value fits a float, so float's conversions are bfloat16's. */
inline int __bfloat162int_rn(__nv_bfloat16 a) { return int(std::nearbyint(float(a))); }
inline int __bfloat162int_rz(__nv_bfloat16 a) { return int(std::trunc(float(a))); }
inline int __bfloat162int_rd(__nv_bfloat16 a) { return int(std::floor(float(a))); }
inline int __bfloat162int_ru(__nv_bfloat16 a) { return int(std::ceil(float(a))); }
inline unsigned __bfloat162uint_rn(__nv_bfloat16 a) { return unsigned(std::nearbyint(float(a))); }
inline unsigned __bfloat162uint_rz(__nv_bfloat16 a) { return unsigned(std::trunc(float(a))); }
inline long long __bfloat162ll_rn(__nv_bfloat16 a) { return (long long)std::nearbyint(float(a)); }
inline long long __bfloat162ll_rz(__nv_bfloat16 a) { return (long long)std::trunc(float(a)); }

/* --- arithmetic ----------------------------------------------------------------------------- */
inline __nv_bfloat16 __hadd(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __nv_bfloat16(::qiao_device::sumRoundedToOdd(float(a), float(b)));
}
inline __nv_bfloat16 __hsub(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __nv_bfloat16(::qiao_device::sumRoundedToOdd(float(a), -float(b)));
}
/* Products of two 8-bit significands are exact in double. */
inline __nv_bfloat16 __hmul(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __nv_bfloat16(double(float(a)) * double(float(b)));
}
inline __nv_bfloat16 __hfma(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
  return __nv_bfloat16(
      ::qiao_device::sumRoundedToOdd(double(float(a)) * double(float(b)), float(c)));
}
inline __nv_bfloat16 __hdiv(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __nv_bfloat16(float(a) / float(b));
}
inline __nv_bfloat16 __hadd_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return __hadd(a, b); }
inline __nv_bfloat16 __hsub_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return __hsub(a, b); }
inline __nv_bfloat16 __hmul_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return __hmul(a, b); }
inline __nv_bfloat16 __hneg(__nv_bfloat16 a) { return __ushort_as_bfloat16(a.bits ^ 0x8000u); }
inline __nv_bfloat16 __habs(__nv_bfloat16 a) { return __ushort_as_bfloat16(a.bits & 0x7fffu); }
/* max/min: a NaN input gives the other input (fmax/fmin), as CUDA documents. */
inline __nv_bfloat16 __hmax(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __nv_bfloat16(std::fmax(float(a), float(b)));
}
inline __nv_bfloat16 __hmin(__nv_bfloat16 a, __nv_bfloat16 b) {
  return __nv_bfloat16(std::fmin(float(a), float(b)));
}
/* fma then a clamp of negatives (and NaN) to zero. */
inline __nv_bfloat16 __hfma_relu(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
  const __nv_bfloat16 r = __hfma(a, b, c);
  return std::isnan(float(r)) || float(r) < 0 ? __nv_bfloat16(0.0f) : r;
}
inline bool __heq(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) == float(b); }
inline bool __hne(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) != float(b); }
inline bool __hlt(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) < float(b); }
inline bool __hle(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) <= float(b); }
inline bool __hgt(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) > float(b); }
inline bool __hge(__nv_bfloat16 a, __nv_bfloat16 b) { return float(a) >= float(b); }
inline bool __hisnan(__nv_bfloat16 a) { return std::isnan(float(a)); }
inline int __hisinf(__nv_bfloat16 a) { return std::isinf(float(a)) ? (float(a) < 0 ? -1 : 1) : 0; }
inline __nv_bfloat16 hsqrt(__nv_bfloat16 a) { return __nv_bfloat16(std::sqrt(float(a))); }
inline __nv_bfloat16 hrsqrt(__nv_bfloat16 a) { return __nv_bfloat16(1.0f / std::sqrt(float(a))); }
inline __nv_bfloat16 hexp(__nv_bfloat16 a) { return __nv_bfloat16(std::exp(float(a))); }
inline __nv_bfloat16 hlog(__nv_bfloat16 a) { return __nv_bfloat16(std::log(float(a))); }
inline __nv_bfloat16 hsin(__nv_bfloat16 a) { return __nv_bfloat16(std::sin(float(a))); }
inline __nv_bfloat16 hcos(__nv_bfloat16 a) { return __nv_bfloat16(std::cos(float(a))); }
inline __nv_bfloat16 hfloor(__nv_bfloat16 a) { return __nv_bfloat16(std::floor(float(a))); }
inline __nv_bfloat16 hceil(__nv_bfloat16 a) { return __nv_bfloat16(std::ceil(float(a))); }
inline __nv_bfloat16 htrunc(__nv_bfloat16 a) { return __nv_bfloat16(std::trunc(float(a))); }

inline __nv_bfloat16 &__nv_bfloat16::operator+=(__nv_bfloat16 other) {
  return *this = __hadd(*this, other);
}
inline __nv_bfloat16 &__nv_bfloat16::operator-=(__nv_bfloat16 other) {
  return *this = __hsub(*this, other);
}
inline __nv_bfloat16 &__nv_bfloat16::operator*=(__nv_bfloat16 other) {
  return *this = __hmul(*this, other);
}
inline __nv_bfloat16 &__nv_bfloat16::operator/=(__nv_bfloat16 other) {
  return *this = __hdiv(*this, other);
}

/* --- pairs ---------------------------------------------------------------------------------- */
inline __nv_bfloat162 make_bfloat162(__nv_bfloat16 x, __nv_bfloat16 y) {
  return __nv_bfloat162{x, y};
}
inline __nv_bfloat162 __halves2bfloat162(__nv_bfloat16 lo, __nv_bfloat16 hi) {
  return __nv_bfloat162{lo, hi};
}
inline __nv_bfloat162 __bfloat162bfloat162(__nv_bfloat16 a) { return __nv_bfloat162{a, a}; }
inline __nv_bfloat162 __float2bfloat162_rn(float f) {
  return __nv_bfloat162{__nv_bfloat16(f), __nv_bfloat16(f)};
}
inline __nv_bfloat162 __floats2bfloat162_rn(float lo, float hi) {
  return __nv_bfloat162{__nv_bfloat16(lo), __nv_bfloat16(hi)};
}
inline __nv_bfloat162 __float22bfloat162_rn(float2 f) {
  return __nv_bfloat162{__nv_bfloat16(f.x), __nv_bfloat16(f.y)};
}
inline float2 __bfloat1622float2(__nv_bfloat162 a) { return float2{float(a.x), float(a.y)}; }
inline __nv_bfloat16 __low2bfloat16(__nv_bfloat162 a) { return a.x; }
inline __nv_bfloat16 __high2bfloat16(__nv_bfloat162 a) { return a.y; }
inline float __low2float(__nv_bfloat162 a) { return float(a.x); }
inline float __high2float(__nv_bfloat162 a) { return float(a.y); }
inline __nv_bfloat162 __low2bfloat162(__nv_bfloat162 a) { return __nv_bfloat162{a.x, a.x}; }
inline __nv_bfloat162 __high2bfloat162(__nv_bfloat162 a) { return __nv_bfloat162{a.y, a.y}; }
inline __nv_bfloat162 __lows2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) {
  return __nv_bfloat162{a.x, b.x};
}
inline __nv_bfloat162 __highs2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) {
  return __nv_bfloat162{a.y, b.y};
}
inline __nv_bfloat162 __lowhigh2highlow(__nv_bfloat162 a) { return __nv_bfloat162{a.y, a.x}; }
inline __nv_bfloat162 __hadd2(__nv_bfloat162 a, __nv_bfloat162 b) {
  return __nv_bfloat162{__hadd(a.x, b.x), __hadd(a.y, b.y)};
}
inline __nv_bfloat162 __hsub2(__nv_bfloat162 a, __nv_bfloat162 b) {
  return __nv_bfloat162{__hsub(a.x, b.x), __hsub(a.y, b.y)};
}
inline __nv_bfloat162 __hmul2(__nv_bfloat162 a, __nv_bfloat162 b) {
  return __nv_bfloat162{__hmul(a.x, b.x), __hmul(a.y, b.y)};
}
inline __nv_bfloat162 __h2div(__nv_bfloat162 a, __nv_bfloat162 b) {
  return __nv_bfloat162{__hdiv(a.x, b.x), __hdiv(a.y, b.y)};
}
inline __nv_bfloat162 __hfma2(__nv_bfloat162 a, __nv_bfloat162 b, __nv_bfloat162 c) {
  return __nv_bfloat162{__hfma(a.x, b.x, c.x), __hfma(a.y, b.y, c.y)};
}
inline __nv_bfloat162 __hneg2(__nv_bfloat162 a) { return __nv_bfloat162{__hneg(a.x), __hneg(a.y)}; }
inline __nv_bfloat162 __habs2(__nv_bfloat162 a) { return __nv_bfloat162{__habs(a.x), __habs(a.y)}; }
inline __nv_bfloat162 __hmax2(__nv_bfloat162 a, __nv_bfloat162 b) {
  return __nv_bfloat162{__hmax(a.x, b.x), __hmax(a.y, b.y)};
}
inline __nv_bfloat162 __hmin2(__nv_bfloat162 a, __nv_bfloat162 b) {
  return __nv_bfloat162{__hmin(a.x, b.x), __hmin(a.y, b.y)};
}

/* atomicAdd on bfloat16 (sm_80): a compare-and-swap of the whole value, each half of a pair
 * added on its own. */
inline __nv_bfloat16 atomicAdd(__nv_bfloat16 *address, __nv_bfloat16 value) {
  return ::qiao_device::atomicUpdate(address,
                                     [&](__nv_bfloat16 old) { return __hadd(old, value); });
}
inline __nv_bfloat162 atomicAdd(__nv_bfloat162 *address, __nv_bfloat162 value) {
  return ::qiao_device::atomicUpdate(address,
                                     [&](__nv_bfloat162 old) { return __hadd2(old, value); });
}

#endif /* QIAO_BF16_H */
