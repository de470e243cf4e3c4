#include "Translation.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace qiao::translate {

namespace {
std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t eol = text.find('\n', at);
    if (eol == std::string_view::npos)
      eol = text.size();
    lines.push_back(text.substr(at, eol - at));
    at = eol + 1;
  }
  return lines;
}
} // namespace

// Lines of `after` not in a longest common subsequence with `before`, plus lines of `before`
// not in it, paired as diff pairs a change: max of the two, per changed region, is what a
// reviewer reads; we count lines added plus lines removed minus the pairs.
std::size_t countChangedLines(std::string_view before, std::string_view after) {
  if (before == after)
    return 0;
  const auto a = splitLines(before);
  const auto b = splitLines(after);
  // Common prefix and suffix first: translations change few lines of long files.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
    ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;
  std::vector<std::size_t> row(m + 1, 0), previous(m + 1, 0);
  for (std::size_t i = 1; i <= n; ++i) {
    std::swap(row, previous);
    for (std::size_t j = 1; j <= m; ++j)
      row[j] = a[prefix + i - 1] == b[prefix + j - 1] ? previous[j - 1] + 1
                                                      : std::max(previous[j], row[j - 1]);
  }
  const std::size_t common = n == 0 ? 0 : row[m];
  return std::max(n, m) - common;
}

} // namespace qiao::translate
