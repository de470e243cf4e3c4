#include "Hash.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace qiao::conform {

Hasher &Hasher::add(std::string_view bytes) {
  constexpr uint64_t prime = 0x100000001b3ull;
  for (unsigned char c : bytes) {
    a_ = (a_ ^ c) * prime;
    b_ = (b_ ^ static_cast<unsigned char>(c + 0x5b)) * prime;
  }
  // The length separates ("ab","c") from ("a","bc").
  const uint64_t size = bytes.size();
  for (int i = 0; i < 8; ++i)
    a_ = (a_ ^ ((size >> (8 * i)) & 0xff)) * prime;
  return *this;
}

Hasher &Hasher::addFile(const fs::path &file) {
  add(file.filename().string());
  std::ifstream in(file, std::ios::binary);
  std::vector<char> buffer(1 << 16);
  std::string content;
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0)
    content.append(buffer.data(), static_cast<size_t>(in.gcount()));
  return add(content);
}

Hasher &Hasher::addTree(const fs::path &directory) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(directory, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file())
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const fs::path &file : files) {
    add(fs::relative(file, directory, ec).string());
    addFile(file);
  }
  return *this;
}

std::string Hasher::hex() const {
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(a_),
                static_cast<unsigned long long>(b_));
  return text;
}

} // namespace qiao::conform
