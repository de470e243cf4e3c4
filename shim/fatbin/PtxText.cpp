#include "PtxText.h"

#include <cctype>

namespace qiao::fatbin {
namespace {

// A cursor over text whose end is the first NUL or `limit`, whichever comes first: it never looks
// at a byte beyond either.
class BoundedCursor {
public:
  BoundedCursor(const std::uint8_t *text, std::size_t limit) : text_(text), limit_(limit) {}

  bool atEnd() const { return at_ >= limit_ || text_[at_] == 0; }
  char peek() const { return static_cast<char>(text_[at_]); }
  void advance() { ++at_; }
  std::size_t position() const { return at_; }

  // Consumes `word` when the text continues with it; compares one byte at a time so that a
  // mismatch stops before any byte after it is read.
  bool consume(std::string_view word) {
    std::size_t start = at_;
    for (char expected : word) {
      if (atEnd() || peek() != expected) {
        at_ = start;
        return false;
      }
      advance();
    }
    return true;
  }

  void skipPast(std::string_view terminator) {
    while (!atEnd() && !consume(terminator))
      advance();
  }

private:
  const std::uint8_t *text_;
  std::size_t limit_;
  std::size_t at_ = 0;
};

unsigned readNumber(std::string_view text, std::size_t &at) {
  unsigned value = 0;
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) && value < 100000)
    value = value * 10 + static_cast<unsigned>(text[at++] - '0');
  return value;
}

void skipBlanks(std::string_view text, std::size_t &at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t'))
    ++at;
}

} // namespace

std::optional<std::size_t> measurePtxText(const std::uint8_t *text, std::size_t limit) {
  BoundedCursor cursor(text, limit);
  while (!cursor.atEnd()) {
    if (std::isspace(static_cast<unsigned char>(cursor.peek())))
      cursor.advance();
    else if (cursor.consume("//"))
      cursor.skipPast("\n");
    else if (cursor.consume("/*"))
      cursor.skipPast("*/");
    else
      break;
  }
  if (!cursor.consume(".version"))
    return std::nullopt;
  while (!cursor.atEnd())
    cursor.advance();
  return cursor.position();
}

PtxDirectives readPtxDirectives(std::string_view text) {
  PtxDirectives directives;
  if (std::size_t at = text.find(".version"); at != std::string_view::npos) {
    at += std::string_view(".version").size();
    skipBlanks(text, at);
    directives.isaMajor = readNumber(text, at);
    if (at < text.size() && text[at] == '.') {
      ++at;
      directives.isaMinor = readNumber(text, at);
    }
  }
  if (std::size_t at = text.find(".target"); at != std::string_view::npos) {
    at += std::string_view(".target").size();
    skipBlanks(text, at);
    if (text.substr(at, 3) == "sm_") {
      at += 3;
      directives.smArch = readNumber(text, at);
      if (at < text.size() && (text[at] == 'a' || text[at] == 'f'))
        directives.variant = text[at];
    }
  }
  return directives;
}

} // namespace qiao::fatbin
