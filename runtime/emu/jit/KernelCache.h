// The on-disk cache of compiled kernels: one object file per key, in QIAO_CACHE_DIR (default
// $XDG_CACHE_HOME/qiao, else ~/.cache/qiao; QIAO_CACHE_DIR=off disables it). The key
// (KernelKey.h) hashes what decides the object without generating any IR: the decoded function
// and the callees it reaches, the kernel's declared parameter bytes, the host CPU with its
// features, and the compiler's identity, which is the GNU build-id of the loaded libqiao-jit.so
// and of libLLVM (a hash of each linked file, so every rebuild that changes the compiler's code
// misses; Qiao's version would not, since developers rebuild without bumping it). Writes go to a
// temporary file renamed into place, so concurrent processes never read a partial object.
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

} // namespace qiao::jit
