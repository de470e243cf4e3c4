/* qiao/device_ptx.h: the device-side spelling of qiao/device.h, for the pass in which qiao-c++
 * compiles a translation unit's kernels to PTX with clang (CUDA mode, device only; qiao/device.h
 * includes this header when __CUDA_ARCH__ is defined). The host-side definitions of device.h stay
 * visible to the unit's host code; these are their __device__ overloads, which clang picks in
 * device code: built-in variables from PTX's special registers, barriers, shuffles, votes and
 * atomics through clang's NVVM builtins, and the CUDA Math API: libdevice's where qiao-c++ links
 * it (qiao/device_libdevice.h), else only the math that PTX has an instruction for.
 *
 * What is missing here makes the device pass fail to compile, and qiao-c++ then keeps the
 * unit's kernels host-compiled. */
#ifndef QIAO_DEVICE_PTX_H
#define QIAO_DEVICE_PTX_H

#define QIAO_DEVICE_FN __attribute__((device)) inline __attribute__((always_inline))

/* --- built-in variables: reads of PTX's special registers, as clang's own CUDA headers spell
 * them (a property per component, so that threadIdx.x is a register read) ------------------- */
#define QIAO_PTX_COMPONENT(field, reg)                                                             \
  __declspec(property(get = read_##field)) unsigned field;                                         \
  static QIAO_DEVICE_FN unsigned read_##field() { return reg; }
namespace qiao_ptx {
#define QIAO_PTX_SREG(name, builtin)                                                               \
  QIAO_DEVICE_FN unsigned name##_() { return unsigned(builtin()); }
QIAO_PTX_SREG(tid_x, __nvvm_read_ptx_sreg_tid_x)
QIAO_PTX_SREG(tid_y, __nvvm_read_ptx_sreg_tid_y)
QIAO_PTX_SREG(tid_z, __nvvm_read_ptx_sreg_tid_z)
QIAO_PTX_SREG(ctaid_x, __nvvm_read_ptx_sreg_ctaid_x)
QIAO_PTX_SREG(ctaid_y, __nvvm_read_ptx_sreg_ctaid_y)
QIAO_PTX_SREG(ctaid_z, __nvvm_read_ptx_sreg_ctaid_z)
QIAO_PTX_SREG(ntid_x, __nvvm_read_ptx_sreg_ntid_x)
QIAO_PTX_SREG(ntid_y, __nvvm_read_ptx_sreg_ntid_y)
QIAO_PTX_SREG(ntid_z, __nvvm_read_ptx_sreg_ntid_z)
QIAO_PTX_SREG(nctaid_x, __nvvm_read_ptx_sreg_nctaid_x)
QIAO_PTX_SREG(nctaid_y, __nvvm_read_ptx_sreg_nctaid_y)
QIAO_PTX_SREG(nctaid_z, __nvvm_read_ptx_sreg_nctaid_z)
#undef QIAO_PTX_SREG
struct ThreadIndex {
  QIAO_PTX_COMPONENT(x, tid_x_())
  QIAO_PTX_COMPONENT(y, tid_y_())
  QIAO_PTX_COMPONENT(z, tid_z_())
  __attribute__((device)) operator uint3() const { return uint3{x, y, z}; }
  __attribute__((device)) operator dim3() const { return dim3(x, y, z); }
};
struct BlockIndex {
  QIAO_PTX_COMPONENT(x, ctaid_x_())
  QIAO_PTX_COMPONENT(y, ctaid_y_())
  QIAO_PTX_COMPONENT(z, ctaid_z_())
  __attribute__((device)) operator uint3() const { return uint3{x, y, z}; }
  __attribute__((device)) operator dim3() const { return dim3(x, y, z); }
};
struct BlockSize {
  QIAO_PTX_COMPONENT(x, ntid_x_())
  QIAO_PTX_COMPONENT(y, ntid_y_())
  QIAO_PTX_COMPONENT(z, ntid_z_())
  __attribute__((device)) operator uint3() const { return uint3{x, y, z}; }
  __attribute__((device)) operator dim3() const { return dim3(x, y, z); }
};
struct GridSize {
  QIAO_PTX_COMPONENT(x, nctaid_x_())
  QIAO_PTX_COMPONENT(y, nctaid_y_())
  QIAO_PTX_COMPONENT(z, nctaid_z_())
  __attribute__((device)) operator uint3() const { return uint3{x, y, z}; }
  __attribute__((device)) operator dim3() const { return dim3(x, y, z); }
};
QIAO_DEVICE_FN unsigned lane() { return unsigned(__nvvm_read_ptx_sreg_laneid()); }
} // namespace qiao_ptx
#undef QIAO_PTX_COMPONENT
/* Never stored: every use is a property read, which the optimiser reduces to the register. */
extern const __attribute__((device)) __attribute__((weak)) qiao_ptx::ThreadIndex threadIdx;
extern const __attribute__((device)) __attribute__((weak)) qiao_ptx::BlockIndex blockIdx;
extern const __attribute__((device)) __attribute__((weak)) qiao_ptx::BlockSize blockDim;
extern const __attribute__((device)) __attribute__((weak)) qiao_ptx::GridSize gridDim;

/* --- synchronisation (__syncthreads itself is a clang builtin for this target) --------------- */
QIAO_DEVICE_FN int __syncthreads_count(int predicate) { return __nvvm_bar0_popc(predicate != 0); }
QIAO_DEVICE_FN int __syncthreads_and(int predicate) { return __nvvm_bar0_and(predicate != 0); }
QIAO_DEVICE_FN int __syncthreads_or(int predicate) { return __nvvm_bar0_or(predicate != 0); }
QIAO_DEVICE_FN void __syncwarp(unsigned mask = 0xffffffffu) { __nvvm_bar_warp_sync(mask); }
QIAO_DEVICE_FN void __threadfence_block() { __nvvm_membar_cta(); }
QIAO_DEVICE_FN void __threadfence() { __nvvm_membar_gl(); }
QIAO_DEVICE_FN void __threadfence_system() { __nvvm_membar_sys(); }
__attribute__((device)) [[noreturn]] inline void __trap() { __builtin_trap(); }

/* --- warp shuffles and votes: 32-bit shuffles, wider values in 32-bit pieces ---------------- */
namespace qiao_ptx {
/* The c operand of shfl.sync: the segment mask for width lanes, and the clamp lane (up: 0). */
QIAO_DEVICE_FN int clampOf(int width) { return ((32 - width) << 8) | 0x1f; }
template <class T, class Move> QIAO_DEVICE_FN T shuffle(T value, Move move) {
  constexpr unsigned pieces = (sizeof(T) + 3) / 4;
  unsigned words[pieces] = {};
  __builtin_memcpy(words, &value, sizeof(T));
  for (unsigned i = 0; i < pieces; ++i)
    words[i] = unsigned(move(int(words[i])));
  T out;
  __builtin_memcpy(static_cast<void *>(&out), words, sizeof(T));
  return out;
}
} // namespace qiao_ptx
template <class T>
QIAO_DEVICE_FN T __shfl_sync(unsigned mask, T var, int srcLane, int width = warpSize) {
  return qiao_ptx::shuffle(var, [&](int v) {
    return __nvvm_shfl_sync_idx_i32(mask, v, srcLane, qiao_ptx::clampOf(width));
  });
}
template <class T>
QIAO_DEVICE_FN T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = warpSize) {
  return qiao_ptx::shuffle(
      var, [&](int v) { return __nvvm_shfl_sync_up_i32(mask, v, int(delta), (32 - width) << 8); });
}
template <class T>
QIAO_DEVICE_FN T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = warpSize) {
  return qiao_ptx::shuffle(var, [&](int v) {
    return __nvvm_shfl_sync_down_i32(mask, v, int(delta), qiao_ptx::clampOf(width));
  });
}
template <class T>
QIAO_DEVICE_FN T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = warpSize) {
  return qiao_ptx::shuffle(var, [&](int v) {
    return __nvvm_shfl_sync_bfly_i32(mask, v, laneMask, qiao_ptx::clampOf(width));
  });
}
QIAO_DEVICE_FN unsigned __ballot_sync(unsigned mask, int predicate) {
  return __nvvm_vote_ballot_sync(mask, predicate != 0);
}
QIAO_DEVICE_FN int __any_sync(unsigned mask, int predicate) {
  return __nvvm_vote_any_sync(mask, predicate != 0);
}
QIAO_DEVICE_FN int __all_sync(unsigned mask, int predicate) {
  return __nvvm_vote_all_sync(mask, predicate != 0);
}
QIAO_DEVICE_FN unsigned __activemask() { return __nvvm_activemask(); }
QIAO_DEVICE_FN unsigned __lanemask_lt() { return (1u << qiao_ptx::lane()) - 1; }
QIAO_DEVICE_FN unsigned __lanemask_le() { return (2u << qiao_ptx::lane()) - 1; }
QIAO_DEVICE_FN unsigned __lanemask_eq() { return 1u << qiao_ptx::lane(); }
QIAO_DEVICE_FN unsigned __lanemask_gt() { return ~__lanemask_le(); }
QIAO_DEVICE_FN unsigned __lanemask_ge() { return ~__lanemask_lt(); }
/* Match and reduce (match.sync, redux.sync) on 32- and 64-bit values. */
template <class T> QIAO_DEVICE_FN unsigned __match_any_sync(unsigned mask, T value) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8, "values of 4 or 8 bytes");
  if constexpr (sizeof(T) == 4)
    return __nvvm_match_any_sync_i32(mask, __builtin_bit_cast(unsigned, value));
  else
    return __nvvm_match_any_sync_i64(mask, __builtin_bit_cast(unsigned long long, value));
}
template <class T> QIAO_DEVICE_FN unsigned __match_all_sync(unsigned mask, T value, int *pred) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8, "values of 4 or 8 bytes");
  if constexpr (sizeof(T) == 4)
    return __nvvm_match_all_sync_i32p(mask, __builtin_bit_cast(unsigned, value), pred);
  else
    return __nvvm_match_all_sync_i64p(mask, __builtin_bit_cast(unsigned long long, value), pred);
}
QIAO_DEVICE_FN unsigned __reduce_add_sync(unsigned mask, unsigned value) {
  return unsigned(__nvvm_redux_sync_add(int(value), mask));
}
QIAO_DEVICE_FN int __reduce_add_sync(unsigned mask, int value) {
  return __nvvm_redux_sync_add(value, mask);
}
QIAO_DEVICE_FN unsigned __reduce_min_sync(unsigned mask, unsigned value) {
  return __nvvm_redux_sync_umin(value, mask);
}
QIAO_DEVICE_FN int __reduce_min_sync(unsigned mask, int value) {
  return __nvvm_redux_sync_min(value, mask);
}
QIAO_DEVICE_FN unsigned __reduce_max_sync(unsigned mask, unsigned value) {
  return __nvvm_redux_sync_umax(value, mask);
}
QIAO_DEVICE_FN int __reduce_max_sync(unsigned mask, int value) {
  return __nvvm_redux_sync_max(value, mask);
}
QIAO_DEVICE_FN unsigned __reduce_and_sync(unsigned mask, unsigned value) {
  return unsigned(__nvvm_redux_sync_and(int(value), mask));
}
QIAO_DEVICE_FN unsigned __reduce_or_sync(unsigned mask, unsigned value) {
  return unsigned(__nvvm_redux_sync_or(int(value), mask));
}
QIAO_DEVICE_FN unsigned __reduce_xor_sync(unsigned mask, unsigned value) {
  return unsigned(__nvvm_redux_sync_xor(int(value), mask));
}

