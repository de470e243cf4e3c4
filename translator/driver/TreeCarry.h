// The files of an input tree that are not translated, written into the output tree so that it
// builds where it stands: copies (permissions kept) and symbolic links (recreated).
#pragma once

#include "InputSet.h"
#include "OutputPlan.h"

#include <filesystem>
#include <string>
#include <vector>

namespace qiao::translate {

struct CarryRecord {
  std::filesystem::path input;
  std::filesystem::path output;
  CarryKind kind = CarryKind::Copy;
  bool written = false;
};

struct CarryResult {
  std::vector<CarryRecord> records;
  std::vector<Diagnostic> diagnostics; // a copy or link that could not be written (QT1005)
  std::size_t copied = 0, links = 0, failed = 0;
};

// Writes every carried file under plan.out. A link into the tree leads to the same file's place
// in the output tree (a .cu file's .cpp), relative; any other link says what it said.
CarryResult carryFiles(const std::vector<Carried> &carried, const OutputPlan &plan);

} // namespace qiao::translate
