// Compares what a program printed with what its sidecar expects.
#pragma once

#include "Program.h"

#include <string>
#include <vector>

namespace qiao::conform {

std::vector<std::string> splitLines(const std::string &text);

// Empty when stdout is exactly the expected lines (sorted groups in any order); otherwise the
// first difference, e.g. "line 3: expected 'sum 10', got 'sum 9'".
std::string firstStdoutDifference(const std::vector<ExpectedLine> &expected,
                                  const std::string &stdoutText);

// Empty when every text occurs within some line of stderr; otherwise names the first missing one.
std::string missingStderrText(const std::vector<std::string> &texts, const std::string &stderrText);

} // namespace qiao::conform
