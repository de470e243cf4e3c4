/* qiao/device_math.h: the CUDA Math API and intrinsics that the C and C++ libraries lack, for
 * host-compiled kernels (included by qiao/device.h). Names and semantics as the CUDA Math API
 * documentation gives them; the host's correctly rounded functions stand in for CUDA's
 * approximations, and directed rounding runs in the host's floating-point environment. */
#ifndef QIAO_DEVICE_MATH_H
#define QIAO_DEVICE_MATH_H

#include <atomic>
#include <cfenv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>

/* The classification functions, unqualified as device code calls them. */
using std::isfinite;
using std::isinf;
using std::isnan;
using std::signbit;

/* --- integer min and max -------------------------------------------------------------------- */
inline unsigned umin(unsigned a, unsigned b) { return a < b ? a : b; }
inline unsigned umax(unsigned a, unsigned b) { return a > b ? a : b; }
inline long long llmin(long long a, long long b) { return a < b ? a : b; }
inline long long llmax(long long a, long long b) { return a > b ? a : b; }
inline unsigned long long ullmin(unsigned long long a, unsigned long long b) {
  return a < b ? a : b;
}
inline unsigned long long ullmax(unsigned long long a, unsigned long long b) {
  return a > b ? a : b;
}

/* --- the Math API beyond libm ---------------------------------------------------------------- */
inline float fdividef(float x, float y) { return x / y; }
inline double fdivide(double x, double y) { return x / y; }
inline float rcbrtf(float x) { return 1.0f / std::cbrt(x); }
inline double rcbrt(double x) { return 1.0 / std::cbrt(x); }
inline float rhypotf(float x, float y) { return 1.0f / std::hypot(x, y); }
inline double rhypot(double x, double y) { return 1.0 / std::hypot(x, y); }
inline float norm3df(float a, float b, float c) { return std::sqrt(a * a + b * b + c * c); }
inline double norm3d(double a, double b, double c) { return std::sqrt(a * a + b * b + c * c); }
inline float rnorm3df(float a, float b, float c) { return 1.0f / norm3df(a, b, c); }
inline double rnorm3d(double a, double b, double c) { return 1.0 / norm3d(a, b, c); }
inline float norm4df(float a, float b, float c, float d) {
  return std::sqrt(a * a + b * b + c * c + d * d);
}
inline double norm4d(double a, double b, double c, double d) {
  return std::sqrt(a * a + b * b + c * c + d * d);
}
inline float rnorm4df(float a, float b, float c, float d) { return 1.0f / norm4df(a, b, c, d); }
inline double rnorm4d(double a, double b, double c, double d) { return 1.0 / norm4d(a, b, c, d); }
inline float normf(int dim, const float *p) {
  double sum = 0;
  for (int i = 0; i < dim; ++i)
    sum += double(p[i]) * p[i];
  return float(std::sqrt(sum));
}
inline double norm(int dim, const double *p) {
  long double sum = 0;
  for (int i = 0; i < dim; ++i)
    sum += static_cast<long double>(p[i]) * p[i];
  return double(std::sqrt(sum));
}
inline float rnormf(int dim, const float *p) { return 1.0f / normf(dim, p); }
inline double rnorm(int dim, const double *p) { return 1.0 / norm(dim, p); }
inline void sincospif(float x, float *s, float *c) {
  *s = std::sin(3.14159265358979323846f * x), *c = std::cos(3.14159265358979323846f * x);
}
inline void sincospi(double x, double *s, double *c) {
  *s = std::sin(3.14159265358979323846 * x), *c = std::cos(3.14159265358979323846 * x);
}
inline double normcdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
inline float normcdff(float x) { return float(normcdf(x)); }
/* erfinv by Newton's method on erf from a closed-form start (Giles' approximation), to full
 * double precision; +-1 give +-infinity and |x| > 1 NaN, as CUDA's. */
