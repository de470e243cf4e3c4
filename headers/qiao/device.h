/* qiao/device.h: what CUDA device code translated to Qiao source (qiao-translate) needs to
 * compile with the host compiler (qiao-c++) and run on a device whose driver runs host code
 * (driver.h: enqueueHostKernel; the emulated device does).
 *
 * A kernel is a C++ function; qiaoLaunchKernelGGL (qiao_runtime.h) runs it once per thread of
 * the grid. The builtins below read the calling thread's qiaoDrvHostThread and reach barriers
 * and warp collectives through its ops, which may suspend the thread (the threads of a block
 * are cooperatively scheduled fibers on one host thread).
 *
 * Memory spaces: device memory is host memory, so __device__ and __constant__ variables are
 * plain globals. __shared__ is `static thread_local`: a block runs start to finish on one host
 * thread, so each block sees its own copy (not zeroed, as on hardware). Dynamic shared memory is
 * QIAO_DYNAMIC_SHARED(type, name), qiaoDynamicShared<T>() or qiaoDynamicSharedBytes(), since
 * `extern __shared__ T name[]` has no host C++ equivalent; qiao-translate rewrites it so.
 *
 * printf is the host's printf; qiao-translate writes a device function's printf as
 * qiaoDevicePrintf, which returns what CUDA's device printf does. assert (redefined below, after
 * <cassert>) fails the launch with qiaoErrorAssert (710, sticky) inside a kernel and behaves as the
 * host's assert outside one.
 */
#ifndef QIAO_DEVICE_H
#define QIAO_DEVICE_H

#include <qiao/driver.h>
#include <qiao/qiao_runtime.h>
#include <qiao/std_compat.h>
#include <qiao/vector_types.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <type_traits>

/* The pass in which qiao-c++ compiles the unit's kernels to PTX (clang, CUDA mode, device only):
 * the specifiers are clang's CUDA attributes and qiao/device_ptx.h adds the device-side
 * spellings of what follows. Everything else in this header is host code there. */
#if defined(__clang__) && defined(__CUDA__) && defined(__CUDA_ARCH__)
#define QIAO_DEVICE_PASS 1
#endif

/* --- declaration specifiers ----------------------------------------------------------------- */
#ifdef QIAO_DEVICE_PASS
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __host__ __attribute__((host))
#define __constant__ __attribute__((constant))
#define __managed__ __attribute__((managed))
#define __shared__ __attribute__((shared))
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#define __grid_constant__ __attribute__((grid_constant))
#else
#define __global__
#define __device__
#define __host__
#define __constant__
#define __managed__
#define __shared__ static thread_local
#define __launch_bounds__(...) /* qiao-translate declares the bounds after the kernel */
/* A kernel parameter's copy is the thread's own (qiaoLaunchKernelGGL), so taking its address is
 * already valid, which is all __grid_constant__ promises. */
#define __grid_constant__
#endif
#define __forceinline__ inline __attribute__((always_inline))
/* __restrict__ is a keyword of g++ and clang already. __noinline__ is left undefined: libstdc++
 * spells __attribute__((__noinline__)); qiao-translate writes __attribute__((noinline)). */

inline constexpr int warpSize = 32;

/* glibc's, declared here too because <assert.h> omits it under NDEBUG. */
extern "C" __attribute__((__noreturn__)) void __assert_fail(const char *assertion, const char *file,
                                                            unsigned int line,
                                                            const char *function) noexcept;

