// Splits PTX text into tokens. Works over a string_view without copying: token text points into
// the input, which may contain NUL bytes and need not be NUL-terminated.
#pragma once

#include "Ast.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace qiao::ptx::lex {

enum class TokenKind : uint8_t {
  End,       // past the last byte of the input
  Word,      // an identifier or opcode, dots included: "ld.global.f32", "%tid.x", "$L__BB0_2"
  Directive, // a dot followed by a word: ".reg", ".ptr.global.align"
  Number,    // as written: "42", "0x1F", "0f3F800000", "1.5e-3", "9.0", "7U"
  String,    // "text", quotes included
  Punct,     // one character: , ; : [ ] { } ( ) < > + - @ ! | = * / % ~ ^ & ?
  Invalid,   // a byte that starts no token, or an unterminated comment or string
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;
  ast::SourceLoc loc;
  size_t offset = 0;             // of the first byte in the input
  const char *problem = nullptr; // Invalid: why
};

class Lexer {
public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // The next token; End forever once the input is exhausted.
  Token next();

private:
  void skipSpaceAndComments(const char *&problem);
  Token make(TokenKind kind, size_t start, ast::SourceLoc loc) const;
  size_t scanNumber(size_t start) const;
  size_t scanWordTail(size_t start) const;

  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t lineStart_ = 0;
};

// Tokenizes the whole input; the last token is End or the first Invalid one.
std::vector<Token> tokenize(std::string_view text);

} // namespace qiao::ptx::lex
