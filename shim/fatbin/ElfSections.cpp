#include "ElfSections.h"

#include "FormatError.h"

#include <algorithm>
#include <cstring>

namespace qiao::fatbin {
namespace {

// ELF64 header and section header layout (System V ABI, gABI 4.1).
constexpr std::uint64_t kHeaderSize = 64;
constexpr std::uint64_t kClassOffset = 4;
constexpr std::uint64_t kDataOffset = 5;
constexpr std::uint64_t kOsAbiOffset = 7;
constexpr std::uint64_t kAbiVersionOffset = 8;
constexpr std::uint64_t kMachineOffset = 18;
constexpr std::uint64_t kPhOffOffset = 32;
constexpr std::uint64_t kShOffOffset = 40;
constexpr std::uint64_t kFlagsOffset = 48;
constexpr std::uint64_t kPhEntSizeOffset = 54;
constexpr std::uint64_t kPhNumOffset = 56;
constexpr std::uint64_t kShEntSizeOffset = 58;
constexpr std::uint64_t kShNumOffset = 60;
constexpr std::uint64_t kShStrNdxOffset = 62;
constexpr std::uint8_t kClass64 = 2;
constexpr std::uint8_t kLittleEndian = 1;

constexpr std::uint64_t kSectionHeaderSize = 64;
constexpr std::uint64_t kShNameOffset = 0;
constexpr std::uint64_t kShTypeOffset = 4;
constexpr std::uint64_t kShFlagsOffset = 8;
constexpr std::uint64_t kShAddrOffset = 16;
constexpr std::uint64_t kShOffsetOffset = 24;
constexpr std::uint64_t kShSizeOffset = 32;

constexpr std::uint16_t kSectionIndexUndefined = 0;

// Files this reader is asked about are executables and cubins; a section table claiming more
// than this is corruption and is refused before anything is allocated for it.
constexpr std::uint64_t kMaxSections = 1 << 16;
constexpr std::uint64_t kMaxImageSize = std::uint64_t{1} << 32;

Status checkHeader(ByteView file) {
  if (!hasElfMagic(file))
    return malformedElf("magic",
                        file.size() < 4 ? "a file of " + std::to_string(file.size()) + " bytes"
                                        : "other bytes",
                        "\\x7fELF");
  if (file.size() < kHeaderSize)
    return malformedElf("header", std::to_string(file.size()) + " bytes",
                        "at least " + std::to_string(kHeaderSize));
  std::uint8_t elfClass = *file.read<std::uint8_t>(kClassOffset);
  if (elfClass != kClass64)
    return malformedElf("class", std::to_string(elfClass), "2 (ELF64)");
  std::uint8_t data = *file.read<std::uint8_t>(kDataOffset);
  if (data != kLittleEndian)
    return malformedElf("data encoding", std::to_string(data), "1 (little endian)");
  return Status::ok();
}

// The end of a table of `count` entries of `entrySize` bytes at `offset`, or nothing when the
// product or the sum overflows.
std::optional<std::uint64_t> tableEnd(std::uint64_t offset, std::uint64_t entrySize,
                                      std::uint64_t count) {
  if (count > kMaxSections || entrySize > kMaxImageSize)
    return std::nullopt;
  std::uint64_t bytes = entrySize * count;
  if (offset > kMaxImageSize || bytes > kMaxImageSize)
    return std::nullopt;
  return offset + bytes;
}

} // namespace

bool hasElfMagic(ByteView bytes) {
  constexpr unsigned char kMagic[4] = {0x7f, 'E', 'L', 'F'};
  return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

Expected<ElfFile> readElfSections(ByteView file) {
  if (Status status = checkHeader(file); !status)
    return status.error();
  ElfFile elf;
  elf.osAbi = *file.read<std::uint8_t>(kOsAbiOffset);
  elf.abiVersion = *file.read<std::uint8_t>(kAbiVersionOffset);
  elf.machine = *file.read<std::uint16_t>(kMachineOffset);
  elf.flags = *file.read<std::uint32_t>(kFlagsOffset);

  std::uint64_t shOff = *file.read<std::uint64_t>(kShOffOffset);
  std::uint16_t shEntSize = *file.read<std::uint16_t>(kShEntSizeOffset);
  std::uint16_t shNum = *file.read<std::uint16_t>(kShNumOffset);
  std::uint16_t shStrNdx = *file.read<std::uint16_t>(kShStrNdxOffset);
  if (shNum == 0)
    return elf;
  if (shEntSize < kSectionHeaderSize)
    return malformedElf("section header size", std::to_string(shEntSize),
                        "at least " + std::to_string(kSectionHeaderSize));
  auto end = tableEnd(shOff, shEntSize, shNum);
  if (!end || *end > file.size())
    return malformedElf("section header table",
                        std::to_string(shNum) + " entries of " + std::to_string(shEntSize) +
                            " bytes at offset " + hex(shOff),
                        "a table inside the " + std::to_string(file.size()) + "-byte file");

  std::vector<std::uint32_t> nameOffsets;
  for (std::uint64_t index = 0; index < shNum; ++index) {
    ByteView header = *file.slice(shOff + index * shEntSize, shEntSize);
    ElfSection section;
    nameOffsets.push_back(*header.read<std::uint32_t>(kShNameOffset));
    section.type = *header.read<std::uint32_t>(kShTypeOffset);
    section.flags = *header.read<std::uint64_t>(kShFlagsOffset);
    section.address = *header.read<std::uint64_t>(kShAddrOffset);
    section.offset = *header.read<std::uint64_t>(kShOffsetOffset);
    section.size = *header.read<std::uint64_t>(kShSizeOffset);
    elf.sections.push_back(std::move(section));
  }

  if (shStrNdx == kSectionIndexUndefined)
    return elf;
  if (shStrNdx >= shNum)
    return malformedElf("section name table index", std::to_string(shStrNdx),
                        "below " + std::to_string(shNum) + " (the section count)");
  auto names = sectionBytes(file, elf.sections[shStrNdx]);
  if (!names)
    return names.error();
  for (std::size_t index = 0; index < elf.sections.size(); ++index) {
    std::uint64_t start = nameOffsets[index];
    if (start >= names->size())
      return malformedElf("section name offset", hex(start),
                          "below " + hex(names->size()) + " (the name table's size)");
    const char *text = reinterpret_cast<const char *>(names->data()) + start;
    // strnlen keeps an unterminated last name inside the table.
    elf.sections[index].name.assign(text, strnlen(text, names->size() - start));
  }
  return elf;
}

const ElfSection *findSection(const ElfFile &elf, std::string_view name) {
  for (const ElfSection &section : elf.sections)
    if (section.name == name)
      return &section;
  return nullptr;
}

Expected<ByteView> sectionBytes(ByteView file, const ElfSection &section) {
  if (section.type == kElfSectionNoBits)
    return malformedElf("section " + section.name, "SHT_NOBITS (no file contents)",
                        "a section with contents");
  auto bytes = file.slice(section.offset, section.size);
  if (!bytes)
    return malformedElf("section " + section.name,
                        hex(section.size) + " bytes at offset " + hex(section.offset),
                        "a range inside the " + std::to_string(file.size()) + "-byte file");
  return *bytes;
}

Expected<std::uint64_t> measureElfImage(ByteView readable) {
  if (Status status = checkHeader(readable); !status)
    return status.error();
  ByteView header = *readable.slice(0, kHeaderSize);

  std::uint64_t size = kHeaderSize;
  auto phEnd = tableEnd(*header.read<std::uint64_t>(kPhOffOffset),
                        *header.read<std::uint16_t>(kPhEntSizeOffset),
                        *header.read<std::uint16_t>(kPhNumOffset));
  std::uint64_t shOff = *header.read<std::uint64_t>(kShOffOffset);
  std::uint16_t shEntSize = *header.read<std::uint16_t>(kShEntSizeOffset);
  std::uint16_t shNum = *header.read<std::uint16_t>(kShNumOffset);
  auto shEnd = tableEnd(shOff, shEntSize, shNum);
  if (!phEnd || !shEnd)
    return malformedElf("header tables", "offsets or sizes beyond " + hex(kMaxImageSize),
                        "tables of a plausible image");
  if (shNum != 0 && shEntSize < kSectionHeaderSize)
    return malformedElf("section header size", std::to_string(shEntSize),
                        "at least " + std::to_string(kSectionHeaderSize));
  size = std::max({size, *phEnd, *shEnd});
  if (size > readable.size())
    return malformedElf("header tables", "ending at offset " + hex(size),
                        "at most " + hex(readable.size()) + " (the readable bytes of the image)");

  // The section table lies inside the size measured so far; its entries extend it.
  for (std::uint64_t index = 0; index < shNum; ++index) {
    ByteView section = *readable.slice(shOff + index * shEntSize, shEntSize);
    if (*section.read<std::uint32_t>(kShTypeOffset) == kElfSectionNoBits)
      continue;
    std::uint64_t offset = *section.read<std::uint64_t>(kShOffsetOffset);
    std::uint64_t bytes = *section.read<std::uint64_t>(kShSizeOffset);
    if (offset > kMaxImageSize || bytes > kMaxImageSize)
      return malformedElf("section " + std::to_string(index),
                          hex(bytes) + " bytes at offset " + hex(offset),
                          "a section of a plausible image");
    size = std::max(size, offset + bytes);
  }
  if (size > readable.size())
    return malformedElf("image size", hex(size) + " bytes (the furthest section end)",
                        "at most " + hex(readable.size()) + " (the readable bytes of the image)");
  return size;
}

unsigned cudaElfArch(const ElfFile &elf) {
  constexpr std::uint8_t kArchInHighByteFromAbi = 8;
  if (elf.abiVersion >= kArchInHighByteFromAbi)
    return (elf.flags >> 8) & 0xff;
  return elf.flags & 0xff;
}

} // namespace qiao::fatbin
