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

  // What this compiler has done so far: functions lowered to IR, objects loaded from the cache.
  struct Counts {
    uint64_t lowered = 0, cacheHits = 0;
  };
  Counts counts() const;

private:
  // The module of function `index`: its NativeEntry over `runs`.
  std::unique_ptr<llvm::Module> lower(llvm::LLVMContext &context, const ptx::Program &program,
                                      uint32_t index, const std::vector<Run> &runs) const;

  // The object code of function `index` over `runs`: from the kernel cache (keyed without
  // lowering, KernelKey.h), or lowered, optimised and compiled (and then cached).
  Expected<std::vector<char>> objectFor(const ptx::Program &program, uint32_t index,
                                        const std::vector<Run> &runs, bool useCache = true);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace qiao::jit
