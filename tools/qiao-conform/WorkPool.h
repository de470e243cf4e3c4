// Runs count independent jobs on `workers` threads; each job is called with its index.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace qiao::conform {

inline void parallelFor(size_t count, unsigned workers,
                        const std::function<void(size_t index)> &job) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++)
      job(i);
  };
  const unsigned threads = static_cast<unsigned>(std::min<size_t>(std::max(1u, workers), count));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work);
  work();
  for (std::thread &thread : pool)
    thread.join();
}

} // namespace qiao::conform
