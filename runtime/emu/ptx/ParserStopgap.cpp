// PTX reader: a hand-written scanner and recursive-descent parser into ast::Module.
#include "Parser.h"
#include "support/ErrorCodes.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace qiao::ptx {
namespace {

enum class Tok : uint8_t { End, Ident, Directive, Number, String, Punct };

struct Token {
  Tok kind = Tok::End;
  std::string_view text;
  ast::SourceLoc loc;
  size_t offset = 0; // where the token starts in the text
  bool spaceBefore = false;
};

bool followChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

class Scanner {
public:
  explicit Scanner(std::string_view text) : text_(text) {}

  Token next() {
    bool space = skipSpace();
    Token t;
    t.spaceBefore = space;
    t.loc = {line_, static_cast<uint32_t>(pos_ - lineStart_ + 1)};
    t.offset = pos_;
    if (pos_ >= text_.size())
      return t;
    size_t start = pos_;
    char c = text_[pos_];
    if (c == '.' && pos_ + 1 < text_.size() &&
        (followChar(text_[pos_ + 1]) || text_[pos_ + 1] == '%')) {
      ++pos_;
      while (pos_ < text_.size() &&
             (followChar(text_[pos_]) ||
              (text_[pos_] == ':' && pos_ + 1 < text_.size() && text_[pos_ + 1] == ':'))) {
        pos_ += text_[pos_] == ':' ? 2 : 1;
      }
      t.kind = Tok::Directive;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '%') {
      ++pos_;
      while (pos_ < text_.size() && followChar(text_[pos_]))
        ++pos_;
      t.kind = Tok::Ident;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      ++pos_;
      bool hexFloat = (c == '0' && pos_ < text_.size() &&
                       (text_[pos_] == 'f' || text_[pos_] == 'F' || text_[pos_] == 'd' ||
                        text_[pos_] == 'D'));
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
              (!hexFloat && text_[pos_] == '.') ||
              (!hexFloat && (text_[pos_] == '+' || text_[pos_] == '-') &&
               (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E') &&
               text_.substr(start, 2) != "0x" && text_.substr(start, 2) != "0X")))
        ++pos_;
      t.kind = Tok::Number;
    } else if (c == '"') {
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n')
        pos_ += (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ? 2 : 1;
      if (pos_ < text_.size() && text_[pos_] == '"')
        ++pos_;
      t.kind = Tok::String;
    } else {
      ++pos_;
      t.kind = Tok::Punct;
    }
    t.text = text_.substr(start, pos_ - start);
    return t;
  }

  // Skips to the end of the current line (.loc, .file).
  void skipLine() {
    while (pos_ < text_.size() && text_[pos_] != '\n')
      ++pos_;
  }
  std::string_view slice(size_t from, size_t to) const { return text_.substr(from, to - from); }
  size_t position() const { return pos_; }

private:
  bool skipSpace() {
    bool any = false;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        lineStart_ = ++pos_;
        any = true;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\0') {
        ++pos_;
        any = true;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n')
          ++pos_;
        any = true;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        pos_ += 2;
        while (pos_ < text_.size() && !(text_[pos_] == '*' && pos_ + 1 < text_.size() &&
                                        text_[pos_ + 1] == '/')) {
          if (text_[pos_] == '\n') {
            ++line_;
            lineStart_ = pos_ + 1;
          }
          ++pos_;
        }
        pos_ = std::min(pos_ + 2, text_.size());
        any = true;
      } else {
        break;
      }
    }
    return any;
  }

  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t lineStart_ = 0;
};

struct Failure {
  ast::ParseError error;
};

class PtxParser {
public:
  explicit PtxParser(std::string_view text) : scanner_(text) { advance(); }

