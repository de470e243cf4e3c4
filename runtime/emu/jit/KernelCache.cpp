// The on-disk kernel cache.
#include "KernelCache.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace qiao::jit {
namespace {

std::string defaultDirectory() {
  if (const char *dir = std::getenv("QIAO_CACHE_DIR"))
    return std::string(dir) == "off" ? std::string() : std::string(dir);
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::string(xdg) + "/qiao";
  if (const char *home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/qiao";
  return {};
}

} // namespace

KernelCache::KernelCache() : dir_(defaultDirectory()) {
  if (dir_.empty())
    return;
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    std::fprintf(stderr, "qiao: kernel cache directory '%s' is not usable (%s); not caching\n",
                 dir_.c_str(), ec.message().c_str());
    dir_.clear();
  }
}

std::optional<std::vector<char>> KernelCache::load(const std::string &key) const {
  if (dir_.empty())
    return std::nullopt;
  std::ifstream in(dir_ + "/" + key + ".o", std::ios::binary | std::ios::ate);
  if (!in)
    return std::nullopt;
  std::vector<char> bytes(static_cast<size_t>(std::max<std::streamoff>(in.tellg(), 0)));
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
    return std::nullopt;
  if (bytes.size() < 4 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F')
    return std::nullopt; // not an object we wrote: compile again and replace it
  return bytes;
}

void KernelCache::store(const std::string &key, const std::vector<char> &object) const {
  if (dir_.empty())
    return;
  std::string final = dir_ + "/" + key + ".o";
  std::string temporary = final + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      return; // a read-only cache costs compile time, never a failure
    out.write(object.data(), static_cast<std::streamsize>(object.size()));
    if (!out)
      return;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, final, ec);
  if (ec)
    std::filesystem::remove(temporary, ec);
}

} // namespace qiao::jit
