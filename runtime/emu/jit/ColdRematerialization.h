// Shorter live ranges for the hot path: vector values that cold blocks read are computed again
// there.
#pragma once

#include <llvm/IR/PassManager.h>

namespace qiao::jit {

// A row of 32 64-bit cells is eight AVX2 registers of sixteen (four of thirty-two on AVX-512).
// RunEmitter computes an access's address vector where the PTX computes it, and its gather and
// exec-function paths read it, so without this pass the vector stays live across the dense path
// that needs only scalars, and the code generator spills rows there. This pass finds the blocks
// that only unlikely edges reach (RunEmitter weights the checks of its fast paths) and, for each
// such block, recomputes there the cheap pure vector instructions of the hot blocks it reads
// (arithmetic, casts, shuffles, compares, selects, and loads marked !invariant.load), with their
// operands in turn. A hot value left with no uses is deleted; one the hot path still reads ends
// at its last hot use. The cold paths pay the recomputation, the hot path nothing.
class ColdRematerializationPass : public llvm::PassInfoMixin<ColdRematerializationPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &function, llvm::FunctionAnalysisManager &analyses);
};

} // namespace qiao::jit