  Expected<ast::Module> run() {
    ast::Module module;
    if (!parseModuleBody(module))
      return Error{errc::qiaoErrorInvalidPtx, "line " + std::to_string(error_.loc.line) + ":" +
                                                  std::to_string(error_.loc.column) + ": " +
                                                  error_.message};
    return module;
  }

private:
  // --- token helpers ---
  void advance() {
    tok_ = scanner_.next();
    // Debug line information carries nothing the engine uses.
    while (tok_.kind == Tok::Directive && (tok_.text == ".loc" || tok_.text == ".file")) {
      scanner_.skipLine();
      tok_ = scanner_.next();
    }
  }
  bool is(std::string_view text) const { return tok_.kind != Tok::End && tok_.text == text; }
  bool accept(std::string_view text) {
    if (!is(text))
      return false;
    advance();
    return true;
  }
  std::string seen() const {
    return tok_.kind == Tok::End ? "end of input" : "'" + std::string(tok_.text.substr(0, 40)) + "'";
  }
  bool fail(std::string message) {
    if (error_.message.empty()) {
      error_.loc = tok_.loc;
      error_.message = std::move(message) + ", found " + seen();
    }
    return false;
  }
  bool expect(std::string_view text) {
    if (accept(text))
      return true;
    return fail("expected '" + std::string(text) + "'");
  }
  bool number(uint64_t &out) {
    if (tok_.kind != Tok::Number)
      return fail("expected a number");
    ast::Operand op;
    if (!parseNumber(tok_.text, op) || op.kind != ast::Operand::Kind::Int)
      return fail("expected an integer");
    out = op.intValue;
    advance();
    return true;
  }