namespace qiao_device {

inline qiaoDrvHostThread *self() { return qiao_detail::currentThread; }
/* After an op that may have suspended the caller: other fibers ran on this host thread. */
inline void resumed(qiaoDrvHostThread *t) { qiao_detail::enterThread(t); }

inline uint3 threadIndex() {
  const qiaoDrvHostThread *t = self();
  return uint3{t->threadIndex[0], t->threadIndex[1], t->threadIndex[2]};
}
inline uint3 blockIndex() {
  const qiaoDrvHostThread *t = self();
  return uint3{t->blockIndex[0], t->blockIndex[1], t->blockIndex[2]};
}
inline dim3 blockSize() {
  const qiaoDrvHostThread *t = self();
  return dim3(t->blockSize[0], t->blockSize[1], t->blockSize[2]);
}
inline dim3 gridSize() {
  const qiaoDrvHostThread *t = self();
  return dim3(t->gridSize[0], t->gridSize[1], t->gridSize[2]);
}

inline int barrier(int predicate) {
  qiaoDrvHostThread *t = self();
  int passed = t->ops->barrier(t, predicate);
  resumed(t);
  return passed;
}

inline uint64_t exchange(unsigned mask, uint64_t value, unsigned srcLane, int predicate,
                         uint32_t *ballot) {
  qiaoDrvHostThread *t = self();
  uint64_t got = t->ops->warpExchange(t, mask, value, srcLane, predicate, ballot);
  resumed(t);
  return got;
}

/* A shuffle of any trivially copyable type: one exchange per 8 bytes, as CUDA moves a wide value
 * with several 32-bit shuffles; every piece comes from the same source lane. */
template <class T> inline T shuffle(unsigned mask, T var, unsigned srcLane) {
  static_assert(std::is_trivially_copyable<T>::value,
                "warp shuffles move trivially copyable values");
  constexpr size_t pieces = (sizeof(T) + 7) / 8;
  unsigned char bytes[pieces * 8] = {};
  std::memcpy(bytes, &var, sizeof(T));
  for (size_t i = 0; i < pieces; ++i) {
    uint64_t piece;
    std::memcpy(&piece, bytes + 8 * i, 8);
    piece = exchange(mask, piece, srcLane, 0, nullptr);
    std::memcpy(bytes + 8 * i, &piece, 8);
  }
  T out;
  std::memcpy(static_cast<void *>(&out), bytes, sizeof(T));
  return out;
}

/* The lanes of the caller's warp that execute this call site together: a convergence point
 * (warpExchange with mask 0), identified by the call site's file and line. */
inline unsigned convergedLanes(const char *file, unsigned line) {
  const uint64_t site = uint64_t(reinterpret_cast<uintptr_t>(file)) * 0x9e3779b97f4a7c15ull ^ line;
  uint32_t lanes = 0;
  exchange(0, site, self()->lane, 0, &lanes);
  return lanes;
}

inline unsigned lane() { return self()->lane; }

/* Lets the block's other threads run (driver.h: yield); with a driver that lacks the op, a
 * convergence point of the caller's warp, which lets its other lanes run. */
inline void yieldToBlock() {
  qiaoDrvHostThread *t = self();
  if (QIAO_DRV_HAS_FIELD(t->ops, qiaoDrvHostThreadOps, yield) && t->ops->yield) {
    t->ops->yield(t);
    resumed(t);
    return;
  }
  exchange(0, 0, t->lane, 0, nullptr);
}

[[noreturn]] inline void fault(int code, const char *message) {
  qiaoDrvHostThread *t = self();
  t->ops->fault(t, code, message);
  __builtin_unreachable();
}

/* CUDA's device-side assert message, then the launch fails with qiaoErrorAssert. */
[[noreturn]] inline void assertFail(const char *expression, const char *file, unsigned line,
                                    const char *function) {
  qiaoDrvHostThread *t = self();
  if (!t)
    __assert_fail(expression, file, line, function);
  std::fprintf(stderr, "%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` failed.\n",
               file, line, function, t->blockIndex[0], t->blockIndex[1], t->blockIndex[2],
               t->threadIndex[0], t->threadIndex[1], t->threadIndex[2], expression);
  std::fflush(stderr);
  fault(qiaoErrorAssert, "device-side assert triggered");
}

template <class T, class Update> inline T atomicUpdate(T *address, Update update) {
  return ::qiao_std::atomicUpdate(address, update);
}

} // namespace qiao_device

/* CUDA's built-in variables for the thread the calling host thread runs now, loaded whenever it
 * starts or resumes one. Real variables rather than macros, so that a member or a local called
 * blockDim stays what it is. (The device pass reads PTX's special registers: device_ptx.h.) */
