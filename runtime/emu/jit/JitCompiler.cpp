// The kernel compiler behind NativeCode.h: finds the runs of a function, lowers each with
// RunEmitter into one LLVM module, optimises it for the host CPU (Optimizer.h) and links it with
// ORC's LLJIT.
// Built as libqiao-jit.so so that programs that never compile a kernel never load LLVM.
#include "JitCompiler.h"

#include "KernelCache.h"
#include "KernelKey.h"
#include "NativeCode.h"
#include "Optimizer.h"
#include "Program.h"
#include "RunEmitter.h"
#include "RunFinder.h"
#include "support/ErrorCodes.h"

#include <cmath>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
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

// What a compiled function keeps alive: its JITDylib (code and symbols of its own, so the same
// kernel loaded twice links twice) and its table of run starts.
struct CompiledCode {
  orc::ExecutionSession *session = nullptr;
  orc::JITDylib *library = nullptr;
  std::vector<uint8_t> startsRun;
  ~CompiledCode() {
    if (library)
      consumeError(session->removeJITDylib(*library));
  }
};

// Times consecutive phases of a compile on the calling thread's CPU clock: on a machine shared
// with other work, wall time measures the neighbours as much as the compiler.
class PhaseClock {
public:
  PhaseClock() : last_(threadCpuMs()) {}
  // Adds the CPU time since the previous lap (or since construction) to `phase`.
  void lap(double &phase) {
    double now = threadCpuMs();
    phase += now - last_;
    last_ = now;
  }

private:
  static double threadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
  }
  double last_;
};

// QIAO_JIT_CPU_FEATURES: LLVM target features applied after the host's, comma-separated
// ("-avx512f" compiles as for a host with AVX2 and no AVX-512): reproduces another host's code
// here and lets the tests cover both forms. The cache key holds the resulting feature string.
std::vector<std::string> extraTargetFeatures() {
  std::vector<std::string> features;
  const char *value = std::getenv("QIAO_JIT_CPU_FEATURES");
  SmallVector<StringRef, 8> parts;
  StringRef(value ? value : "").split(parts, ',', -1, false);
  for (StringRef part : parts)
    features.push_back(part.trim().str());
  return features;
}

// QIAO_JIT_TIMES=1: one line on stderr per compile with its CPU time by phase.
bool reportTimesRequested() {
  const char *value = std::getenv("QIAO_JIT_TIMES");
  return value && *value && std::string(value) != "0";
}

void reportTimes(const ptx::Function &function, const JitCompiler::PhaseTimes &times,
                 bool fromCache) {
  std::fprintf(stderr,
               "qiao: compiled '%s' (%zu instructions%s) in %.1f ms of CPU: lower %.1f, verify "
               "%.1f, optimize %.1f, codegen %.1f, link %.1f\n",
               function.name.c_str(), function.code.size(), fromCache ? ", from the cache" : "",
               times.total(), times.lower, times.verify, times.optimize, times.codegen, times.link);
}

// Every compiled function's entry has this name inside its own JITDylib.
constexpr const char *kEntryName = "qiao_entry";

// LLVM's code generator keeps function-local statics (tables of value types, for one) whose
// destructors run at exit in the reverse order of their construction. The engine waits for
// background compiles in an exit handler it registers once this compiler has started; a static
// first constructed by a later compile would be destroyed before that wait, under a compile
// still running at exit. One small compile of the same kinds of SIMD code here constructs them
// first.
void warmUpCodeGenerator(TargetMachine &machine) {
  LLVMContext context;
  Module module("qiao_warm_up", context);
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple().str());
  IRBuilder<> b(context);
  auto *cells = FixedVectorType::get(b.getInt64Ty(), 32);
  auto *words = FixedVectorType::get(b.getInt32Ty(), 32);
  auto *lanes = FixedVectorType::get(b.getInt1Ty(), 32);
  auto *type = FunctionType::get(b.getVoidTy(), {b.getPtrTy(), b.getInt32Ty()}, false);
  Function *fn = Function::Create(type, GlobalValue::ExternalLinkage, "qiao_warm_up", module);
  b.SetInsertPoint(BasicBlock::Create(context, "entry", fn));
  Value *mask = b.CreateBitCast(fn->getArg(1), lanes);
  Value *row = b.CreateAlignedLoad(cells, fn->getArg(0), Align(8));
  Value *sum = b.CreateAdd(row, row);
  Value *pointers = b.CreateIntToPtr(sum, FixedVectorType::get(b.getPtrTy(), 32));
  Value *gathered = b.CreateMaskedGather(words, pointers, Align(4), mask);
  Value *floats = b.CreateBitCast(gathered, FixedVectorType::get(b.getFloatTy(), 32));
  Value *nan = b.CreateFCmpUNO(floats, floats);
  Value *picked = b.CreateSelect(nan, b.CreateZExt(gathered, cells), sum);
  b.CreateMaskedStore(picked, fn->getArg(0), Align(8), mask);
  b.CreateRetVoid();
  optimizeModule(module, machine);
  SmallVector<char, 0> object;
  raw_svector_ostream out(object);
  legacy::PassManager codegen;
  if (!machine.addPassesToEmitFile(codegen, out, nullptr, CodeGenFileType::ObjectFile))
    codegen.run(module);
}

} // namespace

