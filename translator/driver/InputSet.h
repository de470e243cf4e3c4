// What qiao-translate is asked to translate: files and directory trees (source files by
// extension, build-system files by name), or the files of a compile_commands.json.
#pragma once

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
};

struct InputSet {
  std::vector<Input> inputs;
  std::vector<std::string> errors; // paths that do not exist or are no files, unreadable databases
  std::vector<std::string> skipped; // directories left out of a walk, and why
};

// Sources: .cu .cuh .h .hpp .cpp .cc .cxx. Build files: CMakeLists.txt, *.cmake, Makefile,
// makefile, GNUmakefile, *.mk. Directories are walked recursively, in name order; inside them,
// `output` (this run's -o) and trees an earlier run wrote (OutputSafety.h) are skipped, so that
// `qiao-translate src -o src/ported` never translates its own output.
InputSet collectInputs(const std::vector<std::string> &paths,
                       const std::filesystem::path &output = {});
// The source files of BUILD_DIR/compile_commands.json with their arguments.
InputSet collectCompileCommands(const std::filesystem::path &buildDir);

InputKind classify(const std::filesystem::path &path, bool *isInput);

// The directories of the header files (.h .cuh .hpp) among the inputs, absolute, in name order,
// each once.
std::vector<std::string> headerDirectories(const InputSet &set);

} // namespace qiao::translate