inline double erfinv(double x) {
  if (x <= -1.0 || x >= 1.0)
    return x == -1.0 ? -HUGE_VAL : x == 1.0 ? HUGE_VAL : NAN;
  double w = -std::log((1.0 - x) * (1.0 + x)), y;
  if (w < 5.0) {
    w -= 2.5;
    y = 2.81022636e-08;
    for (double c : {3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                     -0.00417768164, 0.246640727, 1.50140941})
      y = c + y * w;
  } else {
    w = std::sqrt(w) - 3.0;
    y = -0.000200214257;
    for (double c : {0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                     0.00943887047, 1.00167406, 2.83297682})
      y = c + y * w;
  }
  y *= x;
  for (int i = 0; i < 3; ++i) // Newton: erf'(y) = 2/sqrt(pi) exp(-y^2)
    y -= (std::erf(y) - x) / (1.1283791670955126 * std::exp(-y * y));
  return y;
}
inline float erfinvf(float x) { return float(erfinv(x)); }
inline double erfcinv(double x) { return x <= 0 ? (x == 0 ? HUGE_VAL : NAN) : erfinv(1.0 - x); }
inline float erfcinvf(float x) { return float(erfcinv(x)); }
inline double normcdfinv(double x) { return -std::sqrt(2.0) * erfcinv(2.0 * x); }
inline float normcdfinvf(float x) { return float(normcdfinv(x)); }
inline double erfcx(double x) { return std::exp(x * x) * std::erfc(x); }
inline float erfcxf(float x) { return float(erfcx(x)); }
namespace qiao_device {
/* I_n(x), x >= 0: the standard library's (C++17) where it has one, else its power series
 * sum (x/2)^(2k+n) / (k! (k+n)!), whose terms are all positive (no cancellation). */
inline double besselI(int n, double x) {
#if defined(__cpp_lib_math_special_functions) || defined(__STDCPP_MATH_SPEC_FUNCS__)
  return std::cyl_bessel_i(double(n), x);
#else
  if (std::isnan(x) || std::isinf(x))
    return x;
  const double q = x * x / 4;
  double term = n == 0 ? 1.0 : x / 2, sum = term;
  for (int k = 1; term > sum * 1e-17 || k < 4; ++k) {
    term *= q / (double(k) * double(k + n));
    sum += term;
    if (std::isinf(sum))
      break;
  }
  return sum;
#endif
}
} // namespace qiao_device
inline double cyl_bessel_i0(double x) { return ::qiao_device::besselI(0, std::fabs(x)); }
inline float cyl_bessel_i0f(float x) { return float(cyl_bessel_i0(x)); }
inline double cyl_bessel_i1(double x) {
  return x < 0 ? -::qiao_device::besselI(1, -x) : ::qiao_device::besselI(1, x);
}
inline float cyl_bessel_i1f(float x) { return float(cyl_bessel_i1(x)); }

/* --- directed rounding: the operation runs in the requested rounding mode ------------------- */
namespace qiao_device {
template <class F> inline auto rounded(int mode, F op) {
  const int saved = std::fegetround();
  std::fesetround(mode);
  volatile auto result = op(); // volatile: not folded or moved past the mode change
  std::fesetround(saved);
  return result;
}
} // namespace qiao_device
#define QIAO_ROUNDED_BINARY(name, T, expr)                                                         \
  inline T name##_rz(T x, T y) {                                                                   \
    return ::qiao_device::rounded(FE_TOWARDZERO, [&] {                                             \
      volatile T a = x, b = y;                                                                     \
      return expr;                                                                                 \
    });                                                                                            \
  }                                                                                                \
  inline T name##_ru(T x, T y) {                                                                   \
    return ::qiao_device::rounded(FE_UPWARD, [&] {                                                 \
      volatile T a = x, b = y;                                                                     \
      return expr;                                                                                 \
    });                                                                                            \
  }                                                                                                \
  inline T name##_rd(T x, T y) {                                                                   \
    return ::qiao_device::rounded(FE_DOWNWARD, [&] {                                               \
      volatile T a = x, b = y;                                                                     \
      return expr;                                                                                 \
    });                                                                                            \
  }
