/* qiao/barrier.h: CUDA's <cuda/barrier> for host-compiled kernels: cuda::barrier (init, arrive,
 * wait, arrive_and_wait, arrive_and_drop, a completion function) and cuda::memcpy_async that
 * completes on a barrier, with cuda::aligned_size_t sizes.
 *
 * A barrier's phase completes when its pending count reaches zero: the thread whose arrival does
 * it runs the completion function, the count is reset to the expected count (less the threads
 * that dropped out), and the phase number advances. wait(token) returns once the phase the token
 * was taken in has completed; meanwhile it lets the block's other threads run (they are fibers on
 * one host thread, driver.h: yield), so a barrier in shared memory costs no OS wait. The state is
 * atomic, so a barrier in global memory works across blocks too, as thread_scope_device asks.
 *
 * memcpy_async copies at once, so the copy has completed before its thread arrives: CUDA requires
 * only that it completes before the barrier's current phase does. The group form splits the bytes
 * between the group's threads. The sm_90 transaction-count forms (barrier_arrive_tx,
 * memcpy_async_tx) are not provided; cuda::pipeline is qiao/pipeline.h's. */
#ifndef QIAO_BARRIER_H
#define QIAO_BARRIER_H

#include <qiao/device.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace cuda {

enum thread_scope {
  thread_scope_system = 0,
  thread_scope_device = 1,
  thread_scope_block = 2,
  thread_scope_thread = 3
};

/* A byte count whose address and size are multiples of Alignment (a hint CUDA uses to pick wider
 * copies; a plain copy needs none). */
template <::std::size_t Alignment> struct aligned_size_t {
  static constexpr ::std::size_t align = Alignment;
  ::std::size_t value;
  explicit constexpr aligned_size_t(::std::size_t size) : value(size) {}
  constexpr operator ::std::size_t() const { return value; }
};

namespace detail {
struct empty_completion {
  void operator()() noexcept {}
};

/* The share of `bytes` that the thread of rank `rank` of `threads` copies when a group copies
 * together: consecutive runs, one per thread. */
inline void copy_share(unsigned long long rank, unsigned long long threads, void *destination,
                       const void *source, ::std::size_t bytes) {
  const ::std::size_t share = (bytes + ::std::size_t(threads) - 1) / ::std::size_t(threads);
  const ::std::size_t begin = ::std::size_t(rank) * share;
  if (begin < bytes)
    ::std::memcpy(static_cast<char *>(destination) + begin,
                  static_cast<const char *>(source) + begin,
                  begin + share < bytes ? share : bytes - begin);
}
} // namespace detail

template <thread_scope Scope, class CompletionFunction = detail::empty_completion> class barrier {
public:
  /* The phase its arrival belongs to. */
  class arrival_token {
  public:
    arrival_token() = default;

  private:
    friend class barrier;
    explicit arrival_token(::std::uint64_t phase) : phase_(phase) {}
    ::std::uint64_t phase_ = 0;
  };

  static constexpr ::std::ptrdiff_t max() noexcept { return 0x7fffffff; }

  /* For a barrier in shared memory, which init() sets up before its first use. */
  barrier() = default;
  explicit barrier(::std::ptrdiff_t expected, CompletionFunction completion = CompletionFunction())
      : completion_(::std::move(completion)), expected_(expected), state_(pack(0, expected)) {}
  barrier(const barrier &) = delete;
  barrier &operator=(const barrier &) = delete;

  friend void init(barrier *bar, ::std::ptrdiff_t expected,
                   CompletionFunction completion = CompletionFunction()) {
    bar->completion_ = ::std::move(completion);
    __atomic_store_n(&bar->expected_, expected, __ATOMIC_RELAXED);
    __atomic_store_n(&bar->state_, pack(0, expected), __ATOMIC_RELEASE);
  }

  arrival_token arrive(::std::ptrdiff_t update = 1) {
    const ::std::uint64_t before =
        __atomic_fetch_sub(&state_, ::std::uint64_t(update), __ATOMIC_ACQ_REL);
    const ::std::uint64_t phase = before >> 32;
    if ((before & kPendingMask) == ::std::uint64_t(update))
      completePhase(phase);
    return arrival_token(phase);
  }

  void wait(arrival_token &&token) const {
    while ((__atomic_load_n(&state_, __ATOMIC_ACQUIRE) >> 32) == token.phase_)
      ::qiao_device::yieldToBlock();
  }

  void arrive_and_wait() { wait(arrive()); }

  /* Leaves the barrier: later phases expect one thread fewer, and this arrival counts for the
   * current one. */
  void arrive_and_drop() {
    __atomic_fetch_sub(&expected_, 1, __ATOMIC_ACQ_REL);
    arrive();
  }

private:
  /* The phase number and the arrivals it still waits for, in one word, so that an arrival reads
   * the phase it counts for. */
  static constexpr ::std::uint64_t kPendingMask = 0xffffffffu;
  static ::std::uint64_t pack(::std::uint64_t phase, ::std::ptrdiff_t pending) {
    return (phase << 32) | (::std::uint64_t(pending) & kPendingMask);
  }

  /* The last arrival: the completion function runs before any waiter of the phase goes on. */
  void completePhase(::std::uint64_t phase) {
    completion_();
    __atomic_store_n(&state_, pack(phase + 1, __atomic_load_n(&expected_, __ATOMIC_ACQUIRE)),
                     __ATOMIC_RELEASE);
  }

  /* Plain members used through atomic builtins: with a trivial completion function the barrier
   * is trivially default-constructible, as a __shared__ variable must be for Clang's CUDA. */
  CompletionFunction completion_;
  ::std::ptrdiff_t expected_;
  ::std::uint64_t state_;
};

template <class Shape, thread_scope Scope, class CompletionFunction>
inline void memcpy_async(void *destination, const void *source, Shape size,
                         barrier<Scope, CompletionFunction> &) {
  ::std::memcpy(destination, source, ::std::size_t(size));
}

/* Every thread of the group calls it; each copies its share of the bytes. */
template <class Group, class Shape, thread_scope Scope, class CompletionFunction>
inline void memcpy_async(const Group &group, void *destination, const void *source, Shape size,
                         barrier<Scope, CompletionFunction> &) {
  detail::copy_share(group.thread_rank(), group.size(), destination, source, ::std::size_t(size));
}

} // namespace cuda

#endif /* QIAO_BARRIER_H */
