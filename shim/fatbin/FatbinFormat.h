// The layout of nvcc's fatbinary, as measured on nvcc 13.0 binaries (docs/cuda-binaries.md, and
// the tests in tests/ that rebuild those binaries). All fields are little endian.
#pragma once

#include <cstdint>

namespace qiao::fatbin::format {

// The 24-byte wrapper __cudaRegisterFatBinary receives (section .nvFatBinSegment).
inline constexpr std::uint32_t kWrapperMagic = 0x466243B1;
inline constexpr std::uint64_t kWrapperSize = 24;
inline constexpr std::uint64_t kWrapperVersionOffset = 4;
inline constexpr std::uint64_t kWrapperDataOffset = 8;
// Version 2 (nvcc -rdc=true): the linked program's wrapper; at +16 the address of nvlink's
// __cudaPrelinkedFatbins, a null-terminated list of each translation unit's relocatable fatbin
// (measured: the generated __cudaRegisterLinkedBinary fills it before registering the wrapper).
inline constexpr std::uint64_t kWrapperPrelinkedOffset = 16;
// A bound on that list, so that a wrapper without its terminator cannot run on forever.
inline constexpr std::uint64_t kMaxPrelinkedFatbins = 1 << 16;

// The container: a 16-byte header, then entries filling `size` bytes.
inline constexpr std::uint32_t kContainerMagic = 0xBA55ED50;
inline constexpr std::uint32_t kOldContainerMagic = 0x1EE55A01; // the pre-CUDA-4 format
inline constexpr std::uint16_t kContainerVersion = 1;
inline constexpr std::uint64_t kContainerFixedHeader = 16;
inline constexpr std::uint64_t kContainerVersionOffset = 4;
inline constexpr std::uint64_t kContainerHeaderSizeOffset = 6;
inline constexpr std::uint64_t kContainerSizeOffset = 8;
// Containers placed back to back in a section start at 8-byte boundaries.
inline constexpr std::uint64_t kContainerAlignment = 8;

// An entry header: 0x40 bytes that every entry has; PTX, LTO IR and relocatable entries are
// longer and carry the options string in the extension.
inline constexpr std::uint64_t kEntryFixedHeader = 0x40;
inline constexpr std::uint64_t kEntryKindOffset = 0x00;
inline constexpr std::uint64_t kEntryHeaderSizeOffset = 0x04;
inline constexpr std::uint64_t kEntryPayloadSizeOffset = 0x08;
inline constexpr std::uint64_t kEntryCompressedSizeOffset = 0x10;
inline constexpr std::uint64_t kEntryMinorOffset = 0x18;
inline constexpr std::uint64_t kEntryMajorOffset = 0x1a;
inline constexpr std::uint64_t kEntryArchOffset = 0x1c;
inline constexpr std::uint64_t kEntryFlagsOffset = 0x28;
inline constexpr std::uint64_t kEntryUncompressedSizeOffset = 0x38;
// Object name (the source file) offset and length, from the start of the entry header: zero unless
// nvcc recorded line information (-lineinfo, -G), which also lengthens the header to hold it.
inline constexpr std::uint64_t kEntryNameOffsetOffset = 0x20;
inline constexpr std::uint64_t kEntryNameLengthOffset = 0x24;
// The options offset and length (u32 each) follow the fixed header, or the object name and its
// terminating NUL padded to 8 bytes when there is one, and are present when the header reaches past
// them: "--compile-only" in relocatable (-rdc) PTX, "--generate-line-info" with -lineinfo,
// otherwise length 0. ELF entries end before them.
inline constexpr std::uint64_t kEntryOptionsPairBytes = 8;

inline constexpr std::uint16_t kKindPtx = 1;
inline constexpr std::uint16_t kKindElf = 2;
inline constexpr std::uint16_t kKindLtoIr = 8; // nvcc -dlto / code=lto_XX

inline constexpr std::uint64_t kFlagLz4 = 0x2000;
inline constexpr std::uint64_t kFlagZstd = 0x8000;

} // namespace qiao::fatbin::format
