/* qiao/atomic_builtins.h: CUDA's atomic built-in functions with memory order and thread scope
 * (__nv_atomic_fetch_add, __nv_atomic_load_n, __nv_atomic_compare_exchange_n, ..., CUDA 12.8
 * and later; CUDA C++ Programming Guide, "Atomic Built-in Functions") for host-compiled kernels,
 * under CUDA's own names, with the __NV_ATOMIC_* orders and __NV_THREAD_SCOPE_* scopes at
 * CUDA's values.
 *
 * The orders are C++'s (CUDA's RELAXED..SEQ_CST are 0..5, as are the compiler's __ATOMIC_*),
 * and each operation is performed with the order given; an order CUDA rejects for the
 * operation at compile time (a release load, an acquire store) is taken as SEQ_CST, which is
 * stronger. Every scope is honoured by being widened to the system: the emulated device's
 * memory is the host's, so an operation that is atomic for the whole process is atomic for
 * every narrower scope too. A compare-and-exchange uses the stronger of its two orders, as CUDA
 * documents (and ignores `weak`: it never fails spuriously). 16-byte operands (loads, stores,
 * exchanges) go through a table of locks, since the host may lack a 16-byte atomic instruction;
 * they are atomic with respect to each other. */
#ifndef QIAO_ATOMIC_BUILTINS_H
#define QIAO_ATOMIC_BUILTINS_H

#include <qiao/std_compat.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>

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

