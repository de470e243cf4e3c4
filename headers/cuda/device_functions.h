/* CUDA's device functions as the translator needs to see them: synchronisation, warp
 * collectives, atomics, and the intrinsics the C library lacks. Signatures follow the CUDA
 * Programming Guide and Math API; families of overloads are templates, since only name
 * resolution matters here. Declared host-and-device, and noexcept, so that they agree with the C
 * library's declarations where glibc happens to declare the same name (__expf, __sincosf...). */
#pragma once

#ifdef __cplusplus

namespace __qiao_cuda {
template <class T> struct identity { using type = T; };
} // namespace __qiao_cuda
#define __QIAO_SAME(T) typename ::__qiao_cuda::identity<T>::type

/* --- synchronisation and fences ------------------------------------------------------------- */
int __syncthreads_count(int predicate) noexcept;
int __syncthreads_and(int predicate) noexcept;
int __syncthreads_or(int predicate) noexcept;
void __syncwarp(unsigned mask = 0xffffffffu) noexcept;
void __threadfence() noexcept;
void __threadfence_block() noexcept;
void __threadfence_system() noexcept;
void __trap() noexcept;
void __brkpt() noexcept;
void __nanosleep(unsigned ns) noexcept;
long long clock64() noexcept;
long long __clock64() noexcept;
unsigned long long __globaltimer() noexcept;
void __prof_trigger(int) noexcept;

/* --- warp collectives ----------------------------------------------------------------------- */
template <class T> T __shfl_sync(unsigned mask, T var, int srcLane, int width = 32) noexcept;
template <class T> T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = 32) noexcept;
template <class T>
T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = 32) noexcept;
template <class T> T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = 32) noexcept;
template <class T> T __shfl(T var, int srcLane, int width = 32) noexcept;
template <class T> T __shfl_up(T var, unsigned delta, int width = 32) noexcept;
template <class T> T __shfl_down(T var, unsigned delta, int width = 32) noexcept;
template <class T> T __shfl_xor(T var, int laneMask, int width = 32) noexcept;
unsigned __ballot_sync(unsigned mask, int predicate) noexcept;
int __all_sync(unsigned mask, int predicate) noexcept;
int __any_sync(unsigned mask, int predicate) noexcept;
int __uni_sync(unsigned mask, int predicate) noexcept;
unsigned __ballot(int predicate) noexcept;
int __all(int predicate) noexcept;
int __any(int predicate) noexcept;
unsigned __activemask() noexcept;
template <class T> unsigned __match_any_sync(unsigned mask, T value) noexcept;
template <class T> unsigned __match_all_sync(unsigned mask, T value, int *pred) noexcept;
unsigned __reduce_add_sync(unsigned mask, unsigned value) noexcept;
int __reduce_add_sync(unsigned mask, int value) noexcept;
unsigned __reduce_min_sync(unsigned mask, unsigned value) noexcept;
int __reduce_min_sync(unsigned mask, int value) noexcept;
unsigned __reduce_max_sync(unsigned mask, unsigned value) noexcept;
int __reduce_max_sync(unsigned mask, int value) noexcept;
unsigned __reduce_and_sync(unsigned mask, unsigned value) noexcept;
unsigned __reduce_or_sync(unsigned mask, unsigned value) noexcept;
unsigned __reduce_xor_sync(unsigned mask, unsigned value) noexcept;
unsigned __lanemask_lt() noexcept;
unsigned __lanemask_le() noexcept;
unsigned __lanemask_eq() noexcept;
unsigned __lanemask_ge() noexcept;
unsigned __lanemask_gt() noexcept;

/* --- atomics (every scope and ordering variant CUDA spells) --------------------------------- */
#define __QIAO_ATOMIC(name)                                                                        \
  template <class T> T name(T *address, __QIAO_SAME(T) value) noexcept;                            \
  template <class T> T name##_block(T *address, __QIAO_SAME(T) value) noexcept;                    \
  template <class T> T name##_system(T *address, __QIAO_SAME(T) value) noexcept;
__QIAO_ATOMIC(atomicAdd)
__QIAO_ATOMIC(atomicSub)
__QIAO_ATOMIC(atomicExch)
__QIAO_ATOMIC(atomicMin)
__QIAO_ATOMIC(atomicMax)
__QIAO_ATOMIC(atomicAnd)
__QIAO_ATOMIC(atomicOr)
__QIAO_ATOMIC(atomicXor)
__QIAO_ATOMIC(atomicInc)
__QIAO_ATOMIC(atomicDec)
#undef __QIAO_ATOMIC
template <class T> T atomicCAS(T *address, __QIAO_SAME(T) compare, __QIAO_SAME(T) value) noexcept;
template <class T>
T atomicCAS_block(T *address, __QIAO_SAME(T) compare, __QIAO_SAME(T) value) noexcept;
template <class T>
T atomicCAS_system(T *address, __QIAO_SAME(T) compare, __QIAO_SAME(T) value) noexcept;

