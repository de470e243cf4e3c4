#include <cuda_fp16.h>

// Conversions with an explicit or implied rounding mode, out-of-range saturation, and half
// precision. out[f * n + i] as 32-bit patterns, f in the order below.
extern "C" __global__ void convert_f32(const float *x, unsigned *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  float v = x[i];
  unsigned *o = out + i;
  o[0 * n] = __float2int_rn(v);
  o[1 * n] = __float2int_rz(v);
  o[2 * n] = __float2int_rd(v);
  o[3 * n] = __float2int_ru(v);
  o[4 * n] = __float2uint_rz(v);
  o[5 * n] = static_cast<int>(v); // cvt.rzi.s32.f32: saturating, NaN becomes 0
  o[6 * n] = __half_as_ushort(__float2half(v));
  o[7 * n] = __float_as_uint(__half2float(__float2half(v)));
  o[8 * n] = __float_as_uint(__int2float_rn(__float_as_int(v)));
  o[9 * n] = __float_as_uint(static_cast<float>(static_cast<double>(v) * (1.0 + 0x1p-30)));
  o[10 * n] = __float_as_uint(__uint2float_rz(__float_as_uint(v)));
}