QIAO_ROUNDED_BINARY(__fadd, float, float(a + b))
QIAO_ROUNDED_BINARY(__fsub, float, float(a - b))
QIAO_ROUNDED_BINARY(__fmul, float, float(a *b))
QIAO_ROUNDED_BINARY(__fdiv, float, float(a / b))
QIAO_ROUNDED_BINARY(__dadd, double, double(a + b))
QIAO_ROUNDED_BINARY(__dsub, double, double(a - b))
QIAO_ROUNDED_BINARY(__dmul, double, double(a *b))
QIAO_ROUNDED_BINARY(__ddiv, double, double(a / b))
#undef QIAO_ROUNDED_BINARY
#define QIAO_ROUNDED(name, T, params, expr)                                                        \
  inline T name##_rz params {                                                                      \
    return ::qiao_device::rounded(FE_TOWARDZERO, [&] { return expr; });                            \
  }                                                                                                \
  inline T name##_ru params {                                                                      \
    return ::qiao_device::rounded(FE_UPWARD, [&] { return expr; });                                \
  }                                                                                                \
  inline T name##_rd params {                                                                      \
    return ::qiao_device::rounded(FE_DOWNWARD, [&] { return expr; });                              \
  }
namespace qiao_device {
/* An operand read at run time, so that the operation is not folded before the mode is set. */
template <class T> inline T opaque(T x) {
  volatile T v = x;
  return v;
}
} // namespace qiao_device
QIAO_ROUNDED(__fsqrt, float, (float x), std::sqrt(::qiao_device::opaque(x)))
QIAO_ROUNDED(__dsqrt, double, (double x), std::sqrt(::qiao_device::opaque(x)))
QIAO_ROUNDED(__frcp, float, (float x), 1.0f / ::qiao_device::opaque(x))
QIAO_ROUNDED(__drcp, double, (double x), 1.0 / ::qiao_device::opaque(x))
QIAO_ROUNDED(__fmaf, float, (float x, float y, float z),
             std::fma(::qiao_device::opaque(x), ::qiao_device::opaque(y), ::qiao_device::opaque(z)))
QIAO_ROUNDED(__fma, double, (double x, double y, double z),
             std::fma(::qiao_device::opaque(x), ::qiao_device::opaque(y), ::qiao_device::opaque(z)))
#undef QIAO_ROUNDED
inline double __dsub_rn(double x, double y) { return x - y; }
inline double __ddiv_rn(double x, double y) { return x / y; }
inline double __dsqrt_rn(double x) { return std::sqrt(x); }

/* --- conversions with a rounding mode ------------------------------------------------------- */
#define QIAO_CONVERSIONS(name, From, To)                                                           \
  inline To name##_rz(From x) { return ::qiao_device::saturate<To>(std::trunc(x)); }               \
  inline To name##_ru(From x) { return ::qiao_device::saturate<To>(std::ceil(x)); }                \
  inline To name##_rd(From x) { return ::qiao_device::saturate<To>(std::floor(x)); }
QIAO_CONVERSIONS(__float2ll, float, long long)
QIAO_CONVERSIONS(__float2ull, float, unsigned long long)
QIAO_CONVERSIONS(__double2int, double, int)
QIAO_CONVERSIONS(__double2uint, double, unsigned)
QIAO_CONVERSIONS(__double2ll, double, long long)
QIAO_CONVERSIONS(__double2ull, double, unsigned long long)
QIAO_CONVERSIONS(__float2uint, float, unsigned)
#undef QIAO_CONVERSIONS
inline long long __float2ll_rn(float x) {
  return ::qiao_device::saturate<long long>(std::nearbyint(x));
}
inline unsigned long long __float2ull_rn(float x) {
  return ::qiao_device::saturate<unsigned long long>(std::nearbyint(x));
}
inline unsigned __double2uint_rn(double x) {
  return ::qiao_device::saturate<unsigned>(std::nearbyint(x));
}
inline long long __double2ll_rn(double x) {
  return ::qiao_device::saturate<long long>(std::nearbyint(x));
}
inline unsigned long long __double2ull_rn(double x) {
  return ::qiao_device::saturate<unsigned long long>(std::nearbyint(x));
}
inline float __double2float_rn(double x) { return float(x); }
/* Narrowing and integer-to-floating conversions in a rounding mode: the conversion instruction
 * runs with the mode set (overflow toward zero gives the largest finite value, as IEEE says). */