/* --- atomic built-ins with memory order and thread scope (CUDA 12.8) ---------------------- */
enum {
  __NV_ATOMIC_RELAXED,
  __NV_ATOMIC_CONSUME,
  __NV_ATOMIC_ACQUIRE,
  __NV_ATOMIC_RELEASE,
  __NV_ATOMIC_ACQ_REL,
  __NV_ATOMIC_SEQ_CST
};
enum {
  __NV_THREAD_SCOPE_THREAD,
  __NV_THREAD_SCOPE_BLOCK,
  __NV_THREAD_SCOPE_CLUSTER,
  __NV_THREAD_SCOPE_DEVICE,
  __NV_THREAD_SCOPE_SYSTEM
};
#define __QIAO_NV_ATOMIC(name)                                                                     \
  template <class T>                                                                               \
  T __nv_atomic_fetch_##name(volatile T *address, __QIAO_SAME(T) value, int order,                 \
                             int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;                       \
  template <class T>                                                                               \
  void __nv_atomic_##name(volatile T *address, __QIAO_SAME(T) value, int order,                    \
                          int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
__QIAO_NV_ATOMIC(add)
__QIAO_NV_ATOMIC(sub)
__QIAO_NV_ATOMIC(and)
__QIAO_NV_ATOMIC(or)
__QIAO_NV_ATOMIC(xor)
__QIAO_NV_ATOMIC(min)
__QIAO_NV_ATOMIC(max)
#undef __QIAO_NV_ATOMIC
template <class T>
T __nv_atomic_exchange_n(volatile T *address, __QIAO_SAME(T) value, int order,
                         int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
template <class T>
void __nv_atomic_exchange(volatile T *address, __QIAO_SAME(T) * value, __QIAO_SAME(T) * old,
                          int order, int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
template <class T>
bool __nv_atomic_compare_exchange_n(volatile T *address, __QIAO_SAME(T) * expected,
                                    __QIAO_SAME(T) desired, bool weak, int successOrder,
                                    int failureOrder,
                                    int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
template <class T>
bool __nv_atomic_compare_exchange(volatile T *address, __QIAO_SAME(T) * expected,
                                  __QIAO_SAME(T) * desired, bool weak, int successOrder,
                                  int failureOrder, int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
template <class T>
T __nv_atomic_load_n(const volatile T *address, int order,
                     int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
template <class T>
void __nv_atomic_load(const volatile T *address, __QIAO_SAME(T) * out, int order,
                      int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
template <class T>
void __nv_atomic_store_n(volatile T *address, __QIAO_SAME(T) value, int order,
                         int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
template <class T>
void __nv_atomic_store(volatile T *address, __QIAO_SAME(T) * value, int order,
                       int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;
void __nv_atomic_thread_fence(int order, int scope = __NV_THREAD_SCOPE_SYSTEM) noexcept;

/* --- memory --------------------------------------------------------------------------------- */
template <class T> T __ldg(const T *address) noexcept;
template <class T> T __ldcg(const T *address) noexcept;
template <class T> T __ldca(const T *address) noexcept;
template <class T> T __ldcs(const T *address) noexcept;
template <class T> T __ldlu(const T *address) noexcept;
template <class T> T __ldcv(const T *address) noexcept;
template <class T> void __stwb(T *address, T value) noexcept;
template <class T> void __stcg(T *address, T value) noexcept;
template <class T> void __stcs(T *address, T value) noexcept;
template <class T> void __stwt(T *address, T value) noexcept;
unsigned __isGlobal(const void *p) noexcept;
unsigned __isShared(const void *p) noexcept;
unsigned __isConstant(const void *p) noexcept;
unsigned __isLocal(const void *p) noexcept;
size_t __cvta_generic_to_shared(const void *p) noexcept;
size_t __cvta_generic_to_global(const void *p) noexcept;
template <class T> T *__builtin_assume_aligned_qiao(T *p, size_t n) noexcept;

/* --- integer intrinsics --------------------------------------------------------------------- */
int __popc(unsigned x) noexcept;
int __popcll(unsigned long long x) noexcept;
int __clz(int x) noexcept;
int __clzll(long long x) noexcept;
int __ffs(int x) noexcept;
int __ffsll(long long x) noexcept;
unsigned __brev(unsigned x) noexcept;
unsigned long long __brevll(unsigned long long x) noexcept;
int __mul24(int x, int y) noexcept;
unsigned __umul24(unsigned x, unsigned y) noexcept;
int __mulhi(int x, int y) noexcept;
unsigned __umulhi(unsigned x, unsigned y) noexcept;
long long __mul64hi(long long x, long long y) noexcept;
unsigned long long __umul64hi(unsigned long long x, unsigned long long y) noexcept;
int __hadd(int x, int y) noexcept;
int __rhadd(int x, int y) noexcept;
unsigned __uhadd(unsigned x, unsigned y) noexcept;
unsigned __urhadd(unsigned x, unsigned y) noexcept;
int __sad(int x, int y, unsigned z) noexcept;
unsigned __usad(unsigned x, unsigned y, unsigned z) noexcept;
unsigned __byte_perm(unsigned x, unsigned y, unsigned s) noexcept;
unsigned __funnelshift_l(unsigned lo, unsigned hi, unsigned shift) noexcept;
unsigned __funnelshift_lc(unsigned lo, unsigned hi, unsigned shift) noexcept;
unsigned __funnelshift_r(unsigned lo, unsigned hi, unsigned shift) noexcept;
unsigned __funnelshift_rc(unsigned lo, unsigned hi, unsigned shift) noexcept;
int __dp4a(int a, int b, int c) noexcept;
unsigned __dp4a(unsigned a, unsigned b, unsigned c) noexcept;
int __dp2a_lo(int a, int b, int c) noexcept;
int __dp2a_hi(int a, int b, int c) noexcept;
unsigned __vadd2(unsigned a, unsigned b) noexcept;
unsigned __vadd4(unsigned a, unsigned b) noexcept;
unsigned __vsub2(unsigned a, unsigned b) noexcept;
unsigned __vsub4(unsigned a, unsigned b) noexcept;
unsigned __vabsdiffu4(unsigned a, unsigned b) noexcept;
unsigned __vmaxu4(unsigned a, unsigned b) noexcept;
unsigned __vminu4(unsigned a, unsigned b) noexcept;
unsigned __vcmpeq4(unsigned a, unsigned b) noexcept;
int min(int a, int b) noexcept;
unsigned umin(unsigned a, unsigned b) noexcept;
long long llmin(long long a, long long b) noexcept;
unsigned long long ullmin(unsigned long long a, unsigned long long b) noexcept;
int max(int a, int b) noexcept;
unsigned umax(unsigned a, unsigned b) noexcept;
long long llmax(long long a, long long b) noexcept;
unsigned long long ullmax(unsigned long long a, unsigned long long b) noexcept;
unsigned min(unsigned a, unsigned b) noexcept;
unsigned max(unsigned a, unsigned b) noexcept;
unsigned min(int a, unsigned b) noexcept;
unsigned min(unsigned a, int b) noexcept;
unsigned max(int a, unsigned b) noexcept;
unsigned max(unsigned a, int b) noexcept;
long long min(long long a, long long b) noexcept;
long long max(long long a, long long b) noexcept;
unsigned long long min(unsigned long long a, unsigned long long b) noexcept;
unsigned long long max(unsigned long long a, unsigned long long b) noexcept;
float min(float a, float b) noexcept;
float max(float a, float b) noexcept;
double min(double a, double b) noexcept;
double max(double a, double b) noexcept;

/* --- float intrinsics and the Math API beyond the C library --------------------------------- */
float __fdividef(float x, float y) noexcept;
float fdividef(float x, float y) noexcept;
double fdivide(double x, double y) noexcept;
float __saturatef(float x) noexcept;
float rsqrtf(float x) noexcept;
double rsqrt(double x) noexcept;
float rcbrtf(float x) noexcept;
double rcbrt(double x) noexcept;
float sinpif(float x) noexcept;
double sinpi(double x) noexcept;
float cospif(float x) noexcept;
double cospi(double x) noexcept;
void sincospif(float x, float *s, float *c) noexcept;
void sincospi(double x, double *s, double *c) noexcept;
float normf(int dim, const float *p) noexcept;
double norm(int dim, const double *p) noexcept;
float rnormf(int dim, const float *p) noexcept;
double rnorm(int dim, const double *p) noexcept;
float norm3df(float a, float b, float c) noexcept;
double norm3d(double a, double b, double c) noexcept;
float rnorm3df(float a, float b, float c) noexcept;
double rnorm3d(double a, double b, double c) noexcept;
float norm4df(float a, float b, float c, float d) noexcept;
double norm4d(double a, double b, double c, double d) noexcept;
float rnorm4df(float a, float b, float c, float d) noexcept;
double rnorm4d(double a, double b, double c, double d) noexcept;
float rhypotf(float x, float y) noexcept;
double rhypot(double x, double y) noexcept;
float erfinvf(float x) noexcept;
double erfinv(double x) noexcept;
float erfcinvf(float x) noexcept;
double erfcinv(double x) noexcept;
float erfcxf(float x) noexcept;
double erfcx(double x) noexcept;
float normcdff(float x) noexcept;
double normcdf(double x) noexcept;
float normcdfinvf(float x) noexcept;
double normcdfinv(double x) noexcept;
float cyl_bessel_i0f(float x) noexcept;
double cyl_bessel_i0(double x) noexcept;
float cyl_bessel_i1f(float x) noexcept;
double cyl_bessel_i1(double x) noexcept;
float __frcp_rn(float x) noexcept;
float __frcp_rz(float x) noexcept;
float __frcp_ru(float x) noexcept;
float __frcp_rd(float x) noexcept;
double __drcp_rn(double x) noexcept;
float __fsqrt_rn(float x) noexcept;
float __fsqrt_rz(float x) noexcept;
float __fsqrt_ru(float x) noexcept;
float __fsqrt_rd(float x) noexcept;
double __dsqrt_rn(double x) noexcept;
float __frsqrt_rn(float x) noexcept;
#define __QIAO_ROUNDED_F(op)                                                                       \
  float op##_rn(float x, float y) noexcept;                                                        \
  float op##_rz(float x, float y) noexcept;                                                        \
  float op##_ru(float x, float y) noexcept;                                                        \
  float op##_rd(float x, float y) noexcept;
#define __QIAO_ROUNDED_D(op)                                                                       \
  double op##_rn(double x, double y) noexcept;                                                     \
  double op##_rz(double x, double y) noexcept;                                                     \
  double op##_ru(double x, double y) noexcept;                                                     \
  double op##_rd(double x, double y) noexcept;
__QIAO_ROUNDED_F(__fadd)
__QIAO_ROUNDED_F(__fsub)
__QIAO_ROUNDED_F(__fmul)
__QIAO_ROUNDED_F(__fdiv)
__QIAO_ROUNDED_D(__dadd)
__QIAO_ROUNDED_D(__dsub)
__QIAO_ROUNDED_D(__dmul)
__QIAO_ROUNDED_D(__ddiv)
#undef __QIAO_ROUNDED_F
#undef __QIAO_ROUNDED_D
float __fmaf_rn(float x, float y, float z) noexcept;
float __fmaf_rz(float x, float y, float z) noexcept;
float __fmaf_ru(float x, float y, float z) noexcept;
float __fmaf_rd(float x, float y, float z) noexcept;
double __fma_rn(double x, double y, double z) noexcept;
double __fma_rz(double x, double y, double z) noexcept;
double __fma_ru(double x, double y, double z) noexcept;
double __fma_rd(double x, double y, double z) noexcept;
float __tanf(float x) noexcept;
float __exp10f(float x) noexcept;
float __log2f(float x) noexcept;
float __log10f(float x) noexcept;
float exp10f(float x) noexcept;
double exp10(double x) noexcept;
void sincosf(float x, float *s, float *c) noexcept;
void sincos(double x, double *s, double *c) noexcept;
void __sincosf(float x, float *s, float *c) noexcept;

/* --- type conversions and reinterpretation -------------------------------------------------- */
float __int_as_float(int x) noexcept;
int __float_as_int(float x) noexcept;
float __uint_as_float(unsigned x) noexcept;
unsigned __float_as_uint(float x) noexcept;
double __longlong_as_double(long long x) noexcept;
long long __double_as_longlong(double x) noexcept;
double __hiloint2double(int hi, int lo) noexcept;
int __double2hiint(double x) noexcept;
int __double2loint(double x) noexcept;
#define __QIAO_CONVERT(name, From, To)                                                             \
  To name##_rn(From x) noexcept;                                                                   \
  To name##_rz(From x) noexcept;                                                                   \
  To name##_ru(From x) noexcept;                                                                   \
  To name##_rd(From x) noexcept;
__QIAO_CONVERT(__float2int, float, int)
__QIAO_CONVERT(__float2uint, float, unsigned)
__QIAO_CONVERT(__float2ll, float, long long)
__QIAO_CONVERT(__float2ull, float, unsigned long long)
__QIAO_CONVERT(__double2int, double, int)
__QIAO_CONVERT(__double2uint, double, unsigned)
__QIAO_CONVERT(__double2ll, double, long long)
__QIAO_CONVERT(__double2ull, double, unsigned long long)
__QIAO_CONVERT(__double2float, double, float)
__QIAO_CONVERT(__int2float, int, float)
__QIAO_CONVERT(__uint2float, unsigned, float)
__QIAO_CONVERT(__ll2float, long long, float)
__QIAO_CONVERT(__ull2float, unsigned long long, float)
__QIAO_CONVERT(__ll2double, long long, double)
__QIAO_CONVERT(__ull2double, unsigned long long, double)
#undef __QIAO_CONVERT
double __int2double_rn(int x) noexcept;
double __uint2double_rn(unsigned x) noexcept;

#endif /* __cplusplus */
