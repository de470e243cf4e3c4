// Real containers mutated thousands of times (fixed seed): byte flips, corrupted size fields and
// truncation, with the size known and (for header and container sizes) by address alone in
// front of an inaccessible page. The reader must return, never read out of bounds (run under
// -fsanitize=address,undefined to check that), and report every failure as error 200.
#include "ContainerReader.h"
#include "ElfSections.h"
#include "FatbinReader.h"
#include "GuardedBytes.h"
#include "TestData.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

namespace qiao::fatbin {
namespace {

using test::GuardedBytes;
using test::loadArtifact;

constexpr int kMutationsPerInput = 2500;

// Offsets of the size-like fields of every container and entry in `bytes`, found by walking the
// unmutated container the way the reader does.
std::vector<std::pair<std::size_t, std::size_t>>
sizeFields(const std::vector<std::uint8_t> &bytes) {
  std::vector<std::pair<std::size_t, std::size_t>> fields; // offset, width
  std::size_t container = 0;
  while (container + 16 <= bytes.size()) {
    std::uint16_t headerSize;
    std::uint64_t size;
    std::memcpy(&headerSize, bytes.data() + container + 6, 2);
    std::memcpy(&size, bytes.data() + container + 8, 8);
    fields.push_back({container + 6, 2});
    fields.push_back({container + 8, 8});
    std::size_t entry = container + headerSize;
    std::size_t end = container + headerSize + size;
    while (entry + 0x48 <= end) {
      std::uint32_t entryHeader;
      std::uint64_t payload;
      std::memcpy(&entryHeader, bytes.data() + entry + 4, 4);
      std::memcpy(&payload, bytes.data() + entry + 8, 8);
      for (auto field : {std::pair<std::size_t, std::size_t>{4, 4},
                         {8, 8},
                         {0x10, 4},
                         {0x38, 8},
                         {0x40, 4},
                         {0x44, 4},
                         {0x28, 8},
                         {0, 2}})
        fields.push_back({entry + field.first, field.second});
      entry += entryHeader + payload;
    }
    container = (end + 7) / 8 * 8;
  }
  return fields;
}

std::uint64_t interestingValue(std::mt19937_64 &random, std::uint64_t original) {
  switch (random() % 8) {
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
    return original + 8 * (random() % 64);
  default:
    return random();
  }
}

std::vector<std::uint8_t> mutate(const std::vector<std::uint8_t> &input,
                                 const std::vector<std::pair<std::size_t, std::size_t>> &fields,
                                 std::mt19937_64 &random) {
  std::vector<std::uint8_t> bytes = input;
  switch (random() % 4) {
  case 0: // flip a few bits anywhere
    for (int flips = 1 + random() % 4; flips > 0; --flips)
      bytes[random() % bytes.size()] ^= static_cast<std::uint8_t>(1u << (random() % 8));
    break;
  case 1:
  case 2: { // corrupt a size field
    auto [offset, width] = fields[random() % fields.size()];
    std::uint64_t value = 0;
    std::memcpy(&value, bytes.data() + offset, width);
    value = interestingValue(random, value);
    std::memcpy(bytes.data() + offset, &value, width);
    break;
  }
  default: // truncate
    bytes.resize(random() % bytes.size());
    break;
  }
  return bytes;
}

struct Tally {
  int accepted = 0;
  int refused = 0;
};

Tally fuzz(const std::vector<std::uint8_t> &input, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  auto fields = sizeFields(input);
  EXPECT_FALSE(fields.empty());
  Tally tally;
  for (int round = 0; round < kMutationsPerInput && !fields.empty(); ++round) {
    std::vector<std::uint8_t> bytes = mutate(input, fields, random);
    // A copy of exactly the mutated size, so that the sanitizer sees any read past it.
    std::unique_ptr<std::uint8_t[]> exact(new std::uint8_t[bytes.size() + (bytes.empty() ? 1 : 0)]);
    std::memcpy(exact.get(), bytes.data(), bytes.size());
    if (bytes.empty())
      continue;
    auto image = readFatbinImage(exact.get(), bytes.size());
    if (image) {
      ++tally.accepted;
      for (const FatbinEntry &entry : image->entries)
        EXPECT_LE(entry.payload.size(), std::uint64_t{1} << 30);
    } else {
      ++tally.refused;
      EXPECT_EQ(image.error().code, 200) << image.error().message;
      const std::string &message = image.error().message;
      EXPECT_TRUE(message.rfind("fatbin: ", 0) == 0 || message.rfind("elf: ", 0) == 0) << message;
    }
  }
  return tally;
}

class FatbinFuzzHeld : public testing::TestWithParam<const char *> {};

// The first container's header size and size, truncated or past the bytes that hold the image,
// read as CUDA's registration calls pass it: by address alone, ending where readable memory
// ends. A reader that followed a size past the end would fault on the guard page.
struct SizeCase {
  std::uint16_t headerSize;
  std::uint64_t size;
  std::size_t keep; // bytes of the image that stay before the guard
};

std::vector<SizeCase> sizeCases(const std::vector<std::uint8_t> &input, std::mt19937_64 &random) {
  std::uint16_t header;
  std::uint64_t size;
  std::memcpy(&header, input.data() + 6, 2);
  std::memcpy(&size, input.data() + 8, 8);
  std::uint64_t total = header + size;
  std::vector<std::uint16_t> headers = {0,    15,     16,
                                        17,   header, static_cast<std::uint16_t>(header + 1),
                                        0x40, 0xFFFF, static_cast<std::uint16_t>(header + 8)};
  std::vector<std::uint64_t> sizes = {0,
                                      1,
                                      size - 1,
                                      size,
                                      size + 1,
                                      size + 8,
                                      size + 64,
                                      UINT32_MAX,
                                      1ull << 32,
                                      UINT64_MAX,
                                      input.size() - header,
                                      input.size() - header + 1};
  std::vector<std::size_t> keeps = {input.size(),
                                    static_cast<std::size_t>(total),
                                    static_cast<std::size_t>(total) - 1,
                                    input.size() / 2,
                                    16,
                                    15,
                                    4,
                                    1};
  std::vector<SizeCase> cases;
  for (std::uint16_t h : headers)
    for (std::uint64_t s : sizes)
      for (std::size_t keep : keeps)
        cases.push_back({h, s, std::min(keep, input.size())});
  for (int extra = 0; extra < 500; ++extra)
    cases.push_back({static_cast<std::uint16_t>(random()),
                     random() % 2 ? random() : random() % (2 * input.size()),
                     1 + random() % input.size()});
  return cases;
}

TEST_P(FatbinFuzzHeld, HeaderAndContainerSizesNeverReachPastTheHoldingBytes) {
  std::vector<std::uint8_t> input = loadArtifact(GetParam());
  ASSERT_GE(input.size(), 16u);
  std::mt19937_64 random(0x5eed ^ input.size());
  int accepted = 0, refused = 0;
  for (const SizeCase &c : sizeCases(input, random)) {
    std::vector<std::uint8_t> bytes(input.begin(), input.begin() + c.keep);
    if (bytes.size() >= 16) {
      std::memcpy(bytes.data() + 6, &c.headerSize, 2);
      std::memcpy(bytes.data() + 8, &c.size, 8);
    }
    GuardedBytes held(bytes);
    struct {
      std::uint32_t magic = 0x466243B1;
      std::uint32_t version = 1;
      const void *data;
      const void *unused = nullptr;
    } wrapper{.data = held.data()};
    for (const void *image :
         {static_cast<const void *>(held.data()), static_cast<const void *>(&wrapper)}) {
      auto read = readFatbinImage(image, 0);
      if (read) {
        ++accepted;
        // Accepted only when the container fits the bytes that hold it.
        EXPECT_LE(std::uint64_t{c.headerSize} + c.size, bytes.size());
      } else {
        ++refused;
        EXPECT_EQ(read.error().code, 200) << read.error().message;
        EXPECT_EQ(read.error().message.rfind("fatbin: ", 0), 0u) << read.error().message;
      }
    }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, accepted);
}

INSTANTIATE_TEST_SUITE_P(NvccOutputs, FatbinFuzzHeld,
                         testing::Values("scale_default.fatbin", "scale_speed.fatbin",
                                         "scale_none.fatbin", "scale_multi.fatbin"),
                         [](const testing::TestParamInfo<const char *> &info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

class FatbinFuzz : public testing::TestWithParam<const char *> {};

TEST_P(FatbinFuzz, MutatedContainersNeverCrash) {
  std::vector<std::uint8_t> input = loadArtifact(GetParam());
  ASSERT_FALSE(input.empty());
  ASSERT_TRUE(readFatbinImage(input.data(), input.size())); // the original reads
  Tally tally = fuzz(input, 0x9e3779b97f4a7c15ull ^ input.size());
  // Both outcomes occur: a fuzzer whose mutations were all refused (or all accepted) would not
  // be exercising the parser's interior.
  EXPECT_GT(tally.accepted, 0);
  EXPECT_GT(tally.refused, kMutationsPerInput / 4);
}

INSTANTIATE_TEST_SUITE_P(NvccOutputs, FatbinFuzz,
                         testing::Values("scale_default.fatbin", "scale_speed.fatbin",
                                         "scale_size.fatbin", "scale_none.fatbin",
                                         "scale_multi.fatbin", "scale_rdc.fatbin",
                                         "scale_lto_only.fatbin"),
                         [](const testing::TestParamInfo<const char *> &info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

TEST(FatbinFuzz, MutatedNvFatbinSectionNeverCrashes) {
  std::vector<std::uint8_t> file = loadArtifact("add_one_host");
  ASSERT_FALSE(file.empty());
  ByteView whole(file.data(), file.size());
  auto elf = readElfSections(whole);
  ASSERT_TRUE(elf);
  const ElfSection *section = findSection(*elf, ".nv_fatbin");
  ASSERT_NE(section, nullptr);
  ByteView bytes = sectionBytes(whole, *section).value();
  std::vector<std::uint8_t> input(bytes.data(), bytes.data() + bytes.size());
  Tally tally = fuzz(input, 42);
  EXPECT_GT(tally.accepted, 0);
  EXPECT_GT(tally.refused, kMutationsPerInput / 4);
}

TEST(ElfFuzz, MutatedCubinHeadersNeverCrash) {
  std::vector<std::uint8_t> input = loadArtifact("scale_sm80.cubin");
  ASSERT_GE(input.size(), 64u);
  std::mt19937_64 random(7);
  Tally tally;
  for (int round = 0; round < kMutationsPerInput; ++round) {
    std::vector<std::uint8_t> bytes = input;
    // The ELF header and the section table are what the reader trusts; corrupt those.
    std::size_t offset = random() % 2 ? random() % 64 : bytes.size() - 1 - random() % 1024;
    bytes[offset % bytes.size()] ^= static_cast<std::uint8_t>(1 + random() % 255);
    if (random() % 4 == 0)
      bytes.resize(64 + random() % (bytes.size() - 64));
    std::unique_ptr<std::uint8_t[]> exact(new std::uint8_t[bytes.size()]);
    std::memcpy(exact.get(), bytes.data(), bytes.size());
    auto image = readFatbinImage(exact.get(), bytes.size());
    if (image) {
      ++tally.accepted;
    } else {
      ++tally.refused;
      EXPECT_EQ(image.error().code, 200) << image.error().message;
    }
  }
  EXPECT_GT(tally.accepted, 0);
  EXPECT_GT(tally.refused, 0);
}

} // namespace
} // namespace qiao::fatbin
