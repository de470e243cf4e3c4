#include "AstRewriter.h"
#include "FileRewrite.h"
#include "PreprocessorRewriter.h"
#include "SourceMapping.h"
#include "TokenSweep.h"
#include "Translation.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#ifndef QIAO_CLANG_RESOURCE_DIR
#error "QIAO_CLANG_RESOURCE_DIR must name Clang's resource directory (builtin headers)"
#endif

namespace qiao::translate {

namespace {

// Counts Clang's errors and keeps the first one's text; warnings and notes are not ours to show.
class ErrorCounter : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic &info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error)
      return;
    if (isOurOwn(info)) {
      ++ours;
      return;
    }
    ++errors;
    if (!first.empty())
      return;
    llvm::SmallString<160> message;
    info.FormatDiagnostic(message);
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const clang::PresumedLoc where = info.getSourceManager().getPresumedLoc(info.getLocation());
      if (where.isValid())
        first = std::string(where.getFilename()) + ":" + std::to_string(where.getLine()) + ":" +
                std::to_string(where.getColumn()) + ": ";
    }
    first += message.str().str();
  }
  unsigned errors = 0;
  unsigned ours = 0; // errors our own headers cause (isOurOwn), not the program's
  std::string first;
  std::vector<std::string> cudaDirs; // where our declaration headers are

private:
  // The host-and-device region our declaration headers open (cuda_runtime.h) gives a kernel
  // implicit __device__ too, which Clang then reports as clashing with __global__ when the
  // kernel is declared twice (in a header, then defined). nvcc accepts that code, and the
  // kernel resolves as it should: not the program's error.
  // Our headers declare CUDA's templates (cudaMalloc<T>, atomicAdd<T>, __nv_atomic_load_n<T>)
  // without defining them, so a use with a type of the program's anonymous namespace is "used
  // but not defined" to Clang; CUDA's headers define them, and the program is fine.
  bool isOurOwn(const clang::Diagnostic &info) const {
    if (info.getID() == clang::diag::err_undefined_internal_type)
      return inOurHeaders(info);
    if (info.getID() != clang::diag::err_attributes_are_not_compatible)
      return false;
    llvm::SmallString<160> message;
    info.FormatDiagnostic(message);
    return llvm::StringRef(message).contains("'global'");
  }
  bool inOurHeaders(const clang::Diagnostic &info) const {
    if (!info.hasSourceManager() || info.getLocation().isInvalid())
      return false;
    const clang::SourceManager &sm = info.getSourceManager();
    const clang::OptionalFileEntryRef file =
        sm.getFileEntryRefForID(sm.getFileID(sm.getSpellingLoc(info.getLocation())));
    return file && std::any_of(cudaDirs.begin(), cudaDirs.end(), [&](const std::string &dir) {
             return file->getName().starts_with(dir);
           });
  }
};

class TranslateAction : public clang::ASTFrontendAction {
public:
  TranslateAction(FileRewrite &file, std::vector<std::string> cudaDirs,
                  const clang::FileEntry *target)
      : file_(file), cudaDirs_(std::move(cudaDirs)), target_(target) {}

protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci,
                                                        llvm::StringRef) override {
    clang::SourceManager &sm = ci.getSourceManager();
    map_ = std::make_unique<SourceMapping>(sm, sm.getMainFileID(), cudaDirs_, target_);
    ci.getPreprocessor().addPPCallbacks(makePreprocessorRewriter(file_, *map_, ci.getLangOpts()));
    return makeAstRewriter(file_, *map_, ci.getLangOpts());
  }

private:
  FileRewrite &file_;
  std::vector<std::string> cudaDirs_;
  const clang::FileEntry *target_;
  std::unique_ptr<SourceMapping> map_;
};

// From a compile_commands.json entry, what bears on parsing: include paths, macros, forced
// includes and the language standard. nvcc's own options (-arch, -Xcompiler...) mean nothing
// to Clang's CUDA front end and are dropped.
std::vector<std::string> parsingArguments(const std::vector<std::string> &args) {
  std::vector<std::string> kept;
  static const char *const kWithValue[] = {"-I", "-D", "-U", "-isystem", "-include", "-iquote"};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    bool taken = false;
    for (const char *option : kWithValue) {
      const std::string_view name(option);
      if (arg == name && i + 1 < args.size()) {
        kept.push_back(arg);
        kept.push_back(args[++i]);
        taken = true;
      } else if (arg.size() > name.size() && arg.starts_with(name) &&
                 (name.size() == 2 || arg[name.size()] == '=')) {
        kept.push_back(arg);
        taken = true;
      }
      if (taken)
        break;
    }
    if (!taken && arg.starts_with("-std="))
      kept.push_back(arg);
  }
  return kept;
}

std::optional<std::string> readFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return std::nullopt;
  return text.str();
}

} // namespace

Translator::Translator(const mappings::MappingDatabase &db, Options options)
    : db_(db), options_(std::move(options)) {}

