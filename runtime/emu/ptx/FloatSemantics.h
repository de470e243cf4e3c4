// Scalar semantics of the PTX floating-point instructions (PTX ISA 9.0, sections 9.7.3
// "Floating-Point Instructions" and 9.7.4 "Half Precision Floating-Point Instructions"), as pure
// functions, plus the exact conversions between f64/f32 and the narrow formats (f16, bf16) that
// cvt shares.
//
// How rounding modes are honoured without touching the host's floating-point environment in the
// hot paths: every f16, bf16 and f32 operand is exactly a double. A product of two of them is exact
// in double; a sum is made exact-enough by "round to odd" (the double nearest below or above,
// with a sticky last bit when inexact), after which one final rounding to the narrow format, in
// any mode, gives the correctly rounded result (53 >= 2 * 24 + 2). roundDoubleToFormat does that
// final rounding with integer arithmetic. Only f64 operations with a directed rounding mode switch
// the host rounding mode (ScopedRounding), reading and writing their operands through volatile so
// that the compiler neither folds nor moves the operation out of the scope.
#pragma once

#include "Ir.h"

#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace qiao::ptx {

// NaN results: NVIDIA hardware returns one canonical quiet NaN rather than propagating payloads.
constexpr uint32_t kCanonicalNanF32 = 0x7fffffffu;
constexpr uint16_t kCanonicalNanF16 = 0x7fffu;
constexpr uint16_t kCanonicalNanBF16 = 0x7fffu;

// ---- narrow binary formats -----------------------------------------------------------------

struct FloatFormat {
  int mantissaBits; // stored fraction bits
  int exponentBits;
  uint64_t canonicalNan;
};
constexpr FloatFormat kFormatF16{10, 5, kCanonicalNanF16};
constexpr FloatFormat kFormatBF16{7, 8, kCanonicalNanBF16};
constexpr FloatFormat kFormatF32{23, 8, kCanonicalNanF32};

// True for the round-to-nearest modes an instruction may name (or omit).
constexpr bool isNearest(Rounding r) { return r == Rounding::None || r == Rounding::Rn; }

// The bits of x rounded to `format` with mode r (None/Rn nearest-even, Rna nearest-away, Rz, Rm,
// Rp; the integer-rounding spellings Rni/Rzi/Rmi/Rpi act as their float counterparts). Exact for
// every double: overflow gives infinity or the largest finite value as the mode dictates,
// underflow gives subnormals or zero with the sign kept, NaN gives the format's canonical NaN.
inline uint64_t roundDoubleToFormat(double x, FloatFormat format, Rounding r) {
  const int mant = format.mantissaBits;
  const int bias = (1 << (format.exponentBits - 1)) - 1;
  const uint64_t signBit = uint64_t{1} << (mant + format.exponentBits);
  const uint64_t infBits = ((uint64_t{1} << format.exponentBits) - 1) << mant;
  if (std::isnan(x))
    return format.canonicalNan;
  uint64_t xb = std::bit_cast<uint64_t>(x);
  bool negative = xb >> 63;
  uint64_t sign = negative ? signBit : 0;
  if (std::isinf(x))
    return sign | infBits;
  if (x == 0)
    return sign;

  // |x| = m * 2^(e - 52), m with its leading bit at position 52 (doubles' subnormals are below
  // every narrow format's smallest subnormal, so treating them as such tiny normals is exact).
  int biased = static_cast<int>((xb >> 52) & 0x7ff);
  uint64_t m = (xb & ((uint64_t{1} << 52) - 1)) | (biased ? uint64_t{1} << 52 : 0);
  int e = (biased ? biased : 1) - 1023;
  const int emin = 1 - bias;
  // The quantum of the result's binade is 2^q; n is |x| / 2^q truncated, rest the dropped bits.
  int q = (e > emin ? e : emin) - mant;
  int shift = q - (e - 52);
  uint64_t n, rest, half;
  bool restNonzero;
  if (shift >= 64) {
    n = 0;
    restNonzero = true;
    half = 0; // marks "below half a quantum": |x| < 2^(q-11) here
    rest = 0;
  } else {
    n = m >> shift;
    rest = m & ((uint64_t{1} << shift) - 1);
    half = uint64_t{1} << (shift - 1);
    restNonzero = rest != 0;
  }
  bool up = false;
  switch (r) {
  case Rounding::Rz:
  case Rounding::Rzi:
    break;
  case Rounding::Rm:
  case Rounding::Rmi:
    up = negative && restNonzero;
    break;
  case Rounding::Rp:
  case Rounding::Rpi:
    up = !negative && restNonzero;
    break;
  case Rounding::Rna:
    up = half != 0 && rest >= half;
    break;
  default: // nearest, ties to even
    up = half != 0 && (rest > half || (rest == half && (n & 1)));
    break;
  }
  n += up ? 1 : 0;
  if (n == 0)
    return sign;
  // With n in [2^mant, 2^(mant+1)] the biased exponent field of the binade is q + mant + bias; a
  // subnormal n (< 2^mant) lands in field 0, and a carry out of the fraction bumps the exponent.
  uint64_t magnitude = (static_cast<uint64_t>(q + mant + bias - 1) << mant) + n;
  if (magnitude >= infBits) {
    bool toInfinity = r == Rounding::Rp                         ? !negative
                      : r == Rounding::Rm                       ? negative
                      : r == Rounding::Rz || r == Rounding::Rzi ? false
                      : r == Rounding::Rpi                      ? !negative
                      : r == Rounding::Rmi                      ? negative
                                                                : true;
    magnitude = toInfinity ? infBits : infBits - 1;
  }
  return sign | magnitude;
}

