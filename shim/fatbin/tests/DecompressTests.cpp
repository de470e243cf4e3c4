#include "Decompress.h"

#include <gtest/gtest.h>

#include <lz4.h>
#include <zstd.h>

#include <string>

namespace qiao::fatbin {
namespace {

std::string sampleText() {
  std::string text;
  for (int line = 0; line < 200; ++line)
    text += "ld.global.f32 %f" + std::to_string(line) + ", [%rd4];\n";
  return text;
}

std::vector<std::uint8_t> zstdFrame(const std::string &text) {
  std::vector<std::uint8_t> frame(ZSTD_compressBound(text.size()));
  frame.resize(ZSTD_compress(frame.data(), frame.size(), text.data(), text.size(), 19));
  return frame;
}

std::vector<std::uint8_t> lz4Block(const std::string &text) {
  std::vector<std::uint8_t> block(LZ4_compressBound(static_cast<int>(text.size())));
  block.resize(LZ4_compress_default(text.data(), reinterpret_cast<char *>(block.data()),
                                    static_cast<int>(text.size()), static_cast<int>(block.size())));
  return block;
}

std::string asText(const std::vector<std::uint8_t> &bytes) { return {bytes.begin(), bytes.end()}; }

TEST(Decompress, ZstdFrameRoundTrips) {
  std::string text = sampleText();
  auto output = decompressZstdFrame(zstdFrame(text), text.size());
  ASSERT_TRUE(output) << output.error().message;
  EXPECT_EQ(asText(*output), text);
}

TEST(Decompress, Lz4BlockRoundTrips) {
  std::string text = sampleText();
  auto output = decompressLz4Block(lz4Block(text), text.size());
  ASSERT_TRUE(output) << output.error().message;
  EXPECT_EQ(asText(*output), text);
}

TEST(Decompress, ZstdRefusesBytesAfterTheFrame) {
  std::string text = sampleText();
  std::vector<std::uint8_t> frame = zstdFrame(text);
  std::size_t frameSize = frame.size();
  frame.resize(frameSize + 8, 0);
  auto output = decompressZstdFrame(frame, text.size());
  ASSERT_FALSE(output);
  EXPECT_EQ(output.error().code, 200);
  EXPECT_EQ(output.error().message, "fatbin: zstd frame: " + std::to_string(frameSize) +
                                        " bytes long, expected " + std::to_string(frameSize + 8) +
                                        " (the entry's compressed size)");
}

TEST(Decompress, ZstdRefusesATruncatedFrame) {
  std::string text = sampleText();
  std::vector<std::uint8_t> frame = zstdFrame(text);
  frame.resize(frame.size() / 2);
  auto output = decompressZstdFrame(frame, text.size());
  ASSERT_FALSE(output);
  EXPECT_EQ(output.error().code, 200);
  EXPECT_EQ(output.error().message.rfind("fatbin: zstd frame: unreadable (", 0), 0u)
      << output.error().message;
}

TEST(Decompress, Lz4RefusesGarbageAndWrongSizes) {
  std::string text = sampleText();
  std::vector<std::uint8_t> block = lz4Block(text);
  auto shorter = decompressLz4Block(block, text.size() - 1);
  ASSERT_FALSE(shorter);
  EXPECT_EQ(shorter.error().message.rfind("fatbin: LZ4 block: corrupt data (LZ4 error -", 0), 0u)
      << shorter.error().message;
  auto zero = decompressLz4Block(block, 0);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().message, "fatbin: LZ4 uncompressed size: 0, expected 1 to " +
                                      std::to_string(block.size() * 255 + 16) + " for " +
                                      std::to_string(block.size()) + " compressed bytes");
  std::vector<std::uint8_t> garbage(64, 0xF0);
  auto bad = decompressLz4Block(garbage, 1000);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, 200);
}

} // namespace
} // namespace qiao::fatbin
