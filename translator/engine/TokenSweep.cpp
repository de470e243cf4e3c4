#include "TokenSweep.h"

#include "LaunchRewriter.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace qiao::translate {

namespace {

using clang::tok::TokenKind;
namespace tok = clang::tok;

struct RawToken {
  TokenKind kind;
  std::size_t offset;
  std::size_t length;
  bool startOfLine;
  std::size_t end() const { return offset + length; }
};

enum class Directive { None, Include, Define, Other };

struct Keyword {
  std::string_view cuda, qiao, hip;
};
constexpr Keyword kKeywords[] = {
#define QIAO_KEYWORD(CUDA, QIAO, HIP) {#CUDA, QIAO, HIP},
#include "Keywords.def"
#undef QIAO_KEYWORD
};

// The target's spelling of a CUDA keyword, or empty when it keeps CUDA's.
std::string_view keywordFor(std::string_view name, std::string_view target) {
  for (const Keyword &k : kKeywords)
    if (k.cuda == name)
      return target == "qiao" ? k.qiao : target == "hip" ? k.hip : std::string_view();
  return {};
}

clang::LangOptions cudaLanguage() {
  clang::LangOptions lang;
  lang.CPlusPlus = lang.CPlusPlus11 = lang.CPlusPlus14 = lang.CPlusPlus17 = lang.CPlusPlus20 = 1;
  lang.CUDA = 1;
  lang.LineComment = 1;
  lang.Bool = 1;
  return lang;
}

class Sweep {
public:
  explicit Sweep(FileRewrite &file) : file_(file), text_(file.text()) {}

  void run() {
    lex();
    directives();
    launches();
    dynamicShared();
    alignedShared();
    identifiers();
  }

private:
  void lex() {
    clang::SourceManagerForFile holder(file_.fileName(), text_);
    clang::SourceManager &sm = holder.get();
    const clang::FileID fid = sm.getMainFileID();
    const clang::LangOptions lang = cudaLanguage();
    llvm::StringRef buffer = sm.getBufferData(fid);
    clang::Lexer lexer(sm.getLocForStartOfFile(fid), lang, buffer.begin(), buffer.begin(),
                       buffer.end());
    clang::Token t;
    while (true) {
      lexer.LexFromRawLexer(t);
      if (t.is(tok::eof))
        break;
      tokens_.push_back(
          {t.getKind(), sm.getFileOffset(t.getLocation()), t.getLength(), t.isAtStartOfLine()});
    }
    directive_.assign(tokens_.size(), Directive::None);
  }

  std::string_view spelling(std::size_t i) const {
    return std::string_view(text_).substr(tokens_[i].offset, tokens_[i].length);
  }
  bool isIdentifier(std::size_t i) const {
    return i < tokens_.size() && tokens_[i].kind == tok::raw_identifier;
  }
  Method methodAt(std::size_t i) const {
    return directive_[i] != Directive::None && !file_.isSkipped(tokens_[i].offset)
               ? Method::Preprocessor
               : Method::Token;
  }

