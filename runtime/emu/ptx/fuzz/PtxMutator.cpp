// The mutation kinds, each a small edit on a token, a number or a line.
#include "PtxMutator.h"

#include <array>

namespace qiao::ptx::fuzz {
namespace {

struct Span {
  size_t begin = 0, end = 0;
};

bool isWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c == '%' || c == '.';
}

// Tokens as the mutator sees them: runs of word bytes, or one other non-space byte. Cruder than
// the real lexer on purpose: the fuzzer should not share the lexer's idea of a token.
std::vector<Span> tokens(std::string_view text) {
  std::vector<Span> out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
      ++i;
      continue;
    }
    size_t start = i++;
    if (isWordByte(text[start]))
      while (i < text.size() && isWordByte(text[i]))
        ++i;
    out.push_back({start, i});
  }
  return out;
}

std::vector<Span> lines(std::string_view text) {
  std::vector<Span> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    out.push_back({start, end});
    start = end;
  }
  return out;
}

bool isNumber(std::string_view token) {
  return !token.empty() && token[0] >= '0' && token[0] <= '9';
}

// Values that sit on edges: zero, one, sign and width boundaries, non-powers of two.
constexpr std::array<std::string_view, 18> kNumbers = {
    "0",          "1",          "2",          "3",
    "-1",         "7",          "12",         "31",
    "32",         "33",         "255",        "65536",
    "2147483647", "4294967295", "4294967296", "0xffffffffffffffff",
    "1048576",    "0f7FC00000"};

// Register prefixes nvcc uses and the types they carry: swapping them gives type mismatches.
constexpr std::array<std::string_view, 7> kRegisterPrefixes = {"%rd", "%r", "%rs", "%f",
                                                               "%fd", "%p", "%hh"};
constexpr std::array<std::string_view, 15> kTypes = {".u32", ".u64",  ".s32", ".s64", ".b32",
                                                     ".b64", ".f32",  ".f64", ".b16", ".u16",
                                                     ".f16", ".pred", ".u8",  ".s8",  ".b8"};
constexpr std::array<std::string_view, 12> kDirectives = {
    ".entry",   ".func",   ".target",          ".address_size 32",  ".align 3", ".version 9.9",
    ".visible", ".extern", ".reg .b32 %r<4>;", ".shared .b8 s[4];", ".global",  ".param"};

} // namespace

void PtxMutator::edit(std::string &text) {
  std::vector<Span> toks = tokens(text);
  if (toks.empty()) {
    text += kDirectives[below(kDirectives.size())];
    return;
  }
  Span t = toks[below(toks.size())];
  std::string token = text.substr(t.begin, t.end - t.begin);
  switch (below(11)) {
  case 0: // flip one bit of one byte
    if (!text.empty())
      text[below(text.size())] ^= static_cast<char>(1u << below(8));
    break;
  case 1: // delete a token
    text.erase(t.begin, t.end - t.begin);
    break;
  case 2: // duplicate a token
    text.insert(t.end, " " + token);
    break;
  case 3: { // replace a token by another token of the text
    Span other = toks[below(toks.size())];
    text.replace(t.begin, t.end - t.begin, text.substr(other.begin, other.end - other.begin));
    break;
  }
  case 4: { // change a number (the first one from a random token on)
    size_t i = below(toks.size());
    while (i < toks.size() &&
           !isNumber(std::string_view(text).substr(toks[i].begin, toks[i].end - toks[i].begin)))
      ++i;
    if (i == toks.size())
      break;
    std::string value;
    if (below(2)) {
      value = kNumbers[below(kNumbers.size())];
    } else {
      size_t shift = below(64); // drawn first: operands' evaluation order is unspecified
      value = std::to_string(rng_() >> shift);
    }
    text.replace(toks[i].begin, toks[i].end - toks[i].begin, value);
    break;
  }
  case 5: { // rename a register to another register class: %r7 -> %rd7
    if (token.size() < 2 || token[0] != '%')
      break;
    size_t digits = token.find_first_of("0123456789");
    if (digits == std::string::npos)
      break;
    text.replace(t.begin, digits, kRegisterPrefixes[below(kRegisterPrefixes.size())]);
    break;
  }
  case 6: { // change a type modifier: add.u32 -> add.u64
    size_t dot = token.rfind('.');
    if (dot == std::string::npos || dot == 0)
      break;
    std::string changed = token.substr(0, dot) + std::string(kTypes[below(kTypes.size())]);
    text.replace(t.begin, t.end - t.begin, changed);
    break;
  }
  case 7: { // duplicate a line (duplicate labels, declarations, definitions)
    std::vector<Span> ls = lines(text);
    Span l = ls[below(ls.size())];
    text.insert(l.end, text.substr(l.begin, l.end - l.begin));
    break;
  }
  case 8: { // delete a line (missing declarations, directives, braces)
    std::vector<Span> ls = lines(text);
    Span l = ls[below(ls.size())];
    text.erase(l.begin, l.end - l.begin);
    break;
  }
  case 9: { // splice a line from another input, or a directive
    std::string piece = std::string(kDirectives[below(kDirectives.size())]) + "\n";
    if (!donors_.empty() && below(2)) {
      const std::string &donor = donors_[below(donors_.size())];
      std::vector<Span> ls = lines(donor);
      if (!ls.empty()) {
        Span l = ls[below(ls.size())];
        piece = donor.substr(l.begin, l.end - l.begin);
      }
    }
    std::vector<Span> ls = lines(text);
    text.insert(ls.empty() ? 0 : ls[below(ls.size())].begin, piece);
    break;
  }
  default: { // insert random bytes
    std::string bytes(1 + below(6), '\0');
    for (char &c : bytes)
      c = static_cast<char>(rng_());
    text.insert(t.begin, bytes);
    break;
  }
  }
}

std::string PtxMutator::mutate(std::string_view input) {
  std::string text(input);
  size_t edits = 1 + below(4);
  for (size_t e = 0; e < edits; ++e)
    edit(text);
  return text;
}

} // namespace qiao::ptx::fuzz
