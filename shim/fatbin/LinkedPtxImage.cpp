#include "LinkedPtxImage.h"

#include "ReadableExtent.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <string_view>

namespace qiao::fatbin {
namespace {

constexpr std::string_view kImageTag = "//qiao-linked-ptx ";
constexpr std::string_view kUnitTag = "//qiao-unit ";

// Reads "<tag><number>\n" at `at`, moving past it.
std::optional<std::size_t> readCountLine(std::string_view text, std::size_t &at,
                                         std::string_view tag) {
  if (text.substr(at, tag.size()) != tag)
    return std::nullopt;
  std::size_t end = text.find('\n', at);
  if (end == std::string_view::npos)
    return std::nullopt;
  std::size_t value = 0;
  const char *first = text.data() + at + tag.size(), *last = text.data() + end;
  auto parsed = std::from_chars(first, last, value);
  if (parsed.ec != std::errc() || parsed.ptr != last)
    return std::nullopt;
  at = end + 1;
  return value;
}

Error malformedLink(const std::string &what) {
  return Error{errc::qiaoErrorInvalidKernelImage, "linked PTX image: " + what};
}

} // namespace

std::string writeLinkedPtxImage(const std::vector<std::string> &units) {
  std::string image = std::string(kImageTag) + std::to_string(units.size()) + "\n";
  for (const std::string &unit : units) {
    image += std::string(kUnitTag) + std::to_string(unit.size()) + "\n";
    image += unit;
  }
  return image;
}

std::optional<Expected<std::vector<std::string>>> readLinkedPtxImage(const void *image,
                                                                     std::size_t knownBytes) {
  const char *bytes = static_cast<const char *>(image);
  // An image known only by its address reads no further than the memory that holds it
  // (ReadableExtent.h): text without its NUL must not be followed past the end of its mapping.
  std::size_t limit = knownBytes;
  if (limit == 0) {
    auto extent = readableExtent(image);
    if (!extent)
      return std::nullopt; // not readable at all: the fatbin reader says so
    limit = static_cast<std::size_t>(
        std::min<std::uint64_t>(extent->bytes, std::numeric_limits<std::size_t>::max()));
  }
  // Compared a byte at a time first, so that a shorter text is never read past its NUL.
  for (std::size_t i = 0; i < kImageTag.size(); ++i)
    if (i >= limit || bytes[i] != kImageTag[i])
      return std::nullopt;
  const std::size_t length = strnlen(bytes, limit);
  std::string_view text(bytes, length);
  std::size_t at = 0;
  auto count = readCountLine(text, at, kImageTag);
  if (!count)
    return Expected<std::vector<std::string>>(malformedLink("no unit count"));
  std::vector<std::string> units;
  for (std::size_t i = 0; i < *count; ++i) {
    auto size = readCountLine(text, at, kUnitTag);
    if (!size || *size > text.size() - at)
      return Expected<std::vector<std::string>>(malformedLink(
          "unit " + std::to_string(i + 1) + " of " + std::to_string(*count) + " is cut short"));
    units.emplace_back(text.substr(at, *size));
    at += *size;
  }
  if (units.empty())
    return Expected<std::vector<std::string>>(malformedLink("no units"));
  return Expected<std::vector<std::string>>(std::move(units));
}

} // namespace qiao::fatbin