#ifndef QIAO_DEVICE_PASS
namespace qiao_device::builtins {
inline thread_local uint3 threadIdx, blockIdx;
inline thread_local dim3 blockDim, gridDim;
inline void load(qiaoDrvHostThread *t) {
  threadIdx = uint3{t->threadIndex[0], t->threadIndex[1], t->threadIndex[2]};
  blockIdx = uint3{t->blockIndex[0], t->blockIndex[1], t->blockIndex[2]};
  blockDim = dim3(t->blockSize[0], t->blockSize[1], t->blockSize[2]);
  gridDim = dim3(t->gridSize[0], t->gridSize[1], t->gridSize[2]);
}
inline const bool installed = (::qiao_detail::loadBuiltins = &load, true);
} // namespace qiao_device::builtins
using namespace ::qiao_device::builtins;
#endif

#ifdef QIAO_DEVICE_PASS
/* Host-side registrations: nothing to compile for the device (PTX states both facts itself). */
#define QIAO_KERNEL_SHARED_BYTES(kernel, bytes) static_assert(true, "")
#define QIAO_KERNEL_LAUNCH_BOUNDS(kernel, maxThreadsPerBlock) static_assert(true, "")
#define QIAO_KERNEL_DECLARE(kernel) static_assert(true, "")
#else
/* The static shared memory of a kernel, as qiao-translate counted it from the CUDA source (the
 * kernel's __shared__ variables and those of the device functions it calls), for
 * qiaoFuncGetAttributes and occupancy. */
#define QIAO_KERNEL_SHARED_BYTES(kernel, bytes)                                                    \
  [[maybe_unused]] static const bool qiaoSharedBytesOf_##kernel =                                  \
      (qiaoDeclareHostKernelSharedBytes(reinterpret_cast<const void *>(&kernel), (bytes)), true)

/* A kernel's __launch_bounds__(maxThreadsPerBlock, ...), as qiao-translate read it from the CUDA
 * source: qiaoFuncGetAttributes and occupancy report it, and launches above it fail. */
#define QIAO_KERNEL_LAUNCH_BOUNDS(kernel, maxThreadsPerBlock)                                      \
  [[maybe_unused]] static const bool qiaoLaunchBoundsOf_##kernel =                                 \
      (qiaoDeclareHostKernelLaunchBounds(reinterpret_cast<const void *>(&kernel),                  \
                                         (maxThreadsPerBlock)),                                    \
       true)

/* A kernel the program also keeps as a void pointer (`void *f = (void *)kernel;`), declared by
 * qiao-translate so that the attribute and occupancy calls know it before its first launch. */
#define QIAO_KERNEL_DECLARE(kernel)                                                                \
  [[maybe_unused]] static const bool qiaoDeclared_##kernel =                                       \
      (qiaoDeclareHostKernel(reinterpret_cast<const void *>(&kernel)), true)
#endif

/* `extern __shared__ T name[];` at namespace scope: a stateless stand-in for the array that reads
 * the running block's dynamic shared memory wherever it is used (name[i], name + k, T *p = name,
 * (U *)name). Inside a function qiao-translate writes QIAO_DYNAMIC_SHARED instead. */
namespace qiao_device {
template <class T> struct DynamicSharedArray {
  operator T *() const { return static_cast<T *>(self()->dynamicShared); }
  template <class U> explicit operator U *() const {
    return static_cast<U *>(self()->dynamicShared);
  }
};
} // namespace qiao_device
#ifdef QIAO_DEVICE_PASS
/* One extern __shared__ array per unit, as nvcc's dynamic shared memory is: every name aliases
 * its start. */
extern __attribute__((shared)) __attribute__((aligned(16))) unsigned char qiaoDynamicSharedMemory[];
#define QIAO_EXTERN_SHARED(type, name) extern __attribute__((shared)) type name[]
#define QIAO_DYNAMIC_SHARED(type, name)                                                            \
  type *name = reinterpret_cast<type *>(qiaoDynamicSharedMemory)
template <class T = unsigned char> __attribute__((device)) inline T *qiaoDynamicShared() {
  return reinterpret_cast<T *>(qiaoDynamicSharedMemory);
}
#else
#define QIAO_EXTERN_SHARED(type, name)                                                             \
  [[maybe_unused]] static const ::qiao_device::DynamicSharedArray<type> name {}

#define QIAO_DYNAMIC_SHARED(type, name)                                                            \
  type *name = static_cast<type *>(::qiao_device::self()->dynamicShared)
