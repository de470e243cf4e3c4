#include "IncludeScan.h"

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <system_error>

namespace qiao::translate {

namespace fs = std::filesystem;

namespace {

fs::path canonicalOrEmpty(const fs::path &path) {
  std::error_code ec;
  fs::path c = fs::canonical(path, ec);
  return ec ? fs::path() : c;
}

struct IncludeDirective {
  std::string name;
  bool quoted = false;
};

std::vector<IncludeDirective> includeDirectives(const fs::path &file) {
  static const std::regex directive(R"(^\s*#\s*include\s*([<"])([^">]+)[">])");
  std::vector<IncludeDirective> found;
  std::ifstream in(file, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    std::smatch match;
    if (std::regex_search(line, match, directive))
      found.push_back({match.str(2), match.str(1) == "\""});
  }
  return found;
}

} // namespace

void findIncluders(InputSet &set, const std::vector<std::string> &includeDirs) {
  std::map<fs::path, std::size_t> byPath;
  for (std::size_t i = 0; i < set.inputs.size(); ++i)
    if (set.inputs[i].kind == InputKind::Source)
      if (fs::path c = canonicalOrEmpty(set.inputs[i].path); !c.empty())
        byPath.emplace(c, i);
  std::vector<std::string> searched = includeDirs;
  for (const std::string &dir : headerDirectories(set))
    searched.push_back(dir);

  std::vector<std::vector<std::size_t>> includers(set.inputs.size());
  for (const auto &[path, i] : byPath) {
    for (const IncludeDirective &include : includeDirectives(set.inputs[i].path)) {
      std::vector<fs::path> candidates;
      if (include.quoted)
        candidates.push_back(path.parent_path() / include.name);
      for (const std::string &dir : searched)
        candidates.push_back(fs::path(dir) / include.name);
      for (const fs::path &candidate : candidates) {
        const fs::path found = canonicalOrEmpty(candidate);
        if (found.empty())
          continue;
        auto it = byPath.find(found);
        if (it != byPath.end() && it->second != i)
          includers[it->second].push_back(i);
        break; // the first that exists is the one the compiler takes
      }
    }
  }
  for (std::size_t i = 0; i < set.inputs.size(); ++i) {
    if (includers[i].empty())
      continue;
    // Up the chain to a file nobody includes; a cycle stops at the last file not yet seen.
    std::set<std::size_t> seen{i};
    std::size_t top = i;
    for (bool climbed = true; climbed;) {
      climbed = false;
      for (std::size_t parent : includers[top])
        if (seen.insert(parent).second) {
          top = parent;
          climbed = true;
          break;
        }
    }
    if (top != i)
      set.inputs[i].includer = set.inputs[top].path;
  }
}

} // namespace qiao::translate
