// What keeps qiao-translate from destroying its own input: an output that is an input is refused
// (the user asks for --in-place, which keeps FILE.orig), and a translated tree carries a marker
// file so that a later run over the tree it was written into leaves it alone.
#pragma once

#include "InputSet.h"
#include "OutputPlan.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace qiao::translate {

// The file a translated tree's root holds (a hidden file: the tree stays the project's).
inline constexpr const char *kOutputMarker = ".qiao-translate-output";

// A message naming the first input that the plan would overwrite, or a directory given as input
// that is also the output directory; nullopt when no output is an input.
std::optional<std::string> findOverwrite(const OutputPlan &plan, const std::vector<Input> &inputs,
                                         const std::vector<std::string> &given);

// Writes the marker into the output tree's root. Returns an error message, or nullopt.
std::optional<std::string> markOutputTree(const std::filesystem::path &root);

// True when dir is the root of a tree an earlier run wrote.
bool isOutputTree(const std::filesystem::path &dir);

// Two paths that name one file or directory (existing or not).
bool samePath(const std::filesystem::path &a, const std::filesystem::path &b);

} // namespace qiao::translate