#endif
template <class T = unsigned char> inline T *qiaoDynamicShared() {
  return static_cast<T *>(::qiao_device::self()->dynamicShared);
}
inline unsigned qiaoDynamicSharedBytes() { return ::qiao_device::self()->dynamicSharedBytes; }

#ifdef NDEBUG
#undef assert
#define assert(expression) static_cast<void>(0)
#else
#undef assert
#define assert(expression)                                                                         \
  (static_cast<bool>(expression)                                                                   \
       ? void(0)                                                                                   \
       : ::qiao_device::assertFail(#expression, __FILE__, __LINE__, __PRETTY_FUNCTION__))
#endif

/* --- synchronisation ------------------------------------------------------------------------ */
inline void __syncthreads() { ::qiao_device::barrier(1); }
inline int __syncthreads_count(int predicate) { return ::qiao_device::barrier(predicate != 0); }
inline int __syncthreads_and(int predicate) { return ::qiao_device::barrier(predicate == 0) == 0; }
inline int __syncthreads_or(int predicate) { return ::qiao_device::barrier(predicate != 0) != 0; }
inline void __syncwarp(unsigned mask = 0xffffffffu) {
  ::qiao_device::exchange(mask, 0, ::qiao_device::lane(), 0, nullptr);
}
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_system() { std::atomic_thread_fence(std::memory_order_seq_cst); }
[[noreturn]] inline void __trap() {
  ::qiao_device::fault(qiaoErrorLaunchFailure, "__trap() called");
}

/* --- warp shuffles and votes (CUDA programming guide, warp shuffle functions) ---------------- */
template <class T> inline T __shfl_sync(unsigned mask, T var, int srcLane, int width = warpSize) {
  const unsigned lane = ::qiao_device::lane();
  const unsigned base = lane & ~unsigned(width - 1);
  return ::qiao_device::shuffle(mask, var, base + (unsigned(srcLane) & unsigned(width - 1)));
}
template <class T>
inline T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = warpSize) {
  const unsigned lane = ::qiao_device::lane();
  const unsigned inSegment = lane & unsigned(width - 1);
  return ::qiao_device::shuffle(mask, var, inSegment >= delta ? lane - delta : lane);
}
template <class T>
inline T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = warpSize) {
  const unsigned lane = ::qiao_device::lane();
  const unsigned inSegment = lane & unsigned(width - 1);
  return ::qiao_device::shuffle(mask, var,
                                inSegment + delta < unsigned(width) ? lane + delta : lane);
}
template <class T>
inline T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = warpSize) {
  const unsigned lane = ::qiao_device::lane();
  const unsigned base = lane & ~unsigned(width - 1);
  unsigned src = lane ^ unsigned(laneMask);
  /* Lanes may read earlier groups of width lanes, not later ones. */
  if (src >= base + unsigned(width))
    src = lane;
  return ::qiao_device::shuffle(mask, var, src);
}
inline unsigned __ballot_sync(unsigned mask, int predicate) {
  uint32_t ballot = 0;
  ::qiao_device::exchange(mask, 0, ::qiao_device::lane(), predicate != 0, &ballot);
  return ballot;
}
inline int __any_sync(unsigned mask, int predicate) { return __ballot_sync(mask, predicate) != 0; }
inline int __all_sync(unsigned mask, int predicate) { return __ballot_sync(mask, !predicate) == 0; }
/* The lanes executing this call together: on hardware, the converged lanes of the warp. A
 * host-compiled warp has no convergence of its own; the lanes that reach this call site while
 * the rest of the warp waits elsewhere (or has exited) are the ones that execute it together. */
inline unsigned __activemask(const char *file = __builtin_FILE(),
                             unsigned line = __builtin_LINE()) {
  return ::qiao_device::convergedLanes(file, line);
}
/* The pre-Volta warp-synchronous store (`s[tid] += s[tid + 16];` on a volatile shared array,
 * no __syncwarp()), as qiao-translate writes it: qiaoWarpStore(s[tid], s[tid] + (s[tid + 16])).
 * On hardware the warp executed the statement in lockstep, every lane reading before any lane
 * wrote; here each lane computes its value first, the lanes that reach the statement together
 * meet, and only then store, then meet again before the next statement reads. */
