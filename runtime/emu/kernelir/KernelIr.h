// Qiao kernel IR: the decoded PTX of a program (ptx::Program) lowered to per-thread (SIMT) LLVM IR,
// the module format a vendor's LLVM backend consumes (docs/kernel-ir.md is the specification).
// One LLVM function per PTX .entry and .func; what a thread cannot compute alone (its indices,
// barriers, warp collectives, printf) is a call to a documented `qiao.*` function.
#pragma once

#include "support/Expected.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace qiao::ptx {
class Program;
}

namespace qiao::kir {

// The dialect's version, recorded in the module flag "qiao.kernel_ir.version".
inline constexpr uint32_t kVersion = 1;

// Address spaces of the dialect (docs/kernel-ir.md, "Address spaces").
enum AddressSpace : unsigned {
  kGeneric = 0,
  kGlobal = 1,
  kShared = 3,
  kConstant = 4, // .const variables and the kernel parameter buffer
  kLocal = 5,
};

struct LowerOptions {
  // Promote the register allocas to SSA values (mem2reg): what qiao-ptxc emits and the runtime
  // hands a driver. Off, each PTX register stays an i64 alloca (easier to read against the PTX).
  bool promoteRegisters = true;
  // Only this function and what it calls; empty: every function with a body.
  std::string only;
};

// What lowering made of one function.
struct FunctionReport {
  std::string name;
  bool isEntry = false;
  bool lowered = false;
  std::string error; // why not, naming the instruction and its PTX line
};

struct LowerResult {
  std::unique_ptr<llvm::Module> module; // null when no function lowered
  std::vector<FunctionReport> functions;
};

// Lowers every function it can. A function with an instruction the dialect does not express yet
// is left out with its error in the report (so are the kernels that call it); the error value of
// the whole call is for a program with nothing to lower or an internal failure.
LowerResult lowerProgram(const ptx::Program &program, llvm::LLVMContext &context,
                         const LowerOptions &options = {});

// Runs LLVM's verifier; "" when the module is valid.
std::string verify(const llvm::Module &module);

// The whole path for a driver's module image: PTX texts (one, or several units to link) to
// bitcode. Every kernel must lower: an error (qiaoErrorInvalidPtx for PTX the front end refuses,
// qiaoErrorNotSupported naming the instruction and line the dialect cannot express) otherwise.
Expected<std::vector<char>> bitcodeFromPtx(const std::vector<std::string> &units);

} // namespace qiao::kir

// The C entry point libqiao finds with dlsym (it loads this library only for a driver that takes
// Qiao kernel IR): returns 0 and a malloc'ed bitcode buffer, or a qiaoError_t value and a message
// in log (NUL-terminated, truncated to logBytes).
extern "C" int qiaoKernelIrFromPtx(const char *const *units, uint32_t count, void **bitcode,
                                   size_t *bytes, char *log, size_t logBytes);
