// One conformance program: conformance/<area>/<name>.cu and what its sidecar (the comment block
// at its top, conformance/README.md) says it must do.
#pragma once

#include "Mode.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace qiao::conform {

// One expected line of standard output. Consecutive `sorted` lines form a group that must match
// the same number of output lines in any order (blocks that print concurrently).
struct ExpectedLine {
  std::string text;
  bool sorted = false;
};

struct Program {
  std::string area;                         // the directory under conformance/
  std::string name;                         // the file name without .cu
  std::filesystem::path source;             // absolute
  std::vector<std::filesystem::path> parts; // sources= : more translation units, absolute
  std::vector<std::string> tags;
  std::set<Mode> modes; // where it applies (default: all)
  double timeoutSeconds = 30;
  int exitCode = 0;
  std::vector<std::string> nvccFlags;   // nvcc= : for compiling and linking the nvcc build
  std::vector<std::string> libraries;   // libs= : linked as -lNAME (nvcc and qiao-c++ builds)
  std::vector<std::string> environment; // env= : NAME=VALUE settings for every run
  std::vector<ExpectedLine> stdoutLines;
  std::vector<std::string> stderrTexts; // each must occur within some line of stderr

  std::string id() const { return area + "/" + name; }
};

// Reads the sidecar from the leading `//` comment lines of text. Returns an error message naming
// the line, or an empty string.
std::string parseSidecar(const std::string &text, Program &program);

} // namespace qiao::conform