template <class T, class V>
inline void qiaoWarpStore(volatile T &element, const V &value, const char *file = __builtin_FILE(),
                          unsigned line = __builtin_LINE()) {
  const unsigned lanes = ::qiao_device::convergedLanes(file, line);
  element = value;
  __syncwarp(lanes);
}
inline unsigned __lanemask_lt() { return (1u << ::qiao_device::lane()) - 1; }
inline unsigned __lanemask_le() { return (2u << ::qiao_device::lane()) - 1; }
inline unsigned __lanemask_eq() { return 1u << ::qiao_device::lane(); }
inline unsigned __lanemask_gt() { return ~__lanemask_le(); }
inline unsigned __lanemask_ge() { return ~__lanemask_lt(); }

/* Match and reduce (sm_70/sm_80): every lane of the mask reads every other's value, one
 * exchange per lane; the warp's lanes are fibers, so this is what hardware does in one step. */
namespace qiao_device {
template <class T, class Visit> inline void forEachLane(unsigned mask, T value, Visit visit) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable<T>::value, "values of up to 8 bytes");
  for (unsigned m = mask; m; m &= m - 1) {
    const unsigned src = unsigned(::qiao_std::countr_zero(m));
    visit(src, shuffle(mask, value, src));
  }
}
} // namespace qiao_device
template <class T> inline unsigned __match_any_sync(unsigned mask, T value) {
  unsigned same = 0;
  ::qiao_device::forEachLane(mask, value, [&](unsigned src, T other) {
    if (std::memcmp(&other, &value, sizeof(T)) == 0)
      same |= 1u << src;
  });
  return same;
}
template <class T> inline unsigned __match_all_sync(unsigned mask, T value, int *pred) {
  const unsigned same = __match_any_sync(mask, value);
  *pred = same == mask;
  return same == mask ? mask : 0;
}
template <class T, class Combine>
inline T qiaoReduceSync(unsigned mask, T value, T start, Combine combine) {
  T result = start;
  ::qiao_device::forEachLane(mask, value,
                             [&](unsigned, T other) { result = combine(result, other); });
  return result;
}
inline unsigned __reduce_add_sync(unsigned mask, unsigned value) {
  return qiaoReduceSync(mask, value, 0u, [](unsigned a, unsigned b) { return a + b; });
}
inline int __reduce_add_sync(unsigned mask, int value) {
  return int(__reduce_add_sync(mask, unsigned(value)));
}
inline unsigned __reduce_min_sync(unsigned mask, unsigned value) {
  return qiaoReduceSync(mask, value, ~0u, [](unsigned a, unsigned b) { return a < b ? a : b; });
}
inline int __reduce_min_sync(unsigned mask, int value) {
  return qiaoReduceSync(mask, value, INT32_MAX, [](int a, int b) { return a < b ? a : b; });
}
inline unsigned __reduce_max_sync(unsigned mask, unsigned value) {
  return qiaoReduceSync(mask, value, 0u, [](unsigned a, unsigned b) { return a > b ? a : b; });
}
inline int __reduce_max_sync(unsigned mask, int value) {
  return qiaoReduceSync(mask, value, INT32_MIN, [](int a, int b) { return a > b ? a : b; });
}
inline unsigned __reduce_and_sync(unsigned mask, unsigned value) {
  return qiaoReduceSync(mask, value, ~0u, [](unsigned a, unsigned b) { return a & b; });
}
inline unsigned __reduce_or_sync(unsigned mask, unsigned value) {
  return qiaoReduceSync(mask, value, 0u, [](unsigned a, unsigned b) { return a | b; });
}
inline unsigned __reduce_xor_sync(unsigned mask, unsigned value) {
  return qiaoReduceSync(mask, value, 0u, [](unsigned a, unsigned b) { return a ^ b; });
}

