// Containers built field by field: a well-formed one reads back exactly; each broken field gives
// its own error 200 naming the field, the value seen and what was expected.
#include "ContainerBuilder.h"
#include "FatbinReader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include <lz4.h>
#include <zstd.h>

namespace qiao::fatbin {
namespace {

using test::buildContainer;
using test::bytesOf;
using test::ContainerSpec;
using test::EntrySpec;

const std::string kPtx = ".version 9.0\n.target sm_80\n.address_size 64\n";

// PTX padded with NULs to 8 bytes, as nvcc stores it uncompressed.
EntrySpec plainPtxEntry() {
  EntrySpec entry;
  entry.payload = bytesOf(kPtx);
  entry.payload.resize((kPtx.size() + 7) / 8 * 8, 0);
  return entry;
}

EntrySpec elfEntry(unsigned arch) {
  EntrySpec entry;
  entry.kind = 2;
  entry.headerSize = 0x40;
  entry.major = 1;
  entry.minor = 8;
  entry.arch = arch;
  entry.payload = bytesOf("\x7f"
                          "ELF-not-really"); // only the reader's view of it matters here
  entry.payload.resize(24, 0);
  return entry;
}

std::vector<std::uint8_t> zstdFrame(const std::string &text) {
  std::vector<std::uint8_t> frame(ZSTD_compressBound(text.size()));
  std::size_t size = ZSTD_compress(frame.data(), frame.size(), text.data(), text.size(), 3);
  frame.resize(size);
  return frame;
}

std::vector<std::uint8_t> lz4Block(const std::string &text) {
  std::vector<std::uint8_t> block(LZ4_compressBound(static_cast<int>(text.size())));
  int size = LZ4_compress_default(text.data(), reinterpret_cast<char *>(block.data()),
                                  static_cast<int>(text.size()), static_cast<int>(block.size()));
  block.resize(size);
  return block;
}

// A compressed entry: the frame, padded to 8 bytes like nvcc pads it.
EntrySpec compressedPtxEntry(std::vector<std::uint8_t> frame, std::uint64_t flag,
                             std::uint64_t uncompressedSize) {
  EntrySpec entry;
  entry.compressedSize = static_cast<std::uint32_t>(frame.size());
  entry.payload = std::move(frame);
  entry.payload.resize((entry.payload.size() + 7) / 8 * 8, 0);
  entry.flags |= flag;
  entry.uncompressedSize = uncompressedSize;
  return entry;
}

Expected<FatbinImage> read(const std::vector<std::uint8_t> &bytes) {
  return readFatbinImage(bytes.data(), bytes.size());
}

void expectError(const std::vector<std::uint8_t> &bytes, const std::string &message) {
  auto image = read(bytes);
  ASSERT_FALSE(image) << "expected: " << message;
  EXPECT_EQ(image.error().code, 200);
  EXPECT_EQ(image.error().message, message);
}

TEST(BuiltContainer, ReadsBackEveryField) {
  EntrySpec ptx = plainPtxEntry();
  ptx.headerSize = 0x60;
  ptx.optionsLength = 16;
  ptx.optionsText = "--compile-only  ";
  ContainerSpec spec;
  spec.entries = {elfEntry(86), ptx};
  auto image = read(buildContainer(spec));
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->entries.size(), 2u);
  const FatbinEntry &elf = image->entries[0];
  EXPECT_EQ(elf.kind, EntryKind::Elf);
  EXPECT_EQ(elf.smArch, 86u);
  EXPECT_EQ(elf.payload, elfEntry(86).payload); // ELF bytes are kept as stored
  const FatbinEntry &entry = image->entries[1];
  EXPECT_EQ(entry.kind, EntryKind::Ptx);
  EXPECT_EQ(entry.smArch, 80u);
  EXPECT_EQ(entry.isaMajor, 9u);
  EXPECT_EQ(entry.isaMinor, 0u);
  EXPECT_EQ(entry.flags, 0x11u);
  EXPECT_EQ(entry.options, "--compile-only");
  EXPECT_EQ(entry.text(), kPtx); // NUL padding removed
}

TEST(BuiltContainer, DecompressesZstdAndLz4) {
  ContainerSpec spec;
  spec.entries = {compressedPtxEntry(zstdFrame(kPtx), 0x8000, kPtx.size()),
                  compressedPtxEntry(lz4Block(kPtx), 0x2000, kPtx.size())};
  auto image = read(buildContainer(spec));
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->entries.size(), 2u);
  EXPECT_EQ(image->entries[0].text(), kPtx);
  EXPECT_EQ(image->entries[1].text(), kPtx);
}

