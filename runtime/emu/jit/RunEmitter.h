// Lowers one straight-line run of a decoded PTX function (NativeCode.h) to an LLVM function that
// executes it for the 32 lanes of a warp at once: registers are <32 x i64> rows (the
// interpreter's lane-contiguous cells, zero-extended values), every write is a select under the
// instruction's execution mask, and the rows a run touches stay in SIMD registers until the run
// ends or an instruction that is not lowered runs through its exec function.
#pragma once

#include "InvariantRows.h"
#include "Liveness.h"
#include "Program.h"
#include "RunFinder.h"
#include "UniformityHints.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

namespace qiao::jit {

using ptx::Inst;
using ptx::Operand;
using ptx::Type;

// What the target's instruction set offers the lowering beyond plain vectors.
struct TargetTraits {
  // AVX-512: per-instruction rounding modes (directed()) and masked stores (storeRow()).
  bool embeddedRounding = false;
  // AVX and FMA: directed rounding by the host's own instruction with MXCSR's rounding field
  // switched around it (directed()).
  bool switchedRounding = false;
};

class RunEmitter {
public:
  // declaredParamBytes: a kernel's parameter bytes as its signature declares them (0 for other
  // functions); the engine runs native code only for launches that pass at least that many
  // (BlockRunner::run), so loads inside them need no check.
  RunEmitter(llvm::Module &module, const ptx::Function &function, uint32_t declaredParamBytes,
             TargetTraits target = {});

  // Emits `name`, the function's NativeEntry (NativeCode.h), over its runs. Returns how many
  // instructions were lowered natively (the rest run through their exec functions).
  uint32_t emitFunction(const std::string &name, const std::vector<Run> &runs);

private:
  // A register row held in SIMD registers. An unguarded write leaves the lanes outside the
  // active mask undefined (they are never read in the run: every consumer masks by exec), so it
  // needs no old value; such a row is not `complete` and is merged with memory when stored.
  // A row float arithmetic wrote holds its f32 NaNs as the host computed them (rawNaN): PTX's
  // are the canonical NaN, a compare and a select per instruction, so they are made canonical
  // only where the row is used other than as an operand of such arithmetic (which makes any NaN
  // a NaN, canonical in its turn).
  struct Row {
    llvm::Value *value; // <32 x i64>
    bool dirty;
    bool complete; // every lane holds its true cell
    bool rawNaN = false;
  };

  // --- registers ------------------------------------------------------------------------------
  llvm::Value *row(uint32_t slot);
  llvm::Value *rowAddress(uint32_t slot); // where the slot's row lives in the register file
  llvm::Value *loadRow(uint32_t slot);    // a load from there, not cached in rows_
  // An invariant row computed again from its definition (InvariantRows), or null.
  llvm::Value *rematerialize(uint32_t slot, uint32_t definition);
  bool passesInvariants(const Run &run) const; // a loop head keeps them in registers
  // With the inactive lanes' cells too (shfl sources); keepRawNaN leaves a rawNaN row so.
  llvm::Value *completeRow(uint32_t slot, bool keepRawNaN = false);
  llvm::Value *merged(uint32_t slot,
                      llvm::Value *value);   // value in the active lanes, memory elsewhere
  llvm::Value *cells(const Operand &op);     // a register or an immediate as a row of cells
  llvm::Value *rawCells(const Operand &op);  // cells, NaNs as float arithmetic left them
  bool holdsRawNaN(const Operand &op) const; // a cached row whose f32 NaNs are not canonical yet
  llvm::Value *canonicalCells(llvm::Value *cellsValue); // f32 NaNs made canonical
  llvm::Value *canonicalValue(const Row &r);            // r's cells as PTX holds them
  void write(const Operand &dst, llvm::Value *cellsValue, llvm::Value *exec, bool rawNaN = false);
  void writeSlot(uint32_t slot, llvm::Value *cellsValue, llvm::Value *exec, bool rawNaN = false);
  void flush(uint32_t pc); // stores the dirty rows that are live at pc
  void spill(uint32_t pc); // stores the dirty rows live at pc, leaving them cached and dirty
  template <typename Needed> void storeDirtyRows(Needed needed); // the dirty rows needed
  // For the exec function of the instruction at pc on a slow path that rejoins native code:
  // stores the rows it reads (dirty ones, lazy invariants), leaving the cache as it was.
  void storeOperands(uint32_t pc);
  void storeRow(uint32_t slot, const Row &r);
  void invalidate(); // forgets every row (after an exec function ran)
  void forgetRows();
  class CacheScope; // keeps the cache across code emitted on a side path
  // Lazy invariant rows are not stored where they are computed: code that hands the register
  // file to the interpreter (at pc) or to an exec function (of the instruction at pc) stores the
  // ones that may be read there first.
  void findLazyInvariants();
  void storeInvariantsLiveAt(uint32_t pc);
  void storeInvariantsReadAt(uint32_t pc);
  template <typename Needed> void storeInvariants(Needed needed);