/* --- atomics: relaxed as CUDA's atomic functions are (std_compat.h) -------------------------- */
template <class T> inline T atomicAdd(T *address, ::qiao_std::type_identity_t<T> value) {
  return ::qiao_std::atomicFetchAdd(address, T(value));
}
template <class T> inline T atomicSub(T *address, ::qiao_std::type_identity_t<T> value) {
  return ::qiao_std::atomicFetchSub(address, T(value));
}
template <class T> inline T atomicExch(T *address, ::qiao_std::type_identity_t<T> value) {
  return ::qiao_std::atomicExchange(address, T(value));
}
template <class T> inline T atomicMin(T *address, ::qiao_std::type_identity_t<T> value) {
  return ::qiao_device::atomicUpdate(address, [&](T old) { return value < old ? value : old; });
}
template <class T> inline T atomicMax(T *address, ::qiao_std::type_identity_t<T> value) {
  return ::qiao_device::atomicUpdate(address, [&](T old) { return value > old ? value : old; });
}
inline unsigned atomicInc(unsigned *address, unsigned limit) {
  return ::qiao_device::atomicUpdate(address,
                                     [&](unsigned old) { return old >= limit ? 0u : old + 1; });
}
inline unsigned atomicDec(unsigned *address, unsigned limit) {
  return ::qiao_device::atomicUpdate(
      address, [&](unsigned old) { return (old == 0 || old > limit) ? limit : old - 1; });
}
template <class T>
inline T atomicCAS(T *address, ::qiao_std::type_identity_t<T> compare,
                   ::qiao_std::type_identity_t<T> value) {
  /* A weak exchange fails spuriously; only a value other than `compare` ends the loop early. */
  T expected = compare;
  while (!::qiao_std::atomicCompareExchange(address, expected, T(value)))
    if (std::memcmp(&expected, &compare, sizeof(T)) != 0)
      return expected;
  return expected;
}
template <class T> inline T atomicAnd(T *address, ::qiao_std::type_identity_t<T> value) {
  return ::qiao_std::atomicFetchAnd(address, T(value));
}
template <class T> inline T atomicOr(T *address, ::qiao_std::type_identity_t<T> value) {
  return ::qiao_std::atomicFetchOr(address, T(value));
}
template <class T> inline T atomicXor(T *address, ::qiao_std::type_identity_t<T> value) {
  return ::qiao_std::atomicFetchXor(address, T(value));
}

