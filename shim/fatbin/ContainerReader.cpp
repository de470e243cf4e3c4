#include "ContainerReader.h"

#include "EntryReader.h"
#include "FatbinFormat.h"
#include "FormatError.h"

#include <algorithm>
#include <string>

namespace qiao::fatbin {
namespace {

using namespace format;

// No real fatbin comes near this; a larger declared size is corruption, and refusing it keeps a
// caller that trusts the header from walking off into unrelated memory.
constexpr std::uint64_t kMaxContainerSize = std::uint64_t{1} << 32;

// True when the (up to) 8 bytes at `offset` are all zero.
bool isZeroPadding(ByteView bytes, std::uint64_t offset) {
  std::uint64_t end = std::min(offset + kContainerAlignment, std::uint64_t{bytes.size()});
  for (std::uint64_t at = offset; at < end; ++at)
    if (bytes.data()[at] != 0)
      return false;
  return true;
}

} // namespace

Expected<std::uint64_t> declaredContainerSize(ByteView header) {
  auto magic = header.read<std::uint32_t>(0);
  if (magic && *magic == kOldContainerMagic)
    return malformed("container magic", hex(*magic) + " (the pre-CUDA 4 fatbin format)",
                     hex(kContainerMagic));
  if (magic && *magic != kContainerMagic)
    return malformed("container magic", hex(*magic), hex(kContainerMagic));
  if (header.size() < kContainerFixedHeader)
    return malformed("container header", std::to_string(header.size()) + " bytes",
                     "at least " + std::to_string(kContainerFixedHeader));
  std::uint16_t version = *header.read<std::uint16_t>(kContainerVersionOffset);
  if (version != kContainerVersion)
    return malformed("container version", std::to_string(version),
                     std::to_string(kContainerVersion));
  std::uint16_t headerSize = *header.read<std::uint16_t>(kContainerHeaderSizeOffset);
  if (headerSize < kContainerFixedHeader)
    return malformed("container header size", hex(headerSize),
                     "at least " + hex(kContainerFixedHeader));
  std::uint64_t size = *header.read<std::uint64_t>(kContainerSizeOffset);
  if (size > kMaxContainerSize)
    return malformed("container size", hex(size), "at most " + hex(kMaxContainerSize));
  return headerSize + size;
}

Expected<ParsedContainer> readContainer(ByteView bytes) {
  auto total = declaredContainerSize(bytes);
  if (!total)
    return total.error();
  if (*total > bytes.size())
    return malformed("container size",
                     hex(*total) + " bytes including the header (truncated image)",
                     "at most " + hex(bytes.size()));
  std::uint16_t headerSize = *bytes.read<std::uint16_t>(kContainerHeaderSizeOffset);

  ParsedContainer container;
  container.totalSize = *total;
  std::uint64_t offset = headerSize;
  for (unsigned index = 0; offset < *total; ++index) {
    auto parsed = readEntry(*bytes.slice(offset, *total - offset), index);
    if (!parsed)
      return parsed.error();
    container.entries.push_back(std::move(parsed->entry));
    offset += parsed->totalSize;
  }
  return container;
}

Expected<std::vector<FatbinEntry>> readContainers(ByteView bytes) {
  std::vector<FatbinEntry> entries;
  std::uint64_t offset = 0;
  do {
    auto container = readContainer(*bytes.slice(offset, bytes.size() - offset));
    if (!container)
      return container.error();
    for (FatbinEntry &entry : container->entries)
      entries.push_back(std::move(entry));
    offset += container->totalSize;
    offset = (offset + kContainerAlignment - 1) / kContainerAlignment * kContainerAlignment;
    // What follows may be zero padding up to the section's end; anything else must be a container.
    while (offset < bytes.size() && isZeroPadding(bytes, offset))
      offset += kContainerAlignment;
  } while (offset < bytes.size());
  return entries;
}

} // namespace qiao::fatbin
