// Where each translated file goes. `-o OUT`: OUT itself for a single file input, else the same
// tree under OUT (paths relative to the directory given; with several inputs, under each one's
// own directory, Input::prefix). A .cu file becomes .cpp (what qiao-c++
// builds as C++); every other file, headers included, keeps its name, so includes still
// resolve. --in-place: the file itself, the original kept beside it as FILE.orig.
#pragma once

#include "InputSet.h"

#include <filesystem>
#include <optional>
#include <string>

namespace qiao::translate {

struct OutputPlan {
  std::filesystem::path out; // -o, or empty
  bool inPlace = false;
  bool singleFile = false; // one file input and -o names a file
};

std::filesystem::path translatedName(const std::filesystem::path &path);
std::filesystem::path outputFor(const OutputPlan &plan, const Input &input);
// The same for any file of a tree given with its root and the prefix of its input.
std::filesystem::path outputFor(const OutputPlan &plan, const std::filesystem::path &path,
                                const std::filesystem::path &root,
                                const std::filesystem::path &prefix);

// Writes text to path (parents created). For in-place output the original is first kept as
// PATH.orig, never overwriting an existing backup. Returns an error message, or nullopt.
std::optional<std::string> writeOutput(const std::filesystem::path &path, const std::string &text,
                                       bool keepBackup);

} // namespace qiao::translate
