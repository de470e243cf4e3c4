#include "TestData.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace qiao::fatbin::test {

std::vector<std::uint8_t> loadArtifact(const std::string &name) {
  std::string path = std::string(QIAO_FATBIN_TEST_DATA_DIR) + "/" + name;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "test binary " << path << " is missing: the build runs nvcc ("
                  << QIAO_FATBIN_NVCC << ") to make it; install the CUDA toolkit "
                  << "(/usr/local/cuda/bin) and rebuild";
    return {};
  }
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void expectPtxFor(const FatbinEntry &entry, unsigned arch, const std::string &kernel) {
  EXPECT_EQ(entry.kind, EntryKind::Ptx);
  EXPECT_EQ(entry.smArch, arch);
  EXPECT_EQ(entry.isaMajor, 9u);
  EXPECT_EQ(entry.isaMinor, 0u);
  std::string_view text = entry.text();
  // nvcc drops the generator comment from fatbin PTX but keeps its blank lines: the first thing
  // after the whitespace is the version directive.
  std::size_t first = text.find_first_not_of(" \t\r\n");
  ASSERT_NE(first, std::string_view::npos);
  EXPECT_EQ(text.substr(first, 13), ".version 9.0\n");
  EXPECT_NE(text.find(".target sm_" + std::to_string(arch) + "\n"), std::string_view::npos);
  EXPECT_NE(text.find(".visible .entry " + kernel + "("), std::string_view::npos);
  // The NUL padding is gone and the module ends with its last closing brace.
  EXPECT_EQ(text.find('\0'), std::string_view::npos);
  std::size_t last = text.find_last_not_of('\n');
  ASSERT_NE(last, std::string_view::npos);
  EXPECT_EQ(text[last], '}');
}

std::vector<const FatbinEntry *> entriesOfKind(const std::vector<FatbinEntry> &entries,
                                               EntryKind kind) {
  std::vector<const FatbinEntry *> found;
  for (const FatbinEntry &entry : entries)
    if (entry.kind == kind)
      found.push_back(&entry);
  return found;
}

} // namespace qiao::fatbin::test
