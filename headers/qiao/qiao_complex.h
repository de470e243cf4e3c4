/* qiao/qiao_complex.h: CUDA's cuComplex.h under Qiao names (as HIP's hip_complex.h has them):
 * single and double precision complex numbers stored as float2 and double2 (x the real part,
 * y the imaginary part, so code that reads .x and .y keeps working), usable in host code and in
 * host-compiled kernels alike. qiao-translate maps `#include <cuComplex.h>` here and each name
 * to its twin: cuFloatComplex -> qiaoFloatComplex, cuCaddf -> qiaoCaddf, make_cuComplex ->
 * make_qiaoComplex, cuComplexFloatToDouble -> qiaoComplexFloatToDouble, ...
 *
 * Division scales both operands by the divisor's |re| + |im| first, as CUDA's does, so that
 * quotients of large or small numbers neither overflow nor underflow in the intermediate
 * products; the absolute value is std::hypot (no intermediate overflow either). */
#ifndef QIAO_COMPLEX_H
#define QIAO_COMPLEX_H

#include <qiao/vector_types.h>

#include <cmath>

typedef float2 qiaoFloatComplex;
typedef double2 qiaoDoubleComplex;
typedef qiaoFloatComplex qiaoComplex;

/* --- single precision ----------------------------------------------------------------------- */
inline float qiaoCrealf(qiaoFloatComplex x) { return x.x; }
inline float qiaoCimagf(qiaoFloatComplex x) { return x.y; }
inline qiaoFloatComplex make_qiaoFloatComplex(float re, float im) { return make_float2(re, im); }
inline qiaoComplex make_qiaoComplex(float re, float im) { return make_float2(re, im); }
inline qiaoFloatComplex qiaoConjf(qiaoFloatComplex x) { return make_float2(x.x, -x.y); }
inline qiaoFloatComplex qiaoCaddf(qiaoFloatComplex x, qiaoFloatComplex y) {
  return make_float2(x.x + y.x, x.y + y.y);
}
inline qiaoFloatComplex qiaoCsubf(qiaoFloatComplex x, qiaoFloatComplex y) {
  return make_float2(x.x - y.x, x.y - y.y);
}
inline qiaoFloatComplex qiaoCmulf(qiaoFloatComplex x, qiaoFloatComplex y) {
  return make_float2(x.x * y.x - x.y * y.y, x.x * y.y + x.y * y.x);
}
inline qiaoFloatComplex qiaoCdivf(qiaoFloatComplex x, qiaoFloatComplex y) {
  const float scale = 1.0f / (std::fabs(y.x) + std::fabs(y.y));
  const float xr = x.x * scale, xi = x.y * scale, yr = y.x * scale, yi = y.y * scale;
  const float inverseNorm = 1.0f / (yr * yr + yi * yi);
  return make_float2((xr * yr + xi * yi) * inverseNorm, (xi * yr - xr * yi) * inverseNorm);
}
inline float qiaoCabsf(qiaoFloatComplex x) { return std::hypot(x.x, x.y); }
/* x * y + d */
inline qiaoFloatComplex qiaoCfmaf(qiaoFloatComplex x, qiaoFloatComplex y, qiaoFloatComplex d) {
  return make_float2(x.x * y.x - x.y * y.y + d.x, x.x * y.y + x.y * y.x + d.y);
}

/* --- double precision ----------------------------------------------------------------------- */
inline double qiaoCreal(qiaoDoubleComplex x) { return x.x; }
inline double qiaoCimag(qiaoDoubleComplex x) { return x.y; }
inline qiaoDoubleComplex make_qiaoDoubleComplex(double re, double im) {
  return make_double2(re, im);
}
inline qiaoDoubleComplex qiaoConj(qiaoDoubleComplex x) { return make_double2(x.x, -x.y); }
inline qiaoDoubleComplex qiaoCadd(qiaoDoubleComplex x, qiaoDoubleComplex y) {
  return make_double2(x.x + y.x, x.y + y.y);
}
inline qiaoDoubleComplex qiaoCsub(qiaoDoubleComplex x, qiaoDoubleComplex y) {
  return make_double2(x.x - y.x, x.y - y.y);
}
inline qiaoDoubleComplex qiaoCmul(qiaoDoubleComplex x, qiaoDoubleComplex y) {
  return make_double2(x.x * y.x - x.y * y.y, x.x * y.y + x.y * y.x);
}
inline qiaoDoubleComplex qiaoCdiv(qiaoDoubleComplex x, qiaoDoubleComplex y) {
  const double scale = 1.0 / (std::fabs(y.x) + std::fabs(y.y));
  const double xr = x.x * scale, xi = x.y * scale, yr = y.x * scale, yi = y.y * scale;
  const double inverseNorm = 1.0 / (yr * yr + yi * yi);
  return make_double2((xr * yr + xi * yi) * inverseNorm, (xi * yr - xr * yi) * inverseNorm);
}
inline double qiaoCabs(qiaoDoubleComplex x) { return std::hypot(x.x, x.y); }
inline qiaoDoubleComplex qiaoCfma(qiaoDoubleComplex x, qiaoDoubleComplex y, qiaoDoubleComplex d) {
  return make_double2(x.x * y.x - x.y * y.y + d.x, x.x * y.y + x.y * y.x + d.y);
}

/* --- conversions ---------------------------------------------------------------------------- */
inline qiaoDoubleComplex qiaoComplexFloatToDouble(qiaoFloatComplex x) {
  return make_double2(double(x.x), double(x.y));
}
inline qiaoFloatComplex qiaoComplexDoubleToFloat(qiaoDoubleComplex x) {
  return make_float2(float(x.x), float(x.y));
}

#endif /* QIAO_COMPLEX_H */