/* The pre-Volta warp-synchronous store (qiao/device.h): every lane of the converged group reads
 * before any writes, then the group meets before the next statement reads. */
template <class T, class V> QIAO_DEVICE_FN void qiaoWarpStore(volatile T &element, const V &value) {
  const unsigned lanes = __nvvm_activemask();
  __nvvm_bar_warp_sync(lanes);
  element = value;
  __nvvm_bar_warp_sync(lanes);
}

/* --- atomics: relaxed read-modify-writes at the device scope (atom.global/shared/generic) ---- */
template <class T> QIAO_DEVICE_FN T atomicAdd(T *address, ::qiao_std::type_identity_t<T> value) {
  return __atomic_fetch_add(address, value, __ATOMIC_RELAXED);
}
QIAO_DEVICE_FN float atomicAdd(float *address, float value) {
  return __nvvm_atom_add_gen_f(address, value);
}
QIAO_DEVICE_FN double atomicAdd(double *address, double value) {
  return __nvvm_atom_add_gen_d(address, value);
}
template <class T> QIAO_DEVICE_FN T atomicSub(T *address, ::qiao_std::type_identity_t<T> value) {
  return __atomic_fetch_sub(address, value, __ATOMIC_RELAXED);
}
template <class T> QIAO_DEVICE_FN T atomicExch(T *address, ::qiao_std::type_identity_t<T> value) {
  T old;
  __atomic_exchange(address, &value, &old, __ATOMIC_RELAXED);
  return old;
}
template <class T> QIAO_DEVICE_FN T atomicMin(T *address, ::qiao_std::type_identity_t<T> value) {
  return __atomic_fetch_min(address, value, __ATOMIC_RELAXED);
}
template <class T> QIAO_DEVICE_FN T atomicMax(T *address, ::qiao_std::type_identity_t<T> value) {
  return __atomic_fetch_max(address, value, __ATOMIC_RELAXED);
}
QIAO_DEVICE_FN unsigned atomicInc(unsigned *address, unsigned limit) {
  return __nvvm_atom_inc_gen_ui(address, limit);
}
QIAO_DEVICE_FN unsigned atomicDec(unsigned *address, unsigned limit) {
  return __nvvm_atom_dec_gen_ui(address, limit);
}
template <class T>
QIAO_DEVICE_FN T atomicCAS(T *address, ::qiao_std::type_identity_t<T> compare,
                           ::qiao_std::type_identity_t<T> value) {
  __atomic_compare_exchange(address, &compare, &value, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  return compare;
}
template <class T> QIAO_DEVICE_FN T atomicAnd(T *address, ::qiao_std::type_identity_t<T> value) {
  return __atomic_fetch_and(address, value, __ATOMIC_RELAXED);
}
template <class T> QIAO_DEVICE_FN T atomicOr(T *address, ::qiao_std::type_identity_t<T> value) {
  return __atomic_fetch_or(address, value, __ATOMIC_RELAXED);
}
template <class T> QIAO_DEVICE_FN T atomicXor(T *address, ::qiao_std::type_identity_t<T> value) {
  return __atomic_fetch_xor(address, value, __ATOMIC_RELAXED);
}

/* --- integer intrinsics --------------------------------------------------------------------- */
QIAO_DEVICE_FN int __popc(unsigned x) { return __builtin_popcount(x); }
QIAO_DEVICE_FN int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
QIAO_DEVICE_FN int __clz(int x) { return x ? __builtin_clz(unsigned(x)) : 32; }
QIAO_DEVICE_FN int __clzll(long long x) { return x ? __builtin_clzll((unsigned long long)x) : 64; }
QIAO_DEVICE_FN int __ffs(int x) { return __builtin_ffs(x); }
QIAO_DEVICE_FN int __ffsll(long long x) { return __builtin_ffsll(x); }
QIAO_DEVICE_FN unsigned __brev(unsigned x) { return __builtin_bitreverse32(x); }
QIAO_DEVICE_FN unsigned long long __brevll(unsigned long long x) {
  return __builtin_bitreverse64(x);
}
QIAO_DEVICE_FN int __mul24(int x, int y) { return __nvvm_mul24_i(x, y); }
QIAO_DEVICE_FN unsigned __umul24(unsigned x, unsigned y) { return __nvvm_mul24_ui(x, y); }
QIAO_DEVICE_FN int __mulhi(int x, int y) { return __nvvm_mulhi_i(x, y); }
QIAO_DEVICE_FN unsigned __umulhi(unsigned x, unsigned y) { return __nvvm_mulhi_ui(x, y); }
QIAO_DEVICE_FN long long __mul64hi(long long x, long long y) { return __nvvm_mulhi_ll(x, y); }
QIAO_DEVICE_FN unsigned long long __umul64hi(unsigned long long x, unsigned long long y) {
  return __nvvm_mulhi_ull(x, y);
}
QIAO_DEVICE_FN unsigned __byte_perm(unsigned x, unsigned y, unsigned s) {
  return __nvvm_prmt(x, y, s);
}
QIAO_DEVICE_FN unsigned __funnelshift_l(unsigned lo, unsigned hi, unsigned shift) {
  return unsigned(((((unsigned long long)hi) << 32 | lo) << (shift & 31)) >> 32);
}
QIAO_DEVICE_FN unsigned __funnelshift_r(unsigned lo, unsigned hi, unsigned shift) {
  return unsigned((((unsigned long long)hi) << 32 | lo) >> (shift & 31));
}
#ifndef QIAO_LIBDEVICE /* else qiao/device_libdevice.h's */
QIAO_DEVICE_FN int min(int a, int b) { return a < b ? a : b; }
QIAO_DEVICE_FN int max(int a, int b) { return a > b ? a : b; }
#endif
QIAO_DEVICE_FN unsigned min(unsigned a, unsigned b) { return a < b ? a : b; }
QIAO_DEVICE_FN unsigned max(unsigned a, unsigned b) { return a > b ? a : b; }
QIAO_DEVICE_FN long long min(long long a, long long b) { return a < b ? a : b; }
QIAO_DEVICE_FN long long max(long long a, long long b) { return a > b ? a : b; }
QIAO_DEVICE_FN unsigned long long min(unsigned long long a, unsigned long long b) {
  return a < b ? a : b;
}
QIAO_DEVICE_FN unsigned long long max(unsigned long long a, unsigned long long b) {
  return a > b ? a : b;
}
QIAO_DEVICE_FN float min(float a, float b) { return __builtin_fminf(a, b); }
QIAO_DEVICE_FN float max(float a, float b) { return __builtin_fmaxf(a, b); }
QIAO_DEVICE_FN double min(double a, double b) { return __builtin_fmin(a, b); }
QIAO_DEVICE_FN double max(double a, double b) { return __builtin_fmax(a, b); }

/* --- the CUDA Math API: libdevice's, as nvcc's, where qiao-c++ links it (QIAO_LIBDEVICE); else
 * only the functions PTX has an instruction for (IEEE-exact ones) -------------------------- */
#ifdef QIAO_LIBDEVICE
#include <qiao/device_libdevice.h>
#else
QIAO_DEVICE_FN float sqrtf(float x) { return __builtin_sqrtf(x); }
QIAO_DEVICE_FN double sqrt(double x) { return __builtin_sqrt(x); }
QIAO_DEVICE_FN float rsqrtf(float x) { return __nvvm_rsqrt_approx_f(x); }
QIAO_DEVICE_FN double rsqrt(double x) { return __nvvm_rsqrt_approx_d(x); }
QIAO_DEVICE_FN float fabsf(float x) { return __builtin_fabsf(x); }
QIAO_DEVICE_FN double fabs(double x) { return __builtin_fabs(x); }
QIAO_DEVICE_FN float fminf(float a, float b) { return __builtin_fminf(a, b); }
QIAO_DEVICE_FN float fmaxf(float a, float b) { return __builtin_fmaxf(a, b); }
QIAO_DEVICE_FN double fmin(double a, double b) { return __builtin_fmin(a, b); }
QIAO_DEVICE_FN double fmax(double a, double b) { return __builtin_fmax(a, b); }
QIAO_DEVICE_FN float fmaf(float x, float y, float z) { return __builtin_fmaf(x, y, z); }
QIAO_DEVICE_FN double fma(double x, double y, double z) { return __builtin_fma(x, y, z); }
QIAO_DEVICE_FN float floorf(float x) { return __builtin_floorf(x); }
QIAO_DEVICE_FN float ceilf(float x) { return __builtin_ceilf(x); }
QIAO_DEVICE_FN float truncf(float x) { return __builtin_truncf(x); }
QIAO_DEVICE_FN float rintf(float x) { return __builtin_rintf(x); }
QIAO_DEVICE_FN double floor(double x) { return __builtin_floor(x); }
QIAO_DEVICE_FN double ceil(double x) { return __builtin_ceil(x); }
QIAO_DEVICE_FN double trunc(double x) { return __builtin_trunc(x); }
QIAO_DEVICE_FN float copysignf(float x, float y) { return __builtin_copysignf(x, y); }
#endif
/* --- intrinsics: the documented approximations and rounding modes -------------------------- */
QIAO_DEVICE_FN float __fdividef(float x, float y) { return __nvvm_div_approx_f(x, y); }
QIAO_DEVICE_FN float __saturatef(float x) { return __nvvm_saturate_f(x); }
QIAO_DEVICE_FN float __sinf(float x) { return __nvvm_sin_approx_f(x); }
QIAO_DEVICE_FN float __cosf(float x) { return __nvvm_cos_approx_f(x); }
QIAO_DEVICE_FN float __expf(float x) { return __nvvm_ex2_approx_f(x * 1.4426950408889634f); }
QIAO_DEVICE_FN float __log2f(float x) { return __nvvm_lg2_approx_f(x); }
QIAO_DEVICE_FN float __logf(float x) { return __nvvm_lg2_approx_f(x) * 0.6931471805599453f; }
QIAO_DEVICE_FN float __frsqrt_rn(float x) { return 1.0f / __builtin_sqrtf(x); }
QIAO_DEVICE_FN float __fsqrt_rn(float x) { return __builtin_sqrtf(x); }
QIAO_DEVICE_FN float __fadd_rn(float x, float y) { return __nvvm_add_rn_f(x, y); }
QIAO_DEVICE_FN float __fmul_rn(float x, float y) { return __nvvm_mul_rn_f(x, y); }
QIAO_DEVICE_FN float __fdiv_rn(float x, float y) { return __nvvm_div_rn_f(x, y); }
QIAO_DEVICE_FN float __fmaf_rn(float x, float y, float z) { return __nvvm_fma_rn_f(x, y, z); }
QIAO_DEVICE_FN float __frcp_rn(float x) { return __nvvm_rcp_rn_f(x); }
QIAO_DEVICE_FN float __int_as_float(int x) { return __builtin_bit_cast(float, x); }
QIAO_DEVICE_FN int __float_as_int(float x) { return __builtin_bit_cast(int, x); }
QIAO_DEVICE_FN float __uint_as_float(unsigned x) { return __builtin_bit_cast(float, x); }
QIAO_DEVICE_FN unsigned __float_as_uint(float x) { return __builtin_bit_cast(unsigned, x); }
QIAO_DEVICE_FN double __longlong_as_double(long long x) { return __builtin_bit_cast(double, x); }
QIAO_DEVICE_FN long long __double_as_longlong(double x) { return __builtin_bit_cast(long long, x); }
QIAO_DEVICE_FN int __float2int_rn(float x) { return __nvvm_f2i_rn(x); }
QIAO_DEVICE_FN int __float2int_rz(float x) { return __nvvm_f2i_rz(x); }
QIAO_DEVICE_FN int __float2int_rd(float x) { return __nvvm_f2i_rm(x); }
QIAO_DEVICE_FN int __float2int_ru(float x) { return __nvvm_f2i_rp(x); }
QIAO_DEVICE_FN unsigned __float2uint_rn(float x) { return __nvvm_f2ui_rn(x); }
QIAO_DEVICE_FN float __int2float_rn(int x) { return __nvvm_i2f_rn(x); }
QIAO_DEVICE_FN float __uint2float_rn(unsigned x) { return __nvvm_ui2f_rn(x); }

/* --- the grid-wide barrier of a cooperative launch (cooperative_groups::grid_group) ---------- */
namespace qiao_ptx {
/* The 16-byte barrier workspace the device gives a cooperative launch, zeroed, its address in
 * %envreg1 (high half) and %envreg2 (low half), as nvcc's cooperative groups read it; null for
 * any other launch. */
QIAO_DEVICE_FN unsigned *gridWorkspace() {
  unsigned high, low;
  asm volatile("mov.u32 %0, %%envreg1;" : "=r"(high));
  asm volatile("mov.u32 %0, %%envreg2;" : "=r"(low));
  return reinterpret_cast<unsigned *>((unsigned long long)high << 32 | low);
}
/* Words 0 and 1 of the workspace: the blocks arrived, and the barrier's generation. Each block's
 * first thread reads the generation, then counts its block in; the last to arrive resets the
 * count and advances the generation, which the others wait to see change. A grid of a normal
 * launch has no workspace: its sync traps (the launch fails) rather than hangs. */
QIAO_DEVICE_FN void gridSync() {
  unsigned *workspace = gridWorkspace();
  if (workspace == nullptr)
    __builtin_trap();
  __syncthreads();
  if ((threadIdx.x | threadIdx.y | threadIdx.z) == 0) {
    volatile unsigned *generation = workspace + 1;
    const unsigned blocks = gridDim.x * gridDim.y * gridDim.z;
    const unsigned seen = *generation;
    __nvvm_membar_gl(); // this block's writes before its arrival
    if (__atomic_fetch_add(workspace, 1u, __ATOMIC_RELAXED) == blocks - 1) {
      __atomic_store_n(workspace, 0u, __ATOMIC_RELAXED);
      __nvvm_membar_gl();
      __atomic_fetch_add(workspace + 1, 1u, __ATOMIC_RELAXED);
    } else {
      while (*generation == seen) {
      }
    }
    __nvvm_membar_gl(); // the other blocks' writes before this block reads
  }
  __syncthreads();
}
} // namespace qiao_ptx

/* --- memory and time ------------------------------------------------------------------------ */
template <class T> QIAO_DEVICE_FN T __ldg(const T *address) { return *address; }
QIAO_DEVICE_FN long long clock64() { return (long long)__nvvm_read_ptx_sreg_clock64(); }
QIAO_DEVICE_FN void __nanosleep(unsigned) {}

/* --- printf and assert: PTX's vprintf and __assertfail, as nvcc's device code calls them ---- */
extern "C" __attribute__((device)) int vprintf(const char *format, void *arguments);
extern "C" __attribute__((device)) void __assertfail(const char *expression, const char *file,
                                                     unsigned line, const char *function,
                                                     unsigned long charSize);
extern "C" __attribute__((device)) int printf(const char *format, ...);
template <class... Args> QIAO_DEVICE_FN int qiaoDevicePrintf(const char *format, Args... args) {
  return printf(format, args...);
}

#endif /* QIAO_DEVICE_PTX_H */
