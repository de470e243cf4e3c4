/* qiao/pipeline.h: CUDA's <cuda/pipeline> and <cuda_pipeline.h> for host-compiled kernels:
 * cuda::pipeline of one thread (make_pipeline()) or shared by a group (make_pipeline(group,
 * &shared_state[, producer_count or role])), its producer_acquire / producer_commit /
 * consumer_wait / consumer_release / quit, cuda::memcpy_async into a pipeline (one thread's or a
 * group's), cuda::pipeline_consumer_wait_prior; and the primitives __pipeline_memcpy_async (with
 * its zero fill), __pipeline_commit and __pipeline_wait_prior.
 *
 * Copies complete at once, which CUDA allows (it promises only that they have completed when a
 * wait for their batch returns), so a thread's own waits return at once. What a shared pipeline
 * must still do is order the threads: consumer_wait returns once every producer of the group has
 * committed the stage, and producer_acquire once every consumer has released the stage's previous
 * use. Each stage counts its commits and releases; a waiting thread lets the block's other
 * threads run (they are fibers on one host thread), so the wait costs no OS wait. */
#ifndef QIAO_PIPELINE_H
#define QIAO_PIPELINE_H

#include <qiao/barrier.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace cuda {

enum class pipeline_role { producer, consumer };

template <thread_scope Scope> class pipeline;
namespace detail {
struct pipeline_setup;
}

/* The state a group's pipeline keeps in memory the group shares (usually __shared__); make_pipeline
 * sets it up. Trivially default-constructible, as a __shared__ variable must be. */
template <thread_scope Scope, ::std::uint8_t StagesCount> class pipeline_shared_state {
public:
  pipeline_shared_state() = default;
  pipeline_shared_state(const pipeline_shared_state &) = delete;
  pipeline_shared_state &operator=(const pipeline_shared_state &) = delete;

private:
  friend struct detail::pipeline_setup;

  /* Per stage, the commits and the releases made to it so far, over all its uses. */
  ::std::uint32_t committed_[StagesCount];
  ::std::uint32_t released_[StagesCount];
  ::std::uint32_t producers_, consumers_, members_;
};

namespace detail {
struct pipeline_counts {
  ::std::uint32_t *committed, *released, *producers, *consumers, *members;
};

/* Blocks until `ready` holds, letting the block's other threads run meanwhile. */
template <class Ready> inline void wait_until(Ready ready) {
  while (!ready())
    ::qiao_device::yieldToBlock();
}
} // namespace detail

template <thread_scope Scope> class pipeline {
public:
  pipeline(pipeline &&other) noexcept
      : counts_(other.counts_), stages_(other.stages_), head_(other.head_), tail_(other.tail_),
        headUses_(other.headUses_), tailUses_(other.tailUses_), active_(other.active_) {
    other.active_ = false;
  }
  pipeline(const pipeline &) = delete;
  pipeline &operator=(const pipeline &) = delete;
  pipeline &operator=(pipeline &&) = delete;
  ~pipeline() {
    if (active_)
      quit();
  }

  /* Waits until the consumers have released the stage the next batch goes to. */
  void producer_acquire() {
    if (!shared())
      return;
    const ::std::uint32_t needed = headUses_ * load(counts_.consumers);
    detail::wait_until([&] { return load(&counts_.released[head_]) >= needed; });
  }
  void producer_commit() {
    if (shared())
      __atomic_fetch_add(&counts_.committed[head_], 1u, __ATOMIC_ACQ_REL);
    advance(head_, headUses_);
  }
  /* Waits until every producer has committed the oldest batch not yet released. */
  void consumer_wait() {
    if (!shared())
      return;
    const ::std::uint32_t needed = (tailUses_ + 1) * load(counts_.producers);
    detail::wait_until([&] { return load(&counts_.committed[tail_]) >= needed; });
  }
  template <class Rep, class Period>
  bool consumer_wait_for(const ::std::chrono::duration<Rep, Period> &duration) {
    return consumer_wait_until(::std::chrono::steady_clock::now() + duration);
  }
  template <class Clock, class Duration>
  bool consumer_wait_until(const ::std::chrono::time_point<Clock, Duration> &deadline) {
    if (!shared())
      return true;
    const ::std::uint32_t needed = (tailUses_ + 1) * load(counts_.producers);
    while (load(&counts_.committed[tail_]) < needed) {
      if (Clock::now() >= deadline)
        return false;
      ::qiao_device::yieldToBlock();
    }
    return true;
  }
  void consumer_release() {
    if (shared())
      __atomic_fetch_add(&counts_.released[tail_], 1u, __ATOMIC_ACQ_REL);
    advance(tail_, tailUses_);
  }
  /* Leaves the pipeline; true for the last thread of the group to leave. */
  bool quit() {
    active_ = false;
    if (!shared())
      return true;
    return __atomic_sub_fetch(counts_.members, 1u, __ATOMIC_ACQ_REL) == 0;
  }

private:
  friend struct detail::pipeline_setup;

  pipeline(detail::pipeline_counts counts, ::std::uint8_t stages)
      : counts_(counts), stages_(stages) {}

  bool shared() const { return counts_.committed != nullptr; }
  static ::std::uint32_t load(const ::std::uint32_t *counter) {
    return __atomic_load_n(counter, __ATOMIC_ACQUIRE);
  }
  void advance(::std::uint8_t &stage, ::std::uint32_t &uses) {
    if (++stage == stages_) {
      stage = 0;
      ++uses;
    }
  }

  detail::pipeline_counts counts_;
  ::std::uint8_t stages_;
  ::std::uint8_t head_ = 0, tail_ = 0;          /* the stages the next commit and release go to */
  ::std::uint32_t headUses_ = 0, tailUses_ = 0; /* how often each has gone round all stages */
  bool active_ = true;
};

