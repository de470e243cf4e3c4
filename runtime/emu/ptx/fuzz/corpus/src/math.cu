#include <math.h>
__global__ void mathk(float *f, double *d, int *k, long long *l) {
  int i = threadIdx.x;
  float x = f[i];
  f[i] = sinf(x) + cosf(x) * expf(x) - logf(x) + tanhf(x) + atan2f(x, 1.f) + cbrtf(x) + fmodf(x, 3.f) + __sinf(x) + __expf(x) + rsqrtf(x) + __fdividef(x, 3.f) + frexpf(x, k) + ldexpf(x, 3) + truncf(x) + roundf(x) + nearbyintf(x) + fminf(x, 1.f) + copysignf(x, -1.f) + hypotf(x, 2.f) + sqrtf(x) + fmaf(x, x, x) + __saturatef(x) + (float)__float2int_rn(x) + __int_as_float(__float_as_int(x) | 1);
  double y = d[i];
  d[i] = sin(y) + exp(y) + log(y) + sqrt(y) + y / 3.0 + fma(y, y, y) + (double)(long long)y + rint(y) + __dsqrt_rn(y) + __drcp_rn(y) + __longlong_as_double(__double_as_longlong(y) + 1);
  k[i] = __popc(k[i]) + __clz(k[i]) + __ffs(k[i]) + __brev(k[i]) + __byte_perm(k[i], 1, 0x3210) + __funnelshift_l(k[i], 1, 3) + __mulhi(k[i], 7) + __umulhi(k[i], 9) + __sad(k[i], 1, 2) + __vabsdiffu4(k[i], 3) + __dp4a(k[i], 1, 2) + min(k[i], 4) + abs(k[i]) + __hadd(k[i], 3) + (k[i] / 7) + (k[i] % 9) + (unsigned)k[i] / 11u;
  l[i] = __popcll(l[i]) + __clzll(l[i]) + __brevll(l[i]) + __mul64hi(l[i], 3) + llabs(l[i]) + l[i] / 7 + l[i] % 13 + (l[i] >> 3) + ((unsigned long long)l[i] >> 5) + __ffsll(l[i]);
  unsigned __int128 w = (unsigned __int128)l[i] * (unsigned long long)l[i + 1];
  l[i + 2] = (long long)(w >> 64);
}
