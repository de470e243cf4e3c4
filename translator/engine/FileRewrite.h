// The rewriting of one file: its original text, the edits decided for it, and the account of
// every CUDA name met. The Clang passes (AST, preprocessor) and the token sweep all go through
// renameAt(), so a name is decided once, wherever it was first seen, by the same rules.
#pragma once

#include "EditList.h"
#include "Translation.h"

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qiao::translate {

class FileRewrite {
public:
  FileRewrite(const mappings::MappingDatabase &db, std::string target, std::string fileName,
              std::string text);

  const std::string &text() const { return text_; }
  const std::string &fileName() const { return fileName_; }
  EditList &edits() { return edits_; }

  // A CUDA name at `offset` (the first byte of its token in the original text). Applies the
  // mapping set: renames it, or marks it unsupported, or reports it unknown. A second call for
  // the same offset does nothing, so passes may overlap.
  void renameAt(std::size_t offset, std::string_view name, Method method);
  // An #include of `header` whose "..." or <...> spelling is [nameOffset, nameOffset+length);
  // hashOffset is where the directive starts (for a marker comment).
  void includeAt(std::size_t hashOffset, std::size_t nameOffset, std::size_t length,
                 std::string_view header, Method method);
  // A name that Clang resolved to a user declaration: the token sweep must leave it alone.
  void protect(std::size_t offset) { protected_.insert(offset); }
  bool isDecided(std::size_t offset) const {
    return decided_.count(offset) != 0 || protected_.count(offset) != 0 || edits_.covers(offset);
  }
  void markDecided(std::size_t offset) { decided_.insert(offset); }

  // True when the mapping set has something to do for this name (rename or mark).
  bool needsAction(std::string_view name) const;
  const mappings::Record *record(std::string_view name) const { return db_.find(name); }
  std::optional<mappings::Resolved> lookup(std::string_view name) const {
    return db_.lookup(name, target_);
  }
  const std::string &target() const { return target_; }

  // Leaves an unsupported name or construct in place behind a marker comment at markAt (the
  // name, the # of an include, the callee of a launch), and reports it (QT2001).
  void markUnsupported(std::size_t markAt, std::size_t offset, std::string_view name, Method method,
                       const std::string &spelled);
  // Whether the marker of `name` ends right before markAt (a second run's input).
  bool markedUnsupported(std::size_t markAt, std::string_view name) const;
  void diagnose(std::string_view id, std::size_t offset, std::string message);
  void diagnoseFile(std::string_view id, std::string message);
  void addReference(std::string_view name, std::size_t offset, bool converted, Method method,
                    std::string_view family = {});

  // Inactive preprocessor branches, from the preprocessor pass.
  void addSkippedRange(std::size_t begin, std::size_t end);
  bool isSkipped(std::size_t offset) const;

  // What the file needs from Qiao's headers, found by the passes.
  bool hasDeviceCode = false;
  bool usesRuntime = false;
  std::vector<std::size_t> includeLineStarts; // active #include directives, in order
  std::set<std::string> includedHeaders;      // as written, after mapping

  Location locationOf(std::size_t offset) const;
  FileResult finish(std::filesystem::path input);

private:
  const mappings::MappingDatabase &db_;
  std::string target_;
  std::string fileName_;
  std::string text_;
  std::vector<std::size_t> lineStarts_;
  EditList edits_;
  std::set<std::size_t> decided_;
  std::set<std::size_t> protected_;
  std::map<std::size_t, std::size_t> skipped_; // begin -> end, disjoint (merged on insertion)
  std::vector<Reference> references_;
  std::vector<Diagnostic> diagnostics_;
  std::set<std::pair<std::string, std::size_t>> diagnosed_;
};

// The diagnostic table (Diagnostics.def): severity and summary for an ID.
struct DiagnosticInfo {
  std::string_view id;
  Severity severity;
  std::string_view summary;
};
const DiagnosticInfo *findDiagnostic(std::string_view id);

// Names that look like CUDA API names (cudaX, cuX, CUDA_X, CU_X, CUx types): what the AST pass
// reports as unknown when the database lacks them.
bool looksLikeCudaName(std::string_view name);

} // namespace qiao::translate