// The exact value of narrow-format bits as a double.
inline double formatToDouble(uint64_t bits, FloatFormat format) {
  const int mant = format.mantissaBits;
  const int bias = (1 << (format.exponentBits - 1)) - 1;
  const uint64_t expMask = (uint64_t{1} << format.exponentBits) - 1;
  bool negative = (bits >> (mant + format.exponentBits)) & 1;
  uint64_t field = (bits >> mant) & expMask;
  uint64_t fraction = bits & ((uint64_t{1} << mant) - 1);
  double magnitude;
  if (field == expMask)
    magnitude = fraction ? std::numeric_limits<double>::quiet_NaN()
                         : std::numeric_limits<double>::infinity();
  else if (field == 0)
    magnitude = std::ldexp(static_cast<double>(fraction), 1 - bias - mant);
  else
    magnitude = std::ldexp(static_cast<double>(fraction | (uint64_t{1} << mant)),
                           static_cast<int>(field) - bias - mant);
  return negative ? -magnitude : magnitude;
}

inline float halfToFloat(uint16_t h) { return static_cast<float>(formatToDouble(h, kFormatF16)); }
inline double halfToDouble(uint16_t h) { return formatToDouble(h, kFormatF16); }
inline uint16_t doubleToHalf(double x, Rounding r = Rounding::Rn) {
  return static_cast<uint16_t>(roundDoubleToFormat(x, kFormatF16, r));
}
inline uint16_t floatToHalf(float x, Rounding r = Rounding::Rn) { return doubleToHalf(x, r); }

inline float bf16ToFloat(uint16_t b) { return std::bit_cast<float>(uint32_t{b} << 16); }
inline uint16_t doubleToBf16(double x, Rounding r = Rounding::Rn) {
  return static_cast<uint16_t>(roundDoubleToFormat(x, kFormatBF16, r));
}
inline uint16_t floatToBf16(float x, Rounding r = Rounding::Rn) { return doubleToBf16(x, r); }

// f64 -> f32 in any rounding mode, exactly (cvt.rz.f32.f64...). NaN becomes the canonical NaN.
inline float doubleToFloat(double x, Rounding r) {
  if (isNearest(r) && !std::isnan(x))
    return static_cast<float>(x); // the host conversion rounds to nearest even
  return std::bit_cast<float>(static_cast<uint32_t>(roundDoubleToFormat(x, kFormatF32, r)));
}

// ---- round to odd --------------------------------------------------------------------------

// s, the double nearest an exact value s + err (|err| below half an ulp of s), made odd when
// err != 0: the "round to odd" representative that later rounds correctly to any format at
// least two bits narrower.
inline double stickyOdd(double s, double err) {
  if (err == 0 || s == 0 || !std::isfinite(s))
    return s;
  uint64_t bits = std::bit_cast<uint64_t>(s);
  if ((bits & 1) == 0)
    bits = std::signbit(err) == std::signbit(s) ? bits + 1 : bits - 1;
  return std::bit_cast<double>(bits);
}

