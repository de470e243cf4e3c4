// Images known only by their address (as __cudaRegisterFatBinary, cuModuleLoadData and
// cuLibraryLoadData pass them): every size a header declares is checked against the bytes that
// hold the image, so that a size pointing past them is an error 200 naming what holds it, not a
// read of whatever memory follows (issue 10, class 1).
#include "ContainerBuilder.h"
#include "FatbinReader.h"
#include "GuardedBytes.h"
#include "TestData.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

namespace qiao::fatbin {
namespace {

using test::buildContainer;
using test::bytesOf;
using test::ContainerSpec;
using test::EntrySpec;
using test::GuardedBytes;

const std::string kPtx = ".version 9.0\n.target sm_80\n.address_size 64\n";

std::string hexOf(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::vector<std::uint8_t> ptxContainer() {
  EntrySpec entry;
  entry.payload = bytesOf(kPtx);
  entry.payload.resize((kPtx.size() + 7) / 8 * 8, 0);
  ContainerSpec spec;
  spec.entries = {entry};
  return buildContainer(spec);
}

struct Wrapper {
  std::uint32_t magic = 0x466243B1;
  std::uint32_t version = 1;
  const void *data = nullptr;
  const void *prelinked = nullptr;
};

void expectError(const Expected<FatbinImage> &image, const std::string &message) {
  ASSERT_FALSE(image) << "expected: " << message;
  EXPECT_EQ(image.error().code, 200);
  EXPECT_EQ(image.error().message, message);
}

TEST(HoldingBytes, WellFormedContainerReadsUpToTheLastByte) {
  GuardedBytes held(ptxContainer());
  auto image = readFatbinImage(held.data(), 0);
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->entries.size(), 1u);
  EXPECT_EQ(image->entries[0].text(), kPtx);
}

TEST(HoldingBytes, ContainerSizePastTheEnd) {
  std::vector<std::uint8_t> bytes = ptxContainer();
  std::uint64_t size = bytes.size() - 16 + 8; // the last entry would end 8 bytes past the guard
  std::memcpy(bytes.data() + 8, &size, sizeof size);
  GuardedBytes held(bytes);
  expectError(readFatbinImage(held.data(), 0),
              "fatbin: container size: header size 0x10 plus size " + hexOf(size) +
                  " bytes, expected at most " + hexOf(bytes.size()) +
                  " bytes in all (the rest of its readable memory mapping)");
}

TEST(HoldingBytes, ContainerHeaderSizePastTheEnd) {
  std::vector<std::uint8_t> bytes = ptxContainer();
  std::uint16_t headerSize = 0x400;
  std::memcpy(bytes.data() + 6, &headerSize, sizeof headerSize);
  GuardedBytes held(bytes);
  expectError(readFatbinImage(held.data(), 0),
              "fatbin: container size: header size 0x400 plus size " + hexOf(bytes.size() - 16) +
                  " bytes, expected at most " + hexOf(bytes.size()) +
                  " bytes in all (the rest of its readable memory mapping)");
}

TEST(HoldingBytes, ContainerHeaderCutByTheEnd) {
  std::vector<std::uint8_t> bytes = ptxContainer();
  bytes.resize(12);
  GuardedBytes held(bytes);
  expectError(readFatbinImage(held.data(), 0),
              "fatbin: container header: 12 bytes, expected at least 16");
}

TEST(HoldingBytes, WrapperPointingAtAnOversizedContainer) {
  std::vector<std::uint8_t> bytes = ptxContainer();
  std::uint64_t size = 0xFFFF0000; // under the 4 GiB plausibility cap
  std::memcpy(bytes.data() + 8, &size, sizeof size);
  GuardedBytes held(bytes);
  Wrapper wrapper;
  wrapper.data = held.data();
  expectError(readFatbinImage(&wrapper, 0),
              "fatbin: container size: header size 0x10 plus size 0xffff0000 bytes, expected at "
              "most " +
                  hexOf(bytes.size()) + " bytes in all (the rest of its readable memory mapping)");
}

TEST(HoldingBytes, WrapperCutByTheEnd) {
  Wrapper wrapper;
  std::vector<std::uint8_t> bytes(sizeof wrapper);
  std::memcpy(bytes.data(), &wrapper, sizeof wrapper);
  bytes.resize(16);
  GuardedBytes held(bytes);
  expectError(readFatbinImage(held.data(), 0), "fatbin: wrapper: 16 bytes, expected 24");
}

TEST(HoldingBytes, AddressInNoReadableMemory) {
  GuardedBytes held(ptxContainer());
  auto address = reinterpret_cast<std::uintptr_t>(held.guard());
  expectError(readFatbinImage(held.guard(), 0), "fatbin: image address: " + hexOf(address) +
                                                    ", expected an address in readable memory");
  Wrapper wrapper;
  wrapper.data = held.guard();
  expectError(readFatbinImage(&wrapper, 0), "fatbin: image address: " + hexOf(address) +
                                                ", expected an address in readable memory");
}

TEST(HoldingBytes, PtxTextWithoutTerminatorEndsAtTheEnd) {
  GuardedBytes held(bytesOf(kPtx));
  auto image = readFatbinImage(held.data(), 0);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->form, ImageForm::Ptx);
  EXPECT_EQ(image->entries[0].text(), kPtx);
}

TEST(HoldingBytes, CubinWhoseTablesReachPastTheEnd) {
  std::vector<std::uint8_t> cubin = test::loadArtifact("scale_sm80.cubin");
  ASSERT_GT(cubin.size(), 256u);
  {
    GuardedBytes whole(cubin);
    auto image = readFatbinImage(whole.data(), 0);
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_EQ(image->entries[0].payload, cubin);
  }
  // Cut before the section header table (nvcc writes it last).
  std::vector<std::uint8_t> cut(cubin.begin(), cubin.end() - 64);
  GuardedBytes held(cut);
  auto image = readFatbinImage(held.data(), 0);
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, 200);
  EXPECT_EQ(image.error().message.rfind("elf: header tables: ending at offset ", 0), 0u)
      << image.error().message;
}