  // --- typed views of cells -------------------------------------------------------------------
  llvm::Value *asInt(llvm::Value *cellsValue, unsigned bits);
  llvm::Value *asF32(llvm::Value *cellsValue);
  llvm::Value *asF64(llvm::Value *cellsValue);
  llvm::Value *fromInt(llvm::Value *v); // zero-extends to cells
  llvm::Value *fromF32(llvm::Value *v);
  llvm::Value *fromF64(llvm::Value *v);
  llvm::Value *predicate(const Operand &op); // <32 x i1>, negation applied
  llvm::Value *canonicalF32(llvm::Value *v);
  llvm::Value *flushF32(llvm::Value *v);
  llvm::Value *splat64(uint64_t v);
  llvm::Value *splat32(llvm::Value *scalar);

  // --- the run --------------------------------------------------------------------------------
  llvm::Value *execMask(const Inst &inst);
  uint32_t emitRun(const Run &run);
  // The run's instructions; a masked body starts from memory and stores its rows at its end.
  uint32_t emitBody(const Run &run, bool masked);
  struct RunEntry {
    llvm::BasicBlock *block = nullptr; // the run's head, after the phis
    std::vector<uint32_t> slots;       // rows passed in registers
    std::vector<llvm::PHINode *> phis; // one per slot
  };
  RunEntry makeRunEntry(llvm::Function *fn, const Run &run);
  llvm::BasicBlock *enterFromMemory(llvm::Function *fn, uint32_t pc, RunEntry &entry);
  void passRows(uint32_t pc, RunEntry &entry);
  void leaveAt(uint32_t pc);
  bool emitInline(uint32_t pc);
  unsigned inlineDepth_ = 0;
  uint32_t currentRunBegin_ = 0;
  void emitMaskedBody(const Run &run, llvm::Value *mask);
  bool emitDivergentBranch(uint32_t pc, llvm::Value *takenMask);
  std::map<uint32_t, Row> rowsOnlyRead(const Run &thenRun, const Run *elseRun, uint32_t join);
  bool emitDivergentLoop(uint32_t pc, llvm::Value *takenMask);
  const Run *runAt(uint32_t pc) const; // the run that starts at pc
  void emitExit(uint32_t next);        // after a run: continue natively or return to the scheduler
  void goTo(uint32_t pc);              // to pc's run while pc < stopPc, else return pc
  void returnPc(uint32_t pc);
  bool lower(const Inst &inst, uint32_t index, llvm::Value *exec); // false: not lowered
  void fallback(uint32_t index, llvm::Value *exec);
  llvm::Value *instPointer(uint32_t index);
  llvm::Value *stateLoad(size_t offset, llvm::Type *type); // a field of NativeWarpState
  llvm::LoadInst *invariant(llvm::LoadInst *load);         // marked !invariant.load

