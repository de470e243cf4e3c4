// Where qiao-run finds Qiao's libraries, and the LD_LIBRARY_PATH that puts them first.
#pragma once

#include <optional>
#include <string>

namespace qiao::run {

// The lib directory of the build or install tree qiao-run lives in: <dir of executable>/../lib.
// Empty when /proc/self/exe cannot be read.
std::optional<std::string> libraryDirectory();

// `first`, then every entry of `existing` (which may be null or empty) except repeats of `first`.
std::string prependLibraryPath(const std::string &first, const char *existing);

} // namespace qiao::run
