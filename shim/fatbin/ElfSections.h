// A minimal ELF64 little-endian reader: the header fields the fatbin code needs and the section
// table with names. Enough to find .nv_fatbin / .nvFatBinSegment in a host executable and to
// measure a cubin handed over as a bare pointer.
#pragma once

#include "ByteView.h"
#include "support/Expected.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::fatbin {

struct ElfSection {
  std::string name;
  std::uint32_t type = 0;
  std::uint64_t flags = 0;
  std::uint64_t address = 0; // where it is mapped (sh_addr)
  std::uint64_t offset = 0;  // where it lies in the file (sh_offset)
  std::uint64_t size = 0;
};

struct ElfFile {
  std::uint8_t osAbi = 0;
  std::uint8_t abiVersion = 0;
  std::uint16_t machine = 0;
  std::uint32_t flags = 0;
  std::vector<ElfSection> sections;
};

inline constexpr std::uint16_t kElfMachineCuda = 190; // EM_CUDA
inline constexpr std::uint32_t kElfSectionNoBits = 8; // SHT_NOBITS

// True when `bytes` starts with \x7fELF.
bool hasElfMagic(ByteView bytes);

// Reads the header and section table of the ELF64 file in `file`. Every offset is checked against
// the file's size; section contents are not read.
Expected<ElfFile> readElfSections(ByteView file);

const ElfSection *findSection(const ElfFile &elf, std::string_view name);

// The bytes of a section that occupies file space (not SHT_NOBITS).
Expected<ByteView> sectionBytes(ByteView file, const ElfSection &section);

// The size of an ELF image known only by its address: the furthest end of the ELF header, the
// program header table, the section header table and every section with file contents. Reads
// only what those headers declare, in that order, and only inside `readable` (the bytes that
// hold the image); an image reaching past it is an error.
Expected<std::uint64_t> measureElfImage(ByteView readable);

// The sm number of a CUDA ELF (cubin): nvcc 13 writes ABI version 8 with the arch in bits 8-15 of
// e_flags (0x5004 for sm_80); older toolkits kept it in bits 0-7.
unsigned cudaElfArch(const ElfFile &elf);

} // namespace qiao::fatbin
