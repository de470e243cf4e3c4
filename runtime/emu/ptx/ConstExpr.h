// PTX constant expressions (ISA 9.0 section 4.6), as initialisers (`.global .u32 x = (1+2)*3;`)
// and symbol offsets (`sym+4*2`) use them. C's operators and precedence; integers are 64-bit,
// .s64 unless written with U (or too large for .s64), and an operation with a .u64 operand is
// unsigned; floats are .f64; mixing an integer and a float is an error, as in ptxas, as is a
// division by zero. Casts `(.s64)` and `(.u64)` change an integer's signedness.
#pragma once

#include "Lexer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qiao::ptx::lex {

struct ConstValue {
  bool isFloat = false;
  bool isUnsigned = false;
  uint64_t bits = 0; // integers: two's complement
  double value = 0;  // floats
};

enum class ExprLevel : uint8_t {
  Full, // a whole conditional expression
  Term, // a multiplicative expression: stops before a `+` or `-` that follows it
};

struct ExprError {
  const Token *at = nullptr;
  std::string expected; // "a constant", "')' to close the expression"...
};

// Evaluates the expression that starts at tokens[pos] and leaves pos after it. The token vector
// ends with an End or Invalid token (lex::tokenize), which no expression consumes.
bool evaluate(const std::vector<Token> &tokens, size_t &pos, ExprLevel level, ConstValue &out,
              ExprError &error);

} // namespace qiao::ptx::lex
