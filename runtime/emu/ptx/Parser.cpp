// PTX module reader: recursive descent over the tokens of Lexer.h into ast::Module. Grammar as in
// the PTX ISA 9.0, sections 4 (syntax), 5 (state spaces, variables) and 11 (directives).
// The first error stops the parse; every loop consumes a token or ends, so no input can hang it.
#include "Parser.h"
#include "ConstExpr.h"
#include "Lexer.h"
#include "Literals.h"
#include "support/ErrorCodes.h"

#include <bit>
#include <charconv>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace qiao::ptx {
namespace {

using lex::negate;
using lex::Number;
using lex::parseDigits;
using lex::parseNumber;
using lex::Token;
using lex::TokenKind;

// Bounds that keep hostile input from exhausting the stack or, downstream, memory.
constexpr int kMaxInitializerDepth = 32;
constexpr int kMaxBlockDepth = 256;
constexpr uint64_t kMaxRegisterRange = uint64_t{1} << 20;

// "ld.global.f32" -> {"ld", "global", "f32"}; empty components are kept so callers can reject them.
std::vector<std::string_view> splitDots(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, dot - start));
    start = dot + 1;
  }
}

std::optional<ast::StateSpace> stateSpaceNamed(std::string_view name) {
  using S = ast::StateSpace;
  if (name == "reg")
    return S::Reg;
  if (name == "sreg")
    return S::Sreg;
  if (name == "const")
    return S::Const;
  if (name == "global")
    return S::Global;
  if (name == "local")
    return S::Local;
  if (name == "param")
    return S::Param;
  if (name == "shared")
    return S::Shared;
  if (name == "tex")
    return S::Tex;
  return std::nullopt;
}

bool isLinkage(std::string_view name) {
  return name == "extern" || name == "visible" || name == "weak" || name == "common";
}

// Text for a message: printable ASCII as is, other bytes as \xNN, long text cut short.
std::string quoted(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (text.size() > kMaxShown)
    out += "...";
  out += "'";
  return out;
}

// What a declaration's directives said before its names: `.extern .shared .align 16 .b8`.
struct DeclSpec {
  ast::SourceLoc loc;
  std::optional<ast::StateSpace> space;
  std::string type;
  uint32_t vectorWidth = 0;
  uint32_t align = 0;
  bool ptr = false;
  bool isExtern = false;
  bool isVisible = false;
  bool isWeak = false;
};

class Parser {
public:
  explicit Parser(std::string_view source) : source_(source), tokens_(lex::tokenize(source)) {}

  Expected<ast::Module> run() {
    auto modules = runAll(/*split=*/false);
    if (!modules)
      return modules.error();
    return std::move(modules->front());
  }

  // With `split`, each `.version` directive after the first starts a new module: the texts of
  // several modules placed one after another (relocatable device code) stay apart, so that each
  // keeps its own header and its own internal names. Line numbers count through the whole text.
  Expected<std::vector<ast::Module>> runAll(bool split) {
    std::vector<ast::Module> modules(1);
    bool started = false;
    while (peek().kind != TokenKind::End) {
      if (split && started && isDirective("version"))
        modules.emplace_back();
      started = true;
      if (!parseModuleItem(modules.back())) {
        if (error_.empty())
          fail(peek(), "valid PTX");
        return Error{errc::qiaoErrorInvalidPtx, std::move(error_)};
      }
    }
    return modules;
  }

private:
  // ---- token access --------------------------------------------------------------------------

