// PTX numeric literals (ISA 9.0 section 4.5), shared by the parser and the constant-expression
// evaluator.
#include "Literals.h"

#include <charconv>
#include <limits>

namespace qiao::ptx::lex {

int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool parseDigits(std::string_view digits, unsigned base, uint64_t &out) {
  if (digits.empty())
    return false;
  uint64_t value = 0;
  for (char c : digits) {
    int d = hexDigit(c);
    if (d < 0 || static_cast<unsigned>(d) >= base)
      return false;
    if (value > (std::numeric_limits<uint64_t>::max() - static_cast<unsigned>(d)) / base)
      return false;
    value = value * base + static_cast<unsigned>(d);
  }
  out = value;
  return true;
}

// PTX constants (ISA section 4.5): 0fXXXXXXXX, 0dXXXXXXXXXXXXXXXX, 0x.., 0b.., 0.. (octal),
// decimal, each integer optionally suffixed U; decimal floats with '.' or an exponent.
bool parseNumber(std::string_view text, Number &out) {
  out = Number{};
  if (text.size() >= 2 && text[0] == '0') {
    char k = text[1];
    if (k == 'f' || k == 'F' || k == 'd' || k == 'D') {
      size_t width = (k == 'f' || k == 'F') ? 8 : 16;
      if (text.size() != 2 + width || !parseDigits(text.substr(2), 16, out.bits))
        return false;
      out.isFloat = true;
      out.floatBits = width == 8 ? 32 : 64;
      return true;
    }
  }
  std::string_view body = text;
  bool hex = body.size() >= 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  if (!hex && body.find_first_of(".eE") != std::string_view::npos) {
    auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), out.value);
    if (ec != std::errc() || end != body.data() + body.size())
      return false;
    out.isFloat = true;
    return true;
  }
  if (!body.empty() && (body.back() == 'U' || body.back() == 'u')) {
    body.remove_suffix(1);
    out.isUnsigned = true;
  }
  if (body.size() >= 2 && body[0] == '0') {
    char k = body[1];
    if (k == 'x' || k == 'X')
      return parseDigits(body.substr(2), 16, out.bits);
    if (k == 'b' || k == 'B')
      return parseDigits(body.substr(2), 2, out.bits);
    return parseDigits(body.substr(1), 8, out.bits);
  }
  return parseDigits(body, 10, out.bits);
}

void negate(Number &n) {
  if (!n.isFloat)
    n.bits = 0 - n.bits;
  else if (n.floatBits == 32)
    n.bits ^= uint64_t{1} << 31;
  else if (n.floatBits == 64)
    n.bits ^= uint64_t{1} << 63;
  else
    n.value = -n.value;
}

} // namespace qiao::ptx::lex