TEST(HoldingBytes, PrelinkedListWithoutTerminator) {
  GuardedBytes container(ptxContainer());
  const void *slot = container.data();
  std::vector<std::uint8_t> list(sizeof slot);
  std::memcpy(list.data(), &slot, sizeof slot);
  GuardedBytes held(list);
  Wrapper wrapper;
  wrapper.version = 2;
  wrapper.data = container.data();
  wrapper.prelinked = held.data();
  auto units = readPrelinkedFatbins(&wrapper);
  ASSERT_FALSE(units);
  EXPECT_EQ(units.error().code, 200);
  EXPECT_EQ(units.error().message,
            "fatbin: list of relocatable fatbins: no terminator within 1 entries (the rest of its "
            "readable memory mapping), expected a null pointer");
}

// A container in a section of this test program, as nvcc places one in .nv_fatbin: the section,
// not the memory after it, bounds what a header may declare.
constexpr std::size_t kSectionBytes = 256;
alignas(8) __attribute__((section(".qiao_test_fatbin"),
                          used)) std::uint8_t sectionContainer[kSectionBytes];

TEST(HoldingBytes, ContainerSizePastItsElfSection) {
  EntrySpec entry;
  entry.payload = bytesOf(kPtx);
  entry.payload.resize(kSectionBytes - 16 - entry.headerSize, 0);
  ContainerSpec spec;
  spec.entries = {entry};
  std::vector<std::uint8_t> bytes = buildContainer(spec);
  ASSERT_EQ(bytes.size(), kSectionBytes);
  std::memcpy(sectionContainer, bytes.data(), bytes.size());
  auto image = readFatbinImage(sectionContainer, 0);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->entries[0].text(), kPtx);

  std::uint64_t size = kSectionBytes - 16 + 64;
  std::memcpy(sectionContainer + 8, &size, sizeof size);
  expectError(readFatbinImage(sectionContainer, 0),
              "fatbin: container size: header size 0x10 plus size 0x130 bytes, expected at most "
              "0x100 bytes in all (the rest of section .qiao_test_fatbin of /proc/self/exe)");
}

} // namespace
} // namespace qiao::fatbin