  // Marks the tokens of each directive line, and translates include directives.
  void directives() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_[i].kind != tok::hash || !tokens_[i].startOfLine)
        continue;
      std::size_t last = i + 1;
      while (last < tokens_.size() && !tokens_[last].startOfLine)
        ++last;
      const std::string_view word = isIdentifier(i + 1) ? spelling(i + 1) : std::string_view();
      const Directive kind = word == "include" || word == "include_next" ? Directive::Include
                             : word == "define"                          ? Directive::Define
                                                                         : Directive::Other;
      if (kind == Directive::Define && isIdentifier(i + 2))
        definedHere_.insert(std::string(spelling(i + 2)));
      for (std::size_t j = i; j < last; ++j)
        directive_[j] = kind;
      if (kind == Directive::Include)
        include(i, i + 1);
      i = last - 1;
    }
  }

  void include(std::size_t hash, std::size_t word) {
    std::size_t at = tokens_[word].end();
    while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t'))
      ++at;
    if (at >= text_.size() || (text_[at] != '<' && text_[at] != '"'))
      return;
    const std::size_t close = text_.find(text_[at] == '<' ? '>' : '"', at + 1);
    const std::size_t eol = text_.find('\n', at);
    if (close == std::string::npos || (eol != std::string::npos && close > eol))
      return;
    file_.includeAt(tokens_[hash].offset, at, close - at + 1,
                    std::string_view(text_).substr(at + 1, close - at - 1),
                    file_.isSkipped(tokens_[hash].offset) ? Method::Token : Method::Preprocessor);
    if (!file_.isSkipped(tokens_[hash].offset))
      file_.includeLineStarts.push_back(tokens_[hash].offset);
  }

  // The index of the token opening the bracket that tokens_[close] closes, scanning backward.
  std::optional<std::size_t> openerBefore(std::size_t close, TokenKind open, TokenKind shut) const {
    int depth = 0;
    for (std::size_t j = close + 1; j-- > 0;) {
      if (tokens_[j].kind == shut)
        ++depth;
      else if (tokens_[j].kind == tok::greatergreater && shut == tok::greater)
        depth += 2;
      else if (tokens_[j].kind == open && --depth == 0)
        return j;
      if (tokens_[j].kind == tok::semi || tokens_[j].kind == tok::l_brace)
        return std::nullopt;
    }
    return std::nullopt;
  }

  // The first token of the postfix expression ending at tokens_[last]: a name, possibly
  // qualified, with template arguments, or a parenthesised expression, or member accesses.
  std::optional<std::size_t> calleeStart(std::size_t last) const {
    std::size_t j = last;
    while (true) {
      if (tokens_[j].kind == tok::r_paren) {
        auto open = openerBefore(j, tok::l_paren, tok::r_paren);
        if (!open)
          return std::nullopt;
        j = *open;
      } else if (tokens_[j].kind == tok::greater || tokens_[j].kind == tok::greatergreater) {
        auto open = openerBefore(j, tok::less, tok::greater);
        if (!open || *open == 0 || !isIdentifier(*open - 1))
          return std::nullopt;
        j = *open - 1;
      } else if (!isIdentifier(j)) {
        return std::nullopt;
      }
      if (j >= 2 &&
          (tokens_[j - 1].kind == tok::coloncolon || tokens_[j - 1].kind == tok::period ||
           tokens_[j - 1].kind == tok::arrow) &&
          (isIdentifier(j - 2) || tokens_[j - 2].kind == tok::r_paren ||
           tokens_[j - 2].kind == tok::greater)) {
        j -= 2;
        continue;
      }
      if (j >= 1 && tokens_[j - 1].kind == tok::coloncolon)
        --j;
      return j;
    }
  }

  void launches() {
    for (std::size_t i = 1; i < tokens_.size(); ++i) {
      if (tokens_[i].kind != tok::lesslessless || file_.edits().covers(tokens_[i].offset) ||
          file_.isDecided(tokens_[i].offset))
        continue;
      auto start = calleeStart(i - 1);
      // A launch from device code that an earlier run marked stays as written.
      if (start && file_.markedUnsupported(tokens_[*start].offset, kDeviceLaunchName))
        continue;
      // The configuration, up to the matching >>>, and its top-level commas.
      std::size_t close = i + 1;
      int depth = 0;
      unsigned commas = 0;
      for (; close < tokens_.size(); ++close) {
        const TokenKind k = tokens_[close].kind;
        if (k == tok::l_paren || k == tok::l_square || k == tok::l_brace || k == tok::lesslessless)
          ++depth;
        else if (k == tok::r_paren || k == tok::r_square || k == tok::r_brace)
          --depth;
        else if (k == tok::greatergreatergreater && depth-- == 0)
          break;
        else if (k == tok::comma && depth == 0)
          ++commas;
        else if (k == tok::semi)
          break;
      }
      if (!start || close >= tokens_.size() || tokens_[close].kind != tok::greatergreatergreater ||
          close + 1 >= tokens_.size() || tokens_[close + 1].kind != tok::l_paren ||
          close == i + 1 || commas < 1 || commas > 3) {
        file_.diagnose("QT2006", tokens_[i].offset, "launch not recognised at token level");
        continue;
      }
      LaunchShape shape;
      shape.calleeBegin = tokens_[*start].offset;
      shape.calleeEnd = tokens_[i - 1].end();
      shape.configBegin = tokens_[i + 1].offset;
      shape.configEnd = tokens_[close - 1].end();
      shape.argsBegin = tokens_[close + 1].end();
      shape.configCount = commas + 1;
      shape.hasArgs = close + 2 < tokens_.size() && tokens_[close + 2].kind != tok::r_paren;
      shape.calleeHasComma = std::string_view(text_)
                                 .substr(shape.calleeBegin, shape.calleeEnd - shape.calleeBegin)
                                 .find(',') != std::string_view::npos;
      if (rewriteLaunch(file_, shape)) {
        file_.addReference("<<<>>>", tokens_[i].offset, true, methodAt(i));
        file_.diagnose("QT2005", tokens_[i].offset, "kernel launch rewritten at token level");
      }
    }
  }

  // `extern __shared__ T name[];` where Clang did not rewrite it: QIAO_EXTERN_SHARED, which is
  // valid at namespace and block scope alike.
  void dynamicShared() {
    for (std::size_t i = 0; i + 5 < tokens_.size(); ++i) {
      if (!isIdentifier(i) || spelling(i) != "extern" || !isIdentifier(i + 1) ||
          spelling(i + 1) != "__shared__" || file_.isDecided(tokens_[i].offset))
        continue;
      std::size_t semi = i + 2;
      while (semi < tokens_.size() && tokens_[semi].kind != tok::semi &&
             tokens_[semi].kind != tok::l_brace)
        ++semi;
      if (semi >= tokens_.size() || tokens_[semi].kind != tok::semi || semi < i + 5 ||
          tokens_[semi - 1].kind != tok::r_square || tokens_[semi - 2].kind != tok::l_square ||
          !isIdentifier(semi - 3))
        continue;
      std::string type;
      for (std::size_t j = i + 2; j < semi - 3; ++j) {
        const std::string_view word = spelling(j);
        if (isIdentifier(j) && (word == "__align__" || word == "alignas") &&
            tokens_[j + 1].kind == tok::l_paren) {
          while (j < semi - 3 && tokens_[j].kind != tok::r_paren)
            ++j;
          continue;
        }
        if (!type.empty() && tokens_[j].offset > tokens_[j - 1].end())
          type += ' ';
        type += word;
      }
      if (type.empty())
        continue;
      const std::string name(spelling(semi - 3));
      if (file_.target() != "qiao") {
        file_.diagnose("QT2007", tokens_[i].offset, "`" + name + "` kept as written");
        continue;
      }
      file_.edits().replace(tokens_[i].offset, tokens_[semi - 1].end() - tokens_[i].offset,
                            "QIAO_EXTERN_SHARED(" + type + ", " + name + ")");
      file_.hasDeviceCode = true;
    }
  }

  // `__shared__ alignas(N) T x;`, which nvcc accepts: Qiao's __shared__ is the decl-specifiers
  // `static thread_local`, after which C++ allows no alignas, so the alignas goes first.
  void alignedShared() {
    if (file_.target() != "qiao")
      return;
    for (std::size_t i = 0; i + 3 < tokens_.size(); ++i) {
      if (!isIdentifier(i) || spelling(i) != "__shared__" || spelling(i + 1) != "alignas" ||
          tokens_[i + 2].kind != tok::l_paren)
        continue; // Clang's pass decides __shared__ (a macro) but never moves the alignas
      std::size_t close = i + 3;
      int depth = 1;
      for (; close < tokens_.size(); ++close) {
        depth += tokens_[close].kind == tok::l_paren ? 1 : 0;
        depth -= tokens_[close].kind == tok::r_paren ? 1 : 0;
        if (depth == 0)
          break;
      }
      if (close >= tokens_.size())
        continue;
      const std::size_t begin = tokens_[i + 1].offset, end = tokens_[close].end();
      file_.edits().replace(tokens_[i].offset, end - tokens_[i].offset,
                            text_.substr(begin, end - begin) + " __shared__");
    }
  }

  void identifiers() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (!isIdentifier(i) || directive_[i] == Directive::Include)
        continue;
      const std::string_view name = spelling(i);
      if (name == "__global__" || name == "__device__" || name == "__shared__" ||
          name == "__constant__" || name == "__managed__")
        file_.hasDeviceCode = true;
      const std::size_t offset = tokens_[i].offset;
      if (const std::string_view keyword = keywordFor(name, file_.target());
          !keyword.empty() && !file_.isDecided(offset)) {
        file_.edits().replace(offset, name.size(), std::string(keyword));
        file_.addReference(name, offset, true, methodAt(i));
        continue;
      }
      if (file_.isDecided(offset))
        continue;
      // A CUDA-looking name the database does not know (a name CUDA removed, a newer API) is
      // left as it is but counted and reported, so that the statistics never claim a file fully
      // converted while its build will reject a name. The program's own CUDA-looking names
      // (its macros, functions Clang resolved) are not CUDA's.
      const bool known = file_.record(name) != nullptr;
      if (!known && (!looksLikeCudaName(name) || definedHere_.count(name) != 0))
        continue;
      if (known && !file_.needsAction(name))
        continue;
      // Without Clang's word on it, only a name spelled as CUDA spells its API is taken for
      // CUDA's: `half`, `norm` or `all` are as likely the program's own.
      if (!looksLikeCudaName(name) && !name.starts_with("__"))
        continue;
      // A member or a name qualified by a namespace other than the global one is the user's.
      if (i > 0 && (tokens_[i - 1].kind == tok::period || tokens_[i - 1].kind == tok::arrow))
        continue;
      if (i > 1 && tokens_[i - 1].kind == tok::coloncolon && isIdentifier(i - 2))
        continue;
      file_.renameAt(offset, name, methodAt(i));
    }
  }

  FileRewrite &file_;
  const std::string &text_;
  std::vector<RawToken> tokens_;
  std::vector<Directive> directive_;
  std::set<std::string, std::less<>> definedHere_; // macros this file #defines
};

