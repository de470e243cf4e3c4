// Recursive descent over C's precedence levels, one function per level, with the nesting depth
// bounded so that hostile input cannot exhaust the stack. Integer arithmetic wraps (it is done on
// uint64_t), as the target's does; nothing here has undefined behaviour for any input.
#include "ConstExpr.h"

#include "Literals.h"

#include <bit>
#include <cstdint>
#include <limits>

namespace qiao::ptx::lex {
namespace {

constexpr int kMaxDepth = 64;

class Evaluator {
public:
  Evaluator(const std::vector<Token> &tokens, size_t &pos, ExprError &error)
      : tokens_(tokens), pos_(pos), error_(error) {}

  bool full(ConstValue &out) { return conditional(out, 0); }

  // `a * b / c`, the operand of a symbol offset.
  bool term(ConstValue &out) { return multiplicative(out, 0); }

private:
  const Token &peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
  }
  bool isPunct(char c, size_t ahead = 0) const {
    const Token &t = peek(ahead);
    return t.kind == TokenKind::Punct && t.text[0] == c;
  }
  // Two one-character tokens that spell an operator: `<<`, `<=`, `==`, `&&`...
  bool isPair(char a, char b) const { return isPunct(a) && isPunct(b, 1); }
  void advance(size_t n = 1) {
    for (size_t i = 0; i < n && pos_ + 1 < tokens_.size(); ++i)
      ++pos_;
  }
  bool fail(std::string expected) {
    if (!error_.at) {
      error_.at = &peek();
      error_.expected = std::move(expected);
    }
    return false;
  }
  bool failAt(const Token &at, std::string expected) {
    if (!error_.at) {
      error_.at = &at;
      error_.expected = std::move(expected);
    }
    return false;
  }

  static ConstValue integer(uint64_t bits, bool isUnsigned) {
    ConstValue v;
    v.bits = bits;
    v.isUnsigned = isUnsigned;
    return v;
  }
  static bool truth(const ConstValue &v) { return v.isFloat ? v.value != 0 : v.bits != 0; }

  // Both operands of a binary operator must be integers or both floats.
  bool sameKind(const ConstValue &a, const ConstValue &b, const Token &op) {
    if (a.isFloat == b.isFloat)
      return true;
    return failAt(op,
                  "operands of one kind (constant expression type mismatch: integer and float)");
  }

  bool conditional(ConstValue &out, int depth) {
    if (!logicalOr(out, depth))
      return false;
    if (!isPunct('?'))
      return true;
    advance();
    ConstValue yes, no;
    if (!conditional(yes, depth + 1))
      return false;
    if (!isPunct(':'))
      return fail("':' in the conditional expression");
    advance();
    if (!conditional(no, depth + 1))
      return false;
    out = truth(out) ? yes : no;
    return true;
  }

  bool logicalOr(ConstValue &out, int depth) {
    if (!logicalAnd(out, depth))
      return false;
    while (isPair('|', '|')) {
      advance(2);
      ConstValue rhs;
      if (!logicalAnd(rhs, depth))
        return false;
      out = integer(truth(out) || truth(rhs), false);
    }
    return true;
  }

  bool logicalAnd(ConstValue &out, int depth) {
    if (!bitOr(out, depth))
      return false;
    while (isPair('&', '&')) {
      advance(2);
      ConstValue rhs;
      if (!bitOr(rhs, depth))
        return false;
      out = integer(truth(out) && truth(rhs), false);
    }
    return true;
  }

