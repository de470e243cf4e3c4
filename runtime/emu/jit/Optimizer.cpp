// The optimisation pipeline of the kernel compiler. RunEmitter's module is one function of
// straight-line SIMD code per run, with no calls to inline, no loops to vectorise, unroll or
// rotate and one alloca (the branch budget); what it needs is the clean-up of its own output:
// the budget into a register, values computed twice (row loads, address facts, masks) merged,
// cell conversions (trunc/zext/bitcast chains) and selects under constant masks folded, and the
// blocks of its branches merged. LLVM's O1 pipeline does that and much more for general code
// (seven InstCombine runs, inlining, loop passes): about 30% of a compile for the same code here,
// measured on the bench kernels (bench/RESULTS.md).
#include "Optimizer.h"

#include "ColdRematerialization.h"

#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/LICM.h>
#include <llvm/Transforms/Scalar/LoopPassManager.h>
#include <llvm/Transforms/Scalar/SROA.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>

namespace qiao::jit {

using namespace llvm;

void optimizeModule(Module &module, TargetMachine &machine) {
  LoopAnalysisManager loops;
  FunctionAnalysisManager functions;
  CGSCCAnalysisManager cgscc;
  ModuleAnalysisManager modules;
  PassBuilder passes(&machine);
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);

  FunctionPassManager function;
  function.addPass(SROAPass(SROAOptions::PreserveCFG));
  function.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  function.addPass(InstCombinePass());
  function.addPass(SimplifyCFGPass());
  // The lane loops of atomics and divergent loop bodies recompute addresses and masks that do
  // not change between iterations.
  function.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()), /*UseMemorySSA=*/true));
  function.addPass(InstCombinePass());
  function.addPass(SimplifyCFGPass());
  // Last: the passes before would merge its copies with the values they replace.
  function.addPass(ColdRematerializationPass());
  ModulePassManager pipeline;
  pipeline.addPass(createModuleToFunctionPassAdaptor(std::move(function)));
  pipeline.run(module, modules);
}

} // namespace qiao::jit
