// Module: parse, decode, and look up what a loaded module holds.
#include "Decoder.h"
#include "Engine.h"
#include "Linker.h"
#include "LocalMemoryLimit.h"
#include "Parser.h"
#include "Program.h"
#include "Validate.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <cstdlib>

namespace qiao::ptx {
namespace {

uint32_t targetOf(const ast::Module &unit) {
  uint32_t sm = 0;
  for (const std::string &target : unit.targets)
    if (target.starts_with("sm_") || target.starts_with("compute_"))
      sm = static_cast<uint32_t>(std::atoi(target.c_str() + target.find('_') + 1));
  return sm;
}

// See Module::requiredSm.
uint32_t requiredSmOf(const std::vector<ast::Module> &units) {
  uint32_t kernels = 0, oldest = UINT32_MAX;
  for (const ast::Module &unit : units) {
    uint32_t sm = targetOf(unit);
    oldest = std::min(oldest, sm);
    if (std::any_of(unit.functions.begin(), unit.functions.end(),
                    [](const ast::Function &f) { return f.isEntry && f.isVisible; }))
      kernels = std::max(kernels, sm);
  }
  return kernels != 0 || units.empty() ? kernels : oldest;
}

// Validates, links and decodes the units of one program.
Expected<std::unique_ptr<Program>> buildProgram(std::vector<ast::Module> units,
                                                DeviceMemory &memory) {
  // Each module as ptxas would see it: what ptxas refuses must not load.
  for (const ast::Module &m : units)
    if (Status s = validateModule(m); !s)
      return s.error();
  auto linked = linkModules(std::move(units));
  if (!linked)
    return linked.error();
  auto program = decodeProgram(linked.value(), memory);
  if (!program)
    return program.error();
  if (Status limit = checkLocalMemory(*program.value()); !limit)
    return limit.error();
  return std::move(program).value();
}

} // namespace

Expected<std::unique_ptr<Module>> Module::load(std::string_view ptx, DeviceMemory &memory) {
  // Several modules' texts one after another are one program linked from them (what a program's
  // own concatenation of translation units hands over as one image).
  auto parsed = parseModules(ptx);
  if (!parsed)
    return parsed.error();
  return link(std::move(parsed).value(), memory);
}

Expected<std::unique_ptr<Module>> Module::link(const std::vector<std::string_view> &units,
                                               DeviceMemory &memory) {
  std::vector<ast::Module> parsed;
  for (size_t i = 0; i < units.size(); ++i) {
    auto unit = parseModules(units[i]);
    if (!unit) {
      Error error = unit.error();
      error.message = "unit " + std::to_string(i + 1) + ": " + error.message;
      return error;
    }
    for (ast::Module &module : unit.value())
      parsed.push_back(std::move(module));
  }
  return link(std::move(parsed), memory);
}

Expected<std::unique_ptr<Module>> Module::link(std::vector<ast::Module> units,
                                               DeviceMemory &memory) {
  const uint32_t requiredSm = requiredSmOf(units);
  auto program = buildProgram(std::move(units), memory);
  if (!program)
    return program.error();
  std::unique_ptr<Module> module(new Module());
  module->program_ = std::move(program).value();
  module->requiredSm_ = requiredSm;
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
