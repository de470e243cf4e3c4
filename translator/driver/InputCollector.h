// What qiao-translate is asked to translate. Inputs are files and directory trees (sources by
// extension, build-system files by name), or the files of a compile_commands.json with their
// arguments. The order is deterministic: command-line order, each tree in path order, a
// compilation database in path order; a file named twice is taken once.
#pragma once

#include "DriverResult.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::translate {

enum class InputKind { Source, CMake, Makefile };

struct Input {
  std::filesystem::path path;     // as given, or as found under a given directory
  std::filesystem::path relative; // below InputSet::root; the shape an output tree keeps
  InputKind kind = InputKind::Source;
  bool givenAsFile = false;             // named on the command line, not found in a tree
  std::vector<std::string> compileArgs; // from compile_commands.json, else empty
};

struct InputSet {
  std::vector<Input> inputs;
  // The deepest directory holding every input: a single directory given is its own root, a
  // single file's root is its directory.
  std::filesystem::path root;
};

// Sources: .cu .cuh .h .hpp .cpp .cc .cxx. Build files: CMakeLists.txt, *.cmake, Makefile,
// makefile, GNUmakefile, *.mk. Anything else: nullopt (not an input).
std::optional<InputKind> inputKind(const std::filesystem::path &path);

// Files and directories. Directories are walked recursively; hidden entries (.git...) and
// anything under `exclude` (an output tree inside the input tree) are skipped. A file given by
// name is taken whatever its extension: the user asked for it. Every missing path is an error.
Expected<InputSet> collectInputs(const std::vector<std::filesystem::path> &paths,
                                 const std::vector<std::filesystem::path> &exclude = {});

// BUILD_DIR/compile_commands.json: each source file once (its first entry), with its arguments.
Expected<InputSet> collectCompileCommands(const std::filesystem::path &buildDir);

// A compile command's words as a POSIX shell splits them (quotes and backslashes), which is
// how compile_commands.json's "command" is written.
std::vector<std::string> splitCommandLine(std::string_view command);

// The arguments that describe how to parse `file`: without the compiler (argv[0]), -c, -o X and
// the file itself; relative include paths made absolute against `directory`, since the
// translator does not run there.
std::vector<std::string> compileArguments(const std::vector<std::string> &argv,
                                          const std::filesystem::path &file,
                                          const std::filesystem::path &directory);

} // namespace qiao::translate