  // |, ^ and & on integers, each its own level as in C.
  bool bitOr(ConstValue &out, int depth) { return bitwise(out, depth, 0); }
  bool bitwise(ConstValue &out, int depth, int level) {
    static constexpr char kOps[] = {'|', '^', '&'};
    auto next = [&](ConstValue &v) {
      return level == 2 ? equality(v, depth) : bitwise(v, depth, level + 1);
    };
    if (!next(out))
      return false;
    char op = kOps[level];
    while (isPunct(op) && !isPunct(op, 1)) {
      const Token &at = peek();
      advance();
      ConstValue rhs;
      if (!next(rhs))
        return false;
      if (out.isFloat || rhs.isFloat)
        return failAt(at, "integer operands of a bitwise operator");
      uint64_t bits = op == '|'   ? (out.bits | rhs.bits)
                      : op == '^' ? (out.bits ^ rhs.bits)
                                  : (out.bits & rhs.bits);
      out = integer(bits, out.isUnsigned || rhs.isUnsigned);
    }
    return true;
  }

  static int compare(const ConstValue &a, const ConstValue &b) {
    if (a.isFloat)
      return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    if (a.isUnsigned || b.isUnsigned)
      return a.bits < b.bits ? -1 : a.bits > b.bits ? 1 : 0;
    int64_t x = static_cast<int64_t>(a.bits), y = static_cast<int64_t>(b.bits);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  bool equality(ConstValue &out, int depth) {
    if (!relational(out, depth))
      return false;
    while (isPair('=', '=') || isPair('!', '=')) {
      bool equal = isPunct('=');
      const Token &at = peek();
      advance(2);
      ConstValue rhs;
      if (!relational(rhs, depth) || !sameKind(out, rhs, at))
        return false;
      bool same = compare(out, rhs) == 0 && !(out.isFloat && out.value != out.value);
      out = integer(equal ? same : !same, false);
    }
    return true;
  }

  bool relational(ConstValue &out, int depth) {
    if (!shift(out, depth))
      return false;
    for (;;) {
      bool less = isPunct('<') && !isPunct('<', 1);
      bool greater = isPunct('>') && !isPunct('>', 1);
      if (!less && !greater)
        return true;
      bool orEqual = isPunct('=', 1);
      const Token &at = peek();
      advance(orEqual ? 2 : 1);
      ConstValue rhs;
      if (!shift(rhs, depth) || !sameKind(out, rhs, at))
        return false;
      int c = compare(out, rhs);
      bool unordered = out.isFloat && (out.value != out.value || rhs.value != rhs.value);
      bool result = !unordered && (less ? (orEqual ? c <= 0 : c < 0) : (orEqual ? c >= 0 : c > 0));
      out = integer(result, false);
    }
  }

  bool shift(ConstValue &out, int depth) {
    if (!additive(out, depth))
      return false;
    while (isPair('<', '<') || isPair('>', '>')) {
      bool left = isPunct('<');
      const Token &at = peek();
      advance(2);
      ConstValue rhs;
      if (!additive(rhs, depth))
        return false;
      if (out.isFloat || rhs.isFloat)
        return failAt(at, "integer operands of a shift");
      // Counts past the width give 0 (or the sign), not C's undefined behaviour.
      uint64_t count = rhs.bits;
      if (left)
        out.bits = count >= 64 ? 0 : out.bits << count;
      else if (out.isUnsigned)
        out.bits = count >= 64 ? 0 : out.bits >> count;
      else
        out.bits =
            static_cast<uint64_t>(static_cast<int64_t>(out.bits) >> (count >= 64 ? 63 : count));
    }
    return true;
  }

  bool additive(ConstValue &out, int depth) {
    if (!multiplicative(out, depth))
      return false;
    while (isPunct('+') || isPunct('-')) {
      bool plus = isPunct('+');
      const Token &at = peek();
      advance();
      ConstValue rhs;
      if (!multiplicative(rhs, depth) || !sameKind(out, rhs, at))
        return false;
      if (out.isFloat)
        out.value = plus ? out.value + rhs.value : out.value - rhs.value;
      else
        out = integer(plus ? out.bits + rhs.bits : out.bits - rhs.bits,
                      out.isUnsigned || rhs.isUnsigned);
    }
    return true;
  }

  bool multiplicative(ConstValue &out, int depth) {
    if (!unary(out, depth))
      return false;
    while (isPunct('*') || isPunct('/') || isPunct('%')) {
      char op = peek().text[0];
      const Token &at = peek();
      advance();
      ConstValue rhs;
      if (!unary(rhs, depth) || !sameKind(out, rhs, at))
        return false;
      if (out.isFloat) {
        if (op == '%')
          return failAt(at, "integer operands of '%'");
        out.value = op == '*' ? out.value * rhs.value : out.value / rhs.value;
        continue;
      }
      bool isUnsigned = out.isUnsigned || rhs.isUnsigned;
      if (op == '*') {
        out = integer(out.bits * rhs.bits, isUnsigned);
        continue;
      }
      if (rhs.bits == 0)
        return failAt(at, "a non-zero divisor (constant expression has division by zero)");
      uint64_t result;
      if (isUnsigned) {
        result = op == '/' ? out.bits / rhs.bits : out.bits % rhs.bits;
      } else {
        int64_t a = static_cast<int64_t>(out.bits), b = static_cast<int64_t>(rhs.bits);
        if (b == -1) // INT64_MIN / -1 overflows in C; it wraps here
          result = op == '/' ? 0 - out.bits : 0;
        else
          result = static_cast<uint64_t>(op == '/' ? a / b : a % b);
      }
      out = integer(result, isUnsigned);
    }
    return true;
  }

  bool unary(ConstValue &out, int depth) {
    if (depth >= kMaxDepth)
      return fail("a constant expression nested at most 64 deep");
    const Token &t = peek();
    if (isPunct('-') || isPunct('+') || isPunct('!') || isPunct('~')) {
      char op = t.text[0];
      advance();
      if (!unary(out, depth + 1))
        return false;
      if (op == '-') {
        if (out.isFloat)
          out.value = -out.value;
        else
          out.bits = 0 - out.bits;
      } else if (op == '!') {
        out = integer(!truth(out), false);
      } else if (op == '~') {
        if (out.isFloat)
          return failAt(t, "an integer operand of '~'");
        out.bits = ~out.bits;
      }
      return true;
    }
    if (isPunct('(')) {
      // A cast `(.s64)` / `(.u64)`, or a parenthesised expression.
      const Token &inside = peek(1);
      if (inside.kind == TokenKind::Directive && isPunct(')', 2)) {
        bool toUnsigned = inside.text == ".u64";
        if (!toUnsigned && inside.text != ".s64")
          return failAt(inside, "a cast to .s64 or .u64");
        advance(3);
        if (!unary(out, depth + 1))
          return false;
        if (out.isFloat)
          return failAt(inside, "an integer operand of the cast");
        out.isUnsigned = toUnsigned;
        return true;
      }
      advance();
      if (!conditional(out, depth + 1))
        return false;
      if (!isPunct(')'))
        return fail("')' to close the constant expression");
      advance();
      return true;
    }
    if (t.kind != TokenKind::Number)
      return fail("a constant");
    Number n;
    if (!parseNumber(t.text, n))
      return fail("a numeric constant");
    advance();
    out = ConstValue{};
    if (!n.isFloat) {
      out = integer(n.bits, n.isUnsigned || n.bits > uint64_t{std::numeric_limits<int64_t>::max()});
    } else {
      out.isFloat = true;
      out.value = n.floatBits == 32   ? double{std::bit_cast<float>(static_cast<uint32_t>(n.bits))}
                  : n.floatBits == 64 ? std::bit_cast<double>(n.bits)
                                      : n.value;
    }
    return true;
  }

  const std::vector<Token> &tokens_;
  size_t &pos_;
  ExprError &error_;
};

} // namespace

bool evaluate(const std::vector<Token> &tokens, size_t &pos, ExprLevel level, ConstValue &out,
              ExprError &error) {
  Evaluator e(tokens, pos, error);
  return level == ExprLevel::Full ? e.full(out) : e.term(out);
}

} // namespace qiao::ptx::lex
