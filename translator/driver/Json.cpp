#include "Json.h"

#include <cstdio>

namespace qiao::translate::json {

const Value *Value::member(std::string_view name) const {
  if (type != Type::Object)
    return nullptr;
  auto it = members.find(name);
  return it == members.end() ? nullptr : &it->second;
}

namespace {

// A recursive-descent parser over the text; the first problem ends it.
class Parser {
public:
  Parser(std::string_view text, const std::string &source) : text_(text), source_(source) {}

  Expected<Value> document() {
    Value value;
    if (!parseValue(value, 0))
      return std::vector<Error>{*error_};
    skipSpace();
    if (at_ != text_.size())
      return std::vector<Error>{fail("text after the JSON value")};
    return value;
  }

private:
  // Deep enough for any real compilation database, shallow enough for the stack.
  static constexpr int kMaxDepth = 256;

  Error fail(std::string message) {
    int line = 1;
    for (std::size_t i = 0; i < at_ && i < text_.size(); ++i)
      line += text_[i] == '\n';
    if (!error_)
      error_ = errorAt(source_, std::move(message), line);
    return *error_;
  }

  void skipSpace() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word)
      return false;
    at_ += word.size();
    return true;
  }

  bool parseValue(Value &value, int depth) {
    if (depth > kMaxDepth)
      return fail("JSON nested too deeply"), false;
    skipSpace();
    if (at_ >= text_.size())
      return fail("unexpected end of the JSON text"), false;
    const char c = text_[at_];
    if (c == '{')
      return parseObject(value, depth);
    if (c == '[')
      return parseArray(value, depth);
    if (c == '"') {
      value.type = Value::Type::String;
      return parseString(value.text);
    }
    if (literal("true") || literal("false")) {
      value.type = Value::Type::Bool;
      value.boolean = c == 't';
      return true;
    }
    if (literal("null"))
      return true;
    if (c == '-' || (c >= '0' && c <= '9'))
      return parseNumber(value);
    return fail(std::string("unexpected character '") + c + "'"), false;
  }