#define QIAO_ROUNDED_CONVERSION(name, From, To)                                                    \
  inline To name##_rz(From x) {                                                                    \
    return ::qiao_device::rounded(FE_TOWARDZERO, [&] {                                             \
      volatile From v = x;                                                                         \
      return static_cast<To>(v);                                                                   \
    });                                                                                            \
  }                                                                                                \
  inline To name##_ru(From x) {                                                                    \
    return ::qiao_device::rounded(FE_UPWARD, [&] {                                                 \
      volatile From v = x;                                                                         \
      return static_cast<To>(v);                                                                   \
    });                                                                                            \
  }                                                                                                \
  inline To name##_rd(From x) {                                                                    \
    return ::qiao_device::rounded(FE_DOWNWARD, [&] {                                               \
      volatile From v = x;                                                                         \
      return static_cast<To>(v);                                                                   \
    });                                                                                            \
  }
QIAO_ROUNDED_CONVERSION(__double2float, double, float)
QIAO_ROUNDED_CONVERSION(__int2float, int, float)
QIAO_ROUNDED_CONVERSION(__uint2float, unsigned, float)
QIAO_ROUNDED_CONVERSION(__ll2float, long long, float)
QIAO_ROUNDED_CONVERSION(__ull2float, unsigned long long, float)
QIAO_ROUNDED_CONVERSION(__ll2double, long long, double)
QIAO_ROUNDED_CONVERSION(__ull2double, unsigned long long, double)
#undef QIAO_ROUNDED_CONVERSION
inline double __int2double_rn(int x) { return double(x); }
inline double __uint2double_rn(unsigned x) { return double(x); }
inline double __ll2double_rn(long long x) { return double(x); }
inline double __ull2double_rn(unsigned long long x) { return double(x); }
inline float __ll2float_rn(long long x) { return float(x); }
inline float __ull2float_rn(unsigned long long x) { return float(x); }
inline double __hiloint2double(int hi, int lo) {
  return __longlong_as_double((long long)((uint64_t(uint32_t(hi)) << 32) | uint32_t(lo)));
}
inline int __double2hiint(double x) { return int(uint64_t(__double_as_longlong(x)) >> 32); }
inline int __double2loint(double x) { return int(uint32_t(uint64_t(__double_as_longlong(x)))); }

/* --- atomics with a scope: on one device every scope is the same ------------------------------ */
#define QIAO_SCOPED_ATOMIC(name)                                                                   \
  template <class T> inline T name##_block(T *address, ::qiao_std::type_identity_t<T> value) {     \
    return name(address, value);                                                                   \
  }                                                                                                \
  template <class T> inline T name##_system(T *address, ::qiao_std::type_identity_t<T> value) {    \
    return name(address, value);                                                                   \
  }
QIAO_SCOPED_ATOMIC(atomicAdd)
QIAO_SCOPED_ATOMIC(atomicSub)
QIAO_SCOPED_ATOMIC(atomicExch)
QIAO_SCOPED_ATOMIC(atomicMin)
QIAO_SCOPED_ATOMIC(atomicMax)
QIAO_SCOPED_ATOMIC(atomicAnd)
QIAO_SCOPED_ATOMIC(atomicOr)
QIAO_SCOPED_ATOMIC(atomicXor)
#undef QIAO_SCOPED_ATOMIC
inline unsigned atomicInc_block(unsigned *a, unsigned v) { return atomicInc(a, v); }
inline unsigned atomicInc_system(unsigned *a, unsigned v) { return atomicInc(a, v); }
inline unsigned atomicDec_block(unsigned *a, unsigned v) { return atomicDec(a, v); }
inline unsigned atomicDec_system(unsigned *a, unsigned v) { return atomicDec(a, v); }
template <class T>
inline T atomicCAS_block(T *a, ::qiao_std::type_identity_t<T> c, ::qiao_std::type_identity_t<T> v) {
  return atomicCAS(a, c, v);
}
template <class T>
inline T atomicCAS_system(T *a, ::qiao_std::type_identity_t<T> c,
                          ::qiao_std::type_identity_t<T> v) {
  return atomicCAS(a, c, v);
}

