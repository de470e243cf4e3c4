// The verdict on one program in one mode (and, for modes on the PTX engine, one QIAO_EXEC).
#pragma once

#include "Mode.h"
#include "Program.h"

#include <string>
#include <string_view>

namespace qiao::conform {

enum class Status {
  Pass,
  Fail,           // wrong exit code or output
  Timeout,        // killed at its time limit
  Crash,          // ended by a signal
  BuildError,     // could not be built for this mode
  Skip,           // the mode cannot run here (native without an NVIDIA driver)
  ExpectedFail,   // failed, and expected-failures.txt says why
  UnexpectedPass, // passed although expected-failures.txt lists it: the list is stale
};

inline constexpr Status kAllStatuses[] = {
    Status::Pass,       Status::Fail, Status::Timeout,      Status::Crash,
    Status::BuildError, Status::Skip, Status::ExpectedFail, Status::UnexpectedPass};

std::string_view statusName(Status status); // "pass", "fail", "timeout", ... "xfail", "xpass"
// Statuses that make the run fail.
bool isProblem(Status status);

struct CaseResult {
  const Program *program = nullptr;
  Mode mode = Mode::Shim;
  std::string exec; // QIAO_EXEC it ran with; empty where it does not apply
  Status status = Status::Skip;
  std::string message; // one line: why it is not a pass
  std::string details; // build log, or the run's output
  double seconds = 0;

  // The matrix column: "shim", or "shim/jit" when several backends ran.
  std::string column(bool withExec) const {
    return std::string(modeName(mode)) + (withExec && !exec.empty() ? "/" + exec : "");
  }
};

} // namespace qiao::conform
