// The translator's engine interface: one source file in, its Qiao translation and an account of
// every CUDA name met out. qiao-translate's driver (inputs, -j, reports, diffs) sees only this
// header; the Clang machinery stays behind it.
#pragma once

#include "MappingDatabase.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::translate {

struct Location {
  std::string file;
  unsigned line = 0;   // 1-based; 0 when the finding concerns the whole file
  unsigned column = 0; // 1-based
};

// How a reference was converted, from most to least trustworthy.
enum class Method {
  Semantic,     // Clang resolved the name to a CUDA declaration (AST)
  Preprocessor, // an include directive, a macro expansion or a macro definition body
  Token,        // token-level fallback: inactive #if branch, or code Clang could not resolve
};

enum class Severity { Note, Warning, Error };

// A diagnostic with a stable ID (QT1001...), documented in translator/README.md.
struct Diagnostic {
  std::string id;
  Severity severity = Severity::Warning;
  Location where;
  std::string message;
};

// One occurrence of a CUDA name in the file.
struct Reference {
  std::string cudaName;
  std::string family; // the mapping database's API family ("memory", "stream", ...)
  Location where;
  bool converted = false;
  Method method = Method::Semantic;
};

struct FileResult {
  std::filesystem::path input;
  std::string original;
  std::string translated; // equal to original when nothing needed to change
  std::vector<Reference> references;
  std::vector<Diagnostic> diagnostics;
  bool parsedCleanly = true; // false: Clang reported errors, token fallback was used
  std::size_t changedLines = 0;
  double seconds = 0;
};

struct Options {
  std::string target = "qiao"; // a mapping set of the database (qiao, hip)
  std::vector<std::string> includeDirs;
  std::vector<std::string> defines;              // NAME or NAME=VALUE
  std::vector<std::string> extraArgs;            // after `--` on the command line
  std::filesystem::path cudaHeaders;             // headers/cuda (our declaration headers)
  std::optional<std::filesystem::path> cudaPath; // a user's CUDA toolkit, optional
};

class Translator {
public:
  Translator(const mappings::MappingDatabase &db, Options options);
  // compileArgs: the file's command from compile_commands.json (compiler and file removed), or
  // empty to use Options alone. includer: a file that #includes `file` (directly or through
  // others), parsed in its place so that `file` is seen with the declarations it relies on (a
  // .cu shared by inclusion rarely compiles alone); only `file` is rewritten. Never throws;
  // problems become diagnostics.
  FileResult translate(const std::filesystem::path &file,
                       const std::vector<std::string> &compileArgs = {},
                       const std::filesystem::path &includer = {}) const;

private:
  const mappings::MappingDatabase &db_;
  Options options_;
};

// Counts lines that differ between two texts (an LCS over lines, as diff counts them). Its time
// is the product of the lengths of the changed stretch: for a file with edits all over it, count
// region by region (EditList::changedRegions).
std::size_t countChangedLines(std::string_view before, std::string_view after);

} // namespace qiao::translate
