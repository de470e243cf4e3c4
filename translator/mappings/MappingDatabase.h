// The translator's mapping database: one record per CUDA name, read from translator/mappings/*.xml.
// The XML is the source of truth (tools/gen_mappings.py drafts it, people review it); this library
// only loads, validates and answers lookups, so a new target is a data change, not a code change.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace qiao::mappings {

enum class Kind { Function, Type, Enum, EnumConstant, Macro, Header, DeviceFunction };
enum class Status { Supported, Unsupported };

// Spellings as they appear in the XML; parse* return nullopt for anything else.
std::string_view toString(Kind kind);
std::string_view toString(Status status);
std::optional<Kind> parseKind(std::string_view text);
std::optional<Status> parseStatus(std::string_view text);

// The API families a record may name. A closed list, so that a typo in the XML is an error and
// the --list-mappings report cannot silently grow a family of one.
const std::vector<std::string_view> &knownFamilies();

struct Target {
  std::string name; // empty when the target has no counterpart
  Status status = Status::Unsupported;
};

struct Record {
  std::string cuda;
  Kind kind = Kind::Function;
  std::string family;
  std::string library; // the file's library attribute: runtime, driver, device, headers
  // CUDA versions where known; deprecated may be "yes" when the headers mark a name deprecated
  // without saying since when.
  std::string since, deprecated, removed;
  std::map<std::string, Target, std::less<>> targets;
  std::string file;
  int line = 0;
};

// One problem found while loading, with where it is.
struct Error {
  std::string file;
  int line = 0; // 0 when the problem concerns the whole file
  std::string message;
  std::string str() const; // "file:line: message"
};

// A value or the errors that prevented it (errors are values: nothing here throws or aborts).
template <typename T> class Expected {
public:
  Expected(T value) : v_(std::move(value)) {}
  Expected(std::vector<Error> errors) : v_(std::move(errors)) {}
  explicit operator bool() const { return std::holds_alternative<T>(v_); }
  T &operator*() { return std::get<T>(v_); }
  const T &operator*() const { return std::get<T>(v_); }
  T *operator->() { return &std::get<T>(v_); }
  const T *operator->() const { return &std::get<T>(v_); }
  const std::vector<Error> &errors() const { return std::get<std::vector<Error>>(v_); }

private:
  std::variant<T, std::vector<Error>> v_;
};

struct Counts {
  std::size_t supported = 0;
  std::size_t unsupported = 0;
  std::size_t total() const { return supported + unsupported; }
};

// A record resolved for one target.
struct Resolved {
  const Record *record = nullptr;
  const Target *target = nullptr;
};

class MappingDatabase {
public:
  // Loads every *.xml directly in `dir`, in name order.
  static Expected<MappingDatabase> loadDirectory(const std::filesystem::path &dir);
  // Loads the given files; each is validated, and names must be unique across all of them.
  static Expected<MappingDatabase> loadFiles(const std::vector<std::filesystem::path> &files);

  const Record *find(std::string_view cuda) const;
  // The record and its target entry; nullopt when the name is unknown or the record has no
  // entry for `target`.
  std::optional<Resolved> lookup(std::string_view cuda, std::string_view target) const;

  // family -> supported/unsupported counts for one target, families in name order.
  std::map<std::string, Counts> countsByFamily(std::string_view target) const;
  Counts totals(std::string_view target) const;

  // The targets every file declared (union), in name order.
  std::vector<std::string> targets() const;
  const std::vector<Record> &records() const { return records_; }
  std::size_t size() const { return records_.size(); }

private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<Record> records_;
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> byName_;
};

} // namespace qiao::mappings
