#include "MappingDatabase.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <tinyxml2.h>

namespace qiao::mappings {
namespace {

constexpr std::array<std::pair<Kind, std::string_view>, 7> kKinds{{
    {Kind::Function, "function"},
    {Kind::Type, "type"},
    {Kind::Enum, "enum"},
    {Kind::EnumConstant, "enum-constant"},
    {Kind::Macro, "macro"},
    {Kind::Header, "header"},
    {Kind::DeviceFunction, "device-function"},
}};

constexpr std::array<std::pair<Status, std::string_view>, 2> kStatuses{{
    {Status::Supported, "supported"},
    {Status::Unsupported, "unsupported"},
}};

// A CUDA version ("12.4", "9.0") or "yes" for "deprecated, version not recorded".
bool isVersion(std::string_view text, bool allowYes) {
  if (allowYes && text == "yes")
    return true;
  bool digitSeen = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digitSeen = true;
    } else if (c == '.' && digitSeen && i + 1 < text.size()) {
      digitSeen = false;
    } else {
      return false;
    }
  }
  return digitSeen;
}

std::vector<std::string> splitWords(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;)
    words.push_back(word);
  return words;
}

// Reads and validates one file, appending records and errors. Never stops at the first error:
// a reviewer fixing the XML wants every problem in one run.
void loadFile(const std::filesystem::path &path, std::vector<Record> &records,
              std::vector<Error> &errors) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({file, 0, "cannot open file"});
    return;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  tinyxml2::XMLDocument doc;
  if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS) {
    errors.push_back(
        {file, doc.ErrorLineNum(),
         std::string("malformed XML: ") + tinyxml2::XMLDocument::ErrorIDToName(doc.ErrorID())});
    return;
  }
  const tinyxml2::XMLElement *root = doc.RootElement();
  if (root == nullptr || std::string_view(root->Name()) != "mappings") {
    errors.push_back({file, root ? root->GetLineNum() : 1, "root element must be <mappings>"});
    return;
  }
  const char *library = root->Attribute("library");
  const char *targetList = root->Attribute("targets");
  if (library == nullptr || *library == '\0')
    errors.push_back({file, root->GetLineNum(), "<mappings> lacks the library attribute"});
  std::vector<std::string> declared = splitWords(targetList ? targetList : "");
  if (declared.empty()) {
    errors.push_back({file, root->GetLineNum(), "<mappings> lacks the targets attribute"});
    return;
  }

  const auto &families = knownFamilies();
  for (const tinyxml2::XMLElement *entry = root->FirstChildElement(); entry != nullptr;
       entry = entry->NextSiblingElement()) {
    const int line = entry->GetLineNum();
    auto fail = [&](std::string message) { errors.push_back({file, line, std::move(message)}); };
    if (std::string_view(entry->Name()) != "entry") {
      fail(std::string("unexpected element <") + entry->Name() + ">");
      continue;
    }
    Record record;
    record.file = file;
    record.line = line;
    record.library = library ? library : "";
    const char *cuda = entry->Attribute("cuda");
    if (cuda == nullptr || *cuda == '\0') {
      fail("entry lacks the cuda attribute");
      continue;
    }
    record.cuda = cuda;
    const std::string who = "'" + record.cuda + "': ";
    bool ok = true;

    const char *kind = entry->Attribute("kind");
    if (auto parsed = parseKind(kind ? kind : "")) {
      record.kind = *parsed;
    } else {
      fail(who + "unknown kind '" + (kind ? kind : "") + "'");
      ok = false;
    }
    const char *family = entry->Attribute("family");
    if (family != nullptr &&
        std::find(families.begin(), families.end(), std::string_view(family)) != families.end()) {
      record.family = family;
    } else {
      fail(who + "unknown family '" + (family ? family : "") + "'");
      ok = false;
    }
    for (auto [attr, field, allowYes] : {std::tuple{"since", &record.since, false},
                                         std::tuple{"deprecated", &record.deprecated, true},
                                         std::tuple{"removed", &record.removed, false}}) {
      if (const char *value = entry->Attribute(attr)) {
        if (isVersion(value, allowYes)) {
          *field = value;
        } else {
          fail(who + "bad " + attr + " version '" + value + "'");
          ok = false;
        }
      }
    }

    for (const tinyxml2::XMLElement *t = entry->FirstChildElement(); t != nullptr;
         t = t->NextSiblingElement()) {
      auto failHere = [&](std::string message) {
        errors.push_back({file, t->GetLineNum(), std::move(message)});
        ok = false;
      };
      if (std::string_view(t->Name()) != "target") {
        failHere(who + "unexpected element <" + t->Name() + ">");
        continue;
      }
      const char *name = t->Attribute("name");
      if (name == nullptr || std::find(declared.begin(), declared.end(), name) == declared.end()) {
        failHere(who + "target '" + (name ? name : "") + "' is not among the file's targets");
        continue;
      }
      if (record.targets.count(name) != 0) {
        failHere(who + "target '" + name + "' given twice");
        continue;
      }
      Target target;
      const char *status = t->Attribute("status");
      if (auto parsed = parseStatus(status ? status : "")) {
        target.status = *parsed;
      } else {
        failHere(who + "unknown status '" + (status ? status : "") + "' for target '" + name + "'");
        continue;
      }
      if (const char *to = t->Attribute("to"))
        target.name = to;
      if (target.status == Status::Supported && target.name.empty()) {
        failHere(who + "target '" + name + "' is supported but names no target name");
        continue;
      }
      record.targets.emplace(name, std::move(target));
    }
    for (const auto &target : declared) {
      if (record.targets.count(target) == 0 && ok) {
        fail(who + "missing target '" + target + "'");
        ok = false;
      }
    }
    if (ok)
      records.push_back(std::move(record));
  }
}

} // namespace

