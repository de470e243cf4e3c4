// Module: parse, decode, and look up what a loaded module holds.
#include "Decoder.h"
#include "Engine.h"
#include "Linker.h"
#include "Parser.h"
#include "Program.h"
#include "Validate.h"
#include "support/ErrorCodes.h"

namespace qiao::ptx {

Expected<std::unique_ptr<Module>> Module::load(std::string_view ptx, DeviceMemory &memory) {
  // Several modules' texts one after another are one program linked from them (the translation
  // units of relocatable device code arrive this way through the single-image module load).
  auto parsed = parseModules(ptx);
  if (!parsed)
    return parsed.error();
  // Each module as ptxas would see it: what ptxas refuses must not load.
  for (const ast::Module &m : parsed.value())
    if (Status s = validateModule(m); !s)
      return s.error();
  auto linked = linkModules(std::move(parsed).value());
  if (!linked)
    return linked.error();
  auto program = decodeProgram(linked.value(), memory);
  if (!program)
    return program.error();
  std::unique_ptr<Module> module(new Module());
  module->program_ = std::move(program.value());
  return module;
}

Module::~Module() = default;

const KernelInfo *Module::kernel(std::string_view name) const {
  for (const KernelInfo &k : program_->kernels)
    if (k.name == name)
      return &k;
  return nullptr;
}

Expected<GlobalInfo> Module::global(std::string_view name) const {
  auto it = program_->globalIndex.find(std::string(name));
  if (it == program_->globalIndex.end())
    return Error{errc::qiaoErrorSymbolNotFound, "no global '" + std::string(name) + "'"};
  const GlobalVariable &g = program_->globals[it->second];
  return GlobalInfo{g.address, g.bytes};
}

const std::vector<KernelInfo> &Module::kernels() const { return program_->kernels; }
uint32_t Module::ptxVersion() const { return program_->ptxVersion; }
uint32_t Module::targetSm() const { return program_->targetSm; }

} // namespace qiao::ptx
