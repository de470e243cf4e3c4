// The run's reports: the summary table on stdout, JUnit XML (one <testcase> per program and mode)
// and the self-contained HTML matrix.
#pragma once

#include "CaseResult.h"
#include "RunInfo.h"

#include <filesystem>
#include <string>
#include <vector>

namespace qiao::conform {

std::string summaryTable(const std::vector<CaseResult> &results, const RunInfo &info);

// Returns an error message, or an empty string.
std::string writeJUnit(const std::filesystem::path &file, const std::vector<CaseResult> &results,
                       const RunInfo &info);
std::string writeHtml(const std::filesystem::path &file, const std::vector<CaseResult> &results,
                      const RunInfo &info);

// The case's JUnit test name: the program, with the backend when several ran ("memcpy[jit]").
std::string junitName(const CaseResult &result, bool withExec);
std::string junitClassname(const CaseResult &result); // conformance.AREA.MODE

} // namespace qiao::conform
