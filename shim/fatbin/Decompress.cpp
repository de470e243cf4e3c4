#include "Decompress.h"

#include "FormatError.h"

#include <lz4.h>
#include <zstd.h>

#include <climits>
#include <string>

namespace qiao::fatbin {
namespace {

// LZ4 cannot expand one input byte into more than 255 output bytes, so a declared size beyond
// that bound is corrupt; checking it first keeps a forged size from forcing a huge allocation.
constexpr std::uint64_t kLz4MaxRatio = 255;

// zstd frames nvcc writes carry their content size; for a frame that does not, this caps what a
// single fatbin entry may claim (real entries are kilobytes to a few hundred megabytes).
constexpr std::uint64_t kMaxUndeclaredZstdSize = std::uint64_t{1} << 30;

} // namespace

Expected<std::vector<std::uint8_t>> decompressLz4Block(std::span<const std::uint8_t> compressed,
                                                       std::uint64_t expectedSize) {
  if (compressed.size() > INT_MAX)
    return malformed("LZ4 compressed size", std::to_string(compressed.size()),
                     "at most " + std::to_string(INT_MAX));
  std::uint64_t bound = compressed.size() * kLz4MaxRatio + 16;
  if (expectedSize == 0 || expectedSize > bound || expectedSize > INT_MAX)
    return malformed("LZ4 uncompressed size", std::to_string(expectedSize),
                     "1 to " + std::to_string(bound < INT_MAX ? bound : INT_MAX) + " for " +
                         std::to_string(compressed.size()) + " compressed bytes");
  std::vector<std::uint8_t> output(expectedSize);
  int produced = LZ4_decompress_safe(
      reinterpret_cast<const char *>(compressed.data()), reinterpret_cast<char *>(output.data()),
      static_cast<int>(compressed.size()), static_cast<int>(expectedSize));
  if (produced < 0)
    return malformed("LZ4 block", "corrupt data (LZ4 error " + std::to_string(produced) + ")",
                     "a valid raw LZ4 block");
  if (static_cast<std::uint64_t>(produced) != expectedSize)
    return malformed("LZ4 block", std::to_string(produced) + " bytes after decompression",
                     std::to_string(expectedSize));
  return output;
}

Expected<std::vector<std::uint8_t>> decompressZstdFrame(std::span<const std::uint8_t> compressed,
                                                        std::uint64_t expectedSize) {
  std::size_t frameSize = ZSTD_findFrameCompressedSize(compressed.data(), compressed.size());
  if (ZSTD_isError(frameSize))
    return malformed("zstd frame", std::string("unreadable (") + ZSTD_getErrorName(frameSize) + ")",
                     "a zstd frame of " + std::to_string(compressed.size()) + " bytes");
  if (frameSize != compressed.size())
    return malformed("zstd frame", std::to_string(frameSize) + " bytes long",
                     std::to_string(compressed.size()) + " (the entry's compressed size)");
  unsigned long long declared = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR)
    return malformed("zstd frame header", "unreadable", "a valid zstd frame header");
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != expectedSize)
    return malformed("zstd content size", std::to_string(declared),
                     std::to_string(expectedSize) + " (the entry's uncompressed size)");
  if (expectedSize == 0 || expectedSize > kMaxUndeclaredZstdSize)
    return malformed("zstd uncompressed size", std::to_string(expectedSize),
                     "1 to " + std::to_string(kMaxUndeclaredZstdSize));
  std::vector<std::uint8_t> output(expectedSize);
  std::size_t produced =
      ZSTD_decompress(output.data(), output.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(produced))
    return malformed("zstd frame",
                     std::string("corrupt data (") + ZSTD_getErrorName(produced) + ")",
                     "a valid zstd frame");
  if (produced != expectedSize)
    return malformed("zstd frame", std::to_string(produced) + " bytes after decompression",
                     std::to_string(expectedSize));
  return output;
}

} // namespace qiao::fatbin
