#include "FatbinReader.h"

#include "ByteView.h"
#include "ContainerReader.h"
#include "ElfSections.h"
#include "FatbinFormat.h"
#include "FormatError.h"
#include "PtxText.h"
#include "ReadableExtent.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace qiao::fatbin {
namespace {

using namespace format;

constexpr std::uint8_t kFirstByteOfWrapper = kWrapperMagic & 0xff;     // 0xB1
constexpr std::uint8_t kFirstByteOfContainer = kContainerMagic & 0xff; // 0x50
constexpr std::uint8_t kFirstByteOfElf = 0x7f;

// The bytes a reader given only `data` may read (ReadableExtent.h).
struct HeldBytes {
  ByteView bytes;
  std::string holder;
};

Expected<HeldBytes> heldBytes(const void *data) {
  auto extent = readableExtent(data);
  if (!extent)
    return extent.error();
  // The view must not wrap around the address space when the extent is unbounded.
  std::uint64_t limit =
      std::numeric_limits<std::uintptr_t>::max() - reinterpret_cast<std::uintptr_t>(data);
  return HeldBytes{ByteView(data, std::min(extent->bytes, limit)), std::move(extent->holder)};
}

// A container known only by its address: its header says how far it reaches, which must stay
// inside what holds it (nvcc's .nv_fatbin section).
Expected<std::vector<FatbinEntry>> readTrustedContainer(const std::uint8_t *data) {
  auto held = heldBytes(data);
  if (!held)
    return held.error();
  ByteView bytes = held->bytes;
  auto total = declaredContainerSize(
      *bytes.slice(0, std::min<std::uint64_t>(bytes.size(), kContainerFixedHeader)));
  if (!total)
    return total.error();
  if (*total > bytes.size())
    return malformed(
        "container size",
        "header size " + hex(*bytes.read<std::uint16_t>(kContainerHeaderSizeOffset)) +
            " plus size " + hex(*bytes.read<std::uint64_t>(kContainerSizeOffset)) + " bytes",
        "at most " + hex(bytes.size()) + " bytes in all (the rest of " + held->holder + ")");
  auto container = readContainer(*bytes.slice(0, *total));
  if (!container)
    return container.error();
  return std::move(container->entries);
}

Expected<FatbinImage> readWrapper(ByteView image) {
  if (image.size() < kWrapperSize)
    return malformed("wrapper", std::to_string(image.size()) + " bytes",
                     std::to_string(kWrapperSize));
  ByteView wrapper = *image.slice(0, kWrapperSize);
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

Expected<FatbinImage> readBareContainer(ByteView image, bool sizeKnown) {
  auto entries = sizeKnown ? readContainers(image) : readTrustedContainer(image.data());
  if (!entries)
    return entries.error();
  return FatbinImage{ImageForm::Container, 0, std::move(entries).value()};
}

Expected<FatbinImage> readElfImage(ByteView image, bool sizeKnown) {
  ByteView bytes = image;
  if (!sizeKnown) {
    auto measured = measureElfImage(image);
    if (!measured)
      return measured.error();
    bytes = *image.slice(0, *measured);
  }
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
  ByteView bytes(image, knownBytes);
  bool sizeKnown = knownBytes != 0;
  if (!sizeKnown) {
    auto held = heldBytes(image);
    if (!held)
      return held.error();
    bytes = held->bytes;
  }
  // The first byte decides the form (PTX text may be a one-byte empty string).
  std::uint8_t first = *bytes.read<std::uint8_t>(0);
  bool fourBytes = bytes.size() >= sizeof(std::uint32_t);
  if (first == kFirstByteOfWrapper && fourBytes)
    return readWrapper(bytes);
  if (first == kFirstByteOfContainer && fourBytes)
    return readBareContainer(bytes, sizeKnown);
  if (first == kFirstByteOfElf && fourBytes)
    return readElfImage(bytes, sizeKnown);
  if (auto length = measurePtxText(bytes.data(), bytes.size()))
    return makePtxImage(bytes.data(), *length);
  return malformed("image", "first byte " + hex(first),
                   "a fatbin wrapper (magic 0x466243b1), a fatbin container (0xba55ed50), a "
                   "cubin (\\x7fELF) or PTX text starting with .version");
}

Expected<std::vector<std::vector<FatbinEntry>>> readPrelinkedFatbins(const void *wrapper) {
  if (wrapper == nullptr)
    return malformed("wrapper", "a null pointer", "the address of a fatbin wrapper");
  auto held = heldBytes(wrapper);
  if (!held)
    return held.error();
  if (held->bytes.size() < kWrapperSize)
    return malformed("wrapper", std::to_string(held->bytes.size()) + " bytes",
                     std::to_string(kWrapperSize));
  ByteView view = *held->bytes.slice(0, kWrapperSize);
  std::uint32_t magic = *view.read<std::uint32_t>(0);
  if (magic != kWrapperMagic)
    return malformed("wrapper magic", hex(magic), hex(kWrapperMagic));
  std::vector<std::vector<FatbinEntry>> units;
  if (*view.read<std::uint32_t>(kWrapperVersionOffset) != 2)
    return units;
  std::uint64_t list = *view.read<std::uint64_t>(kWrapperPrelinkedOffset);
  if (list == 0)
    return units;
  auto slots = heldBytes(reinterpret_cast<const void *>(list));
  if (!slots)
    return slots.error();
  for (std::uint64_t i = 0;; ++i) {
    auto slot = slots->bytes.read<std::uint64_t>(i * sizeof(std::uint64_t));
    if (!slot || i == kMaxPrelinkedFatbins)
      return malformed("list of relocatable fatbins",
                       "no terminator within " + std::to_string(i) + " entries (the rest of " +
                           slots->holder + ")",
                       "a null pointer");
    if (*slot == 0)
      return units;
    auto entries = readTrustedContainer(reinterpret_cast<const std::uint8_t *>(*slot));
    if (!entries)
      return entries.error();
    units.push_back(std::move(entries).value());
  }
}

} // namespace qiao::fatbin
