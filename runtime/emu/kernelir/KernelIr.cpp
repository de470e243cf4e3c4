// The module around the lowered functions: which functions lower (a kernel that calls one that
// does not is left out too), the kernel metadata and module flags of the dialect, mem2reg, the
// verifier, bitcode, and the C entry point libqiao calls.
#include "KernelIr.h"

#include "Engine.h"
#include "FunctionLowering.h"
#include "support/ErrorCodes.h"

#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Transforms/Utils/PromoteMemToReg.h>

#include <cstdlib>
#include <cstring>
#include <set>

namespace qiao::kir {

using namespace llvm;

namespace {

void promoteRegisters(llvm::Function &f) {
  if (f.isDeclaration())
    return;
  std::vector<AllocaInst *> allocas;
  for (Instruction &i : f.getEntryBlock())
    if (auto *a = dyn_cast<AllocaInst>(&i); a && isAllocaPromotable(a))
      allocas.push_back(a);
  if (allocas.empty())
    return;
  DominatorTree tree(f);
  PromoteMemToReg(allocas, tree);
}

void addKernelMetadata(const ptx::Program &program, ModuleLowering &lowering,
                       const std::set<uint32_t> &lowered) {
  LLVMContext &c = lowering.context;
  auto *i32 = llvm::Type::getInt32Ty(c);
  auto num = [&](uint64_t v) { return ConstantAsMetadata::get(ConstantInt::get(i32, v)); };
  NamedMDNode *kernels = lowering.module.getOrInsertNamedMetadata("qiao.kernels");
  for (const ptx::KernelInfo &k : program.kernels) {
    if (!lowered.count(k.index))
      continue;
    std::vector<Metadata *> params;
    for (const ptx::KernelParam &p : k.params) {
      params.push_back(num(p.offset));
      params.push_back(num(p.size));
    }
    Metadata *fields[] = {ValueAsMetadata::get(lowering.function(k.index)),
                          num(k.paramBytes),
                          num(k.staticSharedBytes),
                          num(k.localBytes),
                          num(k.maxThreadsPerBlock),
                          num(k.numRegs),
                          MDTuple::get(c, params)};
    kernels->addOperand(MDTuple::get(c, fields));
  }
  Module &m = lowering.module;
  m.addModuleFlag(Module::Error, "qiao.kernel_ir.version", kVersion);
  m.addModuleFlag(Module::Max, "qiao.ptx_version", program.ptxVersion);
  m.addModuleFlag(Module::Max, "qiao.target_sm", program.targetSm);
  m.addModuleFlag(Module::Max, "qiao.dynamic_shared_offset", program.dynamicSharedOffset);
}

// Module globals live in host memory while lowering; nothing runs.
class OfflineMemory : public ptx::DeviceMemory {
public:
  ~OfflineMemory() override {
    for (void *p : blocks_)
      std::free(p);
  }
  void *allocateGlobal(uint64_t bytes) override {
    blocks_.push_back(std::calloc(1, bytes ? bytes : 1));
    return blocks_.back();
  }
  void releaseGlobal(void *) override {}
  bool lookup(uint64_t, uint64_t, uint64_t &, uint64_t &) const override { return false; }

private:
  std::vector<void *> blocks_;
};

} // namespace

LowerResult lowerProgram(const ptx::Program &program, LLVMContext &context,
                         const LowerOptions &options) {
  LowerResult result;
  auto module = std::make_unique<Module>("qiao.kernel_ir", context);
  ModuleLowering lowering(program, *module);

  // The functions to lower: all with a body, or `only` and what it calls.
  std::vector<uint32_t> order;
  std::set<uint32_t> wanted;
  std::vector<uint32_t> work;
  for (uint32_t i = 0; i < program.functions.size(); ++i) {
    const ptx::Function &fn = program.functions[i];
    if (!fn.hasBody || fn.builtin != ptx::Builtin::None)
      continue;
    if (options.only.empty() || fn.name == options.only)
      work.push_back(i);
  }
  while (!work.empty()) {
    uint32_t i = work.back();
    work.pop_back();
    if (!wanted.insert(i).second)
      continue;
    for (const ptx::CallSite &site : program.functions[i].calls) {
      const ptx::Function &callee = program.functions[site.callee];
      if (!site.indirect && callee.hasBody && callee.builtin == ptx::Builtin::None)
        work.push_back(site.callee);
    }
  }
  // An indirect call may reach any function: with one among them, every function is lowered.
  bool indirect = false;
  for (uint32_t i : wanted)
    for (const ptx::CallSite &site : program.functions[i].calls)
      indirect = indirect || site.indirect;
  if (indirect)
    for (uint32_t i = 0; i < program.functions.size(); ++i)
      if (program.functions[i].hasBody && program.functions[i].builtin == ptx::Builtin::None &&
          !program.functions[i].isEntry)
        wanted.insert(i);
  order.assign(wanted.begin(), wanted.end());

  std::map<uint32_t, std::string> failed;
  for (uint32_t i : order) {
    FunctionLowering f(lowering, i);
    try {
      f.lower();
    } catch (const Unsupported &u) {
      failed[i] = u.why;
    }
  }
  // A function that calls one left out is left out too.
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i : order) {
      if (failed.count(i))
        continue;
      for (const ptx::CallSite &site : program.functions[i].calls)
        if (!site.indirect && failed.count(site.callee)) {
          failed[i] = "calls " + program.functions[site.callee].name + ", which is not lowered (" +
                      failed[site.callee] + ")";
          changed = true;
          break;
        }
    }
  }
  std::set<uint32_t> lowered;
  for (uint32_t i : order) {
    llvm::Function *f = lowering.function(i);
    FunctionReport report;
    report.name = program.functions[i].name;
    report.isEntry = program.functions[i].isEntry;
    if (auto it = failed.find(i); it != failed.end()) {
      report.error = it->second;
      f->deleteBody();
    } else {
      report.lowered = true;
      lowered.insert(i);
    }
    result.functions.push_back(std::move(report));
  }
  for (auto &[index, why] : failed) {
    llvm::Function *f = lowering.function(index);
    if (f->use_empty())
      f->eraseFromParent();
  }
  if (lowered.empty())
    return result;
  if (options.promoteRegisters)
    for (llvm::Function &f : *module)
      promoteRegisters(f);
  addKernelMetadata(program, lowering, lowered);
  result.module = std::move(module);
  return result;
}