// a + b rounded to odd (TwoSum gives the rounding error exactly).
inline double addToOdd(double a, double b) {
  double s = a + b;
  if (!std::isfinite(s))
    return s;
  double bPart = s - a;
  double err = (a - (s - bPart)) + (b - bPart);
  return stickyOdd(s, err);
}

// a + b rounded to odd, for a final rounding in mode r: an exact zero sum takes the sign IEEE 754
// gives it in that mode (-0 when rounding down, else +0, unless both addends are zeros of one
// sign).
inline double addToOddFor(double a, double b, Rounding r) {
  double s = addToOdd(a, b);
  if (s != 0)
    return s;
  if (a == 0 && b == 0 && std::signbit(a) == std::signbit(b))
    return a;
  return (r == Rounding::Rm || r == Rounding::Rmi) ? -0.0 : 0.0;
}

// ---- the host rounding mode, for f64 directed rounding -------------------------------------

class ScopedRounding {
public:
  explicit ScopedRounding(Rounding r) : saved_(std::fegetround()) { std::fesetround(hostMode(r)); }
  ~ScopedRounding() { std::fesetround(saved_); }
  ScopedRounding(const ScopedRounding &) = delete;
  ScopedRounding &operator=(const ScopedRounding &) = delete;

  static int hostMode(Rounding r) {
    switch (r) {
    case Rounding::Rz:
    case Rounding::Rzi:
      return FE_TOWARDZERO;
    case Rounding::Rm:
    case Rounding::Rmi:
      return FE_DOWNWARD;
    case Rounding::Rp:
    case Rounding::Rpi:
      return FE_UPWARD;
    default:
      return FE_TONEAREST;
    }
  }

private:
  int saved_;
};

inline double f64Add(double a, double b, Rounding r) {
  if (isNearest(r))
    return a + b;
  ScopedRounding scope(r);
  volatile double va = a, vb = b;
  volatile double result = va + vb;
  return result;
}
inline double f64Sub(double a, double b, Rounding r) { return f64Add(a, -b, r); }
inline double f64Mul(double a, double b, Rounding r) {
  if (isNearest(r))
    return a * b;
  ScopedRounding scope(r);
  volatile double va = a, vb = b;
  volatile double result = va * vb;
  return result;
}
inline double f64Div(double a, double b, Rounding r) {
  if (isNearest(r))
    return a / b;
  ScopedRounding scope(r);
  volatile double va = a, vb = b;
  volatile double result = va / vb;
  return result;
}
inline double f64Fma(double a, double b, double c, Rounding r) {
  if (isNearest(r))
    return std::fma(a, b, c);
  ScopedRounding scope(r);
  volatile double va = a, vb = b, vc = c;
  volatile double result = std::fma(va, vb, vc);
  return result;
}
inline double f64Sqrt(double a, Rounding r) {
  if (isNearest(r))
    return std::sqrt(a);
  ScopedRounding scope(r);
  volatile double va = a;
  volatile double result = std::sqrt(va);
  return result;
}

// ---- f32 -----------------------------------------------------------------------------------

inline bool isSubnormalF32(float x) {
  uint32_t b = std::bit_cast<uint32_t>(x);
  return (b & 0x7f800000u) == 0 && (b & 0x007fffffu) != 0;
}
// .ftz: a subnormal becomes a zero of the same sign.
inline float flushF32(float x) { return isSubnormalF32(x) ? std::copysign(0.0f, x) : x; }
inline double flushF64(double x) {
  return std::fpclassify(x) == FP_SUBNORMAL ? std::copysign(0.0, x) : x;
}
// .sat: clamps to [0, 1]; NaN and -0 give +0.
template <class F> inline F saturateUnit(F x) { return x > F(0) ? (x < F(1) ? x : F(1)) : F(0); }
inline float canonicalF32(float x) { return x != x ? std::bit_cast<float>(kCanonicalNanF32) : x; }