  static bool parseNumber(std::string_view text, ast::Operand &op) {
    std::string s(text);
    if (!s.empty() && (s.back() == 'U' || s.back() == 'u'))
      s.pop_back();
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'f' || s[1] == 'F' || s[1] == 'd' || s[1] == 'D')) {
      bool is32 = s[1] == 'f' || s[1] == 'F';
      if (s.size() != (is32 ? 10u : 18u))
        return false;
      char *end = nullptr;
      op.intValue = std::strtoull(s.c_str() + 2, &end, 16);
      if (*end)
        return false;
      op.kind = ast::Operand::Kind::Float;
      op.floatBits = is32 ? 32 : 64;
      return true;
    }
    bool isFloat = s.find_first_of(".eE") != std::string::npos && !(s.size() > 1 && (s[1] == 'x' || s[1] == 'X'));
    char *end = nullptr;
    if (isFloat) {
      op.floatValue = std::strtod(s.c_str(), &end);
      op.kind = ast::Operand::Kind::Float;
      op.floatBits = 0;
      return end && *end == 0;
    }
    int base = 10;
    const char *digits = s.c_str();
    if (s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
      base = 16, digits += 2;
    else if (s.size() > 1 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
      base = 2, digits += 2;
    else if (s.size() > 1 && s[0] == '0')
      base = 8, digits += 1;
    if (!*digits)
      return false;
    op.intValue = std::strtoull(digits, &end, base);
    op.kind = ast::Operand::Kind::Int;
    return end && *end == 0;
  }

  // --- module level ---
  bool parseModuleBody(ast::Module &module) {
    while (tok_.kind != Tok::End) {
      if (tok_.kind != Tok::Directive)
        return fail("expected a directive");
      if (accept(".version")) {
        if (tok_.kind != Tok::Number)
          return fail("expected a version number");
        std::string v(tok_.text);
        size_t dot = v.find('.');
        module.versionMajor = static_cast<uint32_t>(std::atoi(v.c_str()));
        module.versionMinor = dot == std::string::npos ? 0 : static_cast<uint32_t>(std::atoi(v.c_str() + dot + 1));
        advance();
      } else if (accept(".target")) {
        do {
          if (tok_.kind != Tok::Ident)
            return fail("expected a target name");
          module.targets.emplace_back(tok_.text);
          advance();
        } while (accept(","));
      } else if (accept(".address_size")) {
        uint64_t size;
        if (!number(size))
          return false;
        module.addressSize = static_cast<uint32_t>(size);
      } else if (is(".section")) {
        if (!skipSection())
          return false;
      } else if (accept(".pragma")) {
        if (!skipTo(";"))
          return false;
      } else {
        if (!parseDeclaration(module))
          return false;
      }
    }
    return true;
  }

  bool skipTo(std::string_view terminator) {
    while (tok_.kind != Tok::End && !is(terminator))
      advance();
    return expect(terminator);
  }

  bool skipSection() {
    advance();
    while (tok_.kind != Tok::End && !is("{"))
      advance();
    if (!expect("{"))
      return false;
    int depth = 1;
    while (tok_.kind != Tok::End && depth > 0) {
      if (is("{"))
        ++depth;
      else if (is("}"))
        --depth;
      advance();
    }
    return depth == 0 || fail("unterminated .section");
  }

  bool parseDeclaration(ast::Module &module) {
    bool isExtern = false, isVisible = false, isWeak = false;
    for (;;) {
      if (accept(".extern"))
        isExtern = true;
      else if (accept(".visible"))
        isVisible = true;
      else if (accept(".weak") || accept(".common"))
        isWeak = true;
      else
        break;
    }
    if (is(".entry") || is(".func")) {
      ast::Function fn;
      fn.isExtern = isExtern;
      fn.isVisible = isVisible;
      fn.isWeak = isWeak;
      if (!parseFunction(fn))
        return false;
      module.functions.push_back(std::move(fn));
      return true;
    }
    ast::Variable var;
    var.isExtern = isExtern;
    var.isVisible = isVisible;
    var.isWeak = isWeak;
    if (!parseVariable(var, true))
      return false;
    if (!expect(";"))
      return false;
    module.globals.push_back(std::move(var));
    return true;
  }

  bool stateSpace(ast::StateSpace &space) {
    static const std::pair<std::string_view, ast::StateSpace> kSpaces[] = {
        {".reg", ast::StateSpace::Reg},       {".sreg", ast::StateSpace::Sreg},
        {".const", ast::StateSpace::Const},   {".global", ast::StateSpace::Global},
        {".local", ast::StateSpace::Local},   {".param", ast::StateSpace::Param},
        {".shared", ast::StateSpace::Shared}, {".tex", ast::StateSpace::Tex},
        {".texref", ast::StateSpace::Tex},    {".surfref", ast::StateSpace::Tex},
        {".samplerref", ast::StateSpace::Tex}};
    for (const auto &[name, s] : kSpaces)
      if (is(name)) {
        space = s;
        advance();
        return true;
      }
    return false;
  }

  // [space] {.align N} {.vN} .type name{<N>}{[dims]}{= init}
  bool parseVariable(ast::Variable &var, bool allowInit) {
    var.loc = tok_.loc;
    if (!stateSpace(var.space))
      return fail("expected a state space (.reg, .global, .shared, ...)");
    for (;;) {
      if (accept(".align")) {
        uint64_t a;
        if (!number(a))
          return false;
        var.align = static_cast<uint32_t>(a);
      } else if (is(".v2") || is(".v4") || is(".v8")) {
        var.vectorWidth = static_cast<uint32_t>(tok_.text[2] - '0');
        advance();
      } else if (accept(".ptr")) {
        var.ptrAttribute = true;
      } else if (var.ptrAttribute && (is(".global") || is(".shared") || is(".const") || is(".local"))) {
        advance();
      } else if (tok_.kind == Tok::Directive && var.type.empty()) {
        var.type = std::string(tok_.text.substr(1));
        advance();
      } else {
        break;
      }
    }
    if (var.space == ast::StateSpace::Tex && var.type.empty() && tok_.kind == Tok::Ident) {
      // .texref name; without a type
    } else if (var.type.empty()) {
      return fail("expected a type");
    }
    if (!parseDeclaratorName(var))
      return false;
    if (allowInit && accept("=")) {
      if (!parseInitializer(var, 0))
        return false;
      if (var.dims.size() == 1 && var.dims[0] == 0)
        var.dims[0] = var.init.size() / std::max<uint32_t>(var.vectorWidth, 1);
    }
    return true;
  }

  // name{<N>}{[dim]...}
  bool parseDeclaratorName(ast::Variable &var) {
    if (tok_.kind != Tok::Ident)
      return fail("expected a variable name");
    var.name = std::string(tok_.text);
    advance();
    if (accept("<")) {
      uint64_t n;
      if (!number(n))
        return false;
      if (n > (1u << 24))
        return fail("register range too large");
      var.rangeCount = static_cast<uint32_t>(n);
      if (!expect(">"))
        return false;
    }
    while (accept("[")) {
      uint64_t dim = 0;
      if (!is("]") && !number(dim))
        return false;
      var.dims.push_back(dim);
      if (!expect("]"))
        return false;
    }
    return true;
  }

  bool parseInitializer(ast::Variable &var, int depth) {
    if (depth > 16)
      return fail("initialiser nested too deeply");
    if (accept("{")) {
      if (accept("}"))
        return true;
      do {
        if (!parseInitializer(var, depth + 1))
          return false;
      } while (accept(","));
      return expect("}");
    }
    ast::Initializer init;
    bool negative = accept("-");
    if (tok_.kind == Tok::Number) {
      ast::Operand op;
      if (!parseNumber(tok_.text, op))
        return fail("malformed number");
      advance();
      if (op.kind == ast::Operand::Kind::Int) {
        init.kind = ast::Initializer::Kind::Int;
        init.intValue = negative ? (~op.intValue + 1) : op.intValue;
      } else {
        init.kind = ast::Initializer::Kind::Float;
        if (op.floatBits) {
          init.floatIsHexBits = true;
          init.intValue = op.intValue;
        } else {
          init.floatValue = negative ? -op.floatValue : op.floatValue;
        }
      }
    } else if (tok_.kind == Tok::Ident) {
      init.kind = ast::Initializer::Kind::Symbol;
      if (tok_.text == "generic") {
        advance();
        if (!expect("("))
          return false;
        if (tok_.kind != Tok::Ident)
          return fail("expected a symbol");
        init.generic = true;
        init.symbol = std::string(tok_.text);
        advance();
        if (!expect(")"))
          return false;
      } else {
        init.symbol = std::string(tok_.text);
        advance();
      }
      if (is("+") || is("-")) {
        bool minus = is("-");
        advance();
        uint64_t off;
        if (!number(off))
          return false;
        init.symbolOffset = minus ? -static_cast<int64_t>(off) : static_cast<int64_t>(off);
      }
    } else {
      return fail("expected an initialiser value");
    }
    if (var.init.size() > (1u << 26))
      return fail("initialiser too long");
    var.init.push_back(std::move(init));
    return true;
  }

  bool parseParamList(std::vector<ast::Variable> &out) {
    if (!expect("("))
      return false;
    if (accept(")"))
      return true;
    do {
      ast::Variable v;
      if (!parseVariable(v, false))
        return false;
      out.push_back(std::move(v));
    } while (accept(","));
    return expect(")");
  }

  bool parseFunction(ast::Function &fn) {
    fn.loc = tok_.loc;
    fn.isEntry = is(".entry");
    advance();
    if (!fn.isEntry && is("(") && !parseParamList(fn.returns))
      return false;
    if (tok_.kind != Tok::Ident)
      return fail("expected a function name");
    fn.name = std::string(tok_.text);
    advance();
    if (is("(") && !parseParamList(fn.params))
      return false;
    // Performance directives and attributes.
    for (;;) {
      if (is(".maxntid") || is(".reqntid")) {
        uint32_t *dims = is(".maxntid") ? fn.maxntid : fn.reqntid;
        advance();
        for (int d = 0; d < 3; ++d) {
          uint64_t n;
          if (!number(n))
            return false;
          dims[d] = static_cast<uint32_t>(n);
          if (!accept(","))
            break;
        }
      } else if (accept(".minnctapersm") || accept(".maxnctapersm")) {
        uint64_t n;
        if (!number(n))
          return false;
        fn.minnctapersm = static_cast<uint32_t>(n);
      } else if (accept(".maxnreg")) {
        uint64_t n;
        if (!number(n))
          return false;
        fn.maxnreg = static_cast<uint32_t>(n);
      } else if (accept(".noreturn") || accept(".abi_preserve") || accept(".abi_preserve_control")) {
        if (tok_.kind == Tok::Number)
          advance();
      } else if (accept(".pragma")) {
        if (!skipTo(";"))
          return false;
      } else if (is(".explicitcluster") || is(".reqnctapercluster") || is(".maxclusterrank")) {
        advance();
        while (tok_.kind == Tok::Number || is(","))
          advance();
      } else {
        break;
      }
    }
    if (accept(";"))
      return true;
    if (!expect("{"))
      return false;
    fn.hasBody = true;
    return parseBody(fn);
  }

  bool parseBody(ast::Function &fn) {
    int depth = 1;
    while (depth > 0) {
      if (tok_.kind == Tok::End)
        return fail("unterminated function body of '" + fn.name + "'");
      ast::Statement st;
      st.loc = tok_.loc;
      if (accept("{")) {
        st.kind = ast::Statement::Kind::BlockBegin;
        ++depth;
        fn.body.push_back(std::move(st));
        continue;
      }
      if (accept("}")) {
        if (--depth == 0)
          return true;
        st.kind = ast::Statement::Kind::BlockEnd;
        fn.body.push_back(std::move(st));
        continue;
      }
      if (tok_.kind == Tok::Directive) {
        if (accept(".pragma")) {
          if (!skipTo(";"))
            return false;
          continue;
        }
        if (is(".section")) {
          if (!skipSection())
            return false;
          continue;
        }
        st.kind = ast::Statement::Kind::Declaration;
        if (!parseVariable(st.declaration, true))
          return false;
        // `.reg .u32 %a, %b<4>;` declares several names of one type.
        ast::Statement first = st;
        fn.body.push_back(std::move(st));
        while (accept(",")) {
          ast::Statement more = first;
          more.declaration.rangeCount = 0;
          more.declaration.dims.clear();
          more.declaration.init.clear();
          if (!parseDeclaratorName(more.declaration))
            return false;
          fn.body.push_back(std::move(more));
        }
        if (!expect(";"))
          return false;
        continue;
      }
      if (tok_.kind == Tok::Ident && !is("@")) {
        // A label, or the start of an instruction.
        Token first = tok_;
        advance();
        if (accept(":")) {
          if (is(".callprototype")) {
            if (!skipTo(";"))
              return false;
            continue;
          }
          st.kind = ast::Statement::Kind::Label;
          st.label = std::string(first.text);
          fn.body.push_back(std::move(st));
          continue;
        }
        st.kind = ast::Statement::Kind::Instruction;
        if (!parseInstruction(st.instruction, first, first.offset))
          return false;
        fn.body.push_back(std::move(st));
        continue;
      }
      if (is("@")) {
        st.kind = ast::Statement::Kind::Instruction;
        size_t start = tok_.offset;
        advance();
        st.instruction.guardNegated = accept("!");
        if (tok_.kind != Tok::Ident)
          return fail("expected a guard predicate");
        st.instruction.guard = std::string(tok_.text);
        advance();
        if (tok_.kind != Tok::Ident)
          return fail("expected an opcode");
        Token opcode = tok_;
        advance();
        if (!parseInstruction(st.instruction, opcode, start))
          return false;
        fn.body.push_back(std::move(st));
        continue;
      }
      return fail("expected an instruction, a label or a declaration");
    }
    return true;
  }

  bool parseInstruction(ast::Instruction &inst, const Token &opcode, size_t start) {
    inst.loc = opcode.loc;
    inst.opcode = std::string(opcode.text);
    while (tok_.kind == Tok::Directive && !tok_.spaceBefore) {
      inst.modifiers.emplace_back(tok_.text.substr(1));
      advance();
    }
    bool isCall = inst.opcode == "call";
    if (!is(";")) {
      if (isCall && is("(")) {
        inst.callHasReturn = true;
        ast::Operand list;
        if (!parseParenList(list))
          return false;
        inst.operands.push_back(std::move(list));
        if (!expect(","))
          return false;
      }
      for (;;) {
        ast::Operand op;
        if (isCall && is("(")) {
          if (!parseParenList(op))
            return false;
        } else if (!parseOperand(op)) {
          return false;
        }
        inst.operands.push_back(std::move(op));
        if (inst.operands.size() > 64)
          return fail("too many operands");
        if (!accept(","))
          break;
      }
    }
    size_t end = tok_.offset;
    if (!expect(";"))
      return false;
    std::string_view raw = scanner_.slice(std::min(start, end), end);
    inst.text.reserve(raw.size());
    bool space = false;
    for (char c : raw) {
      bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (ws) {
        space = !inst.text.empty();
        continue;
      }
      if (space)
        inst.text.push_back(' ');
      space = false;
      inst.text.push_back(c);
    }
    inst.text.push_back(';');
    return true;
  }

  bool parseParenList(ast::Operand &list) {
    list.kind = ast::Operand::Kind::Vector;
    if (!expect("("))
      return false;
    if (accept(")"))
      return true;
    do {
      ast::Operand e;
      if (!parseOperand(e))
        return false;
      list.elements.push_back(std::move(e));
      if (list.elements.size() > 1024)
        return fail("argument list too long");
    } while (accept(","));
    return expect(")");
  }

  bool parseName(ast::Operand &op) {
    op.name = std::string(tok_.text);
    bool isRegister = tok_.text[0] == '%';
    advance();
    // %tid.x, %ctaid.y: the component belongs to the register's name.
    if (isRegister && tok_.kind == Tok::Directive && !tok_.spaceBefore && tok_.text.size() == 2) {
      op.name += tok_.text;
      advance();
    }
    op.kind = isRegister ? ast::Operand::Kind::Register : ast::Operand::Kind::Symbol;
    return true;
  }

  bool parseOperand(ast::Operand &op) {
    if (accept("!")) {
      if (tok_.kind != Tok::Ident)
        return fail("expected a predicate after '!'");
      parseName(op);
      op.negated = true;
      return true;
    }
    if (accept("[")) {
      op.kind = ast::Operand::Kind::Address;
      if (tok_.kind == Tok::Ident) {
        ast::Operand base;
        parseName(base);
        op.name = base.name;
      }
      int64_t sign = 0;
      if (op.name.empty())
        sign = 1;
      else if (accept("+"))
        sign = 1;
      else if (is("-"))
        sign = 1;
      if (sign) {
        bool minus = false;
        while (is("-") || is("+")) {
          if (is("-"))
            minus = !minus;
          advance();
        }
        if (!is("]") || op.name.empty()) {
          uint64_t v;
          if (!number(v))
            return false;
          op.offset = minus ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
        }
      }
      return expect("]");
    }
    if (accept("{")) {
      op.kind = ast::Operand::Kind::Vector;
      if (accept("}"))
        return true;
      do {
        ast::Operand e;
        if (!parseOperand(e))
          return false;
        op.elements.push_back(std::move(e));
        if (op.elements.size() > 64)
          return fail("vector too long");
      } while (accept(","));
      return expect("}");
    }
    bool negative = false;
    if (is("-")) {
      negative = true;
      advance();
    }
    if (tok_.kind == Tok::Number) {
      if (!parseNumber(tok_.text, op))
        return fail("malformed number");
      if (negative) {
        if (op.kind == ast::Operand::Kind::Int)
          op.intValue = ~op.intValue + 1;
        else if (op.floatBits == 32)
          op.intValue ^= 0x80000000u;
        else if (op.floatBits == 64)
          op.intValue ^= 0x8000000000000000ull;
        else
          op.floatValue = -op.floatValue;
      }
      advance();
      return true;
    }
    if (negative)
      return fail("expected a number after '-'");
    if (tok_.kind == Tok::Ident) {
      if (tok_.text == "_") {
        op.kind = ast::Operand::Kind::Sink;
        advance();
        return true;
      }
      parseName(op);
      if (accept("|")) {
        if (tok_.kind != Tok::Ident)
          return fail("expected a register after '|'");
        op.partnerName = std::string(tok_.text);
        advance();
      } else if (op.kind == ast::Operand::Kind::Symbol && (is("+") || is("-"))) {
        bool minus = is("-");
        advance();
        uint64_t v;
        if (!number(v))
          return false;
        op.offset = minus ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
      }
      return true;
    }
    return fail("expected an operand");
  }

  Scanner scanner_;
  Token tok_;
  ast::ParseError error_;
};

} // namespace

Expected<ast::Module> parseModule(std::string_view text) { return PtxParser(text).run(); }

} // namespace qiao::ptx