  const Token &peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
  }
  const Token &advance() {
    const Token &t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size())
      ++pos_;
    return t;
  }
  bool isPunct(char c, size_t ahead = 0) const {
    const Token &t = peek(ahead);
    return t.kind == TokenKind::Punct && t.text[0] == c;
  }
  bool acceptPunct(char c) {
    if (!isPunct(c))
      return false;
    advance();
    return true;
  }
  bool isDirective(std::string_view name, size_t ahead = 0) const {
    const Token &t = peek(ahead);
    return t.kind == TokenKind::Directive && t.text.substr(1) == name;
  }

  // Records the first error; always false so callers can `return fail(...)`.
  bool fail(const Token &at, std::string_view expected) {
    if (!error_.empty())
      return false;
    std::string found;
    switch (at.kind) {
    case TokenKind::End:
      found = "end of input";
      break;
    case TokenKind::Invalid:
      found = std::string(at.problem ? at.problem : "invalid input") + " " + quoted(at.text);
      break;
    default:
      found = quoted(at.text);
      break;
    }
    error_ = "line " + std::to_string(at.loc.line) + ":" + std::to_string(at.loc.column) +
             ": expected " + std::string(expected) + ", found " + found;
    return false;
  }
  bool expectPunct(char c, std::string_view expected) {
    if (acceptPunct(c))
      return true;
    return fail(peek(), expected);
  }

  bool parseUnsigned(uint64_t &out, std::string_view what) {
    const Token &t = peek();
    Number n;
    if (t.kind != TokenKind::Number || !parseNumber(t.text, n) || n.isFloat)
      return fail(t, what);
    advance();
    out = n.bits;
    return true;
  }
  bool parseUint32(uint32_t &out, std::string_view what) {
    const Token &at = peek();
    uint64_t v = 0;
    if (!parseUnsigned(v, what))
      return false;
    if (v > std::numeric_limits<uint32_t>::max())
      return fail(at, std::string(what) + " that fits in 32 bits");
    out = static_cast<uint32_t>(v);
    return true;
  }

  // Skips through the next ';' (pragmas, aliases, prototypes).
  bool skipPastSemicolon(std::string_view context) {
    for (;;) {
      const Token &t = peek();
      if (t.kind == TokenKind::End || t.kind == TokenKind::Invalid)
        return fail(t, std::string("';' to end ") + std::string(context));
      advance();
      if (t.kind == TokenKind::Punct && t.text[0] == ';')
        return true;
    }
  }

  // .file and .loc end at the end of their line; they carry no semicolon.
  void skipRestOfLine(uint32_t line) {
    while (peek().kind != TokenKind::End && peek().kind != TokenKind::Invalid &&
           peek().loc.line == line)
      advance();
  }

  // After an opening '{' has been consumed: through its matching '}'.
  bool skipBalancedBraces(std::string_view context) {
    size_t depth = 1;
    while (depth > 0) {
      const Token &t = peek();
      if (t.kind == TokenKind::End || t.kind == TokenKind::Invalid)
        return fail(t, "'}' to close " + std::string(context));
      if (t.kind == TokenKind::Punct && t.text[0] == '{')
        ++depth;
      else if (t.kind == TokenKind::Punct && t.text[0] == '}')
        --depth;
      advance();
    }
    return true;
  }

  // ---- module level --------------------------------------------------------------------------

  bool parseModuleItem(ast::Module &module) {
    const Token &t = peek();
    if (t.kind != TokenKind::Directive)
      return fail(t, "a directive at module scope");
    std::string_view name = t.text.substr(1);
    if (name == "version")
      return parseVersion(module);
    // ptxas wants the header first and in order: .version, .target, then one .address_size.
    if (name == "target") {
      if (!module.globals.empty() || !module.functions.empty())
        return fail(t, "the .target directive before any declaration");
      advance();
      do {
        if (peek().kind != TokenKind::Word)
          return fail(peek(), "a target name after .target");
        module.targets.emplace_back(advance().text);
      } while (acceptPunct(','));
      return true;
    }
    if (name == "address_size") {
      if (module.addressSizeLoc.line != 0)
        return fail(t, "one .address_size directive");
      if (module.targets.empty())
        return fail(t, ".target before .address_size");
      advance();
      const Token &at = peek();
      uint32_t size;
      if (!parseUint32(size, "an address size"))
        return false;
      if (size != 32 && size != 64)
        return fail(at, "address size 32 or 64");
      module.addressSize = size;
      module.addressSizeLoc = t.loc;
      return true;
    }
    if (name == "file" || name == "loc") {
      advance();
      skipRestOfLine(t.loc.line);
      return true;
    }
    if (name == "section") {
      advance();
      // The section's name and attributes, up to its '{' on this line or the next.
      while ((peek().kind == TokenKind::Directive || peek().kind == TokenKind::Word ||
              (peek().kind == TokenKind::Punct && !isPunct('{'))) &&
             peek().loc.line == t.loc.line)
        advance();
      if (!acceptPunct('{'))
        return true;
      return skipBalancedBraces("the .section block");
    }
    if (name == "pragma" || name == "alias") {
      advance();
      return skipPastSemicolon(name == "pragma" ? ".pragma" : ".alias");
    }
    // Linkage directives may precede either a function or a variable.
    size_t ahead = 0;
    while (peek(ahead).kind == TokenKind::Directive && isLinkage(peek(ahead).text.substr(1)))
      ++ahead;
    if (isDirective("entry", ahead) || isDirective("func", ahead))
      return parseFunction(module);
    return parseModuleVariables(module);
  }

  bool parseVersion(ast::Module &module) {
    advance();
    const Token &t = peek();
    size_t dot = t.text.find('.');
    uint64_t major = 0, minor = 0;
    if (t.kind != TokenKind::Number || dot == std::string_view::npos ||
        !parseDigits(t.text.substr(0, dot), 10, major) ||
        !parseDigits(t.text.substr(dot + 1), 10, minor) || major > 1000 || minor > 1000)
      return fail(t, "a version number MAJOR.MINOR after .version");
    advance();
    module.versionMajor = static_cast<uint32_t>(major);
    module.versionMinor = static_cast<uint32_t>(minor);
    return true;
  }

  bool parseModuleVariables(ast::Module &module) {
    DeclSpec spec;
    if (!parseDeclSpec(spec))
      return false;
    if (!spec.space)
      return fail(peek(),
                  "a state space (.global, .const, .shared...) in a module-scope declaration");
    for (;;) {
      ast::Variable v;
      if (!parseDeclarator(spec, /*allowRange=*/false, /*allowInit=*/true, v))
        return false;
      module.globals.push_back(std::move(v));
      if (acceptPunct(';'))
        return true;
      if (!expectPunct(',', "',' or ';' after a declaration"))
        return false;
    }
  }

  // ---- declarations --------------------------------------------------------------------------

  // The directives of a declaration, each possibly dotted (`.ptr.global.align 8`), up to its name.
  bool parseDeclSpec(DeclSpec &spec) {
    spec.loc = peek().loc;
    bool inPtr = false; // `.ptr .global .align 8` describes the pointee, not the parameter
    while (peek().kind == TokenKind::Directive) {
      const Token &t = advance();
      std::vector<std::string_view> parts = splitDots(t.text.substr(1));
      for (size_t i = 0; i < parts.size(); ++i) {
        std::string_view part = parts[i];
        bool last = i + 1 == parts.size();
        if (part.empty())
          return fail(t, "a directive without empty components");
        if (auto space = stateSpaceNamed(part)) {
          if (inPtr)
            continue;
          if (spec.space)
            return fail(t, "one state space per declaration");
          spec.space = space;
        } else if (part == "align") {
          if (!last)
            return fail(t, "a number after .align");
          uint32_t align;
          const Token &at = peek();
          if (!parseUint32(align, "an alignment after .align"))
            return false;
          if (!std::has_single_bit(align))
            return fail(at, "an alignment that is a power of two");
          if (!inPtr)
            spec.align = align;
        } else if (part == "ptr") {
          spec.ptr = inPtr = true;
        } else if (part == "v2" || part == "v4" || part == "v8") {
          spec.vectorWidth = static_cast<uint32_t>(part[1] - '0');
        } else if (part == "attribute") {
          if (!last || !acceptPunct('('))
            return fail(t, "'(' after .attribute");
          while (peek().kind == TokenKind::Directive || isPunct(','))
            advance();
          if (!expectPunct(')', "')' to close .attribute"))
            return false;
        } else if (isLinkage(part)) {
          spec.isExtern |= part == "extern";
          spec.isVisible |= part == "visible";
          spec.isWeak |= part == "weak";
        } else {
          if (!spec.type.empty())
            return fail(t, "one type per declaration");
          spec.type = std::string(part);
        }
      }
    }
    if (spec.type.empty())
      return fail(peek(), "a type (.b32, .f32, .u64...) in the declaration");
    return true;
  }

  bool parseDeclarator(const DeclSpec &spec, bool allowRange, bool allowInit, ast::Variable &v) {
    const Token &nameToken = peek();
    if (nameToken.kind != TokenKind::Word)
      return fail(nameToken, "a variable name");
    advance();
    v.loc = nameToken.loc;
    v.space = *spec.space;
    v.type = spec.type;
    v.name = std::string(nameToken.text);
    v.vectorWidth = spec.vectorWidth;
    v.align = spec.align;
    v.isExtern = spec.isExtern;
    v.isVisible = spec.isVisible;
    v.isWeak = spec.isWeak;
    v.ptrAttribute = spec.ptr;
    if (allowRange && acceptPunct('<')) {
      const Token &at = peek();
      uint64_t count = 0;
      if (!parseUnsigned(count, "a register count after '<'"))
        return false;
      if (count == 0 || count > kMaxRegisterRange)
        return fail(at, "a register count from 1 to 1048576");
      v.rangeCount = static_cast<uint32_t>(count);
      if (!expectPunct('>', "'>' to close the register range"))
        return false;
    }
    while (acceptPunct('[')) {
      uint64_t dim = 0;
      if (!isPunct(']') && !parseUnsigned(dim, "an array size"))
        return false;
      v.dims.push_back(dim);
      if (!expectPunct(']', "']' after the array size"))
        return false;
    }
    if (!allowInit || !acceptPunct('='))
      return true;
    // Sampler and texture references carry field lists (`{filter_mode = nearest}`) that the
    // emulator does not use.
    if (v.type.size() > 3 && v.type.compare(v.type.size() - 3, 3, "ref") == 0)
      return skipReferenceInitializer();
    return parseInitializer(v, 0);
  }

  bool skipReferenceInitializer() {
    if (acceptPunct('{'))
      return skipBalancedBraces("the initializer");
    if (peek().kind == TokenKind::End || isPunct(';') || isPunct(','))
      return fail(peek(), "an initializer after '='");
    advance();
    return true;
  }

  bool parseInitializer(ast::Variable &v, int depth) {
    if (!acceptPunct('{'))
      return parseInitializerValue(v);
    if (depth >= kMaxInitializerDepth)
      return fail(peek(), "initializer braces nested at most 32 deep");
    if (acceptPunct('}'))
      return true;
    do {
      if (!parseInitializer(v, depth + 1))
        return false;
    } while (acceptPunct(','));
    return expectPunct('}', "',' or '}' in the initializer list");
  }

  // `sym+8` / `sym-8`: adds the constant to offset when one follows.
  bool parseSymbolOffset(int64_t &offset) {
    while (isPunct('+') || isPunct('-')) {
      bool minus = isPunct('-');
      const Token &next = peek(1);
      bool operand = next.kind == TokenKind::Number || isPunct('-', 1) || isPunct('+', 1) ||
                     isPunct('(', 1) || isPunct('~', 1) || isPunct('!', 1);
      if (!operand)
        return true;
      advance();
      const Token &at = peek();
      lex::ConstValue term;
      if (!evaluateExpression(lex::ExprLevel::Term, term))
        return false;
      if (term.isFloat)
        return fail(at, "an integer offset");
      // Wraps like the target's address arithmetic instead of overflowing a signed type.
      offset =
          static_cast<int64_t>(static_cast<uint64_t>(offset) + (minus ? 0 - term.bits : term.bits));
    }
    return true;
  }

  // A constant expression at the current token (ConstExpr.h), its error reported as the parser's.
  bool evaluateExpression(lex::ExprLevel level, lex::ConstValue &out) {
    lex::ExprError error;
    if (lex::evaluate(tokens_, pos_, level, out, error))
      return true;
    return fail(error.at ? *error.at : peek(), error.expected);
  }

  bool parseSignedInteger(Number &n, std::string_view what) {
    bool minus = acceptPunct('-');
    const Token &t = peek();
    if (t.kind != TokenKind::Number || !parseNumber(t.text, n) || n.isFloat)
      return fail(t, what);
    advance();
    if (minus)
      negate(n);
    return true;
  }

  bool parseInitializerValue(ast::Variable &v) {
    ast::Initializer init;
    // A lone literal keeps its exact form (the bits of 0f/0d); anything longer is an expression.
    size_t after = isPunct('-') ? 2 : 1;
    bool lone = peek(after - 1).kind == TokenKind::Number &&
                (isPunct(',', after) || isPunct('}', after) || isPunct(';', after));
    if (!lone && peek().kind != TokenKind::Word) {
      lex::ConstValue value;
      if (!evaluateExpression(lex::ExprLevel::Full, value))
        return false;
      init.kind = value.isFloat ? ast::Initializer::Kind::Float : ast::Initializer::Kind::Int;
      init.intValue = value.bits;
      init.floatValue = value.value;
      v.init.push_back(std::move(init));
      return true;
    }
    bool minus = acceptPunct('-');
    const Token &t = peek();
    if (t.kind == TokenKind::Number) {
      Number n;
      if (!parseNumber(t.text, n))
        return fail(t, "a numeric constant");
      advance();
      if (minus)
        negate(n);
      if (n.isFloat) {
        init.kind = ast::Initializer::Kind::Float;
        init.floatIsHexBits = n.floatBits != 0;
        init.intValue = n.bits;
        init.floatValue = n.value;
      } else {
        init.intValue = n.bits;
      }
      v.init.push_back(std::move(init));
      return true;
    }
    if (minus || t.kind != TokenKind::Word)
      return fail(t, "an initializer value");
    advance();
    init.kind = ast::Initializer::Kind::Symbol;
    if (t.text == "generic" && acceptPunct('(')) {
      init.generic = true;
      if (peek().kind != TokenKind::Word)
        return fail(peek(), "a symbol inside generic(...)");
      init.symbol = std::string(advance().text);
      if (!parseSymbolOffset(init.symbolOffset) || !expectPunct(')', "')' to close generic(...)"))
        return false;
    } else {
      init.symbol = std::string(t.text);
    }
    if (!parseSymbolOffset(init.symbolOffset))
      return false;
    v.init.push_back(std::move(init));
    return true;
  }

  // ---- functions -----------------------------------------------------------------------------

  bool parseFunction(ast::Module &module) {
    ast::Function fn;
    fn.loc = peek().loc;
    while (peek().kind == TokenKind::Directive && isLinkage(peek().text.substr(1))) {
      std::string_view linkage = advance().text.substr(1);
      fn.isExtern |= linkage == "extern";
      fn.isVisible |= linkage == "visible";
      fn.isWeak |= linkage == "weak";
    }
    fn.isEntry = isDirective("entry");
    advance(); // .entry or .func, checked by the caller
    if (!fn.isEntry && isPunct('(') && !parseParamList(fn.returns))
      return false;
    if (peek().kind != TokenKind::Word)
      return fail(peek(), "a function name");
    fn.name = std::string(advance().text);
    if (isPunct('(') && !parseParamList(fn.params))
      return false;
    if (!parsePerformanceDirectives(fn))
      return false;
    if (acceptPunct(';')) {
      module.functions.push_back(std::move(fn));
      return true;
    }
    if (!expectPunct('{', "'{' to open the body of " + quoted(fn.name) + ", or ';'"))
      return false;
    fn.hasBody = true;
    if (!parseBody(fn, module))
      return false;
    module.functions.push_back(std::move(fn));
    return true;
  }

  bool parseParamList(std::vector<ast::Variable> &params) {
    advance(); // '('
    if (acceptPunct(')'))
      return true;
    do {
      DeclSpec spec;
      if (!parseDeclSpec(spec))
        return false;
      if (spec.space != ast::StateSpace::Param && spec.space != ast::StateSpace::Reg)
        return fail(peek(), "a .param or .reg parameter");
      ast::Variable v;
      if (!parseDeclarator(spec, /*allowRange=*/false, /*allowInit=*/false, v))
        return false;
      params.push_back(std::move(v));
    } while (acceptPunct(','));
    return expectPunct(')', "',' or ')' in the parameter list");
  }

  // Up to three comma-separated numbers: `.maxntid 256, 1, 1`.
  bool parseDims(uint32_t (&dims)[3], std::string_view what) {
    size_t count = 0;
    do {
      if (count == 3)
        return fail(peek(), std::string("at most three numbers after ") + std::string(what));
      if (!parseUint32(dims[count++], std::string("a number after ") + std::string(what)))
        return false;
    } while (acceptPunct(','));
    return true;
  }

  bool parsePerformanceDirectives(ast::Function &fn) {
    uint32_t ignored[3] = {0, 0, 0};
    while (peek().kind == TokenKind::Directive) {
      std::string_view name = advance().text.substr(1);
      bool ok = true;
      if (name == "maxntid")
        ok = parseDims(fn.maxntid, ".maxntid");
      else if (name == "reqntid")
        ok = parseDims(fn.reqntid, ".reqntid");
      else if (name == "minnctapersm")
        ok = parseUint32(fn.minnctapersm, "a number after .minnctapersm");
      else if (name == "maxnreg")
        ok = parseUint32(fn.maxnreg, "a number after .maxnreg");
      else if (name == "reqnctapercluster")
        ok = parseDims(fn.reqnctapercluster, ".reqnctapercluster");
      else if (name == "maxclusterrank")
        ok = parseUint32(fn.maxclusterrank, "a number after .maxclusterrank");
      else if (name == "abi_preserve" || name == "abi_preserve_control")
        ok = parseUint32(ignored[0], "a number");
      else if (name == "pragma")
        ok = skipPastSemicolon(".pragma");
      else if (name != "noreturn" && name != "explicitcluster" && name != "blocksareclusters")
        return fail(tokens_[pos_ - 1], "a performance directive or the function body");
      fn.explicitCluster |= name == "explicitcluster" || name == "reqnctapercluster";
      if (!ok)
        return false;
    }
    return true;
  }

  static ast::Statement statement(ast::Statement::Kind kind, ast::SourceLoc loc) {
    ast::Statement st{kind, loc, {}, {}, {}};
    return st;
  }

  // After the body's '{': statements through the matching '}'.
  bool parseBody(ast::Function &fn, ast::Module &module) {
    int depth = 1;
    for (;;) {
      const Token &t = peek();
      if (t.kind == TokenKind::End || t.kind == TokenKind::Invalid)
        return fail(t, "'}' to close the body of " + quoted(fn.name));
      if (t.kind == TokenKind::Punct && t.text[0] == '{') {
        if (depth >= kMaxBlockDepth)
          return fail(t, "blocks nested at most 256 deep");
        ++depth;
        advance();
        fn.body.push_back(statement(ast::Statement::Kind::BlockBegin, t.loc));
        continue;
      }
      if (t.kind == TokenKind::Punct && t.text[0] == '}') {
        advance();
        if (--depth == 0)
          return true;
        fn.body.push_back(statement(ast::Statement::Kind::BlockEnd, t.loc));
        continue;
      }
      if (t.kind == TokenKind::Directive) {
        if (!parseBodyDirective(fn))
          return false;
        continue;
      }
      if (t.kind == TokenKind::Word && isPunct(':', 1)) {
        advance();
        advance();
        // `proto: .callprototype ...;` and `targets: .branchtargets ...;` name lists, not code.
        if (isDirective("callprototype")) {
          module.callPrototypes.emplace_back(t.text);
          if (!skipPastSemicolon(".callprototype"))
            return false;
          continue;
        }
        if (isDirective("branchtargets") || isDirective("calltargets")) {
          if (!skipPastSemicolon("the target list"))
            return false;
          continue;
        }
        ast::Statement st = statement(ast::Statement::Kind::Label, t.loc);
        st.label = std::string(t.text);
        fn.body.push_back(std::move(st));
        continue;
      }
      if (t.kind == TokenKind::Word || isPunct('@')) {
        ast::Statement st = statement(ast::Statement::Kind::Instruction, t.loc);
        if (!parseInstruction(st.instruction))
          return false;
        fn.body.push_back(std::move(st));
        continue;
      }
      return fail(t, "an instruction, a label or a declaration");
    }
  }

  bool parseBodyDirective(ast::Function &fn) {
    const Token &t = peek();
    std::string_view name = t.text.substr(1);
    if (name == "pragma") {
      advance();
      return skipPastSemicolon(".pragma");
    }
    if (name == "loc" || name == "file") {
      advance();
      skipRestOfLine(t.loc.line);
      return true;
    }
    DeclSpec spec;
    if (!parseDeclSpec(spec))
      return false;
    if (!spec.space)
      return fail(t, "a state space (.reg, .local, .shared, .param...) in a declaration");
    if (acceptPunct(';')) // `.reg .pred ;` declares nothing, and ptxas takes it
      return true;
    for (;;) {
      ast::Statement st = statement(ast::Statement::Kind::Declaration, spec.loc);
      if (!parseDeclarator(spec, /*allowRange=*/true, /*allowInit=*/true, st.declaration))
        return false;
      fn.body.push_back(std::move(st));
      if (acceptPunct(';'))
        return true;
      if (!expectPunct(',', "',' or ';' after a declaration"))
        return false;
    }
  }

  // ---- instructions --------------------------------------------------------------------------

  bool parseInstruction(ast::Instruction &inst) {
    const Token &first = peek();
    inst.loc = first.loc;
    if (acceptPunct('@')) {
      inst.guardNegated = acceptPunct('!');
      if (peek().kind != TokenKind::Word)
        return fail(peek(), "a predicate register after '@'");
      inst.guard = std::string(advance().text);
    }
    const Token &opcode = peek();
    if (opcode.kind != TokenKind::Word)
      return fail(opcode, "an opcode");
    std::vector<std::string_view> parts = splitDots(opcode.text);
    char lead = parts[0].empty() ? '\0' : parts[0][0];
    if (!((lead >= 'a' && lead <= 'z') || (lead >= 'A' && lead <= 'Z')))
      return fail(opcode, "an opcode");
    advance();
    inst.opcode = std::string(parts[0]);
    for (size_t i = 1; i < parts.size(); ++i) {
      if (parts[i].empty())
        return fail(opcode, "an opcode without empty modifiers");
      inst.modifiers.emplace_back(parts[i]);
    }
    bool ok = inst.opcode == "call" ? parseCallOperands(inst) : parseOperandList(inst);
    if (!ok)
      return false;
    const Token &semicolon = peek();
    if (!expectPunct(';', "';' after the instruction"))
      return false;
    inst.text = std::string(source_.substr(first.offset, semicolon.offset + 1 - first.offset));
    return true;
  }

  bool parseOperandList(ast::Instruction &inst) {
    if (isPunct(';'))
      return true;
    do {
      ast::Operand op;
      if (!parseOperand(op, /*allowCompound=*/true))
        return false;
      inst.operands.push_back(std::move(op));
    } while (acceptPunct(','));
    return true;
  }

  // `(a, b)` as a Vector operand.
  bool parseParenList(ast::Operand &list) {
    list.kind = ast::Operand::Kind::Vector;
    advance(); // '('
    if (acceptPunct(')'))
      return true;
    do {
      ast::Operand op;
      if (!parseOperand(op, /*allowCompound=*/false))
        return false;
      list.elements.push_back(std::move(op));
    } while (acceptPunct(','));
    return expectPunct(')', "',' or ')' in the call's list");
  }

  // call{.uni} (ret), callee, (args){, prototype}; — see ast::Instruction for the layout.
  bool parseCallOperands(ast::Instruction &inst) {
    if (isPunct('(')) {
      ast::Operand returns;
      if (!parseParenList(returns))
        return false;
      inst.operands.push_back(std::move(returns));
      inst.callHasReturn = true;
      if (!expectPunct(',', "',' after the call's return list"))
        return false;
    }
    const Token &callee = peek();
    if (callee.kind != TokenKind::Word)
      return fail(callee, "the function to call");
    ast::Operand target;
    if (!parseOperand(target, /*allowCompound=*/false))
      return false;
    inst.operands.push_back(std::move(target));
    ast::Operand args;
    args.kind = ast::Operand::Kind::Vector;
    if (acceptPunct(',')) {
      if (!isPunct('('))
        return fail(peek(), "'(' to open the call's argument list");
      if (!parseParenList(args))
        return false;
    }
    inst.operands.push_back(std::move(args));
    if (acceptPunct(',')) {
      const Token &proto = peek();
      if (proto.kind != TokenKind::Word)
        return fail(proto, "a prototype or target-list label");
      ast::Operand op;
      op.kind = ast::Operand::Kind::Symbol;
      op.name = std::string(advance().text);
      inst.operands.push_back(std::move(op));
    }
    return true;
  }

  static void setNumber(ast::Operand &op, const Number &n) {
    op.kind = n.isFloat ? ast::Operand::Kind::Float : ast::Operand::Kind::Int;
    op.intValue = n.bits;
    op.floatValue = n.value;
    op.floatBits = n.floatBits;
  }

  // One operand. Compound forms (addresses, vectors) do not nest inside each other, except the
  // coordinate vector of a texture address `[tex, {%r1, %r2}]`.
  bool parseOperand(ast::Operand &op, bool allowCompound) {
    const Token &t = peek();
    if (allowCompound && isPunct('['))
      return parseAddress(op);
    if (allowCompound && isPunct('{'))
      return parseVector(op);
    if (isPunct('-') || t.kind == TokenKind::Number) {
      bool minus = acceptPunct('-');
      const Token &numberToken = peek();
      Number n;
      if (numberToken.kind != TokenKind::Number || !parseNumber(numberToken.text, n))
        return fail(numberToken, "a numeric constant");
      advance();
      if (minus)
        negate(n);
      setNumber(op, n);
      return true;
    }
    if (isPunct('!')) {
      advance();
      if (peek().kind != TokenKind::Word)
        return fail(peek(), "a predicate after '!'");
      op.kind = ast::Operand::Kind::Register;
      op.negated = true;
      op.name = std::string(advance().text);
      return true;
    }
    if (t.kind != TokenKind::Word)
      return fail(t, "an operand");
    advance();
    if (t.text == "_") {
      op.kind = ast::Operand::Kind::Sink;
      return true;
    }
    op.name = std::string(t.text);
    op.kind = t.text[0] == '%' ? ast::Operand::Kind::Register : ast::Operand::Kind::Symbol;
    if (acceptPunct('|')) {
      if (peek().kind != TokenKind::Word)
        return fail(peek(), "a second destination after '|'");
      op.partnerName = std::string(advance().text);
      return true;
    }
    if (op.kind == ast::Operand::Kind::Symbol)
      return parseSymbolOffset(op.offset);
    return true;
  }

  bool parseVector(ast::Operand &op) {
    advance(); // '{'
    op.kind = ast::Operand::Kind::Vector;
    do {
      ast::Operand element;
      if (!parseOperand(element, /*allowCompound=*/false))
        return false;
      op.elements.push_back(std::move(element));
    } while (acceptPunct(','));
    return expectPunct('}', "',' or '}' in the vector operand");
  }

  // [reg], [reg+imm], [reg+-imm], [reg-imm], [sym], [sym+imm], [imm], [tex, coords...]
  bool parseAddress(ast::Operand &op) {
    advance(); // '['
    op.kind = ast::Operand::Kind::Address;
    if (peek().kind == TokenKind::Word) {
      op.name = std::string(advance().text);
      if (!parseSymbolOffset(op.offset))
        return false;
    } else {
      Number n;
      if (!parseSignedInteger(n, "a register, symbol or constant in the address"))
        return false;
      op.offset = static_cast<int64_t>(n.bits);
    }
    while (acceptPunct(',')) {
      ast::Operand element;
      if (isPunct('{') ? !parseVector(element) : !parseOperand(element, false))
        return false;
      op.elements.push_back(std::move(element));
    }
    return expectPunct(']', "']' to close the address");
  }

  std::string_view source_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::string error_;
};

} // namespace

Expected<ast::Module> parseModule(std::string_view text) { return Parser(text).run(); }

Expected<std::vector<ast::Module>> parseModules(std::string_view text) {
  return Parser(text).runAll(/*split=*/true);
}

} // namespace qiao::ptx
