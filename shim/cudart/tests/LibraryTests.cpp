// libcudart.so.13 as the dynamic loader sees it: its soname, every name NVIDIA's library exports
// at version node libcudart.so.13, and the behaviour of a generated stub.
#include "StderrCapture.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

void *library() {
  static void *handle = dlopen(QIAO_CUDART_PATH, RTLD_NOW | RTLD_LOCAL);
  return handle;
}

std::vector<std::string> exportedNames() {
  std::ifstream in(QIAO_CUDART_EXPORTS);
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#')
      names.push_back(line);
  return names;
}

// DT_SONAME read from the file: section headers -> SHT_DYNAMIC -> its string table.
std::string sonameOf(const char *path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < sizeof(Elf64_Ehdr))
    return "";
  Elf64_Ehdr header;
  std::memcpy(&header, bytes.data(), sizeof header);
  auto section = [&](size_t index) {
    Elf64_Shdr s{};
    size_t at = header.e_shoff + index * sizeof(Elf64_Shdr);
    if (at + sizeof s <= bytes.size())
      std::memcpy(&s, bytes.data() + at, sizeof s);
    return s;
  };
  for (size_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr dynamic = section(i);
    if (dynamic.sh_type != SHT_DYNAMIC)
      continue;
    Elf64_Shdr strings = section(dynamic.sh_link);
    for (size_t at = dynamic.sh_offset;
         at + sizeof(Elf64_Dyn) <= dynamic.sh_offset + dynamic.sh_size &&
         at + sizeof(Elf64_Dyn) <= bytes.size();
         at += sizeof(Elf64_Dyn)) {
      Elf64_Dyn entry;
      std::memcpy(&entry, bytes.data() + at, sizeof entry);
      if (entry.d_tag == DT_SONAME && strings.sh_offset + entry.d_un.d_val < bytes.size())
        return std::string(bytes.c_str() + strings.sh_offset + entry.d_un.d_val);
    }
  }
  return "";
}

TEST(CudartLibrary, LoadsWithDlopen) { ASSERT_NE(library(), nullptr) << dlerror(); }

TEST(CudartLibrary, SonameIsLibcudartSo13) {
  EXPECT_EQ(sonameOf(QIAO_CUDART_PATH), "libcudart.so.13");
}

TEST(CudartLibrary, ExportsListIsNvidiasCuda13List) {
  auto names = exportedNames();
  EXPECT_EQ(names.size(), 422u);
  EXPECT_NE(std::find(names.begin(), names.end(), "__cudaRegisterFatBinary"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "cudaGetDeviceProperties"), names.end());
}

TEST(CudartLibrary, EveryExportResolvesAtVersionLibcudartSo13) {
  ASSERT_NE(library(), nullptr);
  std::vector<std::string> missing;
  for (const auto &name : exportedNames())
    if (dlvsym(library(), name.c_str(), "libcudart.so.13") == nullptr)
      missing.push_back(name);
  EXPECT_TRUE(missing.empty()) << missing.size() << " missing, first: " << missing.front();
}

TEST(CudartLibrary, InternalNamesAreNotExported) {
  ASSERT_NE(library(), nullptr);
  EXPECT_EQ(dlsym(library(), "_ZN4qiao6cudart12notSupportedEPKcRSt6atomicIbE"), nullptr);
}

// cudaGraphClone has no implementation yet: its stub answers 801 and says so once, however
// often it is called, and leaves 801 as the last error.
TEST(CudartLibrary, StubReturnsNotSupportedAndSaysSoOnce) {
  ASSERT_NE(library(), nullptr);
  // Graphics interop: an entry point Qiao has no counterpart for.
  using UnregisterResource = int (*)(void *);
  using LastError = int (*)();
  auto unregister = reinterpret_cast<UnregisterResource>(
      dlvsym(library(), "cudaGraphicsUnregisterResource", "libcudart.so.13"));
  auto getLastError =
      reinterpret_cast<LastError>(dlvsym(library(), "cudaGetLastError", "libcudart.so.13"));
  ASSERT_NE(unregister, nullptr);
  ASSERT_NE(getLastError, nullptr);
  getLastError();
  qiao::test::StderrCapture capture;
  EXPECT_EQ(unregister(nullptr), 801);
  EXPECT_EQ(unregister(nullptr), 801);
  std::string said = capture.finish();
  EXPECT_EQ(said, "qiao: cudaGraphicsUnregisterResource is not supported yet\n");
  EXPECT_EQ(getLastError(), 801);
  EXPECT_EQ(getLastError(), 0);
}

} // namespace
