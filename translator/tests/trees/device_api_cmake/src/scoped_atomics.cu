// The atomic built-ins of CUDA 12.8 with their orders and scopes: block-scoped counters in
// shared memory, device- and system-scoped ones in global memory, every read-modify-write
// operation, compare-and-exchange loops, and the generic forms on structures of 8 and 16 bytes.
#include <cuda_runtime.h>

#include <vector>

#include "device_api.h"

namespace {

constexpr int kBlocks = 4, kThreads = 256, kTotal = kBlocks * kThreads;

struct Pair {
  int first, second;
};
struct Quad {
  long long low, high;
};

struct Counters {
  unsigned long long total, exchangedSum;
  float halves;
  double quarters;
  int minimum, maximum;
  unsigned lanes, casCounter, last, hashes;
  unsigned long long clearedBits;
  Pair pair;
  Quad quad;
  int genericOk;
};

__device__ unsigned hashOf(unsigned i) { return i * 2654435761u; }

__global__ void countEverything(Counters *c, unsigned *order) {
  __shared__ unsigned arrivals;
  const unsigned id = blockIdx.x * blockDim.x + threadIdx.x;
  if (threadIdx.x == 0)
    __nv_atomic_store_n(&arrivals, 0u, __NV_ATOMIC_RELAXED, __NV_THREAD_SCOPE_BLOCK);
  __syncthreads();
  // Each thread of the block draws a distinct ticket 0..255.
  const unsigned ticket =
      __nv_atomic_fetch_add(&arrivals, 1u, __NV_ATOMIC_RELAXED, __NV_THREAD_SCOPE_BLOCK);
  order[blockIdx.x * kThreads + ticket] = threadIdx.x + 1;

  __nv_atomic_fetch_add(&c->total, 1ull, __NV_ATOMIC_ACQ_REL, __NV_THREAD_SCOPE_DEVICE);
  __nv_atomic_add(&c->halves, 0.5f, __NV_ATOMIC_RELAXED);
  __nv_atomic_fetch_sub(&c->quarters, 0.25, __NV_ATOMIC_SEQ_CST, __NV_THREAD_SCOPE_SYSTEM);
  __nv_atomic_fetch_min(&c->minimum, int(threadIdx.x + blockIdx.x) - 100, __NV_ATOMIC_RELAXED);
  __nv_atomic_max(&c->maximum, int(threadIdx.x + blockIdx.x) - 100, __NV_ATOMIC_RELAXED,
                  __NV_THREAD_SCOPE_DEVICE);
  __nv_atomic_or(&c->lanes, 1u << (threadIdx.x % 32), __NV_ATOMIC_RELEASE);
  __nv_atomic_fetch_and(&c->clearedBits, ~(1ull << (id % 64)), __NV_ATOMIC_RELAXED);
  __nv_atomic_fetch_xor(&c->hashes, hashOf(id), __NV_ATOMIC_RELAXED, __NV_THREAD_SCOPE_DEVICE);

  unsigned expected = __nv_atomic_load_n(&c->casCounter, __NV_ATOMIC_ACQUIRE);
  while (!__nv_atomic_compare_exchange_n(&c->casCounter, &expected, expected + 1, false,
                                         __NV_ATOMIC_ACQ_REL, __NV_ATOMIC_RELAXED))
    ;
  const unsigned previous = __nv_atomic_exchange_n(&c->last, id + 1, __NV_ATOMIC_RELAXED);
  __nv_atomic_fetch_add(&c->exchangedSum, (unsigned long long)previous, __NV_ATOMIC_RELAXED);
  __nv_atomic_thread_fence(__NV_ATOMIC_SEQ_CST, __NV_THREAD_SCOPE_DEVICE);

  if (id == 0) {
    // The generic forms move whole structures.
    Pair next{3, 4}, old{};
    __nv_atomic_exchange(&c->pair, &next, &old, __NV_ATOMIC_SEQ_CST);
    Pair want{3, 4}, replacement{5, 6}, wrong{9, 9};
    const bool swapped = __nv_atomic_compare_exchange(&c->pair, &want, &replacement, false,
                                                      __NV_ATOMIC_SEQ_CST, __NV_ATOMIC_ACQUIRE);
    const bool refused = !__nv_atomic_compare_exchange(&c->pair, &wrong, &next, true,
                                                       __NV_ATOMIC_RELEASE, __NV_ATOMIC_RELAXED);
    Quad wide{-1, 1LL << 40}, seen{};
    __nv_atomic_store(&c->quad, &wide, __NV_ATOMIC_RELEASE);
    __nv_atomic_load(&c->quad, &seen, __NV_ATOMIC_ACQUIRE);
    const Pair now = __nv_atomic_load_n(&c->pair, __NV_ATOMIC_RELAXED);
    c->genericOk = old.first == 1 && old.second == 2 && swapped && refused && wrong.first == 5 &&
                   wrong.second == 6 && now.first == 5 && seen.low == -1 &&
                   seen.high == (1LL << 40);
  }
}

} // namespace

