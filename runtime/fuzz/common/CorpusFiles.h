// The file side of the mutation fuzz drivers: the corpus a command line names, in a stable
// order, and cases read and written as bytes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace qiao::fuzz {

// The files `inputs` name: each file itself, and the regular files of each directory (with
// `extension`, e.g. ".ptx", when it is not empty). Sorted, because directory order is not
// stable and a seed must give the same cases on every run.
std::vector<std::filesystem::path> corpusFiles(const std::vector<std::string> &inputs,
                                               const std::string &extension = "");

// The whole file, or nothing when it cannot be read.
std::optional<std::string> readCorpusFile(const std::filesystem::path &path);

void writeCaseFile(const std::filesystem::path &path, const void *bytes, std::size_t size);

} // namespace qiao::fuzz
