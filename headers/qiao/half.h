/* qiao/half.h: CUDA's half precision (cuda_fp16.h) for host-compiled kernels: __half and
 * __half2 with IEEE binary16 storage, conversions rounding to nearest even, and the arithmetic,
 * comparison and packing functions, computed in float and rounded back (exact for every
 * operation whose float result is exactly representable, as with CUDA's half instructions). */
#ifndef QIAO_HALF_H
#define QIAO_HALF_H

#include <cmath>
#include <cstdint>
#include <cstring>

namespace qiao_device {
/* Defined by qiao/device.h; declared here so that the header also parses on its own, as the
 * translator's cuda_fp16.h and cuda_bf16.h include it. */
template <class T, class Update> inline T atomicUpdate(T *address, Update update);

// std::bit_cast without C++20 (the translator parses this header as C++17).
template <class To, class From> inline To bitCast(From from) {
  static_assert(sizeof(To) == sizeof(From), "same size");
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}

// binary32 -> binary16, round to nearest even; overflow to infinity, NaN kept quiet.
inline uint16_t floatToHalfBits(float f) {
  const uint32_t x = ::qiao_device::bitCast<uint32_t>(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t magnitude = x & 0x7fffffffu;
  if (magnitude > 0x7f800000u) // NaN
    return uint16_t(sign | 0x7e00u);
  if (magnitude >= 0x477ff000u) // rounds to infinity (>= 65520)
    return uint16_t(sign | 0x7c00u);
  if (magnitude < 0x38800000u) { // subnormal half (or zero): |f| < 2^-14
    const float scaled = ::qiao_device::bitCast<float>(magnitude) * 16777216.0f; // * 2^24
    return uint16_t(sign | uint32_t(std::nearbyint(scaled)));
  }
  const uint32_t rebiased = magnitude - 0x38000000u; // exponent 127 -> 15
  const uint32_t rounded = rebiased + 0x0fffu + ((rebiased >> 13) & 1u);
  return uint16_t(sign | (rounded >> 13));
}
inline float halfBitsToFloat(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu;
  const uint32_t mantissa = h & 0x3ffu;
  if (exponent == 0) // zero or subnormal: mantissa * 2^-24
    return ::qiao_device::bitCast<float>(sign | 0u) +
           (sign ? -1.0f : 1.0f) * float(mantissa) * 5.9604644775390625e-8f;
  if (exponent == 31)
    return ::qiao_device::bitCast<float>(sign | 0x7f800000u | (mantissa << 13));
  return ::qiao_device::bitCast<float>(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}
} // namespace qiao_device

struct __half {
  uint16_t bits = 0;
  __half() = default;
  __half(float f) : bits(::qiao_device::floatToHalfBits(f)) {}
  __half(double d) : __half(float(d)) {}
  __half(int i) : __half(float(i)) {}
  operator float() const { return ::qiao_device::halfBitsToFloat(bits); }
};
struct alignas(4) __half2 { /* 4-byte aligned as CUDA's, so that it is one 32-bit word */
  __half x, y;
};
typedef __half half;
typedef __half2 half2;

inline __half __float2half(float f) { return __half(f); }
inline __half __float2half_rn(float f) { return __half(f); }
inline float __half2float(__half h) { return float(h); }
namespace qiao_device {
/* The half next to h's bits away from (up) or toward (down) +infinity, by its encoding: the
 * magnitude steps by one unit, through the subnormals, from the largest finite to infinity. */
inline uint16_t halfStep(uint16_t bits, bool up) {
  const uint16_t sign = bits & 0x8000u, magnitude = bits & 0x7fffu;
  if (magnitude == 0)
    return up ? 0x0001u : 0x8001u;
  return (sign == 0) == up ? uint16_t(bits + 1) : uint16_t(bits - 1);
}
/* f rounded to half in a directed mode: the nearest half, moved one step where it lies on the
 * wrong side of f (ties and exact values need no step). */
inline __half floatToHalfDirected(float f, int direction /* 0 toward zero, 1 up, -1 down */) {
  __half h(f);
  const float back = float(h);
  if (std::isnan(f) || back == f)
    return h;
  const bool above = back > f;
  bool step = false, up = false;
  if (direction == 0) {
    step = std::fabs(back) > std::fabs(f);
    up = back < 0;
  } else {
    step = direction > 0 ? !above : above;
    up = direction > 0;
  }
  if (step)
    h.bits = halfStep(h.bits, up);
  return h;
}
} // namespace qiao_device
inline __half __float2half_rz(float f) { return ::qiao_device::floatToHalfDirected(f, 0); }
inline __half __float2half_ru(float f) { return ::qiao_device::floatToHalfDirected(f, 1); }
inline __half __float2half_rd(float f) { return ::qiao_device::floatToHalfDirected(f, -1); }
inline __half __double2half(double d) { return __half(float(d)); }
inline __half __int2half_rn(int i) { return __half(float(i)); }
inline int __half2int_rn(__half h) { return int(std::nearbyint(float(h))); }
inline int __half2int_rz(__half h) { return int(float(h)); }
inline unsigned short __half_as_ushort(__half h) { return h.bits; }
inline short __half_as_short(__half h) { return short(h.bits); }
inline __half __ushort_as_half(unsigned short u) {
  __half h;
  h.bits = u;
  return h;
}
inline __half __short_as_half(short s) { return __ushort_as_half((unsigned short)s); }

inline __half __hadd(__half a, __half b) { return __half(float(a) + float(b)); }
inline __half __hsub(__half a, __half b) { return __half(float(a) - float(b)); }
inline __half __hmul(__half a, __half b) { return __half(float(a) * float(b)); }
inline __half __hdiv(__half a, __half b) { return __half(float(a) / float(b)); }
inline __half __hfma(__half a, __half b, __half c) {
  return __half(std::fma(float(a), float(b), float(c)));
}
/* The _rn forms name the rounding the plain ones already do (nvcc keeps them from being fused). */
inline __half __hadd_rn(__half a, __half b) { return __hadd(a, b); }
inline __half __hsub_rn(__half a, __half b) { return __hsub(a, b); }
inline __half __hmul_rn(__half a, __half b) { return __hmul(a, b); }
/* fma then a clamp of negatives (and NaN) to zero. */
inline __half __hfma_relu(__half a, __half b, __half c) {
  const __half r = __hfma(a, b, c);
  return std::isnan(float(r)) || float(r) < 0 ? __half(0.0f) : r;
}
inline __half __hneg(__half a) { return __ushort_as_half(a.bits ^ 0x8000u); }
inline __half __habs(__half a) { return __ushort_as_half(a.bits & 0x7fffu); }
inline __half __hmax(__half a, __half b) { return __half(std::fmax(float(a), float(b))); }
inline __half __hmin(__half a, __half b) { return __half(std::fmin(float(a), float(b))); }
inline bool __heq(__half a, __half b) { return float(a) == float(b); }
inline bool __hne(__half a, __half b) { return float(a) != float(b); }
inline bool __hlt(__half a, __half b) { return float(a) < float(b); }
inline bool __hle(__half a, __half b) { return float(a) <= float(b); }
inline bool __hgt(__half a, __half b) { return float(a) > float(b); }
inline bool __hge(__half a, __half b) { return float(a) >= float(b); }
inline bool __hisnan(__half a) { return std::isnan(float(a)); }
inline bool __hisinf(__half a) { return std::isinf(float(a)); }
inline __half hsqrt(__half a) { return __half(std::sqrt(float(a))); }
inline __half hrsqrt(__half a) { return __half(1.0f / std::sqrt(float(a))); }
inline __half hexp(__half a) { return __half(std::exp(float(a))); }
inline __half hlog(__half a) { return __half(std::log(float(a))); }
inline __half hsin(__half a) { return __half(std::sin(float(a))); }
inline __half hcos(__half a) { return __half(std::cos(float(a))); }
inline __half hfloor(__half a) { return __half(std::floor(float(a))); }
inline __half hceil(__half a) { return __half(std::ceil(float(a))); }
inline __half htrunc(__half a) { return __half(std::trunc(float(a))); }

inline __half2 __halves2half2(__half lo, __half hi) { return __half2{lo, hi}; }
inline __half2 __half2half2(__half a) { return __half2{a, a}; }
inline __half2 __float2half2_rn(float f) { return __half2{__half(f), __half(f)}; }
inline __half2 __floats2half2_rn(float lo, float hi) { return __half2{__half(lo), __half(hi)}; }
inline __half2 __float22half2_rn(float2 f) { return __half2{__half(f.x), __half(f.y)}; }
inline float2 __half22float2(__half2 h) { return float2{float(h.x), float(h.y)}; }
inline __half __low2half(__half2 h) { return h.x; }
inline __half __high2half(__half2 h) { return h.y; }
inline float __low2float(__half2 h) { return float(h.x); }
inline float __high2float(__half2 h) { return float(h.y); }
inline __half2 __lows2half2(__half2 a, __half2 b) { return __half2{a.x, b.x}; }
inline __half2 __highs2half2(__half2 a, __half2 b) { return __half2{a.y, b.y}; }
inline __half2 __lowhigh2highlow(__half2 h) { return __half2{h.y, h.x}; }
inline __half2 __hadd2(__half2 a, __half2 b) { return __half2{__hadd(a.x, b.x), __hadd(a.y, b.y)}; }
inline __half2 __hsub2(__half2 a, __half2 b) { return __half2{__hsub(a.x, b.x), __hsub(a.y, b.y)}; }
inline __half2 __hmul2(__half2 a, __half2 b) { return __half2{__hmul(a.x, b.x), __hmul(a.y, b.y)}; }
inline __half2 __h2div(__half2 a, __half2 b) { return __half2{__hdiv(a.x, b.x), __hdiv(a.y, b.y)}; }
inline __half2 __hfma2(__half2 a, __half2 b, __half2 c) {
  return __half2{__hfma(a.x, b.x, c.x), __hfma(a.y, b.y, c.y)};
}
inline __half2 __hneg2(__half2 a) { return __half2{__hneg(a.x), __hneg(a.y)}; }
inline __half2 __habs2(__half2 a) { return __half2{__habs(a.x), __habs(a.y)}; }
inline __half2 __hmax2(__half2 a, __half2 b) { return __half2{__hmax(a.x, b.x), __hmax(a.y, b.y)}; }
inline __half2 __hmin2(__half2 a, __half2 b) { return __half2{__hmin(a.x, b.x), __hmin(a.y, b.y)}; }

/* atomicAdd on half precision (sm_70, and __half2 on sm_60): a compare-and-swap of the whole
 * value; each half of a __half2 is added on its own, as CUDA's two-lane add does. */
inline __half atomicAdd(__half *address, __half value) {
  return ::qiao_device::atomicUpdate(address, [&](__half old) { return __hadd(old, value); });
}
inline __half2 atomicAdd(__half2 *address, __half2 value) {
  return ::qiao_device::atomicUpdate(address, [&](__half2 old) { return __hadd2(old, value); });
}

#endif /* QIAO_HALF_H */
