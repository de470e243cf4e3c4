/* cuComplex.h as the translator parses it: CUDA's complex types and functions, declared only
 * (Qiao's definitions, under qiao names, are in qiao/qiao_complex.h). */
#pragma once
#include "vector_types.h"

typedef float2 cuFloatComplex;
typedef double2 cuDoubleComplex;
typedef cuFloatComplex cuComplex;

#pragma clang force_cuda_host_device begin
float cuCrealf(cuFloatComplex x);
float cuCimagf(cuFloatComplex x);
cuFloatComplex make_cuFloatComplex(float r, float i);
cuFloatComplex cuConjf(cuFloatComplex x);
cuFloatComplex cuCaddf(cuFloatComplex x, cuFloatComplex y);
cuFloatComplex cuCsubf(cuFloatComplex x, cuFloatComplex y);
cuFloatComplex cuCmulf(cuFloatComplex x, cuFloatComplex y);
cuFloatComplex cuCdivf(cuFloatComplex x, cuFloatComplex y);
float cuCabsf(cuFloatComplex x);
cuFloatComplex cuCfmaf(cuFloatComplex x, cuFloatComplex y, cuFloatComplex d);

double cuCreal(cuDoubleComplex x);
double cuCimag(cuDoubleComplex x);
cuDoubleComplex make_cuDoubleComplex(double r, double i);
cuDoubleComplex cuConj(cuDoubleComplex x);
cuDoubleComplex cuCadd(cuDoubleComplex x, cuDoubleComplex y);
cuDoubleComplex cuCsub(cuDoubleComplex x, cuDoubleComplex y);
cuDoubleComplex cuCmul(cuDoubleComplex x, cuDoubleComplex y);
cuDoubleComplex cuCdiv(cuDoubleComplex x, cuDoubleComplex y);
double cuCabs(cuDoubleComplex x);
cuDoubleComplex cuCfma(cuDoubleComplex x, cuDoubleComplex y, cuDoubleComplex d);

cuComplex make_cuComplex(float x, float y);
cuDoubleComplex cuComplexFloatToDouble(cuFloatComplex c);
cuFloatComplex cuComplexDoubleToFloat(cuDoubleComplex c);
#pragma clang force_cuda_host_device end
