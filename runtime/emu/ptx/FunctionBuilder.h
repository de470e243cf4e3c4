// The function being decoded: its scopes of registers and .param variables, its constants, its
// labels, and the module's symbols as seen from it.
#pragma once

#include "Ast.h"
#include "Program.h"
#include "support/Expected.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qiao::ptx {

// A symbol resolved for an operand: the space it lives in and its address there (an absolute
// device address for Global/Const, an offset for the windowed and param spaces).
struct SymbolRef {
  Space space = Space::Global;
  int64_t address = 0;
  uint64_t size = 0;
  bool frameRelative = false; // Local depots and frame params
  bool isFunction = false;
  uint32_t function = 0;
};

class FunctionBuilder {
public:
  FunctionBuilder(Program &program, uint32_t functionIndex, const ast::Function &source);

  Program &program() { return program_; }
  Function &function() { return program_.functions[index_]; }
  uint32_t functionIndex() const { return index_; }
  const ast::Function &source() const { return source_; }

  // Declarations met in the body, in order.
  Status declare(const ast::Variable &variable);
  void pushScope();
  void popScope();

  bool findRegister(std::string_view name, uint32_t &slot) const;
  // The declared type of a register slot (Type::None for constants and scratch slots).
  Type registerType(uint32_t slot) const {
    return slot < registerTypes_.size() ? registerTypes_[slot] : Type::None;
  }
  // Variables in scope, then module variables, then functions.
  bool findSymbol(std::string_view name, SymbolRef &out) const;
  bool findLabel(std::string_view name, uint32_t &index) const;
  void defineLabel(const std::string &name, uint32_t index) { labels_[name] = index; }

  // A register slot holding the given bits in every lane (deduplicated).
  uint32_t constantSlot(uint64_t bits);
  // A fresh register slot for the decoder's own use.
  uint32_t scratchSlot() { return function().numRegs++; }

  // The call sequence's pending .param variables are looked up by name through findSymbol.
  // Lays out a parameter list of the function itself (called once before the body).
  Status layoutSignature();

private:
  uint32_t allocateFrameParam(uint64_t bytes, uint32_t align);

  Program &program_;
  uint32_t index_;
  const ast::Function &source_;
  struct Scope {
    std::unordered_map<std::string, uint32_t> registers;
    std::unordered_map<std::string, SymbolRef> symbols;
  };
  std::vector<Scope> scopes_;
  std::unordered_map<std::string, uint32_t> labels_;
  std::unordered_map<uint64_t, uint32_t> constants_;
  std::vector<Type> registerTypes_;
};

// Bytes of a declared variable: element type size x vector width x array dimensions.
uint64_t variableBytes(const ast::Variable &variable);
uint32_t variableAlign(const ast::Variable &variable);

} // namespace qiao::ptx