/* --- SIMD within a word: two 16-bit or four 8-bit lanes ------------------------------------- */
namespace qiao_device {
template <int Bits, class Op> inline unsigned lanes(unsigned a, unsigned b, Op op) {
  constexpr unsigned mask = (1u << Bits) - 1;
  unsigned r = 0;
  for (int i = 0; i < 32; i += Bits)
    r |= (unsigned(op((a >> i) & mask, (b >> i) & mask)) & mask) << i;
  return r;
}
template <int Bits> inline int asSigned(unsigned v) { return int(v << (32 - Bits)) >> (32 - Bits); }
} // namespace qiao_device
#define QIAO_SIMD(name, Bits, expr)                                                                \
  inline unsigned name(unsigned a, unsigned b) {                                                   \
    return ::qiao_device::lanes<Bits>(a, b, [](unsigned x, unsigned y) { return expr; });          \
  }
QIAO_SIMD(__vadd2, 16, x + y)
QIAO_SIMD(__vadd4, 8, x + y)
QIAO_SIMD(__vsub2, 16, x - y)
QIAO_SIMD(__vsub4, 8, x - y)
QIAO_SIMD(__vabsdiffu2, 16, x > y ? x - y : y - x)
QIAO_SIMD(__vabsdiffu4, 8, x > y ? x - y : y - x)
QIAO_SIMD(__vmaxu2, 16, x > y ? x : y)
QIAO_SIMD(__vmaxu4, 8, x > y ? x : y)
QIAO_SIMD(__vminu2, 16, x < y ? x : y)
QIAO_SIMD(__vminu4, 8, x < y ? x : y)
QIAO_SIMD(__vhaddu2, 16, (x + y) >> 1)
QIAO_SIMD(__vhaddu4, 8, (x + y) >> 1)
QIAO_SIMD(__vavgu2, 16, (x + y + 1) >> 1)
QIAO_SIMD(__vavgu4, 8, (x + y + 1) >> 1)
QIAO_SIMD(__vcmpeq2, 16, x == y ? 0xffffu : 0u)
QIAO_SIMD(__vcmpeq4, 8, x == y ? 0xffu : 0u)
QIAO_SIMD(__vcmpne2, 16, x != y ? 0xffffu : 0u)
QIAO_SIMD(__vcmpne4, 8, x != y ? 0xffu : 0u)
QIAO_SIMD(__vseteq2, 16, x == y ? 1u : 0u)
QIAO_SIMD(__vseteq4, 8, x == y ? 1u : 0u)
QIAO_SIMD(__vmaxs2, 16,
          unsigned(std::max(::qiao_device::asSigned<16>(x), ::qiao_device::asSigned<16>(y))))
QIAO_SIMD(__vmaxs4, 8,
          unsigned(std::max(::qiao_device::asSigned<8>(x), ::qiao_device::asSigned<8>(y))))
QIAO_SIMD(__vmins2, 16,
          unsigned(std::min(::qiao_device::asSigned<16>(x), ::qiao_device::asSigned<16>(y))))
QIAO_SIMD(__vmins4, 8,
          unsigned(std::min(::qiao_device::asSigned<8>(x), ::qiao_device::asSigned<8>(y))))
