// The optimisation passes between RunEmitter's IR and the code generator.
#pragma once

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace qiao::jit {

// Optimises a lowered module in place for `machine` (its target analyses: costs, legal types).
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine);

} // namespace qiao::jit
