// Device memory for benchmarks: plain host allocations, recorded so the engine's bounds checks
// see them as they would see the emulated device's.
#pragma once

#include "ptx/Engine.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

namespace qiao::bench {

class BenchMemory : public ptx::DeviceMemory {
public:
  ~BenchMemory() override {
    for (auto &[address, bytes] : blocks_)
      std::free(reinterpret_cast<void *>(address));
  }
  void *allocateGlobal(uint64_t bytes) override { return allocate(bytes); }
  void releaseGlobal(void *ptr) override { release(ptr); }
  bool lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    std::lock_guard lock(mutex_);
    auto it = blocks_.upper_bound(addr);
    if (it == blocks_.begin())
      return false;
    --it;
    if (addr + bytes < addr || addr + bytes > it->first + it->second)
      return false;
    base = it->first;
    size = it->second;
    return true;
  }

  void *allocate(uint64_t bytes) {
    void *p = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
    std::memset(p, 0, bytes);
    std::lock_guard lock(mutex_);
    blocks_[reinterpret_cast<uint64_t>(p)] = bytes;
    return p;
  }
  void release(void *p) {
    {
      std::lock_guard lock(mutex_);
      blocks_.erase(reinterpret_cast<uint64_t>(p));
    }
    std::free(p);
  }

private:
  mutable std::mutex mutex_;
  std::map<uint64_t, uint64_t> blocks_;
};

} // namespace qiao::bench
