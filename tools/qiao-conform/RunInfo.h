// What a report says about the run itself: where, when, with which Qiao, and how.
#pragma once

#include "CaseResult.h"

#include <string>
#include <vector>

namespace qiao::conform {

struct RunInfo {
  std::string qiaoVersion;
  std::string machine; // host name, CPU, cores, kernel
  std::string date;    // UTC, ISO 8601
  std::string modes;   // as given
  std::string execs;
  double seconds = 0;
  bool multipleExecs = false; // columns carry the backend ("shim/jit")
};

RunInfo describeRun(const std::string &modes, const std::vector<std::string> &execs);

} // namespace qiao::conform
