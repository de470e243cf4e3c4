#include "CorpusFiles.h"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace qiao::fuzz {

std::vector<fs::path> corpusFiles(const std::vector<std::string> &inputs,
                                  const std::string &extension) {
  std::vector<fs::path> files;
  for (const std::string &input : inputs) {
    std::error_code ec;
    if (!fs::is_directory(input, ec)) {
      files.emplace_back(input);
      continue;
    }
    for (const auto &entry : fs::directory_iterator(input, ec))
      if (entry.is_regular_file() && (extension.empty() || entry.path().extension() == extension))
        files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<std::string> readCorpusFile(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeCaseFile(const fs::path &path, const void *bytes, std::size_t size) {
  std::ofstream(path, std::ios::binary)
      .write(static_cast<const char *>(bytes), static_cast<std::streamsize>(size));
}

} // namespace qiao::fuzz
