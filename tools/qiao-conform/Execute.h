// Runs one built program in one mode and judges the run against its sidecar.
#pragma once

#include "Builder.h"
#include "CaseResult.h"
#include "ExpectedFailures.h"
#include "Process.h"

#include <filesystem>

namespace qiao::conform {

struct RunEnvironment {
  std::filesystem::path qiaoRun;
  bool nvidiaDriver = false; // native mode can run
};

// The verdict from a finished run alone (before expected-failures.txt is consulted).
void judgeRun(const Program &program, Mode mode, const ProcessResult &run, CaseResult &result);

// Builds nothing: takes the binary from builder, runs it, judges it, applies the expected
// failures.
CaseResult runCase(const Program &program, Mode mode, const std::string &exec,
                   const Builder &builder, const RunEnvironment &environment,
                   const ExpectedFailures &expectedFailures);

} // namespace qiao::conform