  // --- families (OpLowering.cpp) ---------------------------------------------------------------
  bool lowerIntArith(const Inst &inst, llvm::Value *exec);
  bool lowerFloatArith(const Inst &inst, llvm::Value *exec);
  bool lowerBitwise(const Inst &inst, llvm::Value *exec);
  bool lowerShift(const Inst &inst, llvm::Value *exec);
  bool lowerSetp(const Inst &inst, llvm::Value *exec);
  bool lowerSelp(const Inst &inst, llvm::Value *exec);
  bool lowerMov(const Inst &inst, llvm::Value *exec);
  bool lowerCvt(const Inst &inst, llvm::Value *exec);
  bool lowerCvtFromFloat(const Inst &inst, llvm::Value *exec);
  llvm::Value *ex2Approx(llvm::Value *a);                 // <32 x float> -> <32 x float>
  llvm::Value *lg2Approx(llvm::Value *a);                 // <32 x float> -> <32 x float>
  llvm::Value *sinCosApprox(llvm::Value *a, bool cosine); // <32 x float> -> <32 x float>
  // DirectedRounding.cpp: an arithmetic operation in a directed rounding mode, or null.
  llvm::Value *directed(ptx::Opcode op, llvm::ArrayRef<llvm::Value *> operands, ptx::Rounding r);
  llvm::Value *directedF32(ptx::Opcode op, llvm::ArrayRef<llvm::Value *> operands, ptx::Rounding r);
  llvm::Value *switchedRounding(const char *instruction, llvm::ArrayRef<llvm::Value *> operands,
                                int mode);
  llvm::Value *stickyOdd(llvm::Value *s, llvm::Value *err);               // <32 x double>
  llvm::Value *sumToOdd(llvm::Value *x, llvm::Value *y, ptx::Rounding r); // <32 x double>
  llvm::Value *roundToF32(llvm::Value *d, ptx::Rounding r); // <32 x double> -> <32 x float>
  bool lowerCvta(const Inst &inst, llvm::Value *exec);
  bool lowerCvtaLocal(const Inst &inst, llvm::Value *exec);
  bool lowerMemory(const Inst &inst, uint32_t index, llvm::Value *exec); // MemoryLowering.cpp
  bool lowerAtomic(const Inst &inst, uint32_t index, llvm::Value *exec); // AtomicLowering.cpp
  llvm::Value *emitFloatAdd(llvm::Value *pointer, llvm::Value *operand, unsigned bytes, bool flush);
  llvm::Value *emitBlockPrivateUpdate(llvm::AtomicRMWInst::BinOp operation, bool floatAdd,
                                      llvm::Value *pointer, llvm::Value *operand, unsigned bytes);
  // The range the executing lanes touch, [lo, hi) with span bytes at each address, and whether it
  // can be checked once for the warp: some lane executes, every access is aligned to span, and hi
  // does not wrap (MemoryLowering.cpp).
  llvm::Value *warpSpan(llvm::Value *addr, llvm::Value *exec, uint64_t span, llvm::Value *&lo,
                        llvm::Value *&hi);
  // warpSpan and the dense test for base + offset from facts about the base row computed once per
  // row value (MemoryLowering.cpp).
  struct BaseFacts {
    llvm::Value *first = nullptr, *dense = nullptr; // lane 0; lanes at first + l * denseSpan
    uint64_t denseSpan = 0;
    llvm::Value *exec = nullptr, *min = nullptr, *max = nullptr, *lowBits = nullptr;
    llvm::Value *uniform = nullptr; // every lane equals lane 0
  };
  // Lane l of a row holds first + l * stride (modulo 2^N) whenever ok holds: proven from how the
  // row was computed (LinearLanes.cpp), so that dense and uniform accesses need scalar checks
  // only. Remembered per value, and forgotten with the rows.
  // Under Shape::TwoRows the lanes are two rows of 16 (NativeWarpState::laneShape): lane l
  // holds first + (l % 16) * stride + (l / 16) * half, which `ok` also requires; a one-row
  // progression has half = 16 * stride.
  enum class Shape : uint8_t { OneRow, TwoRows };
  struct Linear {
    llvm::Value *first; // scalar of the element type
    uint64_t stride;
    llvm::Value *ok; // i1
    uint64_t half = 0;
  };
  std::optional<Linear> linearOf(llvm::Value *v, unsigned depth = 0, Shape shape = Shape::OneRow);
  std::optional<Linear> computeLinear(llvm::Value *v, unsigned depth, Shape shape);
  llvm::Value *laneShapeIs(uint32_t shape); // i1: NativeWarpState::laneShape == shape
  void noteThreadIndex(llvm::Value *row, unsigned dim);
  BaseFacts &baseFacts(llvm::Value *base);
  llvm::Value *laneZero(llvm::Value *base); // lane 0's cell, extracted once
  BaseFacts &spanFacts(llvm::Value *base, llvm::Value *exec);
  BaseFacts &computeSpanFacts(BaseFacts &facts, llvm::Value *base, llvm::Value *exec);
  llvm::Value *uniformBase(llvm::Value *base);
  llvm::Value *denseSpan(llvm::Value *base, uint64_t offset, uint64_t span, llvm::Value *&first,
                         llvm::Value *&end);
  bool expectDense(llvm::Value *base, uint64_t span); // lanes at consecutive elements expected
  // With shared false the facts are computed where the call is and not remembered (a path that
  // does not dominate the accesses after it).
  llvm::Value *baseSpan(llvm::Value *base, uint64_t offset, llvm::Value *exec, uint64_t span,
                        llvm::Value *&lo, llvm::Value *&hi, bool shared = true);
  void countAddressUses(const Run &run);
  // Whether [lo, hi) lies in one of the two allocations global accesses hit last.
  // Whether [lo, hi) is in the range the access site `site` found last (NativeWarpState).
  llvm::Value *inSiteRange(uint32_t site, llvm::Value *lo, llvm::Value *hi);
  // On a miss: the engine's lookup, which also refreshes the site's range; true when [lo, hi)
  // lies in one allocation (one mapped region).
  llvm::Value *lookUpRange(uint32_t site, llvm::Value *lo, llvm::Value *hi);
  uint32_t newAccessSite() { return accessSites_++ % ptx::kAccessSites; }
  bool lowerShfl(const Inst &inst, llvm::Value *exec); // WarpLowering.cpp
  bool lowerVote(const Inst &inst, llvm::Value *exec);
  bool lowerActivemask(const Inst &inst, llvm::Value *exec);
  bool constantOf(const Operand &op, uint64_t &value) const; // an immediate's bits