bool checkScopedAtomics() {
  Counters start{};
  start.quarters = 1024.0;
  start.minimum = 1000;
  start.maximum = -1000;
  start.clearedBits = ~0ull;
  start.pair = Pair{1, 2};
  Counters *c;
  unsigned *order;
  API_CHECK(cudaMalloc(&c, sizeof(Counters)));
  API_CHECK(cudaMalloc(&order, kTotal * sizeof(unsigned)));
  API_CHECK(cudaMemcpy(c, &start, sizeof start, cudaMemcpyHostToDevice));
  API_CHECK(cudaMemset(order, 0, kTotal * sizeof(unsigned)));
  countEverything<<<kBlocks, kThreads>>>(c, order);
  API_CHECK(cudaGetLastError());
  Counters got;
  std::vector<unsigned> tickets(kTotal);
  API_CHECK(cudaMemcpy(&got, c, sizeof got, cudaMemcpyDeviceToHost));
  API_CHECK(cudaMemcpy(tickets.data(), order, kTotal * sizeof(unsigned), cudaMemcpyDeviceToHost));

  for (int block = 0; block < kBlocks; ++block) {
    std::vector<int> drawn(kThreads + 1, 0);
    for (int t = 0; t < kThreads; ++t)
      ++drawn[tickets[block * kThreads + t]];
    for (int t = 1; t <= kThreads; ++t)
      EXPECT_THAT(drawn[t] == 1, "block %d: thread %d drew %d tickets", block, t - 1, drawn[t]);
  }
  unsigned hashes = 0;
  for (unsigned i = 0; i < kTotal; ++i)
    hashes ^= i * 2654435761u;
  EXPECT_THAT(got.total == kTotal, "total %llu", got.total);
  EXPECT_THAT(got.halves == 512.0f && got.quarters == 768.0, "float %g double %g", got.halves,
              got.quarters);
  EXPECT_THAT(got.minimum == -100 && got.maximum == 255 + 3 - 100, "min %d max %d", got.minimum,
              got.maximum);
  EXPECT_THAT(got.lanes == 0xffffffffu && got.clearedBits == 0 && got.hashes == hashes,
              "bits %x %llx %x", got.lanes, got.clearedBits, got.hashes);
  EXPECT_THAT(got.casCounter == kTotal, "compare-and-exchange counter %u", got.casCounter);
  // Every id + 1 was stored once: the values replaced plus the one left sum to 1 + ... + 1024.
  EXPECT_THAT(got.exchangedSum + got.last == kTotal * (kTotal + 1ull) / 2, "exchanges %llu + %u",
              got.exchangedSum, got.last);
  EXPECT_THAT(got.genericOk == 1, "generic exchange, compare-exchange, load and store");
  API_CHECK(cudaFree(c));
  API_CHECK(cudaFree(order));
  return true;
}
