// One code image found in a fatbinary, decompressed: what the shim chooses from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::fatbin {

enum class EntryKind {
  Ptx,   // PTX text: what the emulated device runs
  Elf,   // a cubin with SASS for one sm_XX
  LtoIr, // NVVM IR for link-time optimisation (-dlto)
  Other, // a kind this reader does not know; rawKind says which
};

struct FatbinEntry {
  EntryKind kind = EntryKind::Ptx;
  std::uint16_t rawKind = 0;
  unsigned smArch = 0;   // 80 for sm_80 / compute_80
  unsigned isaMajor = 0; // PTX entries: the PTX ISA version (9.0 from nvcc 13)
  unsigned isaMinor = 0;
  std::uint64_t flags = 0;
  std::string options;    // e.g. "--compile-only" for relocatable PTX; trailing padding removed
  std::string objectName; // the source file, recorded with -lineinfo and -G; else empty
  // The payload after decompression. PTX has its NUL padding removed; ELF is kept byte for byte.
  // LTO IR and Other entries are kept as stored, not decompressed (LTO IR, flag 0x10000, is
  // transformed beyond the zstd compression, and nothing here runs it).
  std::vector<std::uint8_t> payload;

  // The payload as text (meaningful for PTX).
  std::string_view text() const {
    return {reinterpret_cast<const char *>(payload.data()), payload.size()};
  }
};

// "PTX", "SASS", "LTO IR", or "entry kind N".
std::string describeKind(const FatbinEntry &entry);

} // namespace qiao::fatbin