// Where a new #include goes: before the file's first include, else after its opening comment
// and include guard.
std::size_t includeInsertionPoint(const FileRewrite &file) {
  if (!file.includeLineStarts.empty())
    return *std::min_element(file.includeLineStarts.begin(), file.includeLineStarts.end());
  const std::string &text = file.text();
  std::size_t at = 0;
  auto skipBlank = [&] {
    while (at < text.size() &&
           (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
      ++at;
  };
  auto lineEnd = [&](std::size_t from) {
    const std::size_t eol = text.find('\n', from);
    return eol == std::string::npos ? text.size() : eol + 1;
  };
  while (true) {
    skipBlank();
    if (text.compare(at, 2, "//") == 0) {
      at = lineEnd(at);
    } else if (text.compare(at, 2, "/*") == 0) {
      const std::size_t close = text.find("*/", at + 2);
      at = close == std::string::npos ? text.size() : lineEnd(close + 2);
    } else if (text.compare(at, 12, "#pragma once") == 0) {
      at = lineEnd(at);
    } else if (text.compare(at, 7, "#ifndef") == 0) {
      const std::size_t next = lineEnd(at);
      if (text.compare(next, 7, "#define") != 0)
        break;
      at = lineEnd(next);
    } else {
      break;
    }
  }
  // Back to the start of the line we stopped on.
  while (at > 0 && text[at - 1] != '\n')
    --at;
  return at;
}

} // namespace

void sweepTokens(FileRewrite &file) { Sweep(file).run(); }

void ensureTargetInclude(FileRewrite &file) {
  if (!file.hasDeviceCode && !file.usesRuntime)
    return;
  auto mapped = [&](std::string_view cudaHeader) -> std::string {
    auto resolved = file.lookup(cudaHeader);
    if (resolved && resolved->target->status == mappings::Status::Supported)
      return resolved->target->name;
    return {};
  };
  const std::string runtime = mapped("cuda_runtime.h");
  const std::string device = file.target() == "qiao" ? std::string("qiao/device.h") : runtime;
  const std::string wanted = file.hasDeviceCode ? device : runtime;
  if (wanted.empty() || file.includedHeaders.count(wanted))
    return;
  if (!file.hasDeviceCode && file.includedHeaders.count(device))
    return;
  file.edits().insert(includeInsertionPoint(file), "#include <" + wanted + ">\n");
}

} // namespace qiao::translate