namespace qiao_device {
namespace nv_atomic {

static_assert(__NV_ATOMIC_RELAXED == __ATOMIC_RELAXED && __NV_ATOMIC_CONSUME == __ATOMIC_CONSUME &&
                  __NV_ATOMIC_ACQUIRE == __ATOMIC_ACQUIRE &&
                  __NV_ATOMIC_RELEASE == __ATOMIC_RELEASE &&
                  __NV_ATOMIC_ACQ_REL == __ATOMIC_ACQ_REL &&
                  __NV_ATOMIC_SEQ_CST == __ATOMIC_SEQ_CST,
              "CUDA's memory orders are the compiler's");

inline int readOrder(int order) {
  return order == __NV_ATOMIC_RELEASE || order == __NV_ATOMIC_ACQ_REL || order < 0 ||
                 order > __NV_ATOMIC_SEQ_CST
             ? __ATOMIC_SEQ_CST
             : order;
}
inline int writeOrder(int order) {
  return order == __NV_ATOMIC_RELAXED || order == __NV_ATOMIC_RELEASE ? order : __ATOMIC_SEQ_CST;
}
inline int anyOrder(int order) {
  return order < 0 || order > __NV_ATOMIC_SEQ_CST ? __ATOMIC_SEQ_CST : order;
}
/* The order a compare-and-exchange uses: the stronger of the two (CUDA), and the part of it a
 * failed exchange (a load) may carry. */
inline int strongerOrder(int a, int b) {
  a = anyOrder(a), b = anyOrder(b);
  if ((a == __ATOMIC_ACQUIRE && b == __ATOMIC_RELEASE) ||
      (a == __ATOMIC_RELEASE && b == __ATOMIC_ACQUIRE))
    return __ATOMIC_ACQ_REL;
  return a > b ? a : b;
}
inline int failureOrder(int order) {
  return order == __ATOMIC_ACQ_REL ? __ATOMIC_ACQUIRE
                                   : (order == __ATOMIC_RELEASE ? __ATOMIC_RELAXED : order);
}

/* 16-byte operands: one lock per address class. Fibers of a block switch only at barriers and
 * warp collectives, never inside these sections; other host threads wait a few instructions. */
class WideLock {
public:
  explicit WideLock(const volatile void *p) : flag_(table()[(uintptr_t(p) >> 4) % kLocks]) {
    while (flag_.test_and_set(std::memory_order_acquire))
      ;
  }
  ~WideLock() { flag_.clear(std::memory_order_release); }
  WideLock(const WideLock &) = delete;
  WideLock &operator=(const WideLock &) = delete;

private:
  static constexpr unsigned kLocks = 64;
  static std::atomic_flag *table() {
    static std::atomic_flag locks[kLocks] = {};
    return locks;
  }
  std::atomic_flag &flag_;
};

template <class T> inline void checkSize() {
  static_assert(std::is_trivially_copyable<T>::value, "atomic built-ins take trivially copyable "
                                                      "types");
  static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8 ||
                    sizeof(T) == 16,
                "atomic built-ins take types of 1, 2, 4, 8 or 16 bytes");
}

template <class T> inline void load(const volatile T *p, T *out, int order) {
  checkSize<T>();
  T *address = const_cast<T *>(p);
  if constexpr (sizeof(T) == 16) {
    WideLock lock(p);
    std::memcpy(static_cast<void *>(out), address, sizeof(T));
  } else {
    __atomic_load(address, out, readOrder(order));
  }
}
template <class T> inline void store(volatile T *p, T *value, int order) {
  checkSize<T>();
  T *address = const_cast<T *>(p);
  if constexpr (sizeof(T) == 16) {
    WideLock lock(p);
    std::memcpy(static_cast<void *>(address), value, sizeof(T));
  } else {
    __atomic_store(address, value, writeOrder(order));
  }
}
template <class T> inline void exchange(volatile T *p, T *value, T *old, int order) {
  checkSize<T>();
  T *address = const_cast<T *>(p);
  if constexpr (sizeof(T) == 16) {
    WideLock lock(p);
    std::memcpy(static_cast<void *>(old), address, sizeof(T));
    std::memcpy(static_cast<void *>(address), value, sizeof(T));
  } else {
    __atomic_exchange(address, value, old, anyOrder(order));
  }
}
template <class T>
inline bool compareExchange(volatile T *p, T *expected, T *desired, int success, int failure) {
  checkSize<T>();
  T *address = const_cast<T *>(p);
  if constexpr (sizeof(T) == 16) {
    WideLock lock(p);
    if (std::memcmp(address, expected, sizeof(T)) == 0) {
      std::memcpy(static_cast<void *>(address), desired, sizeof(T));
      return true;
    }
    std::memcpy(static_cast<void *>(expected), address, sizeof(T));
    return false;
  } else {
    const int order = strongerOrder(success, failure);
    return __atomic_compare_exchange(address, expected, desired, false, order, failureOrder(order));
  }
}

/* old = *p; *p = update(old) atomically, for operations the compiler has no builtin for
 * (floating-point add and subtract, min, max). */
template <class T, class Update> inline T update(volatile T *p, int order, Update next) {
  T *address = const_cast<T *>(p);
  T old;
  __atomic_load(address, &old, __ATOMIC_RELAXED);
  T desired = next(old);
  const int ordered = anyOrder(order);
  while (!__atomic_compare_exchange(address, &old, &desired, false, ordered, failureOrder(ordered)))
    desired = next(old);
  return old;
}

template <class T> inline void checkArithmetic() {
  static_assert((std::is_integral<T>::value || std::is_floating_point<T>::value) &&
                    (sizeof(T) == 4 || sizeof(T) == 8),
                "__nv_atomic_fetch_add/sub take int, unsigned, unsigned long long, float or "
                "double");
}
template <class T> inline void checkIntegral() {
  static_assert(std::is_integral<T>::value && (sizeof(T) == 4 || sizeof(T) == 8),
                "bitwise, min and max atomic built-ins take integers of 4 or 8 bytes");
}

template <class T> inline T fetchAdd(volatile T *p, T v, int order, std::true_type) {
  return __atomic_fetch_add(const_cast<T *>(p), v, anyOrder(order));
}
template <class T> inline T fetchAdd(volatile T *p, T v, int order, std::false_type) {
  return update(p, order, [&](T old) { return T(old + v); });
}
template <class T> inline T fetchSub(volatile T *p, T v, int order, std::true_type) {
  return __atomic_fetch_sub(const_cast<T *>(p), v, anyOrder(order));
}
template <class T> inline T fetchSub(volatile T *p, T v, int order, std::false_type) {
  return update(p, order, [&](T old) { return T(old - v); });
}

} // namespace nv_atomic
} // namespace qiao_device

#define QIAO_NV_ATOMIC_VALUE ::qiao_std::type_identity_t<T>

template <class T>
inline T __nv_atomic_fetch_add(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                               int = __NV_THREAD_SCOPE_SYSTEM) {
  ::qiao_device::nv_atomic::checkArithmetic<T>();
  return ::qiao_device::nv_atomic::fetchAdd(address, T(value), order, std::is_integral<T>{});
}
template <class T>
inline void __nv_atomic_add(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                            int scope = __NV_THREAD_SCOPE_SYSTEM) {
  __nv_atomic_fetch_add(address, value, order, scope);
}
template <class T>
inline T __nv_atomic_fetch_sub(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                               int = __NV_THREAD_SCOPE_SYSTEM) {
  ::qiao_device::nv_atomic::checkArithmetic<T>();
  return ::qiao_device::nv_atomic::fetchSub(address, T(value), order, std::is_integral<T>{});
}
template <class T>
inline void __nv_atomic_sub(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                            int scope = __NV_THREAD_SCOPE_SYSTEM) {
  __nv_atomic_fetch_sub(address, value, order, scope);
}