// Correctly rounded f32 operations in any rounding mode (no ftz, no saturation, NaN not
// canonicalised: callers finish the result).
inline float f32Add(float a, float b, Rounding r) {
  if (isNearest(r))
    return a + b;
  return doubleToFloat(addToOddFor(a, b, r), r);
}
inline float f32Sub(float a, float b, Rounding r) { return f32Add(a, -b, r); }
inline float f32Mul(float a, float b, Rounding r) {
  double product = static_cast<double>(a) * static_cast<double>(b); // exact
  return doubleToFloat(product, r);
}
inline float f32Fma(float a, float b, float c, Rounding r) {
  double product = static_cast<double>(a) * static_cast<double>(b); // exact
  return doubleToFloat(addToOddFor(product, c, r), r);
}
// fma.rn.f32 without branches on the operands, for the warp-wide loops: the exact product plus c
// in double, its TwoSum error folded in as a sticky odd bit, one rounding to f32.
inline float fmaNearestF32(float a, float b, float c) {
  double p = static_cast<double>(a) * static_cast<double>(b);
  double cd = c;
  double s = p + cd;
  double bPart = s - p;
  double err = (p - (s - bPart)) + (cd - bPart);
  uint64_t bits = std::bit_cast<uint64_t>(s);
  bool finite = s - s == 0;
  bool makeOdd = finite && err != 0 && (bits & 1) == 0;
  uint64_t step = (err > 0) == (s > 0) ? 1 : ~uint64_t{0};
  bits += makeOdd ? step : 0;
  return static_cast<float>(std::bit_cast<double>(bits));
}
inline float f32Div(float a, float b, Rounding r) {
  double q = static_cast<double>(a) / static_cast<double>(b);
  if (isNearest(r) || !std::isfinite(q) || q == 0)
    return doubleToFloat(q, r);
  // The remainder a - q*b is exact through fma; its sign and b's say which side q the
  // true quotient lies on.
  double rem = std::fma(-q, static_cast<double>(b), static_cast<double>(a));
  double err = std::signbit(b) ? -rem : rem;
  return doubleToFloat(stickyOdd(q, err), r);
}
inline float f32Sqrt(float a, Rounding r) {
  double s = std::sqrt(static_cast<double>(a));
  if (isNearest(r) || !std::isfinite(s) || s == 0)
    return doubleToFloat(s, r);
  double rem = std::fma(-s, s, static_cast<double>(a));
  return doubleToFloat(stickyOdd(s, rem), r);
}
inline float f32Rcp(float a, Rounding r) { return f32Div(1.0f, a, r); }

// div.approx.f32: a * (1/b) as the ISA describes, with its documented quirk that divisors of
// magnitude in [2^126, 2^128) (the finite ones from 2^126 up) give 0 for finite a.
inline float f32DivApprox(float a, float b) {
  float mag = std::fabs(b);
  if (mag >= 0x1p126f && std::isfinite(mag) && std::isfinite(a))
    return std::copysign(0.0f, a) * std::copysign(1.0f, b);
  return static_cast<float>(static_cast<double>(a) / static_cast<double>(b));
}

// The .approx functions: computed in double and rounded once, which is within the ISA's error
// bounds (a few ulp at most for each of them); ex2 by a polynomial, below. rsqrt is the
// single-precision root and quotient, each correctly rounded (at most about one ulp, inside
// rsqrt.approx's bound): what SIMD units do at full width, where the double route costs a compiled
// n-body most of its time.
inline float f32RcpApprox(float a) { return static_cast<float>(1.0 / a); }
inline float f32SqrtApprox(float a) { return static_cast<float>(std::sqrt(double{a})); }
inline float f32RsqrtApprox(float a) { return 1.0f / std::sqrt(a); }

// ex2.approx.f32: 2^a as 2^n * 2^f in single precision, n = a rounded to the nearest integer,
// f = a - n (exact, |f| <= 1/2), 2^f by a polynomial of degree kEx2Degree in Horner's form with
// fused multiply-adds (Chebyshev's fit on [-1/2, 1/2], coefficients rounded to float), 2^n as two
// exact float scales so that results down to the subnormals are rounded once. Within 0.993 ulp of
// 2^a for every float whose result is normal (checked over all of them; PTX allows 2 ulp), exact
// at the integers. Float throughout, so that native code computes the same operations in the
// same order on 32 lanes at eight lanes per AVX2 register (runtime/emu/jit): both engines give
// the same bits.
inline constexpr int kEx2Degree = 6;
inline constexpr float kEx2Low = -151.0f, kEx2High = 129.0f; // 2^-151 rounds to 0, 2^129 to inf
inline constexpr float kEx2Coefficients[kEx2Degree + 1] = {
    0x1p+0f,        0x1.62e43p-1f,  0x1.ebfbep-3f, 0x1.c6aeccp-5f,
    0x1.3b2a1cp-7f, 0x1.5f48cp-10f, 0x1.444p-13f};
