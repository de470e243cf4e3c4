// Host executables built with nvcc -cudart shared: their sections, the two back-to-back containers
// in .nv_fatbin, and the wrappers __cudaRegisterFatBinary receives.
#include "ContainerReader.h"
#include "ElfSections.h"
#include "ExecutableFatbins.h"
#include "FatbinFormat.h"
#include "FatbinReader.h"
#include "PtxChooser.h"
#include "TestData.h"

#include <gtest/gtest.h>

#include <cstring>

namespace qiao::fatbin {
namespace {

using test::expectPtxFor;
using test::loadArtifact;

constexpr std::uint64_t kSectionAllocated = 0x2;
constexpr std::uint32_t kSectionProgBits = 1;

TEST(ElfSections, FindsTheFatbinSectionsOfAHostExecutable) {
  std::vector<std::uint8_t> file = loadArtifact("add_one_host");
  ASSERT_FALSE(file.empty());
  auto elf = readElfSections(ByteView(file.data(), file.size()));
  ASSERT_TRUE(elf) << elf.error().message;
  EXPECT_EQ(elf->machine, 62); // EM_X86_64
  const ElfSection *fatbin = findSection(*elf, ".nv_fatbin");
  const ElfSection *segment = findSection(*elf, ".nvFatBinSegment");
  ASSERT_NE(fatbin, nullptr);
  ASSERT_NE(segment, nullptr);
  EXPECT_EQ(fatbin->type, kSectionProgBits);
  EXPECT_EQ(fatbin->flags & kSectionAllocated, kSectionAllocated);
  // Two wrappers: the device-link fatbin's and the translation unit's.
  EXPECT_EQ(segment->size, 2 * format::kWrapperSize);
  EXPECT_EQ(findSection(*elf, ".no_such_section"), nullptr);
  auto bytes = sectionBytes(ByteView(file.data(), file.size()), *fatbin);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->read<std::uint32_t>(0), format::kContainerMagic);
}

TEST(ElfSections, RefusesASectionTableOutsideTheFile) {
  std::vector<std::uint8_t> file = loadArtifact("add_one_host");
  ASSERT_GE(file.size(), 64u);
  // e_shoff at offset 40 moved to the end of the file.
  std::uint64_t shoff = file.size() - 8;
  std::memcpy(file.data() + 40, &shoff, sizeof shoff);
  auto elf = readElfSections(ByteView(file.data(), file.size()));
  ASSERT_FALSE(elf);
  EXPECT_EQ(elf.error().code, 200);
  EXPECT_EQ(elf.error().message.rfind("elf: section header table: ", 0), 0u) << elf.error().message;
}

TEST(ExecutableFatbins, NvFatbinHoldsTwoContainersBackToBack) {
  std::vector<std::uint8_t> file = loadArtifact("add_one_host");
  ASSERT_FALSE(file.empty());
  ByteView whole(file.data(), file.size());
  auto elf = readElfSections(whole);
  ASSERT_TRUE(elf);
  const ElfSection *fatbin = findSection(*elf, ".nv_fatbin");
  ASSERT_NE(fatbin, nullptr);
  auto entries = readContainers(sectionBytes(whole, *fatbin).value());
  ASSERT_TRUE(entries) << entries.error().message;
  // The device-link container (one cubin), then the translation unit's (cubin and PTX).
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].kind, EntryKind::Elf);
  EXPECT_EQ((*entries)[1].kind, EntryKind::Elf);
  expectPtxFor((*entries)[2], 80, "_Z6addOnePi");
}

