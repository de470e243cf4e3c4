#include "OutputMatch.h"

#include <algorithm>

namespace qiao::conform {
namespace {

std::string inQuotes(const std::string &s) { return "'" + s + "'"; }

} // namespace

std::vector<std::string> splitLines(const std::string &text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos)
      end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

std::string firstStdoutDifference(const std::vector<ExpectedLine> &expected,
                                  const std::string &stdoutText) {
  const std::vector<std::string> actual = splitLines(stdoutText);
  size_t at = 0; // index into both: groups have the same length on each side
  while (at < expected.size()) {
    const std::string where = "line " + std::to_string(at + 1) + ": ";
    if (at >= actual.size())
      return where + "expected " + inQuotes(expected[at].text) + ", got end of output";
    if (!expected[at].sorted) {
      if (expected[at].text != actual[at])
        return where + "expected " + inQuotes(expected[at].text) + ", got " + inQuotes(actual[at]);
      ++at;
      continue;
    }
    size_t end = at;
    while (end < expected.size() && expected[end].sorted)
      ++end;
    std::vector<std::string> want, got;
    for (size_t i = at; i < end; ++i) {
      want.push_back(expected[i].text);
      if (i < actual.size())
        got.push_back(actual[i]);
    }
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    for (size_t i = 0; i < want.size(); ++i) {
      const std::string range =
          "lines " + std::to_string(at + 1) + "-" + std::to_string(end) + " (any order): ";
      if (i >= got.size())
        return range + "expected " + inQuotes(want[i]) + ", got end of output";
      if (want[i] != got[i])
        return range + "expected " + inQuotes(want[i]) + ", got " + inQuotes(got[i]) + " (sorted)";
    }
    at = end;
  }
  if (actual.size() > expected.size())
    return "line " + std::to_string(expected.size() + 1) + ": expected end of output, got " +
           inQuotes(actual[expected.size()]);
  return "";
}

std::string missingStderrText(const std::vector<std::string> &texts,
                              const std::string &stderrText) {
  const std::vector<std::string> lines = splitLines(stderrText);
  for (const std::string &text : texts) {
    const bool found = std::any_of(lines.begin(), lines.end(), [&](const std::string &line) {
      return line.find(text) != std::string::npos;
    });
    if (!found)
      return "stderr: no line contains " + inQuotes(text);
  }
  return "";
}

} // namespace qiao::conform
