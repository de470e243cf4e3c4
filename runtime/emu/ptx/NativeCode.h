// The contract between the interpreter and the kernel compiler (runtime/emu/jit): native code for
// the straight-line runs of a function. A run is a maximal sequence of Control::None instructions
// that starts at a leader (a branch target, a return point, the instruction after a control
// instruction); the warp scheduler stays the interpreter's, so divergence, calls, barriers and
// forward progress behave exactly as interpreted, while the instructions between them run as
// native SIMD code over the warp's 32 lanes. An instruction the compiler does not lower runs
// through its exec function from inside the native run, so every kernel can be compiled.
#pragma once

#include "Ir.h"
#include "support/Expected.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace qiao::ptx {

class Program;
class Warp;

inline constexpr uint32_t kAccessSites = 16;

// What native code reads about the warp and block it runs in; the block runner fills it when the
// block starts. The allocation cache is shared with the interpreter's checked accesses.
struct NativeWarpState {
  uint8_t *shared = nullptr;
  uint64_t sharedBytes = 0;
  const uint8_t *params = nullptr;
  uint64_t paramBytes = 0;
  uint32_t ntid[3] = {1, 1, 1};
  uint32_t ctaid[3] = {0, 0, 0};
  uint32_t nctaid[3] = {1, 1, 1};
  uint32_t warpIndex = 0;
  uint32_t warpsPerBlock = 1;
  uint32_t tid[3][32] = {}; // %tid.x/y/z of each lane
  // The warp's local memory (BlockRunner's stacks): lane l's local address a is the host byte
  // local + l * localBytes + a, for a + size <= localBytes. The kernel's own frame starts at local
  // address 0, so native code of a kernel knows its depot's addresses (other functions' frames
  // lie higher, where only the interpreter knows).
  uint8_t *local = nullptr;
  uint64_t localBytes = 0;
  // How the warp's lanes lie in the block (kLanesOneRow, kLanesTwoRows or 0 for neither):
  // native code knows from it, with one compare, which thread-index progressions hold.
  uint32_t laneShape = 0;
  // The two allocations global accesses hit last (most recent first): a kernel reading one array
  // and writing another finds both here. Under the default MemoryCheck (Engine.h) they are the
  // mapped regions around the allocations instead, so native code follows the launch's rule
  // without knowing it.
  uint64_t cacheBase = 0, cacheEnd = 0;
  uint64_t cacheBase2 = 0, cacheEnd2 = 0;
  // Each global access of native code has a slot of its own (kAccessSites of them, shared round
  // the kernel's accesses beyond that): [base, end) of the range it found last. A kernel whose
  // accesses go to three or more arrays in turn (a = b + s * c) would miss the two shared
  // entries at every access.
  uint64_t siteRanges[kAccessSites][2] = {};
  uint64_t instructions = 0; // instructions native code ran (times the lanes: the caller's job)
  // Lanes native code left waiting when it returned (a loop some lanes had left when the branch
  // budget ran out): they wait at parkPc, and the returned pc is the other active lanes'. The
  // interpreter parks them and clears parkMask.
  uint32_t parkPc = 0;
  uint32_t parkMask = 0;
};

// NativeWarpState::laneShape: every lane has one %tid.y and %tid.z, and %tid.x = first + lane;
// or lanes 0-15 and 16-31 are two rows (a block 16 threads wide): %tid.x = first + lane % 16,
// %tid.y = first + lane / 16, one %tid.z.
inline constexpr uint32_t kLanesOneRow = 1;
inline constexpr uint32_t kLanesTwoRows = 2;

// The native code of a function: starts at `pc` (a pc whose startsRun entry is set) with the
// lanes in `active`, executes runs and follows branches that all active lanes take the same way,
// and stops at the first instruction it leaves to the scheduler (a divergent branch, a call, a
// barrier, exit, ret), at a pc >= stopPc (where the scheduler has lanes parked), or after a
// bounded number of taken branches (so that warps spinning on each other take turns). Returns
// the pc where it stopped, or kRunFaulted when an instruction faulted (the fault is recorded on
// the block, as an exec function records it). `code` is the function's first instruction.
using NativeEntry = uint32_t (*)(Warp *warp, uint64_t *regs, uint32_t active, const Inst *code,
                                 NativeWarpState *state, uint32_t pc, uint32_t stopPc);
