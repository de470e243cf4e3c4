// conformance/expected-failures.txt: the known gaps. One entry a line,
//   area/name  MODE  reason...
// MODE is shim, shim-static, translated, native, a comma-separated list of them, or * (every
// mode); `#` starts a comment. A listed
// case that fails is an expected failure; one that passes fails the run, so the list stays true.
#pragma once

#include "Mode.h"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace qiao::conform {

class ExpectedFailures {
public:
  // Parse errors name the line. knownPrograms: ids of the suite's programs (an entry for any other
  // program is an error: the list must not outlive what it describes).
  static ExpectedFailures parse(const std::string &text, const std::set<std::string> &knownPrograms,
                                std::vector<std::string> &errors);
  static ExpectedFailures load(const std::filesystem::path &file,
                               const std::set<std::string> &knownPrograms,
                               std::vector<std::string> &errors);

  // The reason when programId is expected to fail in mode.
  std::optional<std::string> reason(const std::string &programId, Mode mode) const;
  size_t size() const { return entries_.size(); }

private:
  // (program, mode name or "*") -> reason
  std::map<std::pair<std::string, std::string>, std::string> entries_;
};

} // namespace qiao::conform