TEST(BuiltContainer, KeepsEntriesOfUnknownKindAsStored) {
  EntrySpec other = plainPtxEntry();
  other.kind = 16;
  ContainerSpec spec;
  spec.entries = {other};
  auto image = read(buildContainer(spec));
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->entries.size(), 1u);
  EXPECT_EQ(image->entries[0].kind, EntryKind::Other);
  EXPECT_EQ(image->entries[0].rawKind, 16u);
  EXPECT_EQ(image->entries[0].payload, other.payload);
  EXPECT_EQ(describeKind(image->entries[0]), "entry kind 16");
}

TEST(BuiltContainer, ReadsContainersBackToBackWithPadding) {
  ContainerSpec first;
  first.entries = {elfEntry(80)};
  ContainerSpec second;
  second.entries = {plainPtxEntry()};
  std::vector<std::uint8_t> bytes = buildContainer(first);
  std::vector<std::uint8_t> next = buildContainer(second);
  bytes.insert(bytes.end(), next.begin(), next.end());
  bytes.resize(bytes.size() + 16, 0); // section padding
  auto image = read(bytes);
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->entries.size(), 2u);
  EXPECT_EQ(image->entries[0].kind, EntryKind::Elf);
  EXPECT_EQ(image->entries[1].text(), kPtx);
  // Without a known size only the first container is read: nothing says another follows.
  auto trusted = readFatbinImage(bytes.data(), 0);
  ASSERT_TRUE(trusted);
  EXPECT_EQ(trusted->entries.size(), 1u);
  // Non-zero bytes after the last container must be a container.
  bytes.back() = 1;
  expectError(bytes, "fatbin: container magic: 0x0, expected 0xba55ed50");
}

TEST(MalformedContainer, ContainerHeaderFields) {
  ContainerSpec spec;
  spec.entries = {plainPtxEntry()};
  spec.magic = 0x12345678;
  // A first byte other than the container's 0x50 is not recognised as a container at all.
  expectError(buildContainer(spec),
              "fatbin: image: first byte 0x78, expected a fatbin wrapper (magic 0x466243b1), a "
              "fatbin container (0xba55ed50), a cubin (\\x7fELF) or PTX text starting with "
              ".version");
  spec.magic = 0x12ED5550;
  expectError(buildContainer(spec), "fatbin: container magic: 0x12ed5550, expected 0xba55ed50");
  spec.magic = 0xBA55ED50;
  spec.version = 2;
  expectError(buildContainer(spec), "fatbin: container version: 2, expected 1");
  spec.version = 1;
  spec.headerSize = 8;
  expectError(buildContainer(spec), "fatbin: container header size: 0x8, expected at least 0x10");
  spec.headerSize = 16;
  spec.size = 0x1000;
  std::vector<std::uint8_t> truncated = buildContainer(spec);
  expectError(
      truncated, "fatbin: container size: 0x1010 bytes including the header (truncated "
                 "image), expected at most " +
                     [&] {
                       char text[32];
                       std::snprintf(text, sizeof text, "0x%zx", truncated.size());
                       return std::string(text);
                     }());
  spec.size = UINT64_MAX - 4;
  expectError(buildContainer(spec), "fatbin: container size: 0xfffffffffffffffb, expected at "
                                    "most 0x100000000");
  expectError({0x50, 0xed, 0x55, 0xba, 1, 0},
              "fatbin: container header: 6 bytes, expected at least 16");
}

TEST(MalformedContainer, OldFatbinFormatIsNamed) {
  ContainerSpec spec;
  spec.magic = 0x1EE55A01;
  std::vector<std::uint8_t> bytes = buildContainer(spec);
  // Only a wrapper leads to it: its first byte is no container's.
  struct {
    std::uint32_t magic = 0x466243B1;
    std::uint32_t version = 1;
    const void *data;
    const void *unused = nullptr;
  } wrapper{.data = bytes.data()};
  auto image = readFatbinImage(&wrapper, 0);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, 200);
  EXPECT_EQ(image.error().message, "fatbin: container magic: 0x1ee55a01 (the pre-CUDA 4 fatbin "
                                   "format), expected 0xba55ed50");
}

