#include "EntryReader.h"

#include "Decompress.h"
#include "FatbinFormat.h"
#include "FormatError.h"

#include <string>

namespace qiao::fatbin {
namespace {

using namespace format;

std::string field(unsigned index, const char *name) {
  return "entry " + std::to_string(index) + " " + name;
}

EntryKind kindOf(std::uint16_t rawKind) {
  switch (rawKind) {
  case kKindPtx:
    return EntryKind::Ptx;
  case kKindElf:
    return EntryKind::Elf;
  case kKindLtoIr:
    return EntryKind::LtoIr;
  default:
    return EntryKind::Other;
  }
}

// nvcc pads the options with spaces and NULs to keep the header 8-byte aligned.
std::string trimPadding(std::string text) {
  while (!text.empty() && (text.back() == '\0' || text.back() == ' '))
    text.pop_back();
  return text;
}

// A string the header locates by offset and length (both from the start of the header).
Expected<std::string> headerString(ByteView header, std::uint32_t offset, std::uint32_t length,
                                   unsigned index, const char *what) {
  if (length == 0)
    return std::string();
  auto text = header.slice(offset, length);
  if (!text)
    return malformed(field(index, what),
                     "offset " + hex(offset) + " length " + std::to_string(length),
                     "a range inside the " + hex(header.size()) + "-byte entry header");
  return trimPadding(std::string(reinterpret_cast<const char *>(text->data()), text->size()));
}

struct HeaderStrings {
  std::string objectName;
  std::string options;
};

Expected<HeaderStrings> readHeaderStrings(ByteView header, unsigned index) {
  HeaderStrings strings;
  std::uint32_t nameOffset = *header.read<std::uint32_t>(kEntryNameOffsetOffset);
  std::uint32_t nameLength = *header.read<std::uint32_t>(kEntryNameLengthOffset);
  auto name = headerString(header, nameOffset, nameLength, index, "object name");
  if (!name)
    return name.error();
  strings.objectName = std::move(name).value();
  // The name is stored with a terminating NUL that its length leaves out; the options pair
  // starts at the next 8-byte boundary after that NUL.
  std::uint64_t pairAt = kEntryFixedHeader;
  if (nameLength != 0)
    pairAt = (std::uint64_t{nameOffset} + nameLength + 1 + 7) / 8 * 8;
  if (header.size() < pairAt + kEntryOptionsPairBytes)
    return strings;
  auto options = headerString(header, *header.read<std::uint32_t>(pairAt),
                              *header.read<std::uint32_t>(pairAt + 4), index, "options");
  if (!options)
    return options.error();
  strings.options = std::move(options).value();
  return strings;
}

Expected<std::vector<std::uint8_t>> decompressPayload(ByteView stored, std::uint64_t flags,
                                                      std::uint32_t compressedSize,
                                                      std::uint64_t uncompressedSize,
                                                      unsigned index) {
  bool lz4 = (flags & kFlagLz4) != 0;
  bool zstd = (flags & kFlagZstd) != 0;
  if (!lz4 && !zstd)
    return std::vector<std::uint8_t>(stored.data(), stored.data() + stored.size());
  if (lz4 && zstd)
    return malformed(field(index, "flags"), hex(flags),
                     "at most one of LZ4 (0x2000) and zstd (0x8000)");
  if (compressedSize == 0 || compressedSize > stored.size())
    return malformed(field(index, "compressed size"), std::to_string(compressedSize),
                     "1 to " + std::to_string(stored.size()) + " (the payload size)");
  std::span<const std::uint8_t> frame = stored.span().first(compressedSize);
  auto result = lz4 ? decompressLz4Block(frame, uncompressedSize)
                    : decompressZstdFrame(frame, uncompressedSize);
  if (!result) {
    // Name the entry in the decompressor's message: "fatbin: entry 1 zstd frame: ...".
    Error error = result.error();
    error.message.insert(std::string_view("fatbin: ").size(),
                         "entry " + std::to_string(index) + " ");
    return error;
  }
  return std::move(result).value();
}

} // namespace

std::string describeKind(const FatbinEntry &entry) {
  switch (entry.kind) {
  case EntryKind::Ptx:
    return "PTX";
  case EntryKind::Elf:
    return "SASS";
  case EntryKind::LtoIr:
    return "LTO IR";
  case EntryKind::Other:
    break;
  }
  return "entry kind " + std::to_string(entry.rawKind);
}

Expected<ParsedEntry> readEntry(ByteView bytes, unsigned index) {
  if (bytes.size() < kEntryFixedHeader)
    return malformed(field(index, "header"),
                     std::to_string(bytes.size()) + " bytes left in the container",
                     "at least " + std::to_string(kEntryFixedHeader));
  std::uint32_t headerSize = *bytes.read<std::uint32_t>(kEntryHeaderSizeOffset);
  if (headerSize < kEntryFixedHeader || headerSize > bytes.size())
    return malformed(field(index, "header size"), hex(headerSize),
                     hex(kEntryFixedHeader) + " to " + hex(bytes.size()) +
                         " (the bytes left in the container)");
  std::uint64_t payloadSize = *bytes.read<std::uint64_t>(kEntryPayloadSizeOffset);
  auto stored = bytes.slice(headerSize, payloadSize);
  if (!stored)
    return malformed(field(index, "payload size"), hex(payloadSize),
                     "at most " + hex(bytes.size() - headerSize) +
                         " (the bytes left in the container after the entry header)");
  ByteView header = *bytes.slice(0, headerSize);

  ParsedEntry parsed;
  FatbinEntry &entry = parsed.entry;
  entry.rawKind = *header.read<std::uint16_t>(kEntryKindOffset);
  entry.kind = kindOf(entry.rawKind);
  entry.smArch = *header.read<std::uint32_t>(kEntryArchOffset);
  entry.isaMinor = *header.read<std::uint16_t>(kEntryMinorOffset);
  entry.isaMajor = *header.read<std::uint16_t>(kEntryMajorOffset);
  entry.flags = *header.read<std::uint64_t>(kEntryFlagsOffset);

  auto strings = readHeaderStrings(header, index);
  if (!strings)
    return strings.error();
  entry.objectName = std::move(strings->objectName);
  entry.options = std::move(strings->options);

  // LTO IR and unknown kinds stay as stored: the emulator runs neither, and LTO IR payloads carry
  // a further transformation (flag 0x10000) on top of the zstd compression.
  if (entry.kind == EntryKind::Other || entry.kind == EntryKind::LtoIr) {
    entry.payload.assign(stored->data(), stored->data() + stored->size());
  } else {
    auto payload = decompressPayload(
        *stored, entry.flags, *header.read<std::uint32_t>(kEntryCompressedSizeOffset),
        *header.read<std::uint64_t>(kEntryUncompressedSizeOffset), index);
    if (!payload)
      return payload.error();
    entry.payload = std::move(payload).value();
  }
  if (entry.kind == EntryKind::Ptx)
    while (!entry.payload.empty() && entry.payload.back() == 0)
      entry.payload.pop_back();
  parsed.totalSize = headerSize + payloadSize;
  return parsed;
}

} // namespace qiao::fatbin
