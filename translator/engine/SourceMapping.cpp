#include "SourceMapping.h"

#include "clang/AST/DeclBase.h"

namespace qiao::translate {

SourceMapping::SourceMapping(const clang::SourceManager &sm, clang::FileID main,
                             std::vector<std::string> cudaHeaderDirs)
    : sm_(sm), main_(main), cudaDirs_(std::move(cudaHeaderDirs)) {
  for (std::string &dir : cudaDirs_)
    if (!dir.empty() && dir.back() != '/')
      dir += '/';
}

std::optional<std::size_t> SourceMapping::spelledInMain(clang::SourceLocation loc) const {
  if (loc.isInvalid())
    return std::nullopt;
  const clang::SourceLocation spelling = sm_.getSpellingLoc(loc);
  auto [file, offset] = sm_.getDecomposedLoc(spelling);
  if (file != main_)
    return std::nullopt;
  return offset;
}

std::optional<std::size_t> SourceMapping::writtenInMain(clang::SourceLocation loc) const {
  if (loc.isInvalid() || loc.isMacroID())
    return std::nullopt;
  auto [file, offset] = sm_.getDecomposedLoc(loc);
  if (file != main_)
    return std::nullopt;
  return offset;
}

bool SourceMapping::expandsInMain(clang::SourceLocation loc) const {
  if (loc.isInvalid())
    return false;
  return sm_.getFileID(sm_.getExpansionLoc(loc)) == main_;
}

bool SourceMapping::isCudaHeader(clang::SourceLocation loc) const {
  if (loc.isInvalid())
    return false;
  const clang::FileID file = sm_.getFileID(sm_.getSpellingLoc(loc));
  auto cached = cudaFileCache_.find(file.getHashValue());
  if (cached != cudaFileCache_.end())
    return cached->second;
  bool cuda = false;
  if (auto entry = sm_.getFileEntryRefForID(file)) {
    const llvm::StringRef name = entry->getName();
    // Clang's own CUDA support headers declare the builtin variables (threadIdx, ...).
    cuda = name.contains("/__clang_cuda_");
    for (const std::string &dir : cudaDirs_)
      cuda = cuda || name.starts_with(dir);
  }
  cudaFileCache_[file.getHashValue()] = cuda;
  return cuda;
}

bool SourceMapping::isCudaDecl(const clang::Decl *decl) const {
  return decl && isCudaHeader(decl->getLocation());
}

} // namespace qiao::translate
