// PTX numeric literals: integers in decimal, hex (0x), octal (0...) and binary (0b), each with an
// optional U suffix; floats as decimals or as their bits (0fXXXXXXXX, 0dXXXXXXXXXXXXXXXX).
#pragma once

#include <cstdint>
#include <string_view>

namespace qiao::ptx::lex {

struct Number {
  bool isFloat = false;
  bool isUnsigned = false; // written with a U suffix
  uint64_t bits = 0;       // integer value, or the bits of a 0f/0d literal
  double value = 0;        // decimal float
  uint8_t floatBits = 0;   // 32 for 0f, 64 for 0d, 0 otherwise
};

int hexDigit(char c);
// Digits in `base` with overflow detection; false on any stray character or overflow.
bool parseDigits(std::string_view digits, unsigned base, uint64_t &out);
// False when the text is no well-formed literal (or an integer overflows 64 bits).
bool parseNumber(std::string_view text, Number &out);
// Negates in the literal's own representation (two's complement, or the sign bit of 0f/0d).
void negate(Number &n);

} // namespace qiao::ptx::lex
