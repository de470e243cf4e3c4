// Content hashes for the build cache: a program is rebuilt when its sources, the headers it
// includes or the compilers that build it change.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace qiao::conform {

class Hasher {
public:
  Hasher &add(std::string_view bytes);
  Hasher &addFile(const std::filesystem::path &file);      // its path's name and content
  Hasher &addTree(const std::filesystem::path &directory); // every file under it, in order
  std::string hex() const;                                 // 32 hex digits

private:
  // Two FNV-1a lanes with different offsets: 128 bits, enough that unrelated inputs never meet.
  uint64_t a_ = 0xcbf29ce484222325ull;
  uint64_t b_ = 0x84222325cbf29ce4ull;
};

} // namespace qiao::conform
