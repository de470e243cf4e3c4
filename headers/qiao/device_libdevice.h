/* qiao/device_libdevice.h: the CUDA Math API in qiao-c++'s device pass (qiao/device_ptx.h), as
 * nvcc's device code has it: each function is NVIDIA's libdevice implementation (__nv_expf for
 * expf...), whose accuracy is the one the CUDA Math API documents. qiao-c++ defines
 * QIAO_LIBDEVICE and links libdevice's bitcode into the unit (clang's --cuda-path) only where it
 * finds a CUDA installation's nvvm/libdevice; elsewhere device_ptx.h keeps the functions PTX has an
 * instruction for, and a unit calling any other stays host-compiled.
 *
 * The names come from clang's own CUDA headers, the ones clang's CUDA mode includes with NVIDIA's
 * headers: their declarations of libdevice, the C functions (__clang_cuda_math.h) and the
 * overloads of <cmath> in the global namespace and std (__clang_cuda_cmath.h), which
 * device_prelude.h declared before the standard library's <cmath> could make its constexpr
 * functions callable on both sides (__clang_cuda_math_forward_declares.h). Clang's headers call
 * a few helpers that CUDA's own headers define; they are defined here, through libdevice. */
#ifndef QIAO_DEVICE_LIBDEVICE_H
#define QIAO_DEVICE_LIBDEVICE_H

#pragma push_macro("CUDA_VERSION")
#undef CUDA_VERSION
/* Clang's headers refuse a CUDA older than 9; the libdevice they declare is 9's and later's. */
#define CUDA_VERSION 12000
#include <__clang_cuda_libdevice_declares.h>

QIAO_DEVICE_FN long long __float2ll_rn(float x) { return __nv_float2ll_rn(x); }
QIAO_DEVICE_FN int __finitef(float x) { return __nv_finitef(x); }
QIAO_DEVICE_FN int __isfinited(double x) { return __nv_isfinited(x); }
QIAO_DEVICE_FN int __isinff(float x) { return __nv_isinff(x); }
QIAO_DEVICE_FN int __isinf(double x) { return __nv_isinfd(x); }
QIAO_DEVICE_FN int __isnanf(float x) { return __nv_isnanf(x); }
QIAO_DEVICE_FN int __isnan(double x) { return __nv_isnand(x); }
QIAO_DEVICE_FN int __signbitf(float x) { return __nv_signbitf(x); }
QIAO_DEVICE_FN int __signbitd(double x) { return __nv_signbitd(x); }

#include <__clang_cuda_math.h>
/* After the C functions, which the overloads call. */
#include <__clang_cuda_cmath.h>
#pragma pop_macro("CUDA_VERSION")

/* The float overloads that the forward declarations announce and CUDA's own headers define
 * (clang's cmath header leaves them to those): each is the C function of its name and f. */
#define QIAO_FLOAT_OVERLOAD(R, name, params, args)                                                 \
  static QIAO_DEVICE_FN R name params { return name##f args; }
#define QIAO_FLOAT_UNARY(name) QIAO_FLOAT_OVERLOAD(float, name, (float x), (x))
#define QIAO_FLOAT_BINARY(name) QIAO_FLOAT_OVERLOAD(float, name, (float x, float y), (x, y))
QIAO_FLOAT_UNARY(acosh)
QIAO_FLOAT_UNARY(asinh)
QIAO_FLOAT_UNARY(atanh)
QIAO_FLOAT_UNARY(cbrt)
QIAO_FLOAT_UNARY(erf)
QIAO_FLOAT_UNARY(erfc)
QIAO_FLOAT_UNARY(exp2)
QIAO_FLOAT_UNARY(expm1)
QIAO_FLOAT_UNARY(lgamma)
QIAO_FLOAT_UNARY(log1p)
QIAO_FLOAT_UNARY(log2)
QIAO_FLOAT_UNARY(logb)
QIAO_FLOAT_UNARY(nearbyint)
QIAO_FLOAT_UNARY(rint)
QIAO_FLOAT_UNARY(round)
QIAO_FLOAT_UNARY(tgamma)
QIAO_FLOAT_UNARY(trunc)
QIAO_FLOAT_BINARY(copysign)
QIAO_FLOAT_BINARY(fdim)
QIAO_FLOAT_BINARY(fmax)
QIAO_FLOAT_BINARY(fmin)
QIAO_FLOAT_BINARY(hypot)
QIAO_FLOAT_BINARY(nextafter)
QIAO_FLOAT_BINARY(remainder)
QIAO_FLOAT_OVERLOAD(float, fma, (float x, float y, float z), (x, y, z))
QIAO_FLOAT_OVERLOAD(int, ilogb, (float x), (x))
QIAO_FLOAT_OVERLOAD(long long, llrint, (float x), (x))
QIAO_FLOAT_OVERLOAD(long long, llround, (float x), (x))
QIAO_FLOAT_OVERLOAD(long, lrint, (float x), (x))
QIAO_FLOAT_OVERLOAD(long, lround, (float x), (x))
QIAO_FLOAT_OVERLOAD(float, scalbln, (float x, long n), (x, n))
QIAO_FLOAT_OVERLOAD(float, scalbn, (float x, int n), (x, n))
#undef QIAO_FLOAT_BINARY
#undef QIAO_FLOAT_UNARY
#undef QIAO_FLOAT_OVERLOAD

#endif /* QIAO_DEVICE_LIBDEVICE_H */
