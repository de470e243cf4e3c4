#include "FatbinMutator.h"

#include "FatbinFormat.h"

#include <algorithm>
#include <cstring>

namespace qiao::fatbin::fuzz {
namespace {

using namespace format;

std::uint64_t readField(const Bytes &bytes, std::size_t offset, std::size_t width) {
  std::uint64_t value = 0;
  if (offset <= bytes.size() && width <= bytes.size() - offset)
    std::memcpy(&value, bytes.data() + offset, width);
  return value;
}

void writeField(Bytes &bytes, std::size_t offset, std::size_t width, std::uint64_t value) {
  if (offset <= bytes.size() && width <= bytes.size() - offset)
    std::memcpy(bytes.data() + offset, &value, width);
}

// The containers placed back to back in [begin, end), as the reader walks them.
void mapContainers(const Bytes &bytes, std::size_t begin, std::size_t end, InputMap &map) {
  std::size_t container = begin;
  while (container + kContainerFixedHeader <= end &&
         readField(bytes, container, 4) == kContainerMagic) {
    map.fields.push_back({container + kContainerVersionOffset, 2});
    map.fields.push_back({container + kContainerHeaderSizeOffset, 2});
    map.fields.push_back({container + kContainerSizeOffset, 8});
    std::uint64_t headerSize = readField(bytes, container + kContainerHeaderSizeOffset, 2);
    std::uint64_t size = readField(bytes, container + kContainerSizeOffset, 8);
    std::uint64_t containerEnd = std::min<std::uint64_t>(container + headerSize + size, end);
    std::uint64_t entry = container + headerSize;
    while (entry + kEntryFixedHeader <= containerEnd) {
      for (Field field :
           {Field{kEntryKindOffset, 2}, Field{kEntryHeaderSizeOffset, 4},
            Field{kEntryPayloadSizeOffset, 8}, Field{kEntryCompressedSizeOffset, 4},
            Field{kEntryMinorOffset, 2}, Field{kEntryMajorOffset, 2}, Field{kEntryArchOffset, 4},
            Field{kEntryNameOffsetOffset, 4}, Field{kEntryNameLengthOffset, 4},
            Field{kEntryFlagsOffset, 8}, Field{kEntryUncompressedSizeOffset, 8},
            Field{kEntryFixedHeader, 4}, Field{kEntryFixedHeader + 4, 4}})
        map.fields.push_back({entry + field.offset, field.width});
      std::uint64_t entryHeader = readField(bytes, entry + kEntryHeaderSizeOffset, 4);
      std::uint64_t payload = readField(bytes, entry + kEntryPayloadSizeOffset, 8);
      if (entryHeader == 0 || entry + entryHeader + payload > containerEnd)
        break;
      map.payloads.push_back({entry + entryHeader, entry + entryHeader + payload});
      entry += entryHeader + payload;
    }
    container =
        (containerEnd + kContainerAlignment - 1) / kContainerAlignment * kContainerAlignment;
  }
}

// ELF64: the header fields that locate tables, and each section header's name, type, offset
// and size; a .nv_fatbin section's containers too.
void mapElf(const Bytes &bytes, InputMap &map) {
  constexpr std::size_t kHeaderBytes = 64, kSectionHeaderBytes = 64;
  if (bytes.size() < kHeaderBytes)
    return;
  for (Field field : {Field{0x04, 1}, Field{0x05, 1}, Field{0x12, 2}, Field{0x20, 8},
                      Field{0x28, 8}, Field{0x30, 4}, Field{0x36, 2}, Field{0x38, 2},
                      Field{0x3A, 2}, Field{0x3C, 2}, Field{0x3E, 2}})
    map.fields.push_back(field);
  std::uint64_t tableOffset = readField(bytes, 0x28, 8);
  std::uint64_t count = readField(bytes, 0x3C, 2);
  std::uint64_t namesIndex = readField(bytes, 0x3E, 2);
  if (tableOffset > bytes.size() || count > (bytes.size() - tableOffset) / kSectionHeaderBytes)
    return;
  std::uint64_t namesAt = tableOffset + namesIndex * kSectionHeaderBytes;
  std::uint64_t names = readField(bytes, namesAt + 0x18, 8);
  for (std::uint64_t i = 0; i < count; ++i) {
    std::size_t header = tableOffset + i * kSectionHeaderBytes;
    for (Field field : {Field{0x00, 4}, Field{0x04, 4}, Field{0x18, 8}, Field{0x20, 8}})
      map.fields.push_back({header + field.offset, field.width});
    std::uint64_t nameAt = names + readField(bytes, header, 4);
    std::uint64_t offset = readField(bytes, header + 0x18, 8);
    std::uint64_t size = readField(bytes, header + 0x20, 8);
    static constexpr char kFatbinSection[] = ".nv_fatbin";
    if (nameAt + sizeof kFatbinSection <= bytes.size() &&
        std::memcmp(bytes.data() + nameAt, kFatbinSection, sizeof kFatbinSection) == 0 &&
        offset <= bytes.size() && size <= bytes.size() - offset)
      mapContainers(bytes, offset, offset + size, map);
  }
}

} // namespace

InputMap mapInput(const Bytes &bytes) {
  InputMap map;
  std::uint64_t magic = readField(bytes, 0, 4);
  if (magic == kContainerMagic)
    mapContainers(bytes, 0, bytes.size(), map);
  else if (magic == 0x464C457F) // \x7fELF
    mapElf(bytes, map);
  return map;
}

FatbinMutator::FatbinMutator(std::uint64_t seed, std::vector<Bytes> corpus)
    : rng_(seed), corpus_(std::move(corpus)) {
  for (const Bytes &input : corpus_)
    maps_.push_back(mapInput(input));
}

std::uint64_t FatbinMutator::interestingValue(std::uint64_t original) {
  switch (below(10)) {
  case 0:
    return 0;
  case 1:
    return original + 1;
  case 2:
    return original - 1;
  case 3:
    return original * 2;
  case 4:
    return UINT64_MAX;
  case 5:
    return UINT32_MAX;
  case 6:
    return original + 8 * below(64);
  case 7:
    return original - 8 * below(64);
  case 8:
    return std::uint64_t{1} << below(64);
  default:
    return rng_();
  }
}

void FatbinMutator::edit(Bytes &bytes, const InputMap &map) {
  if (bytes.empty()) {
    bytes.push_back(static_cast<std::uint8_t>(rng_()));
    return;
  }
  switch (below(10)) {
  case 0: // flip a few bits anywhere
    for (std::uint64_t flips = 1 + below(4); flips > 0; --flips)
      bytes[below(bytes.size())] ^= static_cast<std::uint8_t>(1u << below(8));
    return;
  case 1:
  case 2:
  case 3: { // a trusted field takes a value at an edge
    if (map.fields.empty())
      break;
    Field field = map.fields[below(map.fields.size())];
    writeField(bytes, field.offset, field.width,
               interestingValue(readField(bytes, field.offset, field.width)));
    return;
  }
  case 4: { // corrupt a compressed (or plain) payload
    if (map.payloads.empty())
      break;
    auto [begin, end] = map.payloads[below(map.payloads.size())];
    end = std::min(end, bytes.size());
    if (begin >= end)
      break;
    for (std::uint64_t flips = 1 + below(8); flips > 0; --flips)
      bytes[begin + below(end - begin)] = static_cast<std::uint8_t>(rng_());
    return;
  }
  case 5: // truncate
    bytes.resize(below(bytes.size()));
    return;
  case 6: { // delete a range
    std::size_t at = below(bytes.size());
    std::size_t length = 1 + below(std::min<std::size_t>(64, bytes.size() - at));
    bytes.erase(bytes.begin() + at, bytes.begin() + at + length);
    return;
  }
  case 7: { // insert a copy of a range (entries and containers repeated, offsets shifted)
    std::size_t from = below(bytes.size());
    std::size_t length = 1 + below(std::min<std::size_t>(256, bytes.size() - from));
    Bytes copy(bytes.begin() + from, bytes.begin() + from + length);
    bytes.insert(bytes.begin() + below(bytes.size() + 1), copy.begin(), copy.end());
    return;
  }
  case 8: { // splice in bytes of another input at the same place
    const Bytes &donor = corpus_[below(corpus_.size())];
    std::size_t at = below(bytes.size());
    if (at >= donor.size())
      break;
    std::size_t length = 1 + below(std::min(donor.size(), bytes.size()) - at);
    std::memcpy(bytes.data() + at, donor.data() + at, length);
    return;
  }
  default:
    break;
  }
  // A value at an edge written at any aligned offset.
  std::size_t width = std::size_t{1} << below(4);
  if (bytes.size() < width)
    return;
  std::size_t offset = below(bytes.size() - width + 1) / width * width;
  writeField(bytes, offset, width, interestingValue(readField(bytes, offset, width)));
}

Bytes FatbinMutator::mutate(std::size_t index) {
  Bytes bytes = corpus_[index];
  for (std::uint64_t edits = 1 + below(3); edits > 0; --edits)
    edit(bytes, maps_[index]);
  return bytes;
}

} // namespace qiao::fatbin::fuzz