TEST(ExecutableFatbins, EachWrapperResolvesToOneContainer) {
  std::vector<std::uint8_t> file = loadArtifact("add_one_host");
  ASSERT_FALSE(file.empty());
  ByteView whole(file.data(), file.size());
  auto fatbins = readExecutableFatbins(whole);
  ASSERT_TRUE(fatbins) << fatbins.error().message;
  ASSERT_EQ(fatbins->size(), 2u);
  auto elf = readElfSections(whole);
  const ElfSection *section = findSection(*elf, ".nv_fatbin");
  ASSERT_NE(section, nullptr);

  const RegisteredFatbin &deviceLink = (*fatbins)[0];
  EXPECT_EQ(deviceLink.wrapperVersion, 2u);
  EXPECT_EQ(deviceLink.dataAddress, section->address);
  EXPECT_EQ(deviceLink.fileOffset, section->offset);
  ASSERT_EQ(deviceLink.entries.size(), 1u);
  EXPECT_EQ(deviceLink.entries[0].kind, EntryKind::Elf);

  const RegisteredFatbin &unit = (*fatbins)[1];
  EXPECT_EQ(unit.wrapperVersion, 1u);
  EXPECT_GT(unit.dataAddress, section->address);
  EXPECT_EQ(unit.dataAddress % format::kContainerAlignment, 0u);
  ASSERT_EQ(unit.entries.size(), 2u);
  EXPECT_EQ(unit.entries[0].kind, EntryKind::Elf);
  EXPECT_EQ(unit.entries[0].smArch, 80u);
  expectPtxFor(unit.entries[1], 80, "_Z6addOnePi");
}

// Sizes that reach past the section holding them, as a corrupted program's file carries them
// (issue 10): each refused with error 200, none read beyond the section.
TEST(ExecutableFatbins, ContainerSizesPastTheNvFatbinSectionAreRefused) {
  std::vector<std::uint8_t> file = loadArtifact("add_one_host");
  ASSERT_FALSE(file.empty());
  auto fatbins = readExecutableFatbins(ByteView(file.data(), file.size()));
  ASSERT_TRUE(fatbins) << fatbins.error().message;
  auto elf = readElfSections(ByteView(file.data(), file.size()));
  ASSERT_TRUE(elf);
  const ElfSection *section = findSection(*elf, ".nv_fatbin");
  ASSERT_NE(section, nullptr);
  std::uint64_t unitOffset = (*fatbins)[1].fileOffset;
  std::uint64_t rest = section->offset + section->size - unitOffset;
  for (std::uint64_t field : {format::kContainerSizeOffset, format::kContainerHeaderSizeOffset}) {
    std::vector<std::uint8_t> corrupt = file;
    if (field == format::kContainerSizeOffset) {
      std::uint64_t size = rest; // header plus this reaches 16 bytes past the section
      std::memcpy(corrupt.data() + unitOffset + field, &size, sizeof size);
    } else {
      std::uint16_t headerSize = 0xFFF0;
      std::memcpy(corrupt.data() + unitOffset + field, &headerSize, sizeof headerSize);
    }
    auto read = readExecutableFatbins(ByteView(corrupt.data(), corrupt.size()));
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, 200);
    EXPECT_EQ(read.error().message.rfind("fatbin: container size: ", 0), 0u)
        << read.error().message;
  }
}

TEST(ElfSections, SectionReachingPastTheFileIsRefused) {
  std::vector<std::uint8_t> file = loadArtifact("add_one_host");
  ASSERT_FALSE(file.empty());
  ByteView whole(file.data(), file.size());
  auto elf = readElfSections(whole);
  ASSERT_TRUE(elf);
  ElfSection fatbin = *findSection(*elf, ".nv_fatbin");
  for (std::uint64_t size : {std::uint64_t{file.size()}, ~std::uint64_t{0}}) {
    fatbin.size = size;
    auto bytes = sectionBytes(whole, fatbin);
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().code, 200);
    EXPECT_EQ(bytes.error().message.rfind("elf: section .nv_fatbin: ", 0), 0u)
        << bytes.error().message;
  }
}

// The wrapper as __cudaRegisterFatBinary sees it: a pointer into mapped memory, size unknown.
struct Wrapper {
  std::uint32_t magic;
  std::uint32_t version;
  const void *data;
  const void *unused;
};
static_assert(sizeof(Wrapper) == format::kWrapperSize);