std::string_view toString(Kind kind) {
  for (auto [k, s] : kKinds)
    if (k == kind)
      return s;
  return "?";
}

std::string_view toString(Status status) {
  for (auto [k, s] : kStatuses)
    if (k == status)
      return s;
  return "?";
}

std::optional<Kind> parseKind(std::string_view text) {
  for (auto [k, s] : kKinds)
    if (s == text)
      return k;
  return std::nullopt;
}

std::optional<Status> parseStatus(std::string_view text) {
  for (auto [k, s] : kStatuses)
    if (s == text)
      return k;
  return std::nullopt;
}

const std::vector<std::string_view> &knownFamilies() {
  static const std::vector<std::string_view> families{
      // host APIs (runtime and driver)
      "checkpoint", "context", "coredump", "data-type", "device", "entry-point", "error", "event",
      "graph", "interop", "launch", "memory", "memory-pool", "module", "occupancy", "peer",
      "profiler", "stream", "surface", "tensor", "texture", "version", "virtual-memory", "misc",
      // device code
      "atomic", "bfloat16", "complex", "half", "intrinsic", "low-precision", "math", "sync", "warp",
      // include rewrites
      "include"};
  return families;
}

std::string Error::str() const { return file + ":" + std::to_string(line) + ": " + message; }

Expected<MappingDatabase> MappingDatabase::loadDirectory(const std::filesystem::path &dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec)
    return std::vector<Error>{{dir.string(), 0, "cannot read directory: " + ec.message()}};
  for (const auto &entry : it) {
    if (entry.is_regular_file(ec) && entry.path().extension() == ".xml")
      files.push_back(entry.path());
  }
  if (files.empty())
    return std::vector<Error>{{dir.string(), 0, "no *.xml mapping files"}};
  std::sort(files.begin(), files.end());
  return loadFiles(files);
}

Expected<MappingDatabase>
MappingDatabase::loadFiles(const std::vector<std::filesystem::path> &files) {
  MappingDatabase db;
  std::vector<Error> errors;
  for (const auto &file : files)
    loadFile(file, db.records_, errors);
  db.byName_.reserve(db.records_.size());
  for (std::size_t i = 0; i < db.records_.size(); ++i) {
    const Record &record = db.records_[i];
    auto [it, inserted] = db.byName_.emplace(record.cuda, i);
    if (!inserted) {
      const Record &first = db.records_[it->second];
      errors.push_back({record.file, record.line,
                        "duplicate CUDA name '" + record.cuda + "' (first at " + first.file + ":" +
                            std::to_string(first.line) + ")"});
    }
  }
  if (!errors.empty())
    return errors;
  return db;
}

const Record *MappingDatabase::find(std::string_view cuda) const {
  auto it = byName_.find(cuda);
  return it == byName_.end() ? nullptr : &records_[it->second];
}

std::optional<Resolved> MappingDatabase::lookup(std::string_view cuda,
                                                std::string_view target) const {
  const Record *record = find(cuda);
  if (record == nullptr)
    return std::nullopt;
  auto it = record->targets.find(target);
  if (it == record->targets.end())
    return std::nullopt;
  return Resolved{record, &it->second};
}

std::map<std::string, Counts> MappingDatabase::countsByFamily(std::string_view target) const {
  std::map<std::string, Counts> counts;
  for (const Record &record : records_) {
    auto it = record.targets.find(target);
    if (it == record.targets.end())
      continue;
    Counts &c = counts[record.family];
    (it->second.status == Status::Supported ? c.supported : c.unsupported)++;
  }
  return counts;
}

Counts MappingDatabase::totals(std::string_view target) const {
  Counts total;
  for (const auto &[family, c] : countsByFamily(target)) {
    total.supported += c.supported;
    total.unsupported += c.unsupported;
  }
  return total;
}

std::vector<std::string> MappingDatabase::targets() const {
  std::set<std::string> names;
  for (const Record &record : records_)
    for (const auto &[name, target] : record.targets)
      names.insert(name);
  return {names.begin(), names.end()};
}

} // namespace qiao::mappings
