#include "UnifiedDiff.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <vector>

namespace qiao::translate {

namespace {

struct Lines {
  std::vector<std::string_view> text;
  bool missingNewline = false; // the last line has no '\n'
};

Lines split(std::string_view s) {
  Lines lines;
  std::size_t at = 0;
  while (at < s.size()) {
    std::size_t eol = s.find('\n', at);
    if (eol == std::string_view::npos) {
      lines.text.push_back(s.substr(at));
      lines.missingNewline = true;
      break;
    }
    lines.text.push_back(s.substr(at, eol - at));
    at = eol + 1;
  }
  return lines;
}

enum class Op { Keep, Remove, Add };

using LineSpan = std::span<const std::string_view>;

// Myers' O((N+M)D) shortest edit script, for the short stretches between anchors: it keeps a
// copy of its frontier per edit step, O((N+M)D) memory, which over a whole file of a few MB
// with changes all over it is tens of GB.
void exactScript(LineSpan a, LineSpan b, std::vector<Op> &ops) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max = n + m;
  std::vector<int> v(2 * max + 2, 0);
  std::vector<std::vector<int>> trace;
  int found = -1;
  for (int d = 0; d <= max && found < 0; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? v[max + k + 1]
                                                                       : v[max + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y])
        ++x, ++y;
      v[max + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  std::vector<Op> script;
  int x = n, y = m;
  for (int d = found; d > 0; --d) {
    const std::vector<int> &prev = trace[d];
    const int k = x - y;
    const bool down = k == -d || (k != d && prev[max + k - 1] < prev[max + k + 1]);
    const int prevK = down ? k + 1 : k - 1;
    const int prevX = prev[max + prevK];
    const int prevY = prevX - prevK;
    while (x > prevX && y > prevY)
      script.push_back(Op::Keep), --x, --y;
    script.push_back(down ? Op::Add : Op::Remove);
    x = prevX, y = prevY;
  }
  while (x > 0 && y > 0)
    script.push_back(Op::Keep), --x, --y;
  ops.insert(ops.end(), script.rbegin(), script.rend());
}

// A translation keeps the order of lines and changes few in a row, so the script is built by
// walking both files together: where they part, the nearest pair of equal lines (followed by
// another equal pair) within kWindow lines on each side is where they meet again, and only the
// stretch between is given to Myers. Time and memory stay linear in the file's length.
std::vector<Op> editScript(const std::vector<std::string_view> &a,
                           const std::vector<std::string_view> &b) {
  constexpr std::size_t kWindow = 256;
  const std::size_t n = a.size(), m = b.size();
  auto anchorAt = [&](std::size_t i, std::size_t j) {
    return i < n && j < m && a[i] == b[j] && (i + 1 == n || j + 1 == m || a[i + 1] == b[j + 1]);
  };
  std::vector<Op> ops;
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] == b[j]) {
      ops.push_back(Op::Keep), ++i, ++j;
      continue;
    }
    // The stretch ends at the anchor with the fewest lines before it on both sides together.
    std::size_t x = std::min(kWindow, n - i), y = std::min(kWindow, m - j);
    bool anchored = false;
    for (std::size_t sum = 1; sum <= 2 * kWindow && !anchored; ++sum)
      for (std::size_t dx = sum > kWindow ? sum - kWindow : 0; dx <= std::min(sum, kWindow); ++dx)
        if (anchorAt(i + dx, j + sum - dx)) {
          x = dx, y = sum - dx, anchored = true;
          break;
        }
    exactScript(LineSpan(a).subspan(i, x), LineSpan(b).subspan(j, y), ops);
    i += x, j += y;
  }
  ops.insert(ops.end(), n - i, Op::Remove);
  ops.insert(ops.end(), m - j, Op::Add);
  return ops;
}

std::string range(int start, int count) {
  // diff -u: "start,count", "start" when count is 1, "start-1,0" for an empty side.
  if (count == 1)
    return std::to_string(start);
  return std::to_string(count == 0 ? start - 1 : start) + "," + std::to_string(count);
}

} // namespace

std::string unifiedDiff(const std::string &before, const std::string &after,
                        const std::string &beforeLabel, const std::string &afterLabel) {
  if (before == after)
    return {};
  const Lines a = split(before), b = split(after);
  const std::vector<Op> ops = editScript(a.text, b.text);
  constexpr int kContext = 3;
  std::string out = "--- " + beforeLabel + "\n+++ " + afterLabel + "\n";
  // Positions in a and b of each op.
  std::vector<int> ai(ops.size() + 1), bi(ops.size() + 1);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    ai[i + 1] = ai[i] + (ops[i] != Op::Add);
    bi[i + 1] = bi[i] + (ops[i] != Op::Remove);
  }
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == Op::Keep) {
      ++i;
      continue;
    }
    // A hunk: from kContext keeps before this change to kContext keeps after the last change
    // that is within 2*kContext keeps of the previous one.
    std::size_t start = i;
    for (int c = 0; c < kContext && start > 0 && ops[start - 1] == Op::Keep; ++c)
      --start;
    std::size_t end = i;
    while (true) {
      while (end < ops.size() && ops[end] != Op::Keep)
        ++end;
      std::size_t keeps = end;
      while (keeps < ops.size() && ops[keeps] == Op::Keep)
        ++keeps;
      if (keeps < ops.size() && keeps - end <= 2 * kContext) {
        end = keeps;
        continue;
      }
      end = std::min(end + kContext, keeps);
      break;
    }
    out += "@@ -" + range(ai[start] + 1, ai[end] - ai[start]) + " +" +
           range(bi[start] + 1, bi[end] - bi[start]) + " @@\n";
    for (std::size_t j = start; j < end; ++j) {
      const bool fromA = ops[j] != Op::Add;
      const std::string_view line = fromA ? a.text[ai[j]] : b.text[bi[j]];
      out += ops[j] == Op::Keep ? ' ' : ops[j] == Op::Remove ? '-' : '+';
      out.append(line);
      out += '\n';
      const bool lastOfA =
          fromA && ai[j] + 1 == static_cast<int>(a.text.size()) && a.missingNewline;
      const bool lastOfB =
          ops[j] != Op::Remove && bi[j] + 1 == static_cast<int>(b.text.size()) && b.missingNewline;
      if ((ops[j] == Op::Remove && lastOfA) || (ops[j] == Op::Add && lastOfB) ||
          (ops[j] == Op::Keep && (lastOfA || lastOfB)))
        out += "\\ No newline at end of file\n";
    }
    i = end;
  }
  return out;
}

} // namespace qiao::translate