struct JitCompiler::Impl {
  std::mutex mutex;
  std::unique_ptr<orc::LLJIT> jit;
  std::unique_ptr<TargetMachine> machine;
  ptx::NativeHelpers helpers;
  KernelCache cache;
  uint64_t libraries = 0; // names the JITDylibs
  std::atomic<uint64_t> lowered{0}, cacheHits{0};
  PhaseTimes times; // of every compile so far, under `mutex`
  bool reportTimes = false;
};

JitCompiler::PhaseTimes &JitCompiler::PhaseTimes::operator+=(const PhaseTimes &other) {
  lower += other.lower;
  verify += other.verify;
  optimize += other.optimize;
  codegen += other.codegen;
  link += other.link;
  return *this;
}

JitCompiler::JitCompiler(const ptx::NativeHelpers &helpers) : impl_(std::make_unique<Impl>()) {
  impl_->helpers = helpers;
  impl_->reportTimes = reportTimesRequested();
}
JitCompiler::~JitCompiler() = default;

JitCompiler::Counts JitCompiler::counts() const {
  std::lock_guard lock(impl_->mutex);
  return Counts{impl_->lowered.load(), impl_->cacheHits.load(), impl_->times};
}

Status JitCompiler::start() {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  // Directed rounding on AVX hosts is inline assembly (DirectedRounding.cpp).
  InitializeNativeTargetAsmParser();
  auto builder = orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return failure(builder.takeError());
  builder->setCodeGenOptLevel(CodeGenOptLevel::Less);
  // JITLink keeps an object's sections together and reaches the functions outside it through
  // stubs, so code can address its constants relative to the instruction pointer. The large
  // model's default loads each constant's address with a ten-byte movabs into a register first
  // (199 of them in Black-Scholes' object), a register the rows' values then spill for.
  builder->setCodeModel(CodeModel::Small);
  builder->setRelocationModel(Reloc::PIC_);
  builder->addFeatures(extraTargetFeatures());
  auto machine = builder->createTargetMachine();
  if (!machine)
    return failure(machine.takeError());
  impl_->machine = std::move(*machine);
  warmUpCodeGenerator(*impl_->machine);
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
  // The C library functions LLVM's code generator calls: on a host without FMA instructions,
  // llvm.fma becomes the correctly rounded fma and fmaf. (The .approx functions are polynomials
  // in the compiled code itself, as the interpreter computes them.)
  const std::pair<const char *, orc::ExecutorAddr> libraryFunctions[] = {
      {"fma", orc::ExecutorAddr::fromPtr(static_cast<double (*)(double, double, double)>(&::fma))},
      {"fmaf", orc::ExecutorAddr::fromPtr(static_cast<float (*)(float, float, float)>(&::fmaf))}};
  for (const auto &[name, address] : libraryFunctions)
    symbols[session.intern(name)] = {address, JITSymbolFlags::Exported};
  symbols[session.intern("qiao_native_defer_add")] = {
      orc::ExecutorAddr::fromPtr(impl_->helpers.deferAdd), JITSymbolFlags::Exported};
  if (llvm::Error e =
          impl_->jit->getMainJITDylib().define(orc::absoluteSymbols(std::move(symbols))))
    return failure(std::move(e));
  return Status::ok();
}

std::unique_ptr<Module> JitCompiler::lower(LLVMContext &context, const ptx::Program &program,
                                           uint32_t index, const std::vector<Run> &runs) const {
  const ptx::Function &function = program.functions[index];
  auto module = std::make_unique<Module>("qiao_" + function.name, context);
  if (impl_->machine) {
    module->setDataLayout(impl_->machine->createDataLayout());
    module->setTargetTriple(impl_->machine->getTargetTriple().str());
  }
  TargetTraits target;
  if (impl_->machine) {
    const MCSubtargetInfo &features = *impl_->machine->getMCSubtargetInfo();
    target.embeddedRounding = features.checkFeatures("+avx512f");
    target.switchedRounding = features.checkFeatures("+avx,+fma");
  }
  RunEmitter(*module, function, declaredParamBytes(program, index), target)
      .emitFunction(kEntryName, runs);
  ++impl_->lowered;
  return module;
}

