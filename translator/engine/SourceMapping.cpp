#include "SourceMapping.h"

#include "clang/AST/DeclBase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace qiao::translate {

SourceMapping::SourceMapping(const clang::SourceManager &sm, clang::FileID main,
                             std::vector<std::string> cudaHeaderDirs,
                             const clang::FileEntry *target)
    : sm_(sm), main_(main), target_(target), cudaDirs_(std::move(cudaHeaderDirs)) {
  for (std::string &dir : cudaDirs_)
    if (!dir.empty() && dir.back() != '/')
      dir += '/';
}

bool SourceMapping::isTranslated(clang::FileID file) const {
  if (!target_)
    return file == main_;
  const clang::OptionalFileEntryRef entry = sm_.getFileEntryRefForID(file);
  return entry && &entry->getFileEntry() == target_;
}

std::optional<std::size_t> SourceMapping::spelledInMain(clang::SourceLocation loc) const {
  if (loc.isInvalid())
    return std::nullopt;
  const clang::SourceLocation spelling = sm_.getSpellingLoc(loc);
  auto [file, offset] = sm_.getDecomposedLoc(spelling);
  if (!isTranslated(file))
    return std::nullopt;
  return offset;
}

std::optional<std::size_t> SourceMapping::writtenInMain(clang::SourceLocation loc) const {
  if (loc.isInvalid() || loc.isMacroID())
    return std::nullopt;
  auto [file, offset] = sm_.getDecomposedLoc(loc);
  if (!isTranslated(file))
    return std::nullopt;
  return offset;
}

bool SourceMapping::expandsInMain(clang::SourceLocation loc) const {
  if (loc.isInvalid())
    return false;
  return isTranslated(sm_.getFileID(sm_.getExpansionLoc(loc)));
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
    if (!cuda)
      cuda = inCudaToolkit(name);
  }
  cudaFileCache_[file.getHashValue()] = cuda;
  return cuda;
}

// A header of an NVIDIA toolkit the system happens to have on its include path (Debian's
// nvidia-cuda-dev, or /usr/local/include links into /usr/local/cuda): its real directory, or
// one above it, holds cuda_runtime_api.h.
bool SourceMapping::inCudaToolkit(llvm::StringRef file) const {
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(file, real))
    return false;
  llvm::StringRef dir = llvm::sys::path::parent_path(real);
  for (int up = 0; up < 3 && !dir.empty(); ++up, dir = llvm::sys::path::parent_path(dir)) {
    auto [cached, inserted] = toolkitDirCache_.try_emplace(dir.str(), false);
    if (inserted) {
      llvm::SmallString<256> probe(dir);
      llvm::sys::path::append(probe, "cuda_runtime_api.h");
      cached->second = llvm::sys::fs::exists(probe);
    }
    if (cached->second)
      return true;
  }
  return false;
}

bool SourceMapping::isCudaDecl(const clang::Decl *decl) const {
  return decl && isCudaHeader(decl->getLocation());
}

} // namespace qiao::translate
