// What qiao-translate is asked to translate: files and directory trees (source files by
// extension, build-system files by name), or the files of a compile_commands.json.
#pragma once

#include "Translation.h"

#include <filesystem>
#include <string>
#include <vector>

namespace qiao::translate {

enum class InputKind { Source, CMake, Makefile };

struct Input {
  std::filesystem::path path;
  std::filesystem::path root; // the directory given on the command line (tree inputs)
  InputKind kind = InputKind::Source;
  std::vector<std::string> compileArgs; // from compile_commands.json, else empty
  // Where root's files go under -o OUT: OUT itself for one input; with several, each input's
  // own directory, named after it (OUT/src, OUT/tests...; OUT/a/src and OUT/b/src when two
  // inputs share a name), so that no input's files land on another's.
  std::filesystem::path prefix;
  // A file that #includes this one (IncludeScan.h), in whose place it is translated; empty for
  // a file translated on its own.
  std::filesystem::path includer;
};

// A file of an input tree that is not translated but belongs in the output tree, so that the
// output builds where it stands: data files, scripts, .c files, documentation; symbolic links.
enum class CarryKind {
  Copy, // copied with its permissions (a script stays executable)
  Link, // a symbolic link recreated: into the tree, dangling, or to a directory outside it
};

struct Carried {
  std::filesystem::path path;
  std::filesystem::path root;
  std::filesystem::path prefix;
  CarryKind kind = CarryKind::Copy;
  // A link: the file it leads to, canonical, when that is inside root (the new link leads to the
  // same file's place in the output tree); else what the link says, written back as it is.
  std::filesystem::path linkTarget;
  bool linkIntoTree = false;
};

struct InputSet {
  std::vector<Input> inputs;
  std::vector<Carried> carried;
  // About the tree rather than one file's translation: links and files left out (QT1005,
  // QT1006), and what reading a link through means.
  std::vector<Diagnostic> diagnostics;
  std::size_t leftOut = 0;          // files of a tree not carried at all (QT1005)
  std::vector<std::string> errors;  // paths that do not exist or are no files, unreadable databases
  std::vector<std::string> skipped; // directories left out of a walk, and why
};

// Sources: .cu .cuh .h .hpp .cpp .cc .cxx. Build files: CMakeLists.txt, *.cmake, Makefile,
// makefile, GNUmakefile, *.mk, and any file a Makefile of the tree includes (make.config).
// Every other file of a tree is carried (copied). Directories are walked recursively, in name
// order; inside them, `output` (this run's -o), trees an earlier run wrote (OutputSafety.h) and
// version-control directories (.git, .svn, .hg) are skipped, so that `qiao-translate src -o
// src/ported` never translates its own output. A symbolic link is never walked through: one to a
// file outside the tree is read as that file (translated or copied at the link's place), any
// other is carried as a link. A path given twice, or inside another path given, is read once.
InputSet collectInputs(const std::vector<std::string> &paths,
                       const std::filesystem::path &output = {});
// The source files of BUILD_DIR/compile_commands.json with their arguments.
InputSet collectCompileCommands(const std::filesystem::path &buildDir);

InputKind classify(const std::filesystem::path &path, bool *isInput);

// The directories of the header files (.h .cuh .hpp) among the inputs, absolute, in name order,
// each once.
std::vector<std::string> headerDirectories(const InputSet &set);

} // namespace qiao::translate
