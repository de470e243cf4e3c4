// The kernel compiler behind NativeCode.h: finds the runs of a function, lowers each with
// RunEmitter into one LLVM module, optimises it for the host CPU and links it with ORC's LLJIT.
// Built as libqiao-jit.so so that programs that never compile a kernel never load LLVM.
#include "JitCompiler.h"

#include "NativeCode.h"
#include "Program.h"
#include "RunEmitter.h"
#include "RunFinder.h"
#include "support/ErrorCodes.h"

#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <mutex>
#include <vector>

namespace qiao::jit {

using namespace llvm;

namespace {

// LLVM's errors become the engine's: the compiler is unavailable, the kernel stays interpreted.
qiao::Error failure(const std::string &what) {
  return qiao::Error{qiao::errc::qiaoErrorNotSupported, "kernel compiler: " + what};
}
qiao::Error failure(llvm::Error e) { return failure(toString(std::move(e))); }

// What a compiled function keeps alive: its code (the resource tracker) and its run table.
struct CompiledCode {
  orc::ResourceTrackerSP tracker;
  std::vector<uint8_t> startsRun;
  ~CompiledCode() {
    if (tracker)
      consumeError(tracker->remove());
  }
};

std::string entryName(uint32_t function) { return "qiao_function_" + std::to_string(function); }

} // namespace

struct JitCompiler::Impl {
  std::mutex mutex;
  std::unique_ptr<orc::LLJIT> jit;
  std::unique_ptr<TargetMachine> machine;
  ptx::NativeHelpers helpers;
};

JitCompiler::JitCompiler(const ptx::NativeHelpers &helpers) : impl_(std::make_unique<Impl>()) {
  impl_->helpers = helpers;
}
JitCompiler::~JitCompiler() = default;

Status JitCompiler::start() {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  auto builder = orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return failure(builder.takeError());
  builder->setCodeGenOptLevel(CodeGenOptLevel::Default);
  auto machine = builder->createTargetMachine();
  if (!machine)
    return failure(machine.takeError());
  impl_->machine = std::move(*machine);
  auto jit = orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
  if (!jit)
    return failure(jit.takeError());
  impl_->jit = std::move(*jit);
  orc::ExecutionSession &session = impl_->jit->getExecutionSession();
  orc::SymbolMap symbols;
  symbols[session.intern("qiao_native_fallback")] = {
      orc::ExecutorAddr::fromPtr(impl_->helpers.fallback), JITSymbolFlags::Exported};
  symbols[session.intern("qiao_native_global_range")] = {
      orc::ExecutorAddr::fromPtr(impl_->helpers.globalRange), JITSymbolFlags::Exported};
  if (llvm::Error e = impl_->jit->getMainJITDylib().define(orc::absoluteSymbols(std::move(symbols))))
    return failure(std::move(e));
  return Status::ok();
}

std::unique_ptr<Module> JitCompiler::lower(LLVMContext &context, const ptx::Program &program,
                                           uint32_t index, std::vector<Run> &runs) const {
  const ptx::Function &function = program.functions[index];
  auto module = std::make_unique<Module>("qiao_" + function.name, context);
  if (impl_->machine) {
    module->setDataLayout(impl_->machine->createDataLayout());
    module->setTargetTriple(impl_->machine->getTargetTriple().str());
  }
  runs = findRuns(function);
  RunEmitter(*module, function).emitFunction(entryName(index), runs);
  return module;
}

Expected<std::string> JitCompiler::emitIr(const ptx::Program &program, uint32_t index) {
  if (index >= program.functions.size())
    return qiao::Error{qiao::errc::qiaoErrorInvalidValue, "no function " + std::to_string(index)};
  LLVMContext context;
  std::vector<Run> runs;
  std::unique_ptr<Module> module = lower(context, program, index, runs);
  std::string text;
  raw_string_ostream out(text);
  module->print(out, nullptr);
  return text;
}

Expected<ptx::NativeFunction> JitCompiler::compile(const ptx::Program &program, uint32_t index) {
  std::lock_guard lock(impl_->mutex);
  auto context = std::make_unique<LLVMContext>();
  std::vector<Run> runs;
  std::unique_ptr<Module> module = lower(*context, program, index, runs);
  std::string broken;
  raw_string_ostream brokenOut(broken);
  if (verifyModule(*module, &brokenOut))
    return failure("invalid IR for '" + program.functions[index].name + "': " + broken);

  LoopAnalysisManager loops;
  FunctionAnalysisManager functions;
  CGSCCAnalysisManager cgscc;
  ModuleAnalysisManager modules;
  PassBuilder passes(impl_->machine.get());
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);
  passes.buildPerModuleDefaultPipeline(OptimizationLevel::O2).run(*module, modules);

  auto code = std::make_shared<CompiledCode>();
  code->tracker = impl_->jit->getMainJITDylib().createResourceTracker();
  if (llvm::Error e = impl_->jit->addIRModule(
          code->tracker, orc::ThreadSafeModule(std::move(module), std::move(context))))
    return failure(std::move(e));
  code->startsRun.assign(program.functions[index].code.size() + 1, 0);
  for (const Run &run : runs)
    code->startsRun[run.begin] = 1;
  auto address = impl_->jit->lookup(entryName(index));
  if (!address)
    return failure(address.takeError());
  return ptx::NativeFunction{address->toPtr<ptx::NativeEntry>(), code->startsRun.data(), code};
}

} // namespace qiao::jit

// The library's one entry point, found with dlsym by the engine (NativeCode.cpp).
extern "C" __attribute__((visibility("default"))) qiao::ptx::KernelCompiler *
qiaoCreateKernelCompiler(const qiao::ptx::NativeHelpers *helpers, std::string *error) {
  auto compiler = std::make_unique<qiao::jit::JitCompiler>(*helpers);
  if (qiao::Status s = compiler->start(); !s) {
    if (error)
      *error = s.error().message;
    return nullptr;
  }
  return compiler.release();
}