namespace detail {
/* Sets pipelines up: make_pipeline's side of pipeline_shared_state and pipeline. */
struct pipeline_setup {
  static pipeline<thread_scope_thread> alone() {
    return pipeline<thread_scope_thread>(pipeline_counts{}, 1);
  }

  /* Every thread of the group calls it: rank 0 sets the counts up, then the group synchronises. */
  template <class Group, thread_scope Scope, ::std::uint8_t N>
  static pipeline<Scope> share(const Group &group, pipeline_shared_state<Scope, N> *state,
                               ::std::uint32_t producers, ::std::uint32_t consumers) {
    if (group.thread_rank() == 0) {
      for (unsigned stage = 0; stage < N; ++stage) {
        __atomic_store_n(&state->committed_[stage], 0u, __ATOMIC_RELAXED);
        __atomic_store_n(&state->released_[stage], 0u, __ATOMIC_RELAXED);
      }
      __atomic_store_n(&state->producers_, producers, __ATOMIC_RELAXED);
      __atomic_store_n(&state->consumers_, consumers, __ATOMIC_RELAXED);
      __atomic_store_n(&state->members_, ::std::uint32_t(group.size()), __ATOMIC_RELEASE);
    }
    group.sync();
    return pipeline<Scope>(pipeline_counts{state->committed_, state->released_, &state->producers_,
                                           &state->consumers_, &state->members_},
                           N);
  }

  /* How many of the group's threads name themselves producers. */
  template <class Group, thread_scope Scope, ::std::uint8_t N>
  static ::std::uint32_t count_producers(const Group &group, pipeline_shared_state<Scope, N> *state,
                                         pipeline_role role) {
    if (group.thread_rank() == 0)
      __atomic_store_n(&state->producers_, 0u, __ATOMIC_RELAXED);
    group.sync();
    if (role == pipeline_role::producer)
      __atomic_fetch_add(&state->producers_, 1u, __ATOMIC_ACQ_REL);
    group.sync();
    const ::std::uint32_t producers = __atomic_load_n(&state->producers_, __ATOMIC_ACQUIRE);
    group.sync(); /* every thread has read it before share() writes it again */
    return producers;
  }
};
} // namespace detail

/* A pipeline of the calling thread alone. */
inline pipeline<thread_scope_thread> make_pipeline() { return detail::pipeline_setup::alone(); }

/* Every thread of the group both produces and consumes. */
template <class Group, thread_scope Scope, ::std::uint8_t N>
inline pipeline<Scope> make_pipeline(const Group &group, pipeline_shared_state<Scope, N> *state) {
  return detail::pipeline_setup::share(group, state, ::std::uint32_t(group.size()),
                                       ::std::uint32_t(group.size()));
}

/* producer_count of the group's threads produce, the others consume. */
template <class Group, thread_scope Scope, ::std::uint8_t N>
inline pipeline<Scope> make_pipeline(const Group &group, pipeline_shared_state<Scope, N> *state,
                                     ::std::size_t producer_count) {
  return detail::pipeline_setup::share(group, state, ::std::uint32_t(producer_count),
                                       ::std::uint32_t(group.size() - producer_count));
}

/* Each thread names its role; the producers are counted first. */
template <class Group, thread_scope Scope, ::std::uint8_t N>
inline pipeline<Scope> make_pipeline(const Group &group, pipeline_shared_state<Scope, N> *state,
                                     pipeline_role role) {
  const ::std::uint32_t producers = detail::pipeline_setup::count_producers(group, state, role);
  return detail::pipeline_setup::share(group, state, producers,
                                       ::std::uint32_t(group.size()) - producers);
}

/* The thread's batches but the latest Prior are complete: every batch is. */
template <::std::uint8_t Prior>
inline void pipeline_consumer_wait_prior(pipeline<thread_scope_thread> &) {}

/* The batch is complete before the barrier's phase can be: it already is. */
template <thread_scope Scope, class CompletionFunction>
inline void pipeline_producer_commit(pipeline<thread_scope_thread> &pipe,
                                     barrier<Scope, CompletionFunction> &) {
  pipe.producer_commit();
}

template <class Shape, thread_scope Scope>
inline void memcpy_async(void *destination, const void *source, Shape size, pipeline<Scope> &) {
  ::std::memcpy(destination, source, ::std::size_t(size));
}

/* Every thread of the group calls it; each copies its share of the bytes. */
template <class Group, class Shape, thread_scope Scope>
inline void memcpy_async(const Group &group, void *destination, const void *source, Shape size,
                         pipeline<Scope> &) {
  detail::copy_share(group.thread_rank(), group.size(), destination, source, ::std::size_t(size));
}

} // namespace cuda

/* The pipeline primitives: the last zfill of size bytes are written as zeros, not read. */
inline void __pipeline_memcpy_async(void *destination, const void *source, ::std::size_t size,
                                    ::std::size_t zfill = 0) {
  const ::std::size_t copied = zfill < size ? size - zfill : 0;
  ::std::memcpy(destination, source, copied);
  ::std::memset(static_cast<char *>(destination) + copied, 0, size - copied);
}
inline void __pipeline_commit() {}
inline void __pipeline_wait_prior(::std::size_t) {}

#endif /* QIAO_PIPELINE_H */