inline float f32Ex2Approx(float a) {
  if (a != a)
    return a;
  float x = std::fmin(std::fmax(a, kEx2Low), kEx2High);
  float n = std::nearbyint(x); // ties to even in the default mode, as roundeven
  float f = x - n;
  float p = kEx2Coefficients[kEx2Degree];
  for (int k = kEx2Degree - 1; k >= 0; --k)
    p = std::fma(p, f, kEx2Coefficients[k]);
  // n in [-151, 129]: n = high + low with both halves in [-76, 65], each 2^k a normal float.
  const int32_t e = static_cast<int32_t>(n), high = e >> 1, low = e - high;
  auto scale = [](int32_t k) { return std::bit_cast<float>(static_cast<uint32_t>(k + 127) << 23); };
  return p * scale(high) * scale(low);
}
// lg2.approx.f32: log2(a) as e + log2(m) in double, a = m * 2^e with m in [sqrt(1/2), sqrt(2)),
// log2(m) = 2t(1 + t^2/3 + t^4/5 + ...) / ln 2 with t = (m - 1) / (m + 1) (|t| < 0.172, degree
// kLg2Degree in t^2 with fused multiply-adds: relative error below 1e-15), rounded to float once.
// Native code computes the same operations in the same order (runtime/emu/jit), as for ex2.
inline constexpr int kLg2Degree = 9;
inline constexpr double kSqrt2 = 0x1.6a09e667f3bcdp+0, kLog2E = 0x1.71547652b82fep+0;
struct Lg2Coefficients {
  double c[kLg2Degree + 1]; // 1 / (2k + 1)
  constexpr Lg2Coefficients() : c() {
    for (int k = 0; k <= kLg2Degree; ++k)
      c[k] = 1.0 / (2 * k + 1);
  }
};
inline constexpr Lg2Coefficients kLg2Coefficients;
inline float f32Lg2Approx(float a) {
  if (a != a)
    return a;
  if (a < 0.0f)
    return std::numeric_limits<float>::quiet_NaN();
  if (a == 0.0f)
    return -std::numeric_limits<float>::infinity();
  if (a == std::numeric_limits<float>::infinity())
    return a;
  uint64_t bits = std::bit_cast<uint64_t>(double{a});
  double e = static_cast<double>(static_cast<int64_t>(bits >> 52) - 1023);
  double m = std::bit_cast<double>((bits & ((uint64_t{1} << 52) - 1)) | (uint64_t{1023} << 52));
  if (m > kSqrt2) {
    m *= 0.5;
    e += 1.0;
  }
  double t = (m - 1.0) / (m + 1.0);
  double s = t * t;
  double p = kLg2Coefficients.c[kLg2Degree];
  for (int k = kLg2Degree - 1; k >= 0; --k)
    p = std::fma(p, s, kLg2Coefficients.c[k]);
  double log2m = t * p * 2.0 * kLog2E;
  return static_cast<float>(e + log2m);
}
// sin.approx.f32 and cos.approx.f32: on |a| in double, x = k * pi/2 + r with k = x * 2/pi rounded
// to the nearest integer (ties to even) and r = x - k * pi/2 by two fused multiply-adds with pi/2
// split in two doubles (the first exact for |a| < 2^48, where |r| stays below 0.82: within 2^-52
// of the true remainder), then sin r and cos r by their Taylor polynomials in r^2 of degrees 13
// and 14 with fused multiply-adds (relative error below 2^-44 for |r| < 0.82), the quadrant
// k mod 4 picking which one and its sign, and sin's sign that of a; rounded to float once. Far
// inside PTX's bound (absolute error 2^-20.5 over [-2pi, 2pi], 2^-14.7 over [-100pi, 100pi]):
// the result is the correctly rounded one but where a tie is nearer than the error. From 2^48 on
// (only best effort documented) r is (x * 2/pi - k) * pi/2, still in [-pi/4, pi/4]. sin(-0) is
// -0, cos(+-0) 1, infinities and NaNs give a NaN. Native code computes the same operations in
// the same order on 32 lanes (runtime/emu/jit), so both engines give the same bits; a library
// sin is one call per lane.
inline constexpr int kSinCosDegree = 7; // sin: r^1 .. r^13, cos: r^0 .. r^14
inline constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
inline constexpr double kHalfPiHigh = 0x1.921fb54442d18p+0, kHalfPiLow = 0x1.1a62633145c07p-54;
inline constexpr double kSinCosReducedBelow = 0x1p48; // |a| reduced by x - k * pi/2 below this
struct SinCosCoefficients {
  double sin[kSinCosDegree];     // (-1)^j / (2j + 1)!
  double cos[kSinCosDegree + 1]; // (-1)^j / (2j)!
  constexpr SinCosCoefficients() : sin(), cos() {
    sin[0] = cos[0] = 1.0;
    for (int j = 1; j < kSinCosDegree; ++j)
      sin[j] = -sin[j - 1] / ((2 * j) * (2 * j + 1));
    for (int j = 1; j <= kSinCosDegree; ++j)
      cos[j] = -cos[j - 1] / ((2 * j - 1) * (2 * j));
  }
};
inline constexpr SinCosCoefficients kSinCosCoefficients;
inline float f32SinCosApprox(float a, bool cosine) {
  double x = std::fabs(double{a});
  double t = x * kTwoOverPi;
  double k = std::nearbyint(t); // ties to even in the default mode, as roundeven
  double r = x < kSinCosReducedBelow ? std::fma(-k, kHalfPiLow, std::fma(-k, kHalfPiHigh, x))
                                     : (t - k) * kHalfPiHigh;
  double s = r * r;
  double ps = kSinCosCoefficients.sin[kSinCosDegree - 1];
  for (int j = kSinCosDegree - 2; j >= 1; --j)
    ps = std::fma(ps, s, kSinCosCoefficients.sin[j]);
  double pc = kSinCosCoefficients.cos[kSinCosDegree];
  for (int j = kSinCosDegree - 1; j >= 1; --j)
    pc = std::fma(pc, s, kSinCosCoefficients.cos[j]);
  double sinR = std::fma(r * s, ps, r), cosR = std::fma(s, pc, 1.0);
  // sin(x) = sin(r + n * pi/2) with n = k mod 4 (+ 1 for the cosine): exact for every double k,
  // and a NaN (an infinite or NaN a) compares unequal to all of them.
  double n = k - 4.0 * std::floor(k * 0.25) + (cosine ? 1.0 : 0.0);
  bool odd = n == 1.0 || n == 3.0, negate = n == 2.0 || n == 3.0;
  if (!cosine && std::signbit(a))
    negate = !negate;
  double v = odd ? cosR : sinR;
  return static_cast<float>(negate ? -v : v);
}
inline float f32SinApprox(float a) { return f32SinCosApprox(a, false); }
inline float f32CosApprox(float a) { return f32SinCosApprox(a, true); }
inline float f32TanhApprox(float a) { return static_cast<float>(std::tanh(double{a})); }

