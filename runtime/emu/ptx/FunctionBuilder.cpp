// Scopes, symbols and frame layout of a function being decoded.
#include "FunctionBuilder.h"

#include "support/ErrorCodes.h"

#include <algorithm>

namespace qiao::ptx {

uint64_t variableBytes(const ast::Variable &variable) {
  Type type = parseType(variable.type);
  uint64_t bytes = typeBytes(type);
  if (variable.vectorWidth > 1)
    bytes *= variable.vectorWidth;
  for (uint64_t dim : variable.dims)
    bytes *= dim;
  return bytes;
}

uint32_t variableAlign(const ast::Variable &variable) {
  if (variable.align)
    return variable.align;
  uint32_t natural = typeBytes(parseType(variable.type));
  if (variable.vectorWidth > 1)
    natural *= variable.vectorWidth;
  return std::max<uint32_t>(natural, 1);
}

namespace {
uint64_t alignUp(uint64_t value, uint64_t align) { return (value + align - 1) / align * align; }
} // namespace

FunctionBuilder::FunctionBuilder(Program &program, uint32_t functionIndex,
                                 const ast::Function &source)
    : program_(program), index_(functionIndex), source_(source) {
  scopes_.emplace_back();
}

uint32_t FunctionBuilder::allocateFrameParam(uint64_t bytes, uint32_t align) {
  Function &fn = function();
  uint64_t offset = alignUp(fn.frameParamBytes, std::max<uint32_t>(align, 1));
  fn.frameParamBytes = static_cast<uint32_t>(alignUp(offset + std::max<uint64_t>(bytes, 1), 8));
  return static_cast<uint32_t>(offset);
}

Status FunctionBuilder::layoutSignature() {
  Function &fn = function();
  Scope &scope = scopes_.front();
  if (fn.isEntry) {
    // Kernel parameters: one buffer for the grid, laid out with natural alignment as CUDA packs
    // the arguments of cuLaunchKernel.
    uint32_t offset = 0;
    KernelInfo &info = program_.kernels.emplace_back();
    info.name = fn.name;
    info.index = index_;
    for (const ast::Variable &param : source_.params) {
      uint64_t bytes = variableBytes(param);
      uint32_t align = variableAlign(param);
      offset = static_cast<uint32_t>(alignUp(offset, align));
      info.params.push_back({offset, static_cast<uint32_t>(bytes), align});
      scope.symbols[param.name] = SymbolRef{Space::KernelParam, offset, bytes, false};
      offset += static_cast<uint32_t>(bytes);
    }
    info.paramBytes = offset;
    return Status::ok();
  }
  for (const ast::Variable &param : source_.params) {
    uint64_t bytes = variableBytes(param);
    uint32_t at = allocateFrameParam(bytes, variableAlign(param));
    fn.paramOffsets.push_back(at);
    fn.paramSizes.push_back(static_cast<uint32_t>(bytes));
    scope.symbols[param.name] = SymbolRef{Space::FrameParam, at, bytes, true};
  }
  for (const ast::Variable &ret : source_.returns) {
    uint64_t bytes = variableBytes(ret);
    uint32_t at = allocateFrameParam(bytes, variableAlign(ret));
    fn.returnOffsets.push_back(at);
    fn.returnSizes.push_back(static_cast<uint32_t>(bytes));
    scope.symbols[ret.name] = SymbolRef{Space::FrameParam, at, bytes, true};
  }
  return Status::ok();
}

void FunctionBuilder::pushScope() { scopes_.emplace_back(); }

void FunctionBuilder::popScope() {
  if (scopes_.size() > 1)
    scopes_.pop_back();
}

Status FunctionBuilder::declare(const ast::Variable &variable) {
  Function &fn = function();
  Scope &scope = scopes_.back();
  auto fail = [&](std::string what) {
    return Error{errc::qiaoErrorInvalidPtx, "line " + std::to_string(variable.loc.line) + ":" +
                                                std::to_string(variable.loc.column) + ": " + what};
  };
  switch (variable.space) {
  case ast::StateSpace::Reg: {
    uint32_t first = fn.numRegs;
    if (variable.rangeCount > 0) {
      for (uint32_t i = 0; i < variable.rangeCount; ++i)
        scope.registers[variable.name + std::to_string(i)] = fn.numRegs++;
    } else {
      scope.registers[variable.name] = fn.numRegs++;
    }
    registerTypes_.resize(fn.numRegs, Type::None);
    std::fill(registerTypes_.begin() + first, registerTypes_.end(), parseType(variable.type));
    return Status::ok();
  }
  case ast::StateSpace::Local: {
    uint64_t bytes = variableBytes(variable);
    uint64_t offset = alignUp(fn.localBytes, variableAlign(variable));
    // Saturated, not wrapped: a depot past 4 GiB must stay too large for the load-time limit
    // (LocalMemoryLimit.h) rather than become a small one.
    fn.localBytes = static_cast<uint32_t>(std::min<uint64_t>(offset + bytes, UINT32_MAX));
    scope.symbols[variable.name] =
        SymbolRef{Space::Local, static_cast<int64_t>(offset), bytes, true};
    return Status::ok();
  }
  case ast::StateSpace::Param: {
    uint64_t bytes = variableBytes(variable);
    uint32_t at = allocateFrameParam(bytes, variableAlign(variable));
    scope.symbols[variable.name] = SymbolRef{Space::FrameParam, at, bytes, true};
    return Status::ok();
  }
  case ast::StateSpace::Shared: {
    // Demoted shared variables were laid out in the module's window before decoding.
    auto it = program_.sharedOffsets.find(fn.name + "::" + variable.name);
    if (it == program_.sharedOffsets.end())
      return fail("shared variable '" + variable.name + "' has no layout");
    scope.symbols[variable.name] = SymbolRef{Space::Shared, it->second, variableBytes(variable)};
    return Status::ok();
  }
  default:
    return fail("unsupported declaration of '" + variable.name + "' inside a function body");
  }
}

bool FunctionBuilder::findRegister(std::string_view name, uint32_t &slot) const {
  std::string key(name);
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto found = it->registers.find(key);
    if (found != it->registers.end()) {
      slot = found->second;
      return true;
    }
  }
  // ptxas reads the number of a range's register, so %r074 is %r74 (a range declares %r74).
  size_t digits = key.find_last_not_of("0123456789") + 1;
  if (digits == 0 || digits + 1 >= key.size() || key[digits] != '0')
    return false;
  size_t zeros = key.find_first_not_of('0', digits);
  key.erase(digits, (zeros == std::string::npos ? key.size() - 1 : zeros) - digits);
  return findRegister(key, slot);
}

