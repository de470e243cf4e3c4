// Just enough JSON for the driver: a reader for compile_commands.json and a writer for --report.
// Hand-written rather than a new dependency; both follow RFC 8259 (strings are UTF-8, the writer
// escapes what the RFC requires and nothing else, so non-ASCII text passes through unchanged).
#pragma once

#include "DriverResult.h"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::translate::json {

// A parsed value. Objects keep their members in name order; numbers keep their spelling (the
// driver reads none, and a spelling loses nothing).
struct Value {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  std::string text; // String: the decoded text; Number: the spelling
  std::vector<Value> items;
  std::map<std::string, Value, std::less<>> members;

  const Value *member(std::string_view name) const; // nullptr when absent or not an object
  bool isString() const { return type == Type::String; }
};

// Errors name `source` and the line of the problem.
Expected<Value> parse(std::string_view text, const std::string &source);

// The quoted, escaped form of `text`.
std::string quote(std::string_view text);

// Writes pretty-printed JSON (two-space indent, "key": value) into a string. Containers on one
// line (`inline` true) suit short records; the caller decides.
class Writer {
public:
  void beginObject(bool inlineLayout = false);
  void endObject();
  void beginArray(bool inlineLayout = false);
  void endArray();
  void key(std::string_view name); // inside an object, before each value
  void value(std::string_view text);
  void value(const char *text) { value(std::string_view(text)); }
  void value(bool flag);
  void value(std::size_t number);
  void value(double number, int decimals); // fixed notation
  // The document, with a final newline.
  std::string finish();

private:
  struct Level {
    bool inlineLayout;
    bool empty = true;
  };
  void beforeValue();
  void close(char bracket);
  std::string out_;
  std::vector<Level> levels_;
  bool afterKey_ = false;
};

} // namespace qiao::translate::json
