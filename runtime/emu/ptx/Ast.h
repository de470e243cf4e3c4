// The syntax tree of a PTX module as the parser reads it: names and modifiers are kept as text,
// nothing is resolved. The decoder (Decoder.h) turns it into executable IR.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qiao::ptx::ast {

struct SourceLoc {
  uint32_t line = 0;   // 1-based
  uint32_t column = 0; // 1-based
};

enum class StateSpace : uint8_t { Reg, Sreg, Const, Global, Local, Param, Shared, Tex, Generic };

// One element of an initializer: an integer, a float (kept as the double the text denotes; the
// decoder converts it to the variable's type), or the address of a symbol, possibly wrapped in
// generic(...) and offset by a constant (`sym+8`).
struct Initializer {
  enum class Kind : uint8_t { Int, Float, Symbol } kind = Kind::Int;
  uint64_t intValue = 0; // two's complement bits for negative values
  double floatValue = 0;
  bool floatIsHexBits = false; // written as 0fXXXXXXXX / 0dXXXXXXXXXXXXXXXX: bits in intValue
  std::string symbol;
  bool generic = false; // generic(sym)
  int64_t symbolOffset = 0;
};

// A declaration: `.reg .b32 %r<10>;`, `.shared .align 4 .b8 buf[1024];`, a parameter,
// `.global .u32 counter = 5;`, `.const .align 8 .f64 tab[3] = {1.0, 2.0, 3.0};`
struct Variable {
  SourceLoc loc;
  StateSpace space = StateSpace::Reg;
  std::string type;         // without the dot: "b32", "u64", "f32", "pred", "b8"...
  std::string name;         // "%r", "buf", "_Z6kernelPfi_param_0"
  uint32_t vectorWidth = 0; // .v2/.v4: 2 or 4; 0 when scalar
  uint32_t align = 0;       // .align N, 0 when not given
  // `%r<10>` declares %r0..%r9: rangeCount = 10. 0 when a single name is declared.
  uint32_t rangeCount = 0;
  // Array dimensions; `buf[4][8]` gives {4, 8}; `buf[]` (size from initializer / extern) gives {0}.
  std::vector<uint64_t> dims;
  std::vector<Initializer> init; // flattened, in order
  bool isExtern = false;
  bool isVisible = false;
  bool isWeak = false;
  bool ptrAttribute = false; // .ptr parameter attribute (.ptr.global.align 8): accepted, unused
};

struct Operand {
  enum class Kind : uint8_t {
    Register, // %r1, %tid.x (name holds "%tid.x"), also non-% register names
    Int,      // 42, -1, 0x1F, 017 (octal), 0b101; intValue holds the bits
    Float,    // 0f3F800000 (bits in intValue, floatBits32=true), 0d... (64-bit bits), 1.5
    Symbol,   // a name: a variable, a function, a label
    Address,  // [base+offset], [base], [offset]; base is a register or a symbol (or empty)
    Vector,   // {%r1, %r2, _}
    Sink,     // _
  } kind = Kind::Register;
  std::string name;     // Register / Symbol / Address base
  bool negated = false; // !%p as an operand (e.g. selp's predicate, setp's src pred)
  uint64_t intValue = 0;
  double floatValue = 0;         // decimal float literal
  uint8_t floatBits = 0;         // 32 for 0f, 64 for 0d, 0 when decimal
  int64_t offset = 0;            // Address: constant offset; also `sym+4` as a Symbol operand
  std::vector<Operand> elements; // Vector
  // A register written with a pair/quad selector of its own: `%r1|%p2` (setp's two destinations)
  // is parsed as a Register with partnerName = "%p2".
  std::string partnerName;
};

struct Instruction {
  SourceLoc loc;
  std::string guard;         // "%p1" for `@%p1`, empty when unguarded
  bool guardNegated = false; // `@!%p1`
  std::string opcode;        // "ld", "add", "setp", "bra", "call"...
  // Dot-separated suffixes in order, without the dots: ld.global.nc.v4.f32 gives
  // {"global", "nc", "v4", "f32"}.
  std::vector<std::string> modifiers;
  // For `call`: operands are, in order, the return list (a Vector, possibly empty, present only
  // when the call has one), the callee (Symbol or Register), the argument list (a Vector), and
  // an optional prototype symbol. callHasReturn tells whether the first one is there.
  std::vector<Operand> operands;
  bool callHasReturn = false;
  std::string text; // the instruction as written, for diagnostics
};

struct Statement {
  enum class Kind : uint8_t { Instruction, Label, Declaration, BlockBegin, BlockEnd } kind;
  SourceLoc loc;
  Instruction instruction; // Kind::Instruction
  std::string label;       // Kind::Label
  Variable declaration;    // Kind::Declaration (.reg, .local, .shared, .param inside a body)
};

struct Function {
  SourceLoc loc;
  bool isEntry = false; // .entry (kernel) vs .func
  bool isVisible = false;
  bool isExtern = false;
  bool isWeak = false;
  bool hasBody = false; // false for a prototype/declaration
  std::string name;
  std::vector<Variable> returns; // .func (.param .b32 ret) name(...)
  std::vector<Variable> params;
  // Performance directives, 0 when absent.
  uint32_t maxntid[3] = {0, 0, 0};
  uint32_t reqntid[3] = {0, 0, 0};
  uint32_t minnctapersm = 0;
  uint32_t maxnreg = 0;
  uint32_t reqnctapercluster[3] = {0, 0, 0}; // the cluster shape a kernel must be launched with
  bool explicitCluster = false;              // .explicitcluster or .reqnctapercluster
  uint32_t maxclusterrank = 0;               // .maxclusterrank, 0 when absent
  std::vector<Statement> body;
};

struct Module {
  uint32_t versionMajor = 0, versionMinor = 0; // .version 9.0
  std::vector<std::string> targets;            // .target sm_80, texmode_independent...
  uint32_t addressSize = 64;
  SourceLoc addressSizeLoc;        // of the .address_size directive; line 0 when there is none
  std::vector<Variable> globals;   // module-scope .global/.const/.shared/...
  std::vector<Function> functions; // in order of appearance
  // `.callprototype` declarations are parsed and kept by label name.
  std::vector<std::string> callPrototypes;
};

// A parse failure: where, what was seen and what was expected.
struct ParseError {
  SourceLoc loc;
  std::string message; // "expected ';' after instruction, found 'foo'"
};

} // namespace qiao::ptx::ast
