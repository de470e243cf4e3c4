// Finds the conformance programs: every <root>/<area>/<name>.cu one level below an area directory
// (deeper files are parts of multi-file programs, the PTX suite's kernels and such).
#pragma once

#include "Program.h"

#include <filesystem>
#include <string>
#include <vector>

namespace qiao::conform {

struct Suite {
  std::vector<Program> programs;   // by id
  std::vector<std::string> errors; // programs whose sidecar is wrong: "area/name.cu: line 2: ..."
};

Suite loadSuite(const std::filesystem::path &root);

} // namespace qiao::conform