/* --- integer intrinsics --------------------------------------------------------------------- */
inline int __popc(unsigned x) { return ::qiao_std::popcount(x); }
inline int __popcll(unsigned long long x) { return ::qiao_std::popcount(x); }
inline int __clz(int x) { return ::qiao_std::countl_zero(unsigned(x)); }
inline int __clzll(long long x) { return ::qiao_std::countl_zero((unsigned long long)x); }
inline int __ffs(int x) { return x == 0 ? 0 : ::qiao_std::countr_zero(unsigned(x)) + 1; }
inline int __ffsll(long long x) {
  return x == 0 ? 0 : ::qiao_std::countr_zero((unsigned long long)x) + 1;
}
inline unsigned __brev(unsigned x) {
  unsigned r = 0;
  for (int i = 0; i < 32; ++i, x >>= 1)
    r = (r << 1) | (x & 1);
  return r;
}
inline unsigned long long __brevll(unsigned long long x) {
  return (static_cast<unsigned long long>(__brev(unsigned(x))) << 32) | __brev(unsigned(x >> 32));
}
/* The low 24 bits of each operand, sign-extended (mul24) or not (umul24). */
inline int __mul24(int x, int y) {
  return int(int64_t((int32_t(unsigned(x) << 8)) >> 8) * ((int32_t(unsigned(y) << 8)) >> 8));
}
inline unsigned __umul24(unsigned x, unsigned y) { return (x & 0xffffffu) * (y & 0xffffffu); }
inline int __mulhi(int x, int y) { return int((int64_t(x) * y) >> 32); }
inline unsigned __umulhi(unsigned x, unsigned y) { return unsigned((uint64_t(x) * y) >> 32); }
inline long long __mul64hi(long long x, long long y) {
  return (long long)((__int128(x) * y) >> 64);
}
inline unsigned long long __umul64hi(unsigned long long x, unsigned long long y) {
  return (unsigned long long)(((unsigned __int128)x * y) >> 64);
}
inline int __hadd(int x, int y) { return int((int64_t(x) + y) >> 1); }
inline int __rhadd(int x, int y) { return int((int64_t(x) + y + 1) >> 1); }
inline unsigned __uhadd(unsigned x, unsigned y) { return unsigned((uint64_t(x) + y) >> 1); }
inline unsigned __urhadd(unsigned x, unsigned y) { return unsigned((uint64_t(x) + y + 1) >> 1); }
inline unsigned __sad(int x, int y, unsigned z) {
  return unsigned(x > y ? int64_t(x) - y : int64_t(y) - x) + z;
}
inline unsigned __usad(unsigned x, unsigned y, unsigned z) { return (x > y ? x - y : y - x) + z; }
inline unsigned __byte_perm(unsigned x, unsigned y, unsigned s) {
  const uint64_t bytes = (uint64_t(y) << 32) | x;
  unsigned r = 0;
  for (int i = 0; i < 4; ++i)
    r |= unsigned((bytes >> (((s >> (4 * i)) & 7) * 8)) & 0xff) << (8 * i);
  return r;
}
inline unsigned __funnelshift_l(unsigned lo, unsigned hi, unsigned shift) {
  return unsigned(((uint64_t(hi) << 32 | lo) << (shift & 31)) >> 32);
}
inline unsigned __funnelshift_r(unsigned lo, unsigned hi, unsigned shift) {
  return unsigned((uint64_t(hi) << 32 | lo) >> (shift & 31));
}
/* The clamping forms: shifts past 32 count as 32. */
inline unsigned __funnelshift_lc(unsigned lo, unsigned hi, unsigned shift) {
  return unsigned(((uint64_t(hi) << 32 | lo) << (shift < 32 ? shift : 32)) >> 32);
}
inline unsigned __funnelshift_rc(unsigned lo, unsigned hi, unsigned shift) {
  return unsigned((uint64_t(hi) << 32 | lo) >> (shift < 32 ? shift : 32));
}
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline unsigned min(unsigned a, unsigned b) { return a < b ? a : b; }
inline unsigned max(unsigned a, unsigned b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }
inline unsigned long long min(unsigned long long a, unsigned long long b) { return a < b ? a : b; }
inline unsigned long long max(unsigned long long a, unsigned long long b) { return a > b ? a : b; }
inline float min(float a, float b) { return std::fmin(a, b); }
inline float max(float a, float b) { return std::fmax(a, b); }
inline double min(double a, double b) { return std::fmin(a, b); }
inline double max(double a, double b) { return std::fmax(a, b); }

/* --- float intrinsics: the host's correctly rounded functions stand in for the fast ones ----- */
inline float __sinf(float x) { return std::sin(x); }
inline float __cosf(float x) { return std::cos(x); }
inline float __tanf(float x) { return std::tan(x); }
inline void __sincosf(float x, float *s, float *c) { *s = std::sin(x), *c = std::cos(x); }
inline void sincosf(float x, float *s, float *c) { *s = std::sin(x), *c = std::cos(x); }
inline void sincos(double x, double *s, double *c) { *s = std::sin(x), *c = std::cos(x); }
inline float __expf(float x) { return std::exp(x); }
inline float __exp10f(float x) { return std::pow(10.0f, x); }
inline float exp10f(float x) { return std::pow(10.0f, x); }
inline float __logf(float x) { return std::log(x); }
inline float __log2f(float x) { return std::log2(x); }
inline float __log10f(float x) { return std::log10(x); }
inline float __powf(float x, float y) { return std::pow(x, y); }
/* CUDA documents the fast division's range: for 2^126 < |y| < 2^128 the result is 0 (NaN for an
 * infinite x): the hardware multiplies x by y's reciprocal, which flushes to zero there. */