Expected<std::string> JitCompiler::emitIr(const ptx::Program &program, uint32_t index) {
  if (index >= program.functions.size())
    return qiao::Error{qiao::errc::qiaoErrorInvalidValue, "no function " + std::to_string(index)};
  LLVMContext context;
  std::unique_ptr<Module> module =
      lower(context, program, index, findRuns(program.functions[index]));
  std::string text;
  raw_string_ostream out(text);
  module->print(out, nullptr);
  return text;
}

Expected<std::vector<char>> JitCompiler::emitObject(const ptx::Program &program, uint32_t index) {
  if (index >= program.functions.size())
    return qiao::Error{qiao::errc::qiaoErrorInvalidValue, "no function " + std::to_string(index)};
  std::lock_guard lock(impl_->mutex);
  PhaseTimes times;
  PhaseClock clock;
  std::vector<Run> runs = findRuns(program.functions[index]);
  clock.lap(times.lower);
  Expected<std::vector<char>> object = objectFor(program, index, runs, times, false);
  impl_->times += times;
  if (object && impl_->reportTimes)
    reportTimes(program.functions[index], times, false);
  return object;
}

Expected<std::vector<char>> JitCompiler::objectFor(const ptx::Program &program, uint32_t index,
                                                   const std::vector<Run> &runs, PhaseTimes &times,
                                                   bool useCache) {
  TargetMachine &machine = *impl_->machine;
  PhaseClock clock;
  std::string key;
  if (useCache && impl_->cache.enabled() && !compilerIdentity().empty())
    key = kernelKey(program, index, compilerIdentity(), machine.getTargetCPU().str(),
                    machine.getTargetFeatureString().str());
  if (!key.empty())
    if (std::optional<std::vector<char>> cached = impl_->cache.load(key)) {
      ++impl_->cacheHits;
      clock.lap(times.link);
      return std::move(*cached);
    }
  clock.lap(times.link);

  LLVMContext context;
  std::unique_ptr<Module> lowered = lower(context, program, index, runs);
  Module &module = *lowered;
  clock.lap(times.lower);
  std::string broken;
  raw_string_ostream brokenOut(broken);
  if (verifyModule(module, &brokenOut))
    return failure("invalid IR: " + broken);
  clock.lap(times.verify);

  optimizeModule(module, machine);
  clock.lap(times.optimize);

  SmallVector<char, 0> object;
  raw_svector_ostream objectOut(object);
  legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, objectOut, nullptr, CodeGenFileType::ObjectFile))
    return failure("the host target cannot emit object files");
  codegen.run(module);
  clock.lap(times.codegen);
  std::vector<char> bytes(object.begin(), object.end());
  if (!key.empty())
    impl_->cache.store(key, bytes);
  clock.lap(times.link);
  return bytes;
}

Expected<ptx::NativeFunction> JitCompiler::compile(const ptx::Program &program, uint32_t index) {
  std::lock_guard lock(impl_->mutex);
  PhaseTimes times;
  PhaseClock clock;
  std::vector<Run> runs = findRuns(program.functions[index]);
  clock.lap(times.lower);
  const uint64_t hitsBefore = impl_->cacheHits.load();
  Expected<std::vector<char>> object = objectFor(program, index, runs, times);
  if (!object)
    return object.error();
  clock = PhaseClock(); // objectFor timed its own phases

  orc::ExecutionSession &session = impl_->jit->getExecutionSession();
  auto library = session.createJITDylib("qiao_" + std::to_string(impl_->libraries++));
  if (!library)
    return failure(library.takeError());
  auto code = std::make_shared<CompiledCode>();
  code->session = &session;
  code->library = &*library;
  library->addToLinkOrder(impl_->jit->getMainJITDylib()); // the engine's helpers
  auto buffer = MemoryBuffer::getMemBufferCopy(StringRef(object->data(), object->size()),
                                               program.functions[index].name);
  if (llvm::Error e = impl_->jit->addObjectFile(*library, std::move(buffer)))
    return failure(std::move(e));
  auto address = impl_->jit->lookup(*library, kEntryName);
  if (!address)
    return failure(address.takeError());
  code->startsRun.assign(program.functions[index].code.size() + 1, 0);
  for (const Run &run : runs)
    code->startsRun[run.begin] = ptx::kStartsRun;
  for (uint32_t pc : findBranchEntries(program.functions[index], runs))
    code->startsRun[pc] = ptx::kStartsAtBranch;
  clock.lap(times.link);
  impl_->times += times;
  if (impl_->reportTimes)
    reportTimes(program.functions[index], times, impl_->cacheHits.load() != hitsBefore);
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
