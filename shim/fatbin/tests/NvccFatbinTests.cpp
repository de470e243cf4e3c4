// Fatbins that nvcc -fatbin writes, one per build style: what each holds, decompressed.
#include "FatbinFormat.h"
#include "FatbinReader.h"
#include "PtxChooser.h"
#include "TestData.h"

#include <gtest/gtest.h>

namespace qiao::fatbin {
namespace {

using test::entriesOfKind;
using test::expectPtxFor;
using test::loadArtifact;

constexpr std::uint64_t kCompressionFlags = format::kFlagLz4 | format::kFlagZstd;

FatbinImage readArtifact(const std::string &name) {
  std::vector<std::uint8_t> bytes = loadArtifact(name);
  if (bytes.empty())
    return {};
  auto image = readFatbinImage(bytes.data(), bytes.size());
  EXPECT_TRUE(image.hasValue()) << name << ": " << (image ? "" : image.error().message);
  return image ? std::move(image).value() : FatbinImage{};
}

void expectElfFor(const FatbinEntry &entry, unsigned arch) {
  EXPECT_EQ(entry.kind, EntryKind::Elf);
  EXPECT_EQ(entry.rawKind, format::kKindElf);
  EXPECT_EQ(entry.smArch, arch);
  ASSERT_GE(entry.payload.size(), 4u);
  EXPECT_EQ(std::string(entry.payload.begin(), entry.payload.begin() + 4), "\x7f"
                                                                           "ELF");
}

// One sm_80 cubin and one compute_80 PTX, compressed as `ptxFlag` and `elfFlag` say.
void expectSm80Pair(const std::string &name, std::uint64_t elfFlag, std::uint64_t ptxFlag) {
  FatbinImage image = readArtifact(name);
  EXPECT_EQ(image.form, ImageForm::Container);
  ASSERT_EQ(image.entries.size(), 2u) << name;
  const FatbinEntry &elf = image.entries[0];
  const FatbinEntry &ptx = image.entries[1];
  expectElfFor(elf, 80);
  EXPECT_EQ(elf.flags & kCompressionFlags, elfFlag);
  expectPtxFor(ptx, 80, "scaleVector");
  expectPtxFor(ptx, 80, "fillIndex");
  EXPECT_EQ(ptx.flags & kCompressionFlags, ptxFlag);
  EXPECT_EQ(ptx.options, "");
}

TEST(NvccFatbin, DefaultModeCompressesPtxWithZstd) {
  expectSm80Pair("scale_default.fatbin", 0, format::kFlagZstd);
}

// With line information nvcc records the source file in every entry header, which moves the
// PTX entry's options behind the name.
void expectNamedEntries(const std::string &name, const std::string &ptxOptions) {
  FatbinImage image = readArtifact(name);
  ASSERT_EQ(image.entries.size(), 2u) << name;
  const std::string source = "scale_vector.cu";
  for (const FatbinEntry &entry : image.entries) {
    ASSERT_GE(entry.objectName.size(), source.size()) << name;
    EXPECT_EQ(entry.objectName.substr(entry.objectName.size() - source.size()), source);
  }
  expectElfFor(image.entries[0], 80);
  EXPECT_EQ(image.entries[0].options, "");
  // (The PTX ends in .file directives here, so expectPtxFor's last-brace check does not apply.)
  const FatbinEntry &ptx = image.entries[1];
  EXPECT_EQ(ptx.kind, EntryKind::Ptx);
  EXPECT_EQ(ptx.smArch, 80u);
  EXPECT_NE(ptx.text().find(".visible .entry scaleVector("), std::string_view::npos);
  EXPECT_NE(ptx.text().find(".file"), std::string_view::npos);
  EXPECT_EQ(ptx.options, ptxOptions);
}

TEST(NvccFatbin, LineInfoNamesTheSourceAndMovesTheOptions) {
  expectNamedEntries("scale_lineinfo.fatbin", " --generate-line-info");
}

// A name of 24 characters: with its NUL it fills three words and a byte, so the options pair sits
// at 0x60, not at 0x58 where the name alone would end.
TEST(NvccFatbin, LineInfoOptionsFollowANameOfWholeWords) {
  FatbinImage image = readArtifact("scale_lineinfo_word_name.fatbin");
  ASSERT_EQ(image.entries.size(), 2u);
  for (const FatbinEntry &entry : image.entries)
    EXPECT_EQ(entry.objectName, "data/././scale_vector.cu");
  EXPECT_EQ(image.entries[1].kind, EntryKind::Ptx);
  EXPECT_EQ(image.entries[1].options, " --generate-line-info");
}

TEST(NvccFatbin, DebugBuildNamesTheSourceAndMovesTheOptions) {
  expectNamedEntries("scale_debug.fatbin", " -g --dont-merge-basicblocks --return-at-end");
}

TEST(NvccFatbin, PlainBuildHasNoObjectName) {
  for (const FatbinEntry &entry : readArtifact("scale_default.fatbin").entries)
    EXPECT_EQ(entry.objectName, "");
}

TEST(NvccFatbin, SpeedModeCompressesPtxWithLz4) {
  expectSm80Pair("scale_speed.fatbin", 0, format::kFlagLz4);
}

TEST(NvccFatbin, SizeModeCompressesBothWithZstd) {
  expectSm80Pair("scale_size.fatbin", format::kFlagZstd, format::kFlagZstd);
}

TEST(NvccFatbin, NoCompressStoresBothPlain) { expectSm80Pair("scale_none.fatbin", 0, 0); }

TEST(NvccFatbin, EveryCompressionModeYieldsTheSameBytes) {
  FatbinImage plain = readArtifact("scale_none.fatbin");
  ASSERT_EQ(plain.entries.size(), 2u);
  for (const char *name : {"scale_default.fatbin", "scale_speed.fatbin", "scale_size.fatbin"}) {
    FatbinImage image = readArtifact(name);
    ASSERT_EQ(image.entries.size(), 2u) << name;
    EXPECT_EQ(image.entries[0].payload, plain.entries[0].payload) << name;
    EXPECT_EQ(image.entries[1].payload, plain.entries[1].payload) << name;
  }
}

TEST(NvccFatbin, UnknownSizeReadsTheSameAsKnownSize) {
  std::vector<std::uint8_t> bytes = loadArtifact("scale_default.fatbin");
  ASSERT_FALSE(bytes.empty());
  auto known = readFatbinImage(bytes.data(), bytes.size());
  auto trusted = readFatbinImage(bytes.data(), 0);
  ASSERT_TRUE(known && trusted);
  ASSERT_EQ(trusted->entries.size(), 2u);
  EXPECT_EQ(trusted->entries[1].payload, known->entries[1].payload);
}

TEST(NvccFatbin, ComputeOnlyGencodeHoldsOnlyPtx) {
  FatbinImage image = readArtifact("scale_ptx_only.fatbin");
  ASSERT_EQ(image.entries.size(), 1u);
  expectPtxFor(image.entries[0], 75, "scaleVector");
  auto chosen = choosePtx(image.entries, 80);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(*chosen, &image.entries[0]);
}

TEST(NvccFatbin, SassOnlyGencodeIsRefusedWithARebuildHint) {
  FatbinImage image = readArtifact("scale_sass_only.fatbin");
  ASSERT_EQ(image.entries.size(), 1u);
  expectElfFor(image.entries[0], 80);
  auto chosen = choosePtx(image.entries, 80);
  ASSERT_FALSE(chosen);
  EXPECT_EQ(chosen.error().code, 209);
  EXPECT_EQ(chosen.error().message,
            "the fatbinary holds only SASS for sm_80; rebuild with PTX, e.g. -arch=sm_80 or "
            "-gencode arch=compute_80,code=compute_80");
}

TEST(NvccFatbin, SeveralGencodesGiveEntriesInCommandLineOrder) {
  FatbinImage image = readArtifact("scale_multi.fatbin");
  ASSERT_EQ(image.entries.size(), 5u);
  expectPtxFor(image.entries[0], 75, "scaleVector");
  expectElfFor(image.entries[1], 80);
  expectPtxFor(image.entries[2], 86, "scaleVector");
  expectElfFor(image.entries[3], 90);
  expectPtxFor(image.entries[4], 90, "scaleVector");
}

TEST(NvccFatbin, ChooserPicksTheHighestPtxNotAboveTheDevice) {
  FatbinImage image = readArtifact("scale_multi.fatbin");
  ASSERT_EQ(image.entries.size(), 5u);
  struct Case {
    unsigned maxArch;
    unsigned expectedArch;
  };
  for (Case c :
       {Case{75, 75}, Case{80, 75}, Case{86, 86}, Case{89, 86}, Case{90, 90}, Case{120, 90}}) {
    auto chosen = choosePtx(image.entries, c.maxArch);
    ASSERT_TRUE(chosen) << c.maxArch;
    EXPECT_EQ((*chosen)->kind, EntryKind::Ptx);
    EXPECT_EQ((*chosen)->smArch, c.expectedArch) << "device arch " << c.maxArch;
  }
  auto tooOld = choosePtx(image.entries, 70);
  ASSERT_FALSE(tooOld);
  EXPECT_EQ(tooOld.error().code, 209);
  EXPECT_EQ(tooOld.error().message,
            "the fatbinary's PTX for compute_75, compute_86 and compute_90 is newer than the "
            "device (compute_70); rebuild with PTX, e.g. -arch=sm_70 or -gencode "
            "arch=compute_70,code=compute_70");
}

TEST(NvccFatbin, RelocatablePtxCarriesItsOptions) {
  FatbinImage image = readArtifact("scale_rdc.fatbin");
  ASSERT_EQ(image.entries.size(), 2u);
  expectElfFor(image.entries[0], 80);
  EXPECT_EQ(image.entries[0].flags & kCompressionFlags, format::kFlagZstd);
  expectPtxFor(image.entries[1], 80, "scaleVector");
  EXPECT_EQ(image.entries[1].options, "--compile-only");
}

TEST(NvccFatbin, LtoOnlyIsRefusedNamingTheLtoIr) {
  FatbinImage image = readArtifact("scale_lto_only.fatbin");
  ASSERT_EQ(image.entries.size(), 1u);
  EXPECT_EQ(image.entries[0].kind, EntryKind::LtoIr);
  EXPECT_EQ(image.entries[0].rawKind, format::kKindLtoIr);
  EXPECT_EQ(image.entries[0].smArch, 80u);
  EXPECT_EQ(image.entries[0].options, "-ftz=0 -prec_div=1 -prec_sqrt=1 -fmad=1");
  EXPECT_FALSE(image.entries[0].payload.empty());
  auto chosen = choosePtx(image.entries, 80);
  ASSERT_FALSE(chosen);
  EXPECT_EQ(chosen.error().code, 209);
  EXPECT_EQ(chosen.error().message,
            "the fatbinary holds only LTO IR for compute_80; rebuild with PTX, e.g. -arch=sm_80 "
            "or -gencode arch=compute_80,code=compute_80");
}

} // namespace
} // namespace qiao::fatbin