/* Saturating lane arithmetic: the exact result clamped to the lane's range. */
namespace qiao_device {
template <int Bits> inline unsigned clampSigned(int v) {
  const int high = (1 << (Bits - 1)) - 1, low = -(1 << (Bits - 1));
  return unsigned(v > high ? high : (v < low ? low : v));
}
template <int Bits> inline unsigned clampUnsigned(int v) {
  const int high = (1 << Bits) - 1;
  return unsigned(v > high ? high : (v < 0 ? 0 : v));
}
} // namespace qiao_device
#define QIAO_SIMD_WIDTHS(name, expr)                                                               \
  QIAO_SIMD(name##2, 16, expr(16))                                                                 \
  QIAO_SIMD(name##4, 8, expr(8))
#define QIAO_S(B, v) ::qiao_device::asSigned<B>(v)
#define QIAO_ADDSS(B) ::qiao_device::clampSigned<B>(QIAO_S(B, x) + QIAO_S(B, y))
#define QIAO_SUBSS(B) ::qiao_device::clampSigned<B>(QIAO_S(B, x) - QIAO_S(B, y))
#define QIAO_ADDUS(B) ::qiao_device::clampUnsigned<B>(int(x) + int(y))
#define QIAO_SUBUS(B) ::qiao_device::clampUnsigned<B>(int(x) - int(y))
#define QIAO_ABSDIFFS(B) unsigned(std::abs(QIAO_S(B, x) - QIAO_S(B, y)))
#define QIAO_CMP(B, test) ((test) ? (1u << B) - 1 : 0u)
QIAO_SIMD_WIDTHS(__vaddss, QIAO_ADDSS)
QIAO_SIMD_WIDTHS(__vsubss, QIAO_SUBSS)
QIAO_SIMD_WIDTHS(__vaddus, QIAO_ADDUS)
QIAO_SIMD_WIDTHS(__vsubus, QIAO_SUBUS)
QIAO_SIMD_WIDTHS(__vabsdiffs, QIAO_ABSDIFFS)
#define QIAO_GTU(B) QIAO_CMP(B, x > y)
#define QIAO_GEU(B) QIAO_CMP(B, x >= y)
#define QIAO_LTU(B) QIAO_CMP(B, x < y)
#define QIAO_LEU(B) QIAO_CMP(B, x <= y)
#define QIAO_GTS(B) QIAO_CMP(B, QIAO_S(B, x) > QIAO_S(B, y))
#define QIAO_GES(B) QIAO_CMP(B, QIAO_S(B, x) >= QIAO_S(B, y))
#define QIAO_LTS(B) QIAO_CMP(B, QIAO_S(B, x) < QIAO_S(B, y))
#define QIAO_LES(B) QIAO_CMP(B, QIAO_S(B, x) <= QIAO_S(B, y))
QIAO_SIMD_WIDTHS(__vcmpgtu, QIAO_GTU)
QIAO_SIMD_WIDTHS(__vcmpgeu, QIAO_GEU)
QIAO_SIMD_WIDTHS(__vcmpltu, QIAO_LTU)
QIAO_SIMD_WIDTHS(__vcmpleu, QIAO_LEU)
QIAO_SIMD_WIDTHS(__vcmpgts, QIAO_GTS)
QIAO_SIMD_WIDTHS(__vcmpges, QIAO_GES)
QIAO_SIMD_WIDTHS(__vcmplts, QIAO_LTS)
QIAO_SIMD_WIDTHS(__vcmples, QIAO_LES)
#undef QIAO_GTU
#undef QIAO_GEU
#undef QIAO_LTU
#undef QIAO_LEU
#undef QIAO_GTS
#undef QIAO_GES
#undef QIAO_LTS
#undef QIAO_LES
#undef QIAO_CMP
#undef QIAO_ABSDIFFS
#undef QIAO_SUBUS
#undef QIAO_ADDUS
#undef QIAO_SUBSS
#undef QIAO_ADDSS
#undef QIAO_S
#undef QIAO_SIMD_WIDTHS
#undef QIAO_SIMD

#endif /* QIAO_DEVICE_MATH_H */
