#include "FatbinReader.h"

#include "ByteView.h"
#include "ContainerReader.h"
#include "ElfSections.h"
#include "FatbinFormat.h"
#include "FormatError.h"
#include "PtxText.h"

#include <cstdint>
#include <limits>

namespace qiao::fatbin {
namespace {

using namespace format;

constexpr std::uint8_t kFirstByteOfWrapper = kWrapperMagic & 0xff;     // 0xB1
constexpr std::uint8_t kFirstByteOfContainer = kContainerMagic & 0xff; // 0x50
constexpr std::uint8_t kFirstByteOfElf = 0x7f;

// A container known only by its address: its header says how far it reaches.
Expected<std::vector<FatbinEntry>> readTrustedContainer(const std::uint8_t *data) {
  constexpr std::size_t kMagicSize = sizeof(std::uint32_t);
  // Only the magic is read until it proves this is a container header.
  if (ByteView(data, kMagicSize).read<std::uint32_t>(0) != kContainerMagic)
    return declaredContainerSize(ByteView(data, kMagicSize)).error();
  auto total = declaredContainerSize(ByteView(data, kContainerFixedHeader));
  if (!total)
    return total.error();
  auto container = readContainer(ByteView(data, *total));
  if (!container)
    return container.error();
  return std::move(container->entries);
}

Expected<FatbinImage> readWrapper(const std::uint8_t *image, std::size_t knownBytes) {
  if (knownBytes != 0 && knownBytes < kWrapperSize)
    return malformed("wrapper", std::to_string(knownBytes) + " bytes",
                     std::to_string(kWrapperSize));
  ByteView wrapper(image, kWrapperSize);
  std::uint32_t magic = *wrapper.read<std::uint32_t>(0);
  if (magic != kWrapperMagic)
    return malformed("wrapper magic", hex(magic), hex(kWrapperMagic));
  std::uint32_t version = *wrapper.read<std::uint32_t>(kWrapperVersionOffset);
  if (version != 1 && version != 2)
    return malformed("wrapper version", std::to_string(version), "1 or 2");
  std::uint64_t data = *wrapper.read<std::uint64_t>(kWrapperDataOffset);
  if (data == 0)
    return malformed("wrapper data pointer", "null", "the address of a fatbin container");
  auto entries = readTrustedContainer(reinterpret_cast<const std::uint8_t *>(data));
  if (!entries)
    return entries.error();
  return FatbinImage{ImageForm::Wrapper, version, std::move(entries).value()};
}

Expected<FatbinImage> readBareContainer(const std::uint8_t *image, std::size_t knownBytes) {
  auto entries =
      knownBytes == 0 ? readTrustedContainer(image) : readContainers(ByteView(image, knownBytes));
  if (!entries)
    return entries.error();
  return FatbinImage{ImageForm::Container, 0, std::move(entries).value()};
}

Expected<FatbinImage> readElfImage(const std::uint8_t *image, std::size_t knownBytes) {
  std::uint64_t size = knownBytes;
  if (size == 0) {
    auto measured = measureElfImage(image);
    if (!measured)
      return measured.error();
    size = *measured;
  }
  ByteView bytes(image, size);
  auto elf = readElfSections(bytes);
  if (!elf)
    return elf.error();
  if (elf->machine != kElfMachineCuda)
    return malformedElf("machine", std::to_string(elf->machine),
                        std::to_string(kElfMachineCuda) + " (EM_CUDA, a cubin)");
  FatbinEntry entry;
  entry.kind = EntryKind::Elf;
  entry.rawKind = kKindElf;
  entry.smArch = cudaElfArch(*elf);
  entry.payload.assign(bytes.data(), bytes.data() + bytes.size());
  FatbinImage result{ImageForm::Elf, 0, {}};
  result.entries.push_back(std::move(entry));
  return result;
}

FatbinImage makePtxImage(const std::uint8_t *image, std::size_t length) {
  FatbinEntry entry;
  entry.kind = EntryKind::Ptx;
  entry.rawKind = kKindPtx;
  entry.payload.assign(image, image + length);
  PtxDirectives directives = readPtxDirectives(entry.text());
  entry.isaMajor = directives.isaMajor;
  entry.isaMinor = directives.isaMinor;
  entry.smArch = directives.smArch;
  FatbinImage result{ImageForm::Ptx, 0, {}};
  result.entries.push_back(std::move(entry));
  return result;
}

} // namespace

Expected<FatbinImage> readFatbinImage(const void *image, std::size_t knownBytes) {
  if (image == nullptr)
    return malformed("image", "a null pointer", "the address of a fatbinary, cubin or PTX text");
  const auto *bytes = static_cast<const std::uint8_t *>(image);
  // The first byte decides the form, so no more than one byte is read from an image whose size is
  // unknown before its kind is certain (PTX text may be a one-byte empty string).
  std::uint8_t first = bytes[0];
  bool fourBytes = knownBytes == 0 || knownBytes >= sizeof(std::uint32_t);
  if (first == kFirstByteOfWrapper && fourBytes)
    return readWrapper(bytes, knownBytes);
  if (first == kFirstByteOfContainer && fourBytes)
    return readBareContainer(bytes, knownBytes);
  if (first == kFirstByteOfElf && fourBytes)
    return readElfImage(bytes, knownBytes);
  std::size_t limit = knownBytes == 0 ? std::numeric_limits<std::size_t>::max() : knownBytes;
  if (auto length = measurePtxText(bytes, limit))
    return makePtxImage(bytes, *length);
  return malformed("image", "first byte " + hex(first),
                   "a fatbin wrapper (magic 0x466243b1), a fatbin container (0xba55ed50), a "
                   "cubin (\\x7fELF) or PTX text starting with .version");
}

Expected<std::vector<std::vector<FatbinEntry>>> readPrelinkedFatbins(const void *wrapper) {
  if (wrapper == nullptr)
    return malformed("wrapper", "a null pointer", "the address of a fatbin wrapper");
  ByteView view(static_cast<const std::uint8_t *>(wrapper), kWrapperSize);
  std::uint32_t magic = *view.read<std::uint32_t>(0);
  if (magic != kWrapperMagic)
    return malformed("wrapper magic", hex(magic), hex(kWrapperMagic));
  std::vector<std::vector<FatbinEntry>> units;
  if (*view.read<std::uint32_t>(kWrapperVersionOffset) != 2)
    return units;
  std::uint64_t list = *view.read<std::uint64_t>(kWrapperPrelinkedOffset);
  if (list == 0)
    return units;
  const auto *slots = reinterpret_cast<const std::uint64_t *>(list);
  for (std::uint64_t i = 0; slots[i] != 0; ++i) {
    if (i == kMaxPrelinkedFatbins)
      return malformed("list of relocatable fatbins",
                       "no terminator within " + std::to_string(kMaxPrelinkedFatbins) + " entries",
                       "a null pointer");
    auto entries = readTrustedContainer(reinterpret_cast<const std::uint8_t *>(slots[i]));
    if (!entries)
      return entries.error();
    units.push_back(std::move(entries).value());
  }
  return units;
}

} // namespace qiao::fatbin