  llvm::Module &module_;
  llvm::LLVMContext &ctx_;
  const ptx::Function &function_;
  const uint32_t declaredParamBytes_;
  const bool embeddedRounding_;
  const bool switchedRounding_;
  llvm::Value *mxcsrSaved_ = nullptr, *mxcsrSwitched_ = nullptr; // allocas, made on first use
  Liveness liveness_;
  InvariantRows invariants_;
  // Invariant rows live at no pc where native code returns to the scheduler as a matter of
  // course (a barrier, a call, a branch it cannot keep native): stored only where it leaves.
  std::vector<uint32_t> lazySlots_;
  std::vector<bool> lazy_;        // per slot
  std::vector<bool> definesLazy_; // per pc
  bool storingInvariants_ = false;
  UniformityHints hints_;
  llvm::IRBuilder<> b_;
  std::unordered_map<uint32_t, uint64_t> constants_;
  std::map<uint32_t, Row> rows_;
  std::map<llvm::Value *, BaseFacts> baseFacts_; // forgotten with the rows
  std::map<std::pair<llvm::Value *, Shape>, std::optional<Linear>> linear_; // likewise
  std::set<llvm::Value *> threadIndexX_, threadIndexY_; // %tid.x and %tid.y rows
  std::unordered_map<uint32_t, uint32_t> addressUses_;  // per register, in the current run
  // The function's arguments and its shared fault exit.
  llvm::Value *warp_ = nullptr, *regs_ = nullptr, *active_ = nullptr, *code_ = nullptr,
              *state_ = nullptr, *stopPc_ = nullptr, *budget_ = nullptr;
  std::map<uint32_t, RunEntry> runEntries_;
  const std::vector<Run> *runs_ = nullptr;
  llvm::BasicBlock *faultBlock_ = nullptr;
  llvm::Value *activeMask_ = nullptr; // <32 x i1>: the exec mask of every unguarded instruction
  llvm::Value *allLanes_ = nullptr;   // <32 x i1> all set: where invariant rows are recomputed
  llvm::Type *i1_, *i8_, *i16_, *i32_, *i64_, *f32_, *f64_, *ptr_;
  llvm::VectorType *v1_, *v32_, *v64_, *vf32_, *vf64_, *vptr_;
  llvm::FunctionCallee fallbackFn_, rangeFn_, deferAddFn_;
  // Branch weights of a fast path's checks (ColdRematerialization.h: what only unlikely edges
  // reach is cold).
  llvm::MDNode *likely_, *unlikely_;
  uint32_t accessSites_ = 0; // global access sites numbered so far

  // What the cache holds (rows and what is known about their values), put back when the scope
  // ends: code emitted on a path that does not dominate what follows must leave nothing there.
  class CacheScope {
  public:
    explicit CacheScope(RunEmitter &e)
        : e_(e), rows_(e.rows_), facts_(e.baseFacts_), linear_(e.linear_) {}
    ~CacheScope() {
      e_.rows_ = std::move(rows_);
      e_.baseFacts_ = std::move(facts_);
      e_.linear_ = std::move(linear_);
    }
    CacheScope(const CacheScope &) = delete;
    CacheScope &operator=(const CacheScope &) = delete;

  private:
    RunEmitter &e_;
    decltype(RunEmitter::rows_) rows_;
    decltype(RunEmitter::baseFacts_) facts_;
    decltype(RunEmitter::linear_) linear_;
  };
};

using ptx::isFloatType;
using ptx::isSignedType;
using ptx::typeBytes;

} // namespace qiao::jit