// min/max: a NaN operand yields the other one; two NaNs yield the canonical NaN; -0 orders below
// +0. With .NaN any NaN operand yields the canonical NaN.
template <class F> inline F floatMin(F a, F b, bool propagateNan) {
  if (a != a || b != b) {
    if (propagateNan || (a != a && b != b))
      return std::numeric_limits<F>::quiet_NaN();
    return a != a ? b : a;
  }
  if (a == b)
    return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <class F> inline F floatMax(F a, F b, bool propagateNan) {
  if (a != a || b != b) {
    if (propagateNan || (a != a && b != b))
      return std::numeric_limits<F>::quiet_NaN();
    return a != a ? b : a;
  }
  if (a == b)
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}
// .xorsign.abs: the min/max of |a| and |b|, carrying the xor of their signs (NaN results keep
// the canonical NaN).
template <class F> inline F floatMinMaxXorSign(F a, F b, bool isMax, bool propagateNan) {
  bool negative = std::signbit(a) != std::signbit(b);
  F m = isMax ? floatMax(std::fabs(a), std::fabs(b), propagateNan)
              : floatMin(std::fabs(a), std::fabs(b), propagateNan);
  if (m != m)
    return m;
  return negative ? -m : m;
}

// copysign.f32 d, a, b: b's magnitude with a's sign.
template <class F> inline F ptxCopysign(F a, F b) { return std::copysign(b, a); }

enum class FloatClass : uint8_t { Finite, Infinite, Number, NotANumber, Normal, Subnormal };
template <class F> inline bool testFloatClass(F x, FloatClass c) {
  switch (c) {
  case FloatClass::Finite:
    return std::isfinite(x);
  case FloatClass::Infinite:
    return std::isinf(x);
  case FloatClass::Number:
    return !std::isnan(x);
  case FloatClass::NotANumber:
    return std::isnan(x);
  case FloatClass::Normal:
    return std::fpclassify(x) == FP_NORMAL;
  case FloatClass::Subnormal:
    return std::fpclassify(x) == FP_SUBNORMAL;
  }
  return false;
}

// ---- f16 and bf16 --------------------------------------------------------------------------

// Half operands are decoded to doubles (exact), combined exactly or to odd, and rounded once.
struct HalfOps {
  FloatFormat format;

  bool isSubnormal(uint16_t h) const {
    uint16_t expField =
        static_cast<uint16_t>(((1u << format.exponentBits) - 1) << format.mantissaBits);
    uint16_t fracMask = static_cast<uint16_t>((1u << format.mantissaBits) - 1);
    return (h & expField) == 0 && (h & fracMask) != 0;
  }
  uint16_t signBit() const {
    return static_cast<uint16_t>(1u << (format.mantissaBits + format.exponentBits));
  }
  uint16_t flush(uint16_t h) const {
    return isSubnormal(h) ? static_cast<uint16_t>(h & signBit()) : h;
  }
  double value(uint16_t h) const { return formatToDouble(h, format); }
  uint16_t round(double x, Rounding r) const {
    return static_cast<uint16_t>(roundDoubleToFormat(x, format, r));
  }

  uint16_t add(uint16_t a, uint16_t b, Rounding r) const {
    return round(addToOddFor(value(a), value(b), r), r);
  }
  uint16_t sub(uint16_t a, uint16_t b, Rounding r) const {
    return round(addToOddFor(value(a), -value(b), r), r);
  }
  uint16_t mul(uint16_t a, uint16_t b, Rounding r) const {
    return round(value(a) * value(b), r); // exact product
  }
  uint16_t fma(uint16_t a, uint16_t b, uint16_t c, Rounding r) const {
    return round(addToOddFor(value(a) * value(b), value(c), r), r);
  }
  uint16_t neg(uint16_t a) const { return static_cast<uint16_t>(a ^ signBit()); }
  uint16_t abs(uint16_t a) const { return static_cast<uint16_t>(a & ~signBit()); }
  uint16_t min(uint16_t a, uint16_t b, bool propagateNan) const {
    return round(floatMin(value(a), value(b), propagateNan), Rounding::Rn);
  }
  uint16_t max(uint16_t a, uint16_t b, bool propagateNan) const {
    return round(floatMax(value(a), value(b), propagateNan), Rounding::Rn);
  }
  uint16_t minMaxXorSign(uint16_t a, uint16_t b, bool isMax, bool propagateNan) const {
    return round(floatMinMaxXorSign(value(a), value(b), isMax, propagateNan), Rounding::Rn);
  }
  // .sat clamps to [0, 1] (NaN to +0); .relu clamps negatives to +0 and keeps NaN.
  uint16_t saturate(uint16_t h) const { return round(saturateUnit(value(h)), Rounding::Rn); }
  uint16_t relu(uint16_t h) const {
    double v = value(h);
    if (v != v)
      return static_cast<uint16_t>(format.canonicalNan);
    return v < 0 || (v == 0 && std::signbit(v)) ? uint16_t{0} : h;
  }
};
constexpr HalfOps kHalfF16{kFormatF16};
constexpr HalfOps kHalfBF16{kFormatBF16};

} // namespace qiao::ptx
