#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <math.h>
__global__ void halfk(const __half *a, const __half2 *b, __half *o, __half2 *o2, __nv_bfloat16 *bo, __nv_bfloat162 *bo2, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __half x = a[i];
  __half2 y = b[i];
  x = __hadd(x, __hmul(x, x)); x = hsqrt(x); x = hexp(x); x = __hfma(x, x, x); x = __habs(x);
  y = __hadd2(y, y); y = h2sqrt(y); y = __hmul2(y, __hneg2(y)); y = __hfma2(y, y, y); y = h2exp(y); y = __hmax2(y, y);
  bool lt = __hlt(x, __low2half(y));
  o[i] = lt ? __float2half(__half2float(x) * 2.f) : __int2half_rn(i);
  o2[i] = __halves2half2(__high2half(y), x);
  __nv_bfloat16 bx = __float2bfloat16(__half2float(x)); bx = __hmul(bx, bx); bx = hsqrt(bx);
  __nv_bfloat162 by = __floats2bfloat162_rn(1.f, 2.f); by = __hfma2(by, by, by); by = __hmin2(by, by);
  bo[i] = bx; bo2[i] = by;
  o[i + 1] = __ushort_as_half(__half_as_ushort(x) ^ 0x8000);
  o[i + 2] = __shfl_xor_sync(0xffffffff, x, 1);
}