inline float __fdividef(float x, float y) {
  const float magnitude = std::fabs(y);
  if (magnitude > 0x1p126f && magnitude < std::numeric_limits<float>::infinity())
    return x * std::copysign(0.0f, y);
  return x / y;
}
inline float __saturatef(float x) { return x >= 1.0f ? 1.0f : (x > 0.0f ? x : 0.0f); }
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }
inline float __frsqrt_rn(float x) { return 1.0f / std::sqrt(x); }
inline float __fsqrt_rn(float x) { return std::sqrt(x); }
inline float __fadd_rn(float x, float y) { return x + y; }
inline float __fsub_rn(float x, float y) { return x - y; }
inline float __fmul_rn(float x, float y) { return x * y; }
inline float __fdiv_rn(float x, float y) { return x / y; }
inline float __fmaf_rn(float x, float y, float z) { return std::fma(x, y, z); }
inline double __dadd_rn(double x, double y) { return x + y; }
inline double __dmul_rn(double x, double y) { return x * y; }
inline double __fma_rn(double x, double y, double z) { return std::fma(x, y, z); }
inline float __frcp_rn(float x) { return 1.0f / x; }
inline double __drcp_rn(double x) { return 1.0 / x; }
inline float sinpif(float x) { return std::sin(3.14159265358979323846f * x); }
inline float cospif(float x) { return std::cos(3.14159265358979323846f * x); }
inline double sinpi(double x) { return std::sin(3.14159265358979323846 * x); }
inline double cospi(double x) { return std::cos(3.14159265358979323846 * x); }
inline float __int_as_float(int x) { return ::qiao_std::bit_cast<float>(x); }
inline int __float_as_int(float x) { return ::qiao_std::bit_cast<int>(x); }
inline float __uint_as_float(unsigned x) { return ::qiao_std::bit_cast<float>(x); }
inline unsigned __float_as_uint(float x) { return ::qiao_std::bit_cast<unsigned>(x); }
inline double __longlong_as_double(long long x) { return ::qiao_std::bit_cast<double>(x); }
inline long long __double_as_longlong(double x) { return ::qiao_std::bit_cast<long long>(x); }
namespace qiao_device {
/* PTX's cvt to an integer: a value already rounded to an integer saturates to the destination's
 * range and NaN gives 0 (a C++ cast of such a value is undefined, on x86 INT_MIN). */
template <class I, class F> inline I saturate(F rounded) {
  if (std::isnan(rounded))
    return 0;
  if (rounded <= F(std::numeric_limits<I>::min()))
    return std::numeric_limits<I>::min();
  if (rounded >= F(std::numeric_limits<I>::max())) // F(max) is max + 1 when F rounds it up
    return std::numeric_limits<I>::max();
  return I(rounded);
}
} // namespace qiao_device
inline int __float2int_rn(float x) { return ::qiao_device::saturate<int>(std::nearbyint(x)); }
inline int __float2int_rz(float x) { return ::qiao_device::saturate<int>(std::trunc(x)); }
inline int __float2int_rd(float x) { return ::qiao_device::saturate<int>(std::floor(x)); }
inline int __float2int_ru(float x) { return ::qiao_device::saturate<int>(std::ceil(x)); }
inline unsigned __float2uint_rn(float x) {
  return ::qiao_device::saturate<unsigned>(std::nearbyint(x));
}
inline float __int2float_rn(int x) { return float(x); }
inline float __uint2float_rn(unsigned x) { return float(x); }
inline int __double2int_rn(double x) { return ::qiao_device::saturate<int>(std::nearbyint(x)); }

/* --- device printf: the text the C library prints; the result is the number of arguments
 * parsed (CUDA's device printf), not the number of characters. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-security"
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
template <class... Args> inline int qiaoDevicePrintf(const char *format, Args... args) {
  return std::printf(format, args...) < 0 ? -1 : int(sizeof...(Args));
}
#pragma GCC diagnostic pop

/* --- memory and time ------------------------------------------------------------------------ */
template <class T> inline T __ldg(const T *address) { return *address; }
inline long long clock64() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}
inline void __nanosleep(unsigned) {}

#ifdef QIAO_DEVICE_PASS
#include <qiao/device_ptx.h>
namespace qiao_device {
/* The device side of assert: PTX's __assertfail, which the device reports and fails the launch
 * with (qiaoErrorAssert), as nvcc's code calls it. */
[[noreturn]] __attribute__((device)) inline void
assertFail(const char *expression, const char *file, unsigned line, const char *function) {
  __assertfail(expression, file, line, function, 1);
  __builtin_unreachable();
}
} // namespace qiao_device
#endif

#include <qiao/atomic_builtins.h>
#include <qiao/bf16.h>
#include <qiao/device_math.h>
#include <qiao/half.h>

#endif /* QIAO_DEVICE_H */
