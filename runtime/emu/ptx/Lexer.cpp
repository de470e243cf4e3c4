// PTX tokens (ISA 9.0 section 4: comments, identifiers, constants). Identifiers are
// [A-Za-z][A-Za-z0-9_$]* or [_$%][A-Za-z0-9_$]+; the lexer also lets dots continue a word so
// that opcodes with modifiers and special registers (%tid.x) arrive as one token.
#include "Lexer.h"

#include <limits>

namespace qiao::ptx::lex {
namespace {

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isWordStart(char c) { return isLetter(c) || c == '_' || c == '$' || c == '%'; }
bool isWordChar(char c) { return isLetter(c) || isDigit(c) || c == '_' || c == '$' || c == '.'; }
bool isPunct(char c) {
  switch (c) {
  case ',':
  case ';':
  case ':':
  case '[':
  case ']':
  case '{':
  case '}':
  case '(':
  case ')':
  case '<':
  case '>':
  case '+':
  case '-':
  case '@':
  case '!':
  case '|':
  case '=':
  case '*': // the operators of constant expressions (ISA section 4.6)
  case '/':
  case '~':
  case '^':
  case '&':
  case '?':
    return true;
  default:
    return false;
  }
}

} // namespace

void Lexer::skipSpaceAndComments(const char *&problem) {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '\n') {
      ++pos_;
      ++line_;
      lineStart_ = pos_;
    } else if (c == ' ' || c == '\t' || c == '\r') { // ptxas takes no \f or \v either
      ++pos_;
    } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n')
        ++pos_;
    } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
      size_t close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) {
        problem = "unterminated /* comment";
        return;
      }
      for (size_t i = pos_; i < close; ++i) {
        if (text_[i] == '\n') {
          ++line_;
          lineStart_ = i + 1;
        }
      }
      pos_ = close + 2;
    } else {
      return;
    }
  }
}

Token Lexer::make(TokenKind kind, size_t start, ast::SourceLoc loc) const {
  Token t;
  t.kind = kind;
  t.text = text_.substr(start, pos_ - start);
  t.loc = loc;
  t.offset = start;
  return t;
}

// Qualifiers such as `.L2::128B` and `.shared::cta` keep their "::" inside the word; a single
// ':' ends it (a label).
size_t Lexer::scanWordTail(size_t i) const {
  for (;;) {
    if (i < text_.size() && isWordChar(text_[i])) {
      ++i;
    } else if (i + 2 < text_.size() && text_[i] == ':' && text_[i + 1] == ':' &&
               isWordChar(text_[i + 2])) {
      i += 3;
    } else {
      return i;
    }
  }
}

// Numbers are scanned generously (letters and dots included) and validated by the parser, which
// can then name the whole malformed literal in its message. A sign directly after an exponent
// marker belongs to the number unless the literal is hexadecimal in one of its forms.
size_t Lexer::scanNumber(size_t i) const {
  bool hexForm = false;
  if (i + 1 < text_.size() && text_[i] == '0') {
    char k = text_[i + 1];
    hexForm = k == 'x' || k == 'X' || k == 'f' || k == 'F' || k == 'd' || k == 'D';
  }
  while (i < text_.size()) {
    char c = text_[i];
    if (isLetter(c) || isDigit(c) || c == '.' || c == '_') {
      ++i;
      if (!hexForm && (c == 'e' || c == 'E') && i < text_.size() &&
          (text_[i] == '+' || text_[i] == '-'))
        ++i;
    } else {
      break;
    }
  }
  return i;
}

Token Lexer::next() {
  const char *problem = nullptr;
  skipSpaceAndComments(problem);
  uint64_t column = pos_ - lineStart_ + 1;
  ast::SourceLoc loc{line_, static_cast<uint32_t>(
                                std::min<uint64_t>(column, std::numeric_limits<uint32_t>::max()))};
  size_t start = pos_;
  if (problem) {
    Token t = make(TokenKind::Invalid, start, loc);
    t.text = text_.substr(start, 2);
    t.problem = problem;
    pos_ = text_.size();
    return t;
  }
  if (pos_ >= text_.size())
    return make(TokenKind::End, start, loc);

  char c = text_[pos_];
  char following = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (c == '%' && !isWordChar(following)) { // `7 % 4` in a constant expression
    ++pos_;
    return make(TokenKind::Punct, start, loc);
  }
  if (isWordStart(c)) {
    pos_ = scanWordTail(pos_ + 1);
    return make(TokenKind::Word, start, loc);
  }
  if (c == '.' && (isLetter(following) || following == '_' || following == '$')) {
    pos_ = scanWordTail(pos_ + 1);
    return make(TokenKind::Directive, start, loc);
  }
  if (isDigit(c) || (c == '.' && isDigit(following))) {
    pos_ = scanNumber(pos_);
    return make(TokenKind::Number, start, loc);
  }
  if (c == '"') {
    size_t i = pos_ + 1;
    while (i < text_.size() && text_[i] != '"' && text_[i] != '\n') {
      if (text_[i] == '\\' && i + 1 < text_.size() && text_[i + 1] != '\n')
        ++i;
      ++i;
    }
    if (i >= text_.size() || text_[i] != '"') {
      pos_ = text_.size();
      Token t = make(TokenKind::Invalid, start, loc);
      t.text = text_.substr(start, 1);
      t.problem = "unterminated string";
      return t;
    }
    pos_ = i + 1;
    return make(TokenKind::String, start, loc);
  }
  ++pos_;
  if (isPunct(c))
    return make(TokenKind::Punct, start, loc);
  Token t = make(TokenKind::Invalid, start, loc);
  t.problem = "unexpected character";
  return t;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 8 + 1);
  Lexer lexer(text);
  for (;;) {
    tokens.push_back(lexer.next());
    TokenKind kind = tokens.back().kind;
    if (kind == TokenKind::End || kind == TokenKind::Invalid)
      return tokens;
  }
}

} // namespace qiao::ptx::lex
