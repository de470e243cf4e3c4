// Where Clang's source locations fall for the translator: in the file being translated (as byte
// offsets into its original text) or in a CUDA declaration header (so that a name resolved
// there is CUDA's, and one resolved elsewhere is the user's).
#pragma once

#include "clang/Basic/SourceManager.h"

namespace clang {
class Decl;
}

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace qiao::translate {

class SourceMapping {
public:
  // The file being translated is the main file, or, when target is given, that file wherever
  // the main file includes it (each inclusion is a FileID of its own).
  SourceMapping(const clang::SourceManager &sm, clang::FileID main,
                std::vector<std::string> cudaHeaderDirs, const clang::FileEntry *target = nullptr);

  // The offset in the main file where the token at loc is spelled (through macro arguments and
  // macro bodies defined in the main file); nullopt when it is spelled elsewhere.
  std::optional<std::size_t> spelledInMain(clang::SourceLocation loc) const;
  // The offset of a location written directly in the main file (not from a macro).
  std::optional<std::size_t> writtenInMain(clang::SourceLocation loc) const;
  // True when loc comes from the main file by macro expansion (expansion point in the file).
  bool expandsInMain(clang::SourceLocation loc) const;

  bool isCudaHeader(clang::SourceLocation loc) const;
  bool isCudaDecl(const clang::Decl *decl) const;

  const clang::SourceManager &sourceManager() const { return sm_; }

private:
  const clang::SourceManager &sm_;
  clang::FileID main_;
  const clang::FileEntry *target_;
  std::vector<std::string> cudaDirs_;
  bool inCudaToolkit(llvm::StringRef file) const;
  bool isTranslated(clang::FileID file) const;

  mutable std::unordered_map<unsigned, bool> cudaFileCache_;
  mutable std::unordered_map<std::string, bool> toolkitDirCache_;
};

} // namespace qiao::translate
