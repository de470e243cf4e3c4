// The LLVM kernel compiler (NativeCode.h's KernelCompiler): native code for the runs of decoded
// PTX functions, linked in process with ORC's LLJIT.
#pragma once

#include "NativeCode.h"
#include "RunFinder.h"

#include <memory>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace qiao::jit {

class JitCompiler final : public ptx::KernelCompiler {
public:
  explicit JitCompiler(const ptx::NativeHelpers &helpers);
  ~JitCompiler() override;

  // Sets up the host target and the JIT; fails when LLVM has no backend for this CPU.
  Status start();

  Expected<ptx::NativeFunction> compile(const ptx::Program &program, uint32_t index) override;
  Expected<std::string> emitIr(const ptx::Program &program, uint32_t index) override;
  Expected<std::vector<char>> emitObject(const ptx::Program &program, uint32_t index) override;

  // CPU time (of the compiling thread, so a loaded machine's waits do not count) spent in each
  // phase of a compile, in milliseconds: `lower` finds the runs and generates the IR, `verify`
  // checks it, `optimize` runs Optimizer.h's passes, `codegen` LLVM's code generator, and `link`
  // is the rest: the cache's key, lookup and store, and linking the object. A cache hit spends
  // nothing in verify, optimize or codegen.
  struct PhaseTimes {
    double lower = 0, verify = 0, optimize = 0, codegen = 0, link = 0;
    double total() const { return lower + verify + optimize + codegen + link; }
    PhaseTimes &operator+=(const PhaseTimes &other);
  };

  // What this compiler has done so far: functions lowered to IR, objects loaded from the cache,
  // and the CPU time of every compile, by phase.
  struct Counts {
    uint64_t lowered = 0, cacheHits = 0;
    PhaseTimes times;
  };
  Counts counts() const;

private:
  // The module of function `index`: its NativeEntry over `runs`.
  std::unique_ptr<llvm::Module> lower(llvm::LLVMContext &context, const ptx::Program &program,
                                      uint32_t index, const std::vector<Run> &runs) const;

  // The object code of function `index` over `runs`: from the kernel cache (keyed without
  // lowering, KernelKey.h), or lowered, optimised and compiled (and then cached).
  // Adds the CPU time of each phase to `times`.
  Expected<std::vector<char>> objectFor(const ptx::Program &program, uint32_t index,
                                        const std::vector<Run> &runs, PhaseTimes &times,
                                        bool useCache = true);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace qiao::jit