  bool parseNumber(Value &value) {
    const std::size_t start = at_;
    auto digits = [&] {
      const std::size_t from = at_;
      while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9')
        ++at_;
      return at_ > from;
    };
    if (text_[at_] == '-')
      ++at_;
    if (!digits())
      return fail("malformed number"), false;
    if (at_ < text_.size() && text_[at_] == '.' && (++at_, !digits()))
      return fail("malformed number"), false;
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
      ++at_;
      if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-'))
        ++at_;
      if (!digits())
        return fail("malformed number"), false;
    }
    value.type = Value::Type::Number;
    value.text = std::string(text_.substr(start, at_ - start));
    return true;
  }

  bool hex4(unsigned &code) {
    if (at_ + 4 > text_.size())
      return fail("truncated \\u escape"), false;
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[at_++];
      code <<= 4;
      if (h >= '0' && h <= '9')
        code |= unsigned(h - '0');
      else if (h >= 'a' && h <= 'f')
        code |= unsigned(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        code |= unsigned(h - 'A' + 10);
      else
        return fail("malformed \\u escape"), false;
    }
    return true;
  }

  static void appendUtf8(std::string &out, unsigned code) {
    if (code < 0x80) {
      out += char(code);
    } else if (code < 0x800) {
      out += char(0xC0 | (code >> 6));
      out += char(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += char(0xE0 | (code >> 12));
      out += char(0x80 | ((code >> 6) & 0x3F));
      out += char(0x80 | (code & 0x3F));
    } else {
      out += char(0xF0 | (code >> 18));
      out += char(0x80 | ((code >> 12) & 0x3F));
      out += char(0x80 | ((code >> 6) & 0x3F));
      out += char(0x80 | (code & 0x3F));
    }
  }

  bool parseString(std::string &out) {
    ++at_; // the opening quote
    while (true) {
      if (at_ >= text_.size())
        return fail("unterminated string"), false;
      const char c = text_[at_++];
      if (c == '"')
        return true;
      if (static_cast<unsigned char>(c) < 0x20)
        return fail("control character in a string"), false;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size())
        return fail("unterminated string"), false;
      const char e = text_[at_++];
      switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned code = 0;
        if (!hex4(code))
          return false;
        // A surrogate pair spells one code point beyond the basic plane.
        if (code >= 0xD800 && code < 0xDC00 && text_.substr(at_, 2) == "\\u") {
          at_ += 2;
          unsigned low = 0;
          if (!hex4(low))
            return false;
          if (low < 0xDC00 || low > 0xDFFF)
            return fail("unpaired surrogate in \\u escape"), false;
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, code);
        break;
      }
      default:
        return fail(std::string("unknown escape \\") + e), false;
      }
    }
  }

  bool parseArray(Value &value, int depth) {
    value.type = Value::Type::Array;
    ++at_;
    skipSpace();
    if (at_ < text_.size() && text_[at_] == ']')
      return ++at_, true;
    while (true) {
      value.items.emplace_back();
      if (!parseValue(value.items.back(), depth + 1))
        return false;
      skipSpace();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < text_.size() && text_[at_] == ']')
        return ++at_, true;
      return fail("expected ',' or ']' in an array"), false;
    }
  }

  bool parseObject(Value &value, int depth) {
    value.type = Value::Type::Object;
    ++at_;
    skipSpace();
    if (at_ < text_.size() && text_[at_] == '}')
      return ++at_, true;
    while (true) {
      skipSpace();
      if (at_ >= text_.size() || text_[at_] != '"')
        return fail("expected a member name in an object"), false;
      std::string name;
      if (!parseString(name))
        return false;
      skipSpace();
      if (at_ >= text_.size() || text_[at_] != ':')
        return fail("expected ':' after a member name"), false;
      ++at_;
      Value member;
      if (!parseValue(member, depth + 1))
        return false;
      // RFC 8259 leaves duplicate names to the reader; the first one wins, as in Clang's reader.
      value.members.emplace(std::move(name), std::move(member));
      skipSpace();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < text_.size() && text_[at_] == '}')
        return ++at_, true;
      return fail("expected ',' or '}' in an object"), false;
    }
  }

  std::string_view text_;
  const std::string &source_;
  std::size_t at_ = 0;
  std::optional<Error> error_;
};

} // namespace

Expected<Value> parse(std::string_view text, const std::string &source) {
  return Parser(text, source).document();
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
        out += escape;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

void Writer::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (levels_.empty())
    return;
  Level &level = levels_.back();
  if (!level.empty)
    out_ += ',';
  if (level.inlineLayout)
    out_ += level.empty ? "" : " ";
  else
    out_ += '\n' + std::string(2 * levels_.size(), ' ');
  level.empty = false;
}

void Writer::beginObject(bool inlineLayout) {
  beforeValue();
  out_ += '{';
  levels_.push_back({inlineLayout || (!levels_.empty() && levels_.back().inlineLayout)});
}

void Writer::beginArray(bool inlineLayout) {
  beforeValue();
  out_ += '[';
  levels_.push_back({inlineLayout || (!levels_.empty() && levels_.back().inlineLayout)});
}

void Writer::close(char bracket) {
  const Level level = levels_.back();
  levels_.pop_back();
  if (!level.empty && !level.inlineLayout)
    out_ += '\n' + std::string(2 * levels_.size(), ' ');
  out_ += bracket;
}

void Writer::endObject() { close('}'); }
void Writer::endArray() { close(']'); }

void Writer::key(std::string_view name) {
  beforeValue();
  out_ += quote(name) + ": ";
  afterKey_ = true;
}

void Writer::value(std::string_view text) {
  beforeValue();
  out_ += quote(text);
}

void Writer::value(bool flag) {
  beforeValue();
  out_ += flag ? "true" : "false";
}

void Writer::value(std::size_t number) {
  beforeValue();
  out_ += std::to_string(number);
}

void Writer::value(double number, int decimals) {
  beforeValue();
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, number);
  out_ += text;
}

std::string Writer::finish() { return std::move(out_) + "\n"; }

} // namespace qiao::translate::json
