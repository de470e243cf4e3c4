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

} // namespace

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
  const uint32_t requiredSm = requiredSmOf(parsed.value());
  auto linked = linkModules(std::move(parsed).value());
  if (!linked)
    return linked.error();
  auto program = decodeProgram(linked.value(), memory);
  if (!program)
    return program.error();
  if (Status limit = checkLocalMemory(*program.value()); !limit)
    return limit.error();
  std::unique_ptr<Module> module(new Module());
  module->program_ = std::move(program.value());
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
