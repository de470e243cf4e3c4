/* qiao/std_compat.h: the few C++17/C++20 library facilities Qiao's headers use, for programs
 * built as C++14 or C++17 (nvcc's users pass -std=c++14/17 and keep doing so with qiao-c++).
 * Each takes the standard library's own where a feature test says it is there, and otherwise
 * a builtin of GCC and Clang with the same meaning. Language features of C++17 that GCC and
 * Clang accept in C++14 mode as extensions (inline variables, `if constexpr`) stay: qiao-c++ and
 * Qiao::qiao give these headers as system headers, where extensions are not warned about. */
#ifndef QIAO_STD_COMPAT_H
#define QIAO_STD_COMPAT_H

#include <atomic>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>
#if __cplusplus >= 202002L
#include <version>
#endif

namespace qiao_std {

template <class T> struct type_identity { using type = T; };
/* A parameter of this type takes no part in deduction (CUDA's atomicAdd(float *, int) works). */
template <class T> using type_identity_t = typename type_identity<T>::type;

template <class To, class From> inline To bit_cast(const From &from) {
  static_assert(sizeof(To) == sizeof(From), "bit_cast between types of one size");
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}

inline int popcount(unsigned x) { return __builtin_popcount(x); }
inline int popcount(unsigned long long x) { return __builtin_popcountll(x); }
inline int countl_zero(unsigned x) { return x == 0 ? 32 : __builtin_clz(x); }
inline int countl_zero(unsigned long long x) { return x == 0 ? 64 : __builtin_clzll(x); }
inline int countr_zero(unsigned x) { return x == 0 ? 32 : __builtin_ctz(x); }
inline int countr_zero(unsigned long long x) { return x == 0 ? 64 : __builtin_ctzll(x); }

/* std::apply for the launch of a host-compiled kernel (C++17). */
template <class F, class Tuple, std::size_t... I>
inline void applyIndexed(F &&f, Tuple &&t, std::index_sequence<I...>) {
  std::forward<F>(f)(std::get<I>(std::forward<Tuple>(t))...);
}
template <class F, class Tuple> inline void apply(F &&f, Tuple &&t) {
  applyIndexed(std::forward<F>(f), std::forward<Tuple>(t),
               std::make_index_sequence<std::tuple_size<std::decay_t<Tuple>>::value>{});
}

/* Relaxed atomic read-modify-write on a plain object, as CUDA's atomic functions are: through
 * std::atomic_ref where the library has it (C++20), else through the __atomic builtins that
 * std::atomic_ref is built on. Floating-point and other non-integral types go through a
 * compare-and-swap loop, as atomic_ref<float>::fetch_add does. */
#if defined(__cpp_lib_atomic_ref)
template <class T> inline T atomicLoad(T *p) {
  return std::atomic_ref<T>(*p).load(std::memory_order_relaxed);
}
template <class T> inline bool atomicCompareExchange(T *p, T &expected, T desired) {
  return std::atomic_ref<T>(*p).compare_exchange_weak(expected, desired, std::memory_order_relaxed);
}
template <class T> inline T atomicExchange(T *p, T value) {
  return std::atomic_ref<T>(*p).exchange(value, std::memory_order_relaxed);
}
#else
template <class T> inline T atomicLoad(T *p) {
  T value;
  __atomic_load(p, &value, __ATOMIC_RELAXED);
  return value;
}
template <class T> inline bool atomicCompareExchange(T *p, T &expected, T desired) {
  return __atomic_compare_exchange(p, &expected, &desired, true, __ATOMIC_RELAXED,
                                   __ATOMIC_RELAXED);
}
template <class T> inline T atomicExchange(T *p, T value) {
  T old;
  __atomic_exchange(p, &value, &old, __ATOMIC_RELAXED);
  return old;
}
#endif

/* old = *p; *p = update(old); return old — atomically. */
template <class T, class Update> inline T atomicUpdate(T *p, Update update) {
  T old = atomicLoad(p);
  while (!atomicCompareExchange(p, old, update(old)))
    ;
  return old;
}

#if defined(__cpp_lib_atomic_ref)
template <class T> inline T atomicFetchAdd(T *p, T v) {
  return std::atomic_ref<T>(*p).fetch_add(v, std::memory_order_relaxed);
}
template <class T> inline T atomicFetchSub(T *p, T v) {
  return std::atomic_ref<T>(*p).fetch_sub(v, std::memory_order_relaxed);
}
template <class T> inline T atomicFetchAnd(T *p, T v) {
  return std::atomic_ref<T>(*p).fetch_and(v, std::memory_order_relaxed);
}
template <class T> inline T atomicFetchOr(T *p, T v) {
  return std::atomic_ref<T>(*p).fetch_or(v, std::memory_order_relaxed);
}
template <class T> inline T atomicFetchXor(T *p, T v) {
  return std::atomic_ref<T>(*p).fetch_xor(v, std::memory_order_relaxed);
}
#else
/* Integers and pointers: the builtin. Anything else (float, double): a CAS loop. */
template <class T> inline T atomicFetchAdd(T *p, T v, std::true_type) {
  return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}
template <class T> inline T atomicFetchAdd(T *p, T v, std::false_type) {
  return atomicUpdate(p, [&](T old) { return T(old + v); });
}
template <class T> inline T atomicFetchAdd(T *p, T v) {
  return atomicFetchAdd(p, v, std::is_integral<T>{});
}
template <class T> inline T atomicFetchSub(T *p, T v, std::true_type) {
  return __atomic_fetch_sub(p, v, __ATOMIC_RELAXED);
}
template <class T> inline T atomicFetchSub(T *p, T v, std::false_type) {
  return atomicUpdate(p, [&](T old) { return T(old - v); });
}
template <class T> inline T atomicFetchSub(T *p, T v) {
  return atomicFetchSub(p, v, std::is_integral<T>{});
}
template <class T> inline T atomicFetchAnd(T *p, T v) {
  return __atomic_fetch_and(p, v, __ATOMIC_RELAXED);
}
template <class T> inline T atomicFetchOr(T *p, T v) {
  return __atomic_fetch_or(p, v, __ATOMIC_RELAXED);
}
template <class T> inline T atomicFetchXor(T *p, T v) {
  return __atomic_fetch_xor(p, v, __ATOMIC_RELAXED);
}
#endif

} // namespace qiao_std

#endif /* QIAO_STD_COMPAT_H */
