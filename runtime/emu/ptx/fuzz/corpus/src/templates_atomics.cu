#include <cstdio>
#include <cuda_fp16.h>
#include <cuda_bf16.h>
template <typename T, int N> struct Acc { T v[N]; };
template <typename T> __device__ T combine(T a, T b) { return a * b + a; }
template <typename T, int N>
__global__ void tk(const T *in, T *out, Acc<T, N> acc, unsigned long long *cnt, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  T s = 0;
#pragma unroll
  for (int k = 0; k < N; ++k) s += combine(acc.v[k], in[(i + k) % n]);
  if (i < n) out[i] = s;
  atomicAdd(cnt, 1ull);
}
template __global__ void tk<float, 4>(const float *, float *, Acc<float, 4>, unsigned long long *, int);
template __global__ void tk<double, 3>(const double *, double *, Acc<double, 3>, unsigned long long *, int);
template __global__ void tk<int, 2>(const int *, int *, Acc<int, 2>, unsigned long long *, int);
template __global__ void tk<short, 2>(const short *, short *, Acc<short, 2>, unsigned long long *, int);
template __global__ void tk<unsigned char, 5>(const unsigned char *, unsigned char *, Acc<unsigned char, 5>, unsigned long long *, int);
__global__ void atomics(int *i, unsigned *u, float *f, double *d, __half *h, __nv_bfloat16 *b, unsigned long long *ull, long long *ll) {
  atomicAdd(i, 1); atomicSub(i + 1, 2); atomicMin(i + 2, threadIdx.x); atomicMax(i + 3, -1);
  atomicAnd(u, 0xf0); atomicOr(u + 1, 3); atomicXor(u + 2, 5); atomicInc(u + 3, 10); atomicDec(u + 4, 7);
  atomicExch(u + 5, 9); atomicCAS(u + 6, 0, 1); atomicAdd(f, 1.5f); atomicAdd(d, 2.5); atomicExch(f + 1, 3.f);
  atomicAdd(h, __float2half(1.f)); atomicAdd(b, __float2bfloat16(1.f)); atomicAdd((__half2 *)(h + 2), __floats2half2_rn(1.f, 2.f));
  atomicMin(ull, 5ull); atomicMax(ll, -5ll); atomicCAS(ull + 1, 1ull, 2ull); atomicAdd_block(i + 4, 1); atomicAdd_system(i + 5, 1);
  float old = f[2], assumed;
  do { assumed = old; old = __int_as_float(atomicCAS((int *)f + 2, __float_as_int(assumed), __float_as_int(assumed * 2.f))); } while (assumed != old);
  unsigned short *us = (unsigned short *)(u + 8); atomicCAS(us, (unsigned short)1, (unsigned short)2);
}
