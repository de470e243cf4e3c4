// The on-disk cache of compiled kernels: one object file per key, in QIAO_CACHE_DIR (default
// $XDG_CACHE_HOME/qiao, else ~/.cache/qiao; QIAO_CACHE_DIR=off disables it). The key hashes the
// unoptimised IR, the compiler's pipeline version and the host CPU with its features, so a change
// to any of them misses instead of loading stale code. Writes go to a temporary file renamed into
// place, so concurrent processes never read a partial object.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace qiao::jit {

class KernelCache {
public:
  KernelCache(); // reads QIAO_CACHE_DIR once
  bool enabled() const { return !dir_.empty(); }
  const std::string &directory() const { return dir_; }

  std::optional<std::vector<char>> load(const std::string &key) const;
  void store(const std::string &key, const std::vector<char> &object) const;

private:
  std::string dir_;
};

// A hex digest of the parts that decide what a compiled kernel is.
std::string cacheKey(const std::string &ir, const std::string &cpu, const std::string &features);

} // namespace qiao::jit