inline constexpr uint32_t kRunFaulted = ~0u;
// Taken branches a native call follows before it returns to the scheduler.
inline constexpr uint32_t kNativeBranchBudget = 4096;

// The interpreter's services that native code calls, by address (the compiler lives in a
// library of its own and links against nothing of the engine).
struct NativeHelpers {
  // Runs one instruction through its exec function for exec (skipped when exec is 0); returns
  // whether the block has faulted.
  bool (*fallback)(Warp *warp, const Inst *inst, uint32_t exec);
  // Whether [lo, hi) lies in one allocation (one mapped region under the default MemoryCheck);
  // refreshes the state's allocation cache.
  bool (*globalRange)(Warp *warp, uint64_t lo, uint64_t hi);
  // Holds a global add for the end of the block (DeferredAdds.h; kind: a DeferredAddKind).
  void (*deferAdd)(Warp *warp, uint64_t address, uint64_t operand, uint32_t kind);
};

// NativeFunction::startsRun values: where entry may start any warp (a run), and where it may
// start only a converged warp with no lanes parked (a forward branch a region begins with).
inline constexpr uint8_t kStartsRun = 1;
inline constexpr uint8_t kStartsAtBranch = 2;

// Native code of one function.
struct NativeFunction {
  NativeEntry entry = nullptr;
  const uint8_t *startsRun = nullptr; // per pc: 0, kStartsRun or kStartsAtBranch
  std::shared_ptr<void> owner;        // keeps the code and the table alive
};

// The compiler's interface as the engine sees it (implemented in libqiao-jit.so).
class KernelCompiler {
public:
  virtual ~KernelCompiler() = default;
  // Compiles every run of function `index` of the program worth compiling. The engine publishes
  // the result (Program::publishNative); an error leaves the function interpreted.
  virtual Expected<NativeFunction> compile(const Program &program, uint32_t index) = 0;
  // The LLVM IR of function `index` as the compiler generates it, before optimisation
  // (qiao-ptxc --emit=ll).
  virtual Expected<std::string> emitIr(const Program &program, uint32_t index) = 0;
  // The optimised object file (ELF relocatable) of function `index`: what compile() links.
  virtual Expected<std::vector<char>> emitObject(const Program &program, uint32_t index) = 0;
};

// How kernels run, from QIAO_EXEC, read once per process:
//   auto (the default): interpreted until a kernel has run kAutoCompileThreads threads in all
//                       (one large launch, or many small ones), then compiled in the background
//                       for its next launches: short-lived kernels never pay for a compile. A
//                       launch of kAutoCompileNowThreads threads or more waits for the compile
//                       instead (interpreting it costs about as much per instruction of the
//                       kernel as compiling it, or more), so a program's first launch of a large
//                       grid runs compiled; not for kernels past kAutoCompileNowInstructions,
//                       whose compile can take seconds (a CUB sort's: 13-15 s).
//   jit:    compiled before the first launch of each kernel.
//   interp: the interpreter alone.
//   check:  every launch twice, interpreted and compiled, from the same memory; the first
//           difference is reported on stderr (DifferentialCheck.cpp).
enum class ExecMode : uint8_t { Auto, Jit, Interp, Check };
ExecMode execMode();
inline constexpr uint64_t kAutoCompileThreads = uint64_t{1} << 18;
inline constexpr uint64_t kAutoCompileNowThreads = uint64_t{1} << 22;
inline constexpr uint64_t kAutoCompileNowInstructions = 1024;

// Called before each launch of `kernelFunction` with its thread count: compiles the kernel when
// the execution mode asks for it now.
void beforeLaunch(const Program &program, uint32_t kernelFunction, uint64_t threads);

// The process's compiler, loaded on first use from libqiao-jit.so beside the library or program
// that holds the engine; null (with one message on stderr) when it cannot be loaded.
KernelCompiler *kernelCompiler();

// Compiles the kernel and the functions it calls, once per program; later calls return at once.
// Failures are reported once and leave the kernel interpreted.
void prepareNative(const Program &program, uint32_t kernelFunction);

} // namespace qiao::ptx