FileResult Translator::translate(const std::filesystem::path &file,
                                 const std::vector<std::string> &compileArgs,
                                 const std::filesystem::path &includer) const {
  const auto started = std::chrono::steady_clock::now();
  auto text = readFile(file);
  if (!text) {
    FileRewrite unreadable(db_, options_.target, file.string(), "");
    unreadable.diagnoseFile("QT1001", "cannot read " + file.string());
    FileResult result = unreadable.finish(file);
    return result;
  }
  std::error_code ec;
  auto normalPath = [&](const std::filesystem::path &p) {
    const std::filesystem::path absolute = std::filesystem::absolute(p, ec);
    return (ec ? p : absolute).lexically_normal().string();
  };
  const std::string path = normalPath(file);
  // The main file Clang parses: the file itself, or its includer. An includer that cannot be
  // read leaves the file to be parsed alone.
  std::optional<std::string> includerText;
  if (!includer.empty())
    includerText = readFile(includer);
  const std::string mainPath = includerText ? normalPath(includer) : path;
  const std::string &mainText = includerText ? *includerText : *text;
  FileRewrite rewrite(db_, options_.target, file.string(), *text);

  std::vector<std::string> cudaDirs;
  const std::filesystem::path headers = std::filesystem::weakly_canonical(options_.cudaHeaders, ec);
  cudaDirs.push_back(headers.string());
  std::vector<std::string> args = {"clang++", "-fsyntax-only", "-x", "cuda", "--cuda-host-only",
                                   "-nocudainc", "-nocudalib", "-w", "-ferror-limit=0",
                                   "-fno-spell-checking",
                                   // Also silences the "N errors generated" line.
                                   "-fno-caret-diagnostics", "-resource-dir",
                                   QIAO_CLANG_RESOURCE_DIR, "-isystem", headers.string(),
                                   // Qiao's own headers, for output being translated again.
                                   "-isystem", headers.parent_path().string()};
  if (options_.cudaPath) {
    const std::filesystem::path include = *options_.cudaPath / "include";
    cudaDirs.push_back(std::filesystem::weakly_canonical(include, ec).string());
  }
  // nvcc includes cuda_runtime.h before every file; so do we (ours), except in a file that is
  // Qiao source already (translated before, or written for Qiao): its headers declare the same
  // types.
  const bool qiaoSource = mainText.find("#include <qiao/") != std::string::npos ||
                          mainText.find("#include \"qiao/") != std::string::npos;
  if (qiaoSource)
    args.push_back("-std=c++20"); // what qiao-c++ compiles it as
  else
    args.insert(args.end(), {"-include", "cuda_runtime.h"});
  for (const std::string &dir : options_.includeDirs)
    args.push_back("-I" + dir);
  for (const std::string &define : options_.defines)
    args.push_back("-D" + define);
  for (const std::string &arg : parsingArguments(compileArgs))
    args.push_back(arg);
  args.insert(args.end(), options_.extraArgs.begin(), options_.extraArgs.end());
  args.push_back(mainPath);

  // Clang reads the very text the edits refer to, whatever happens to the file meanwhile.
  auto overlay =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  auto memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  memory->addFile(path, 0, llvm::MemoryBuffer::getMemBufferCopy(*text, path));
  if (includerText)
    memory->addFile(mainPath, 0, llvm::MemoryBuffer::getMemBufferCopy(*includerText, mainPath));
  overlay->pushOverlay(memory);
  auto files = llvm::makeIntrusiveRefCnt<clang::FileManager>(clang::FileSystemOptions(), overlay);
  // The file's entry, which every inclusion of it resolves to (one FileManager, one entry per
  // file), so that its edits are found however the includer spells its name.
  const clang::FileEntry *target = nullptr;
  if (includerText) {
    if (auto entry = files->getOptionalFileRef(path))
      target = &entry->getFileEntry();
    rewrite.diagnoseFile("QT1004", "translated where " + includer.string() +
                                       " includes it, with that file's declarations");
  }

  ErrorCounter errors;
  for (const std::string &dir : cudaDirs)
    errors.cudaDirs.push_back(dir + "/");
  clang::tooling::ToolInvocation invocation(
      args, std::make_unique<TranslateAction>(rewrite, cudaDirs, target), files.get());
  invocation.setDiagnosticConsumer(&errors);
  const bool ran = invocation.run();
  bool parsedCleanly = true;
  if (errors.errors > 0) {
    parsedCleanly = false;
    rewrite.diagnoseFile("QT1002",
                         std::to_string(errors.errors) + " Clang error(s), first: " + errors.first);
  } else if (!ran && errors.ours == 0) { // Clang reports failure for our own errors too
    parsedCleanly = false;
    rewrite.diagnoseFile("QT1003", "the Clang front end did not run on " + mainPath);
  }
  sweepTokens(rewrite);
  ensureTargetInclude(rewrite);
  FileResult result = rewrite.finish(file);
  result.parsedCleanly = parsedCleanly;
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

} // namespace qiao::translate