TEST(ExecutableFatbins, InMemoryWrapperReadsLikeTheFile) {
  for (const char *name : {"add_one_host", "add_one_host_speed"}) {
    std::vector<std::uint8_t> file = loadArtifact(name);
    ASSERT_FALSE(file.empty());
    auto fatbins = readExecutableFatbins(ByteView(file.data(), file.size()));
    ASSERT_TRUE(fatbins) << fatbins.error().message;
    ASSERT_EQ(fatbins->size(), 2u);
    const RegisteredFatbin &unit = (*fatbins)[1];
    Wrapper wrapper{format::kWrapperMagic, 1, file.data() + unit.fileOffset, nullptr};
    for (std::size_t knownBytes : {std::size_t{0}, sizeof wrapper}) {
      auto image = readFatbinImage(&wrapper, knownBytes);
      ASSERT_TRUE(image) << image.error().message;
      EXPECT_EQ(image->form, ImageForm::Wrapper);
      EXPECT_EQ(image->wrapperVersion, 1u);
      ASSERT_EQ(image->entries.size(), 2u);
      EXPECT_EQ(image->entries[1].payload, unit.entries[1].payload);
      auto chosen = choosePtx(image->entries, 90);
      ASSERT_TRUE(chosen);
      EXPECT_EQ(*chosen, &image->entries[1]);
    }
  }
}

TEST(ExecutableFatbins, SpeedBuildForSm86HasLz4Ptx) {
  std::vector<std::uint8_t> file = loadArtifact("add_one_host_speed");
  ASSERT_FALSE(file.empty());
  auto fatbins = readExecutableFatbins(ByteView(file.data(), file.size()));
  ASSERT_TRUE(fatbins) << fatbins.error().message;
  ASSERT_EQ(fatbins->size(), 2u);
  const std::vector<FatbinEntry> &entries = (*fatbins)[1].entries;
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].smArch, 86u);
  expectPtxFor(entries[1], 86, "_Z6addOnePi");
  EXPECT_EQ(entries[1].flags & (format::kFlagLz4 | format::kFlagZstd), format::kFlagLz4);
}

TEST(ExecutableFatbins, WrapperWithBadFieldsIsRefused) {
  std::uint8_t container[16] = {0x50, 0xed, 0x55, 0xba, 1, 0, 0x10, 0};
  Wrapper badMagic{0x12345678, 1, container, nullptr};
  Wrapper badVersion{format::kWrapperMagic, 3, container, nullptr};
  Wrapper nullData{format::kWrapperMagic, 1, nullptr, nullptr};
  struct Case {
    const Wrapper *wrapper;
    std::size_t knownBytes;
    std::string message;
  };
  for (const Case &c : {
           Case{&badMagic, 0,
                "fatbin: image: first byte 0x78, expected a fatbin wrapper (magic "
                "0x466243b1), a fatbin container (0xba55ed50), a cubin (\\x7fELF) "
                "or PTX text starting with .version"},
           Case{&badVersion, 0, "fatbin: wrapper version: 3, expected 1 or 2"},
           Case{&nullData, 0,
                "fatbin: wrapper data pointer: null, expected the address of a "
                "fatbin container"},
           Case{&nullData, 16, "fatbin: wrapper: 16 bytes, expected 24"},
       }) {
    auto image = readFatbinImage(c.wrapper, c.knownBytes);
    ASSERT_FALSE(image) << c.message;
    EXPECT_EQ(image.error().code, 200);
    EXPECT_EQ(image.error().message, c.message);
  }
  // An empty container behind a good wrapper is read, with no entries.
  Wrapper good{format::kWrapperMagic, 2, container, nullptr};
  auto image = readFatbinImage(&good, 0);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->wrapperVersion, 2u);
  EXPECT_TRUE(image->entries.empty());
}

} // namespace
} // namespace qiao::fatbin
