#include "ExecutableFatbins.h"

#include "ContainerReader.h"
#include "ElfSections.h"
#include "FatbinFormat.h"
#include "FormatError.h"

#include <string>

namespace qiao::fatbin {
namespace {

using namespace format;

constexpr std::uint64_t kSectionAllocated = 0x2; // SHF_ALLOC

// The file bytes from a linked address to the end of the section that holds it.
std::optional<std::uint64_t> fileOffsetOf(const ElfFile &elf, std::uint64_t address,
                                          std::uint64_t &bytesToSectionEnd) {
  for (const ElfSection &section : elf.sections) {
    if ((section.flags & kSectionAllocated) == 0 || section.type == kElfSectionNoBits)
      continue;
    if (address >= section.address && address - section.address < section.size) {
      std::uint64_t into = address - section.address;
      bytesToSectionEnd = section.size - into;
      return section.offset + into;
    }
  }
  return std::nullopt;
}

} // namespace

Expected<std::vector<RegisteredFatbin>> readExecutableFatbins(ByteView file) {
  auto elf = readElfSections(file);
  if (!elf)
    return elf.error();
  std::vector<RegisteredFatbin> fatbins;
  const ElfSection *segment = findSection(*elf, ".nvFatBinSegment");
  if (segment == nullptr)
    return fatbins;
  auto wrappers = sectionBytes(file, *segment);
  if (!wrappers)
    return wrappers.error();
  if (wrappers->size() % kWrapperSize != 0)
    return malformed(".nvFatBinSegment size", std::to_string(wrappers->size()),
                     "a multiple of " + std::to_string(kWrapperSize) + " (one wrapper each)");

  for (std::uint64_t at = 0; at < wrappers->size(); at += kWrapperSize) {
    std::string where = "wrapper at .nvFatBinSegment+" + hex(at);
    std::uint32_t magic = *wrappers->read<std::uint32_t>(at);
    if (magic != kWrapperMagic)
      return malformed(where + " magic", hex(magic), hex(kWrapperMagic));
    RegisteredFatbin fatbin;
    fatbin.wrapperVersion = *wrappers->read<std::uint32_t>(at + kWrapperVersionOffset);
    fatbin.dataAddress = *wrappers->read<std::uint64_t>(at + kWrapperDataOffset);
    std::uint64_t available = 0;
    auto offset = fileOffsetOf(*elf, fatbin.dataAddress, available);
    if (!offset)
      return malformed(where + " data pointer", hex(fatbin.dataAddress),
                       "an address inside a section with file contents");
    fatbin.fileOffset = *offset;
    // The wrapper points at one container; the section may hold more after it.
    auto bytes = file.slice(*offset, available);
    if (!bytes)
      return malformed(where + " data pointer", hex(fatbin.dataAddress),
                       "an address whose section lies inside the file");
    auto container = readContainer(*bytes);
    if (!container)
      return container.error();
    fatbin.entries = std::move(container->entries);
    fatbins.push_back(std::move(fatbin));
  }
  return fatbins;
}

} // namespace qiao::fatbin