bool FunctionBuilder::findSymbol(std::string_view name, SymbolRef &out) const {
  std::string key(name);
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto found = it->symbols.find(key);
    if (found != it->symbols.end()) {
      out = found->second;
      return true;
    }
  }
  if (auto g = program_.globalIndex.find(key); g != program_.globalIndex.end()) {
    const GlobalVariable &var = program_.globals[g->second];
    out = SymbolRef{var.space, static_cast<int64_t>(reinterpret_cast<uint64_t>(var.address)),
                    var.bytes};
    return true;
  }
  if (auto s = program_.sharedOffsets.find(key); s != program_.sharedOffsets.end()) {
    out = SymbolRef{Space::Shared, s->second, 0};
    return true;
  }
  if (auto f = program_.functionIndex.find(key); f != program_.functionIndex.end()) {
    out = SymbolRef{Space::Generic, static_cast<int64_t>(Program::functionAddress(f->second)), 0};
    out.isFunction = true;
    out.function = f->second;
    return true;
  }
  return false;
}

bool FunctionBuilder::findLabel(std::string_view name, uint32_t &index) const {
  auto it = labels_.find(std::string(name));
  if (it == labels_.end())
    return false;
  index = it->second;
  return true;
}

uint32_t FunctionBuilder::constantSlot(uint64_t bits) {
  auto it = constants_.find(bits);
  if (it != constants_.end())
    return it->second;
  Function &fn = function();
  uint32_t slot = fn.numRegs++;
  fn.constants.emplace_back(slot, bits);
  constants_[bits] = slot;
  return slot;
}

} // namespace qiao::ptx
