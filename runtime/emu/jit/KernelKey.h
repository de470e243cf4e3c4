// The kernel cache's key (KernelCache.h): a hash of every input that decides the object code the
// compiler makes of a decoded function, computed without lowering it, so that a cache hit costs
// a hash and a file read instead of the IR generation.
#pragma once

#include "Program.h"

#include <cstdint>
#include <string>

namespace qiao::jit {

// Names the code that turns a decoded function into an object file: the GNU build-id of the
// loaded object that holds this compiler (libqiao-jit.so) and of the one that holds LLVM's code
// generator (libLLVM), each a hash the linker computes over the whole linked file. Any rebuild
// that changes the lowering, the pipeline, the engine structures the compiler reads, or LLVM
// itself therefore changes the identity, without anyone bumping a version. An object without a
// build-id is named by a hash of its file's contents instead. Computed once per process; empty
// when neither can be read (the compiler then does not cache).
const std::string &compilerIdentity();

// A hex digest of: the decoded function `index` (every field of its instructions except the
// exec function's host address, which native code never embeds; its calls, constants and frame
// layout; module symbols are already resolved into its operands), the direct callees it reaches
// (in case the lowering ever inlines them), the kernel's declared parameter bytes (loads below
// them are unchecked), the compiler's identity, and the target CPU with its features.
std::string kernelKey(const ptx::Program &program, uint32_t index, const std::string &compiler,
                      const std::string &cpu, const std::string &features);

// The kernel's parameter bytes as its signature declares them; 0 for a .func.
uint32_t declaredParamBytes(const ptx::Program &program, uint32_t index);

} // namespace qiao::jit