TEST(MalformedContainer, EntryHeaderFields) {
  ContainerSpec spec;
  EntrySpec entry = plainPtxEntry();
  entry.headerSize = 0x20;
  spec.entries = {entry};
  expectError(buildContainer(spec),
              "fatbin: entry 0 header size: 0x20, expected 0x40 to 0x50 (the bytes left in the "
              "container)");
  entry.headerSize = 0x200;
  spec.entries = {entry};
  spec.size = 0x58;
  expectError(buildContainer(spec),
              "fatbin: entry 0 header size: 0x200, expected 0x40 to 0x58 (the bytes left in the "
              "container)");
  spec.size = UINT64_MAX;

  entry = plainPtxEntry();
  entry.payloadSize = 0xFFFFFFFFFFFFFFF0;
  spec.entries = {entry};
  expectError(buildContainer(spec),
              "fatbin: entry 0 payload size: 0xfffffffffffffff0, expected at most 0x30 (the bytes "
              "left in the container after the entry header)");

  entry = plainPtxEntry();
  entry.optionsLength = 100;
  spec.entries = {entry};
  expectError(buildContainer(spec), "fatbin: entry 0 options: offset 0x48 length 100, expected a "
                                    "range inside the 0x50-byte entry header");
  entry.optionsOffset = 0xFFFFFFF0;
  entry.optionsLength = 0x20;
  spec.entries = {entry};
  expectError(buildContainer(spec), "fatbin: entry 0 options: offset 0xfffffff0 length 32, "
                                    "expected a range inside the 0x50-byte entry header");
}

TEST(MalformedContainer, TrailingBytesTooShortForAnEntry) {
  ContainerSpec spec;
  spec.entries = {plainPtxEntry()};
  std::vector<std::uint8_t> bytes = buildContainer(spec);
  bytes.resize(bytes.size() + 8, 0xAA);
  std::uint64_t size = bytes.size() - 16;
  std::memcpy(bytes.data() + 8, &size, sizeof size);
  expectError(bytes, "fatbin: entry 1 header: 8 bytes left in the container, expected at least 64");
}

TEST(MalformedContainer, CompressionFields) {
  ContainerSpec spec;
  std::vector<std::uint8_t> frame = zstdFrame(kPtx);
  EntrySpec both = compressedPtxEntry(frame, 0xA000, kPtx.size());
  spec.entries = {both};
  expectError(buildContainer(spec),
              "fatbin: entry 0 flags: 0xa011, expected at most one of LZ4 (0x2000) and zstd "
              "(0x8000)");

  EntrySpec tooLong = compressedPtxEntry(frame, 0x8000, kPtx.size());
  tooLong.compressedSize = static_cast<std::uint32_t>(tooLong.payload.size() + 1);
  spec.entries = {tooLong};
  expectError(buildContainer(spec),
              "fatbin: entry 0 compressed size: " + std::to_string(tooLong.payload.size() + 1) +
                  ", expected 1 to " + std::to_string(tooLong.payload.size()) +
                  " (the payload size)");

  EntrySpec wrongSize = compressedPtxEntry(frame, 0x8000, kPtx.size() + 1);
  spec.entries = {wrongSize};
  expectError(buildContainer(spec),
              "fatbin: entry 0 zstd content size: " + std::to_string(kPtx.size()) + ", expected " +
                  std::to_string(kPtx.size() + 1) + " (the entry's uncompressed size)");

  EntrySpec lz4Long = compressedPtxEntry(lz4Block(kPtx), 0x2000, kPtx.size() + 5);
  spec.entries = {lz4Long};
  expectError(buildContainer(spec), "fatbin: entry 0 LZ4 block: " + std::to_string(kPtx.size()) +
                                        " bytes after decompression, expected " +
                                        std::to_string(kPtx.size() + 5));

  EntrySpec lz4Huge = compressedPtxEntry(lz4Block(kPtx), 0x2000, 1ull << 40);
  spec.entries = {lz4Huge};
  auto image = read(buildContainer(spec));
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().message.rfind("fatbin: entry 0 LZ4 uncompressed size: 1099511627776, "
                                        "expected 1 to ",
                                        0),
            0u)
      << image.error().message;
}

} // namespace
} // namespace qiao::fatbin
