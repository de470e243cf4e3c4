#include "ExpectedFailures.h"

#include <fstream>
#include <sstream>

namespace qiao::conform {

ExpectedFailures ExpectedFailures::parse(const std::string &text,
                                         const std::set<std::string> &knownPrograms,
                                         std::vector<std::string> &errors) {
  ExpectedFailures list;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const size_t hash = line.find('#');
    if (hash != std::string::npos)
      line.erase(hash);
    std::istringstream fields(line);
    std::string program, mode, reason;
    if (!(fields >> program))
      continue;
    const std::string where = "expected-failures.txt:" + std::to_string(number) + ": ";
    fields >> mode;
    std::getline(fields >> std::ws, reason);
    while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\r'))
      reason.pop_back();
    const std::vector<std::string> modes = splitList(mode);
    bool valid = !modes.empty();
    for (const std::string &one : modes)
      if (one != "*" && !parseMode(one)) {
        errors.push_back(where + "'" + one +
                         "' is not a mode (shim, shim-static, translated, "
                         "native or *)");
        valid = false;
      }
    if (!valid)
      continue;
    if (reason.empty()) {
      errors.push_back(where + program + " " + mode + " gives no reason");
      continue;
    }
    if (!knownPrograms.count(program)) {
      errors.push_back(where + "no program " + program + " in the suite");
      continue;
    }
    for (const std::string &one : modes)
      if (!list.entries_.emplace(std::make_pair(program, one), reason).second)
        errors.push_back(where + program + " " + one + " is listed twice");
  }
  return list;
}

ExpectedFailures ExpectedFailures::load(const std::filesystem::path &file,
                                        const std::set<std::string> &knownPrograms,
                                        std::vector<std::string> &errors) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return {};
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), knownPrograms, errors);
}

std::optional<std::string> ExpectedFailures::reason(const std::string &programId, Mode mode) const {
  auto it = entries_.find({programId, std::string(modeName(mode))});
  if (it == entries_.end())
    it = entries_.find({programId, "*"});
  if (it == entries_.end())
    return std::nullopt;
  return it->second;
}

} // namespace qiao::conform