std::string verify(const Module &module) {
  std::string problems;
  raw_string_ostream out(problems);
  if (verifyModule(module, &out))
    return problems.empty() ? "the verifier rejected the module" : problems;
  return {};
}

Expected<std::vector<char>> bitcodeFromPtx(const std::vector<std::string> &units) {
  if (units.empty())
    return Error{errc::qiaoErrorInvalidValue, "no PTX to lower"};
  OfflineMemory memory;
  std::vector<std::string_view> views(units.begin(), units.end());
  auto loaded =
      views.size() == 1 ? ptx::Module::load(views[0], memory) : ptx::Module::link(views, memory);
  if (!loaded)
    return loaded.error();
  LLVMContext context;
  LowerResult lowered = lowerProgram((*loaded)->program(), context);
  for (const FunctionReport &f : lowered.functions)
    if (f.isEntry && !f.lowered)
      return Error{errc::qiaoErrorNotSupported,
                   "kernel " + f.name + " cannot be expressed in Qiao kernel IR: " + f.error};
  if (!lowered.module)
    return Error{errc::qiaoErrorNotSupported, "the module has no kernel to lower"};
  if (std::string problems = verify(*lowered.module); !problems.empty())
    return Error{errc::qiaoErrorInvalidPtx, "internal error: invalid kernel IR: " + problems};
  SmallVector<char, 0> buffer;
  raw_svector_ostream out(buffer);
  WriteBitcodeToFile(*lowered.module, out);
  return std::vector<char>(buffer.begin(), buffer.end());
}

} // namespace qiao::kir

extern "C" __attribute__((visibility("default"))) int
qiaoKernelIrFromPtx(const char *const *units, uint32_t count, void **bitcode, size_t *bytes,
                    char *log, size_t logBytes) {
  if (!units || count == 0 || !bitcode || !bytes)
    return qiao::errc::qiaoErrorInvalidValue;
  std::vector<std::string> texts;
  for (uint32_t i = 0; i < count; ++i)
    texts.emplace_back(units[i] ? units[i] : "");
  auto made = qiao::kir::bitcodeFromPtx(texts);
  if (!made) {
    if (log && logBytes) {
      std::strncpy(log, made.error().message.c_str(), logBytes - 1);
      log[logBytes - 1] = 0;
    }
    return made.error().code;
  }
  *bytes = made->size();
  *bitcode = std::malloc(made->size() ? made->size() : 1);
  if (!*bitcode)
    return qiao::errc::qiaoErrorMemoryAllocation;
  std::memcpy(*bitcode, made->data(), made->size());
  return 0;
}