#define QIAO_NV_ATOMIC_BITWISE(name, builtin)                                                      \
  template <class T>                                                                               \
  inline T __nv_atomic_fetch_##name(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,    \
                                    int = __NV_THREAD_SCOPE_SYSTEM) {                              \
    ::qiao_device::nv_atomic::checkIntegral<T>();                                                  \
    return builtin(const_cast<T *>(address), T(value), ::qiao_device::nv_atomic::anyOrder(order)); \
  }                                                                                                \
  template <class T>                                                                               \
  inline void __nv_atomic_##name(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,       \
                                 int scope = __NV_THREAD_SCOPE_SYSTEM) {                           \
    __nv_atomic_fetch_##name(address, value, order, scope);                                        \
  }
QIAO_NV_ATOMIC_BITWISE(and, __atomic_fetch_and)
QIAO_NV_ATOMIC_BITWISE(or, __atomic_fetch_or)
QIAO_NV_ATOMIC_BITWISE(xor, __atomic_fetch_xor)
#undef QIAO_NV_ATOMIC_BITWISE

template <class T>
inline T __nv_atomic_fetch_min(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                               int = __NV_THREAD_SCOPE_SYSTEM) {
  ::qiao_device::nv_atomic::checkIntegral<T>();
  return ::qiao_device::nv_atomic::update(address, order,
                                          [&](T old) { return value < old ? T(value) : old; });
}
template <class T>
inline void __nv_atomic_min(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                            int scope = __NV_THREAD_SCOPE_SYSTEM) {
  __nv_atomic_fetch_min(address, value, order, scope);
}
template <class T>
inline T __nv_atomic_fetch_max(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                               int = __NV_THREAD_SCOPE_SYSTEM) {
  ::qiao_device::nv_atomic::checkIntegral<T>();
  return ::qiao_device::nv_atomic::update(address, order,
                                          [&](T old) { return value > old ? T(value) : old; });
}
template <class T>
inline void __nv_atomic_max(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                            int scope = __NV_THREAD_SCOPE_SYSTEM) {
  __nv_atomic_fetch_max(address, value, order, scope);
}

template <class T>
inline T __nv_atomic_exchange_n(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                                int = __NV_THREAD_SCOPE_SYSTEM) {
  T desired = value, old;
  ::qiao_device::nv_atomic::exchange(address, &desired, &old, order);
  return old;
}
template <class T>
inline void __nv_atomic_exchange(volatile T *address, QIAO_NV_ATOMIC_VALUE *value,
                                 QIAO_NV_ATOMIC_VALUE *old, int order,
                                 int = __NV_THREAD_SCOPE_SYSTEM) {
  ::qiao_device::nv_atomic::exchange(address, value, old, order);
}
template <class T>
inline bool __nv_atomic_compare_exchange_n(volatile T *address, QIAO_NV_ATOMIC_VALUE *expected,
                                           QIAO_NV_ATOMIC_VALUE desired, bool, int successOrder,
                                           int failureOrder, int = __NV_THREAD_SCOPE_SYSTEM) {
  T value = desired;
  return ::qiao_device::nv_atomic::compareExchange(address, expected, &value, successOrder,
                                                   failureOrder);
}
template <class T>
inline bool __nv_atomic_compare_exchange(volatile T *address, QIAO_NV_ATOMIC_VALUE *expected,
                                         QIAO_NV_ATOMIC_VALUE *desired, bool, int successOrder,
                                         int failureOrder, int = __NV_THREAD_SCOPE_SYSTEM) {
  return ::qiao_device::nv_atomic::compareExchange(address, expected, desired, successOrder,
                                                   failureOrder);
}
template <class T>
inline T __nv_atomic_load_n(const volatile T *address, int order, int = __NV_THREAD_SCOPE_SYSTEM) {
  T value;
  ::qiao_device::nv_atomic::load(address, &value, order);
  return value;
}
template <class T>
inline void __nv_atomic_load(const volatile T *address, QIAO_NV_ATOMIC_VALUE *out, int order,
                             int = __NV_THREAD_SCOPE_SYSTEM) {
  ::qiao_device::nv_atomic::load(address, out, order);
}
template <class T>
inline void __nv_atomic_store_n(volatile T *address, QIAO_NV_ATOMIC_VALUE value, int order,
                                int = __NV_THREAD_SCOPE_SYSTEM) {
  T stored = value;
  ::qiao_device::nv_atomic::store(address, &stored, order);
}
template <class T>
inline void __nv_atomic_store(volatile T *address, QIAO_NV_ATOMIC_VALUE *value, int order,
                              int = __NV_THREAD_SCOPE_SYSTEM) {
  ::qiao_device::nv_atomic::store(address, value, order);
}
inline void __nv_atomic_thread_fence(int order, int = __NV_THREAD_SCOPE_SYSTEM) {
  __atomic_thread_fence(::qiao_device::nv_atomic::anyOrder(order));
}

#undef QIAO_NV_ATOMIC_VALUE

#endif /* QIAO_ATOMIC_BUILTINS_H */
