#include "PreprocessorRewriter.h"

#include "clang/Basic/IdentifierTable.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Token.h"

namespace qiao::translate {

namespace {

using namespace clang;

class Callbacks : public PPCallbacks {
public:
  Callbacks(FileRewrite &file, const SourceMapping &map, const LangOptions &lang)
      : file_(file), map_(map), lang_(lang), sm_(map.sourceManager()) {}

  void InclusionDirective(SourceLocation hashLoc, const Token &, StringRef fileName, bool,
                          CharSourceRange filenameRange, OptionalFileEntryRef, StringRef, StringRef,
                          const Module *, bool, SrcMgr::CharacteristicKind) override {
    auto hash = map_.writtenInMain(hashLoc);
    auto begin = map_.writtenInMain(filenameRange.getBegin());
    if (!hash || !begin)
      return;
    file_.includeLineStarts.push_back(*hash);
    // The spelling with its delimiters, <...> or "...".
    const std::string &text = file_.text();
    const char open = text[*begin];
    const std::size_t close = text.find(open == '<' ? '>' : '"', *begin + 1);
    if ((open != '<' && open != '"') || close == std::string::npos)
      return;
    const std::size_t length = close - *begin + 1;
    file_.includedHeaders.insert(fileName.str());
    file_.includeAt(*hash, *begin, length, fileName, Method::Preprocessor);
  }

  void MacroExpands(const Token &name, const MacroDefinition &md, SourceRange,
                    const MacroArgs *) override {
    const MacroInfo *info = md.getMacroInfo();
    if (!info)
      return;
    if (!map_.isCudaHeader(info->getDefinitionLoc())) {
      // The program's own macro (CUDA_CHECK from a helper header): not CUDA's.
      if (auto offset = map_.spelledInMain(name.getLocation()))
        file_.protect(*offset);
      return;
    }
    rename(name);
  }

  void Defined(const Token &name, const MacroDefinition &, SourceRange) override { rename(name); }
  void Ifdef(SourceLocation, const Token &name, const MacroDefinition &) override { rename(name); }
  void Ifndef(SourceLocation, const Token &name, const MacroDefinition &) override { rename(name); }

  void SourceRangeSkipped(SourceRange range, SourceLocation) override {
    auto begin = map_.writtenInMain(range.getBegin());
    auto end = map_.writtenInMain(range.getEnd());
    if (begin && end)
      file_.addSkippedRange(*begin, *end);
  }

private:
  void rename(const Token &name) {
    const IdentifierInfo *id = name.getIdentifierInfo();
    if (!id || !file_.record(id->getName()))
      return;
    if (auto offset = map_.spelledInMain(name.getLocation()))
      file_.renameAt(*offset, id->getName(), Method::Preprocessor);
  }

  FileRewrite &file_;
  const SourceMapping &map_;
  const LangOptions &lang_;
  const SourceManager &sm_;
};

} // namespace

std::unique_ptr<clang::PPCallbacks> makePreprocessorRewriter(FileRewrite &file,
                                                             const SourceMapping &map,
                                                             const clang::LangOptions &lang) {
  return std::make_unique<Callbacks>(file, map, lang);
}

} // namespace qiao::translate
