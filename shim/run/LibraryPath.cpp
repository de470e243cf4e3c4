// See LibraryPath.h.
#include "LibraryPath.h"

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <system_error>

namespace qiao::run {

std::optional<std::string> libraryDirectory() {
  std::error_code error;
  auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error)
    return std::nullopt;
  auto lib = (self.parent_path() / ".." / "lib").lexically_normal();
  return lib.string();
}

std::string prependLibraryPath(const std::string &first, const char *existing) {
  std::string path = first;
  std::stringstream entries(existing ? existing : "");
  std::string entry;
  while (std::getline(entries, entry, ':')) {
    // An empty entry means the current directory to ld.so; keep it, it was the user's choice.
    if (entry == first)
      continue;
    path += ':';
    path += entry;
  }
  return path;
}

} // namespace qiao::run
