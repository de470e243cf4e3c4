// A fresh directory for one test, removed with everything in it when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace qiao::jit::test {

class TempDirectory {
public:
  TempDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "qiao-jit-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()))
      path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ec;
    if (!path_.empty())
      std::filesystem::remove_all(path_, ec);
  }
  TempDirectory(const TempDirectory &) = delete;
  TempDirectory &operator=(const TempDirectory &) = delete;

  const std::string &path() const { return path_; }
  // The regular files in it.
  size_t files() const {
    size_t count = 0;
    for (const auto &entry : std::filesystem::directory_iterator(path_))
      count += entry.is_regular_file();
    return count;
  }

private:
  std::string path_;
};

} // namespace qiao::jit::test
