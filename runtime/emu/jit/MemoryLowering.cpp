// Native ld/st: one range check for the whole warp, then a vector load or store when the lanes
// touch consecutive elements, a masked gather or scatter otherwise. Whatever the check does not
// prove safe (an address outside the cached allocation, every other and the lanes' local memory,
// misalignment, a generic address into shared memory, no active lane) runs through the exec
// function, which resolves each lane and reports a fault exactly as the interpreter does.
#include "RunEmitter.h"

#include "NativeCode.h"

#include <llvm/IR/Intrinsics.h>

#include <cstddef>
#include <vector>

namespace qiao::jit {

using namespace llvm;
using ptx::Space;
using State = ptx::NativeWarpState;

namespace {
SmallVector<int, 128> identity(unsigned n) {
  SmallVector<int, 128> order;
  for (unsigned i = 0; i < n; ++i)
    order.push_back(static_cast<int>(i));
  return order;
}
} // namespace

bool RunEmitter::lowerMemory(const Inst &inst, uint32_t index, Value *exec) {
  bool store = inst.op == ptx::Opcode::St;
  const Operand &address = inst.ops[store ? 0 : 1];
  const Operand &value = inst.ops[store ? 1 : 0];
  Space space = inst.space;
  unsigned bytes = typeBytes(inst.type), count = inst.vec;
  if (bytes == 0 || bytes > 8 || inst.type == Type::Pred)
    return false;
  // A named .local variable is at its offset in the current frame's depot: known only in a
  // kernel, whose frame starts at local address 0 (NativeWarpState::local).
  if (address.frameRelative && !(space == Space::Local && function_.isEntry))
    return false;
  if (space != Space::Global && space != Space::Generic && space != Space::Const &&
      space != Space::Shared && space != Space::KernelParam && space != Space::Local)
    return false;
  if (space == Space::KernelParam && (store || address.reg != ptx::kNoReg))
    return false;
  // The slots the instruction reads or writes, in element order (kNoReg for `_`).
  std::vector<uint32_t> slots;
  if (count == 1) {
    if (value.kind != Operand::Kind::Reg && !(store && value.kind == Operand::Kind::Imm))
      return false;
    slots.push_back(value.reg);
  } else {
    for (unsigned e = 0; e < count; ++e)
      slots.push_back(value.elems[e]);
  }
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *elemTy = b_.getIntNTy(bytes * 8);
  auto *vecTy = FixedVectorType::get(elemTy, ptx::kWarpSize);
  bool signExtend = !store && isSignedType(inst.type) && bytes < 8;
  auto toCells = [&](Value *v) { return signExtend ? b_.CreateSExt(v, v64_) : fromInt(v); };

  // Everything the paths share is computed here, in the block that dominates them; the slow
  // path's exec function reads registers from memory.
  std::vector<Value *> old(slots.size(), nullptr), stored(slots.size(), nullptr);
  for (size_t e = 0; e < slots.size(); ++e) {
    if (slots[e] == ptx::kNoReg)
      continue;
    if (store)
      stored[e] = b_.CreateTrunc(count == 1 ? cells(value) : row(slots[e]), vecTy);
    else if (exec != activeMask_)
      old[e] = row(slots[e]); // a guarded load keeps the guard-false lanes' cells
  }
  // The loaded cells merged into the destination's old row under exec (unguarded: no merge, the
  // inactive lanes are undefined until the row is stored).
  auto mergeLoaded = [&](Value *loaded, size_t e) {
    return old[e] ? b_.CreateSelect(exec, loaded, old[e]) : loaded;
  };
  if (space == Space::KernelParam &&
      static_cast<uint64_t>(address.offset) + uint64_t{bytes} * count <= declaredParamBytes_) {
    // A declared kernel parameter: uniform and present, one scalar load per element, kept a
    // splat (so arithmetic on it stays scalar) with no check and no slow path.
    Value *params = stateLoad(offsetof(State, params), ptr_);
    for (size_t e = 0; e < slots.size(); ++e) {
      if (slots[e] == ptx::kNoReg)
        continue;
      Value *p = b_.CreateConstInBoundsGEP1_64(i8_, params, address.offset + e * bytes);
      Value *scalar = b_.CreateAlignedLoad(elemTy, p, Align(1));
      Value *loaded = toCells(b_.CreateVectorSplat(ptx::kWarpSize, scalar));
      writeSlot(slots[e], loaded, exec);
    }
    return true;
  }
  Value *base = address.reg != ptx::kNoReg ? row(address.reg) : splat64(0);
  // Range facts on the straight-line path only for a base that later accesses reuse, and not for
  // one whose lanes are a known progression: its accesses take the dense paths, and a reduction
  // over 32 lanes there would cost more than the access.
  const bool sharedFacts =
      address.reg != ptx::kNoReg && addressUses_[address.reg] > 1 && !linearOf(base);
  Value *mask = b_.CreateBitCast(exec, i32_);
  Value *any = b_.CreateICmpNE(mask, b_.getInt32(0));
  BasicBlock *fast = BasicBlock::Create(ctx_, "fast", fn);
  BasicBlock *slow = BasicBlock::Create(ctx_, "slow", fn);
  BasicBlock *join = BasicBlock::Create(ctx_, "join", fn);
  // The fast paths that reach join: their last block and the loaded rows.
  std::vector<std::pair<BasicBlock *, std::vector<Value *>>> fastPaths;
  std::vector<Value *> fastValues(slots.size(), nullptr);
  auto endFastPath = [&] {
    fastPaths.emplace_back(b_.GetInsertBlock(), fastValues);
    b_.CreateBr(join);
  };
  // Lane l's count elements at pointer + (l * count + e) * bytes, lanes outside exec untouched:
  // one vector load or store (interleaved for vectors). The caller has checked the whole span of
  // 32 lanes, so a load reads every lane's elements and keeps the executing lanes' (a masked load
  // costs the mask's conversion per access); a store is masked unless all 32 lanes execute (a
  // masked store is microcoded on AMD's cores, several times a plain one's cost).
  auto contiguous = [&](Value *p) {
    auto *wideTy = FixedVectorType::get(elemTy, ptx::kWarpSize * count);
    if (store) {
      Value *elementMask = exec;
      if (count > 1) {
        SmallVector<int, 128> repeat;
        for (unsigned l = 0; l < ptx::kWarpSize; ++l)
          for (unsigned e = 0; e < count; ++e)
            repeat.push_back(static_cast<int>(l));
        elementMask = b_.CreateShuffleVector(exec, repeat);
      }
      Value *all = stored[0] ? stored[0] : Constant::getNullValue(vecTy);
      if (count > 1) {
        // Interleave the element vectors: a tree of concatenations, then one permutation.
        std::vector<Value *> parts;
        for (size_t e = 0; e < slots.size(); ++e)
          parts.push_back(stored[e] ? stored[e] : Constant::getNullValue(vecTy));
        Value *pair0 = b_.CreateShuffleVector(parts[0], parts[1], identity(2 * ptx::kWarpSize));
        Value *joined = pair0;
        if (count == 4) {
          Value *pair1 = b_.CreateShuffleVector(parts[2], parts[3], identity(2 * ptx::kWarpSize));
          joined = b_.CreateShuffleVector(pair0, pair1, identity(4 * ptx::kWarpSize));
        }
        SmallVector<int, 128> order;
        for (unsigned l = 0; l < ptx::kWarpSize; ++l)
          for (unsigned e = 0; e < count; ++e)
            order.push_back(static_cast<int>(e * ptx::kWarpSize + l));
        all = b_.CreateShuffleVector(joined, order);
      }
      BasicBlock *whole = BasicBlock::Create(ctx_, "wholewarp", fn, join);
      BasicBlock *partial = BasicBlock::Create(ctx_, "partwarp", fn, join);
      BasicBlock *done = BasicBlock::Create(ctx_, "stored", fn, join);
      b_.CreateCondBr(b_.CreateICmpEQ(mask, b_.getInt32(~0u)), whole, partial, likely_);
      b_.SetInsertPoint(whole);
      b_.CreateAlignedStore(all, p, Align(bytes));
      b_.CreateBr(done);
      b_.SetInsertPoint(partial);
      b_.CreateMaskedStore(all, p, Align(bytes), elementMask);
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
      return;
    }
    Value *loaded = b_.CreateAlignedLoad(wideTy, p, Align(bytes));
    for (size_t e = 0; e < slots.size(); ++e) {
      if (slots[e] == ptx::kNoReg)
        continue;
      Value *element = loaded;
      if (count > 1) {
        SmallVector<int, 32> pick;
        for (unsigned l = 0; l < ptx::kWarpSize; ++l)
          pick.push_back(static_cast<int>(l * count + e));
        element = b_.CreateShuffleVector(loaded, pick);
      }
      fastValues[e] = mergeLoaded(toCells(element), e);
    }
  };
  uint64_t span = uint64_t{bytes} * count;
  const uint64_t offset = static_cast<uint64_t>(address.offset);
  auto denseFrom = [&](Value *&first, Value *&end) {
    return b_.CreateAnd(any, denseSpan(base, offset, span, first, end));
  };
  // Whether the hint says every lane uses one address (then the access gets a broadcast path,
  // else a vector path; both check their pattern at run time).
  const bool likelyUniform = !store && hints_.likelyUniform(address.reg);
  // The scalar address of a uniform access (lane 0's), and whether every lane has it.
  auto uniformAt = [&](Value *&at) {
    Value *uniform = uniformBase(base);
    at = b_.CreateAdd(laneZero(base), b_.getInt64(offset));
    return uniform;
  };
  // [at, end = at + size) aligned to size and not wrapping.
  auto alignedScalar = [&](Value *at, uint64_t size, Value *&spanEnd) {
    spanEnd = b_.CreateAdd(at, b_.getInt64(size));
    Value *aligned = b_.CreateICmpEQ(b_.CreateAnd(at, b_.getInt64(size - 1)), b_.getInt64(0));
    return b_.CreateAnd(aligned, b_.CreateICmpUGT(spanEnd, at));
  };
  // The loaded elements as scalars at pointer(e * bytes), broadcast to every lane.
  auto broadcastFrom = [&](auto pointer) {
    for (size_t e = 0; e < slots.size(); ++e) {
      if (slots[e] == ptx::kNoReg)
        continue;
      Value *scalar = b_.CreateAlignedLoad(elemTy, pointer(e * bytes), Align(bytes));
      fastValues[e] = mergeLoaded(toCells(b_.CreateVectorSplat(ptx::kWarpSize, scalar)), e);
    }
  };

  // Lane l's count elements at pointers(e * bytes)[l] for the lanes in exec: a masked gather or
  // scatter per element (a scatter writes in lane order, so the highest lane wins, as the
  // interpreter's lane loop does).
  auto scattered = [&](auto pointers) {
    for (size_t e = 0; e < slots.size(); ++e) {
      if (slots[e] == ptx::kNoReg && !store)
        continue;
      Value *ptrs = pointers(e * bytes);
      if (store) {
        Value *v = stored[e] ? stored[e] : Constant::getNullValue(vecTy);
        b_.CreateMaskedScatter(v, ptrs, Align(bytes), exec);
      } else {
        Value *loaded = toCells(b_.CreateMaskedGather(vecTy, ptrs, Align(bytes), exec));
        fastValues[e] = mergeLoaded(loaded, e);
      }
    }
  };

  if (space == Space::KernelParam) {
    // A kernel parameter is uniform: one scalar load, broadcast.
    Value *limit = stateLoad(offsetof(State, paramBytes), i64_);
    Value *fits = b_.CreateICmpULE(b_.getInt64(offset + span), limit);
    b_.CreateCondBr(b_.CreateAnd(any, fits), fast, slow, likely_);
    b_.SetInsertPoint(fast);
    Value *params = stateLoad(offsetof(State, params), ptr_);
    for (size_t e = 0; e < slots.size(); ++e) {
      if (slots[e] == ptx::kNoReg)
        continue;
      Value *p = b_.CreateConstInBoundsGEP1_64(i8_, params, address.offset + e * bytes);
      Value *scalar = b_.CreateAlignedLoad(elemTy, p, Align(1));
      fastValues[e] = mergeLoaded(toCells(b_.CreateVectorSplat(ptx::kWarpSize, scalar)), e);
    }
    endFastPath();
  } else if (space == Space::Shared) {
    // Shared memory is one small window: consecutive lanes at consecutive elements take one
    // vector access; any other pattern a gather or scatter after one range check by reduction.
    Value *addr = b_.CreateAdd(base, splat64(offset));
    Value *sharedBytes = stateLoad(offsetof(State, sharedBytes), i64_);
    Value *shared = stateLoad(offsetof(State, shared), ptr_);
    BasicBlock *sparse = BasicBlock::Create(ctx_, "sparse", fn, fast);
    Value *first, *end;
    if (likelyUniform) {
      // Every lane reads the same element (a tile entry all threads use): scalar loads and a
      // broadcast.
      Value *uniform = uniformAt(first);
      if (sharedFacts)
        spanFacts(base, exec);
      Value *ok = b_.CreateAnd(b_.CreateAnd(any, uniform), alignedScalar(first, span, end));
      ok = b_.CreateAnd(ok, b_.CreateICmpULE(end, sharedBytes));
      BasicBlock *broadcast = BasicBlock::Create(ctx_, "broadcast", fn, fast);
      b_.CreateCondBr(ok, broadcast, sparse, likely_);
      b_.SetInsertPoint(broadcast);
      broadcastFrom([&](uint64_t delta) {
        return b_.CreateGEP(i8_, shared, b_.CreateAdd(first, b_.getInt64(delta)));
      });
      endFastPath();
    } else {
      Value *dense = denseFrom(first, end);
      if (sharedFacts)
        spanFacts(base, exec);
      // A block 16 threads wide puts two rows of a tile in a warp: each row's lanes read one
      // element or 16 consecutive ones (the operands of a tiled product), two small loads
      // instead of a gather. Its facts are computed here, where they dominate every path.
      BasicBlock *otherwise = sparse;
      Value *rowsOk = nullptr, *row0 = nullptr, *row1 = nullptr;
      uint64_t rowStride = 0;
      if (!store && count == 1) {
        if (auto rows = linearOf(base, 0, Shape::TwoRows);
            rows && (rows->stride == bytes || rows->stride == 0)) {
          rowStride = rows->stride;
          uint64_t length = rowStride == 0 ? bytes : 16 * uint64_t{bytes};
          row0 = b_.CreateAdd(rows->first, b_.getInt64(offset));
          row1 = b_.CreateAdd(row0, b_.getInt64(rows->half));
          rowsOk = b_.CreateAnd(rows->ok, b_.CreateICmpEQ(mask, b_.getInt32(~0u)));
          // Each row aligned to its element, not wrapping, and inside the window.
          for (Value *at : {row0, row1}) {
            Value *rowEnd = b_.CreateAdd(at, b_.getInt64(length));
            Value *aligned =
                b_.CreateICmpEQ(b_.CreateAnd(at, b_.getInt64(bytes - 1)), b_.getInt64(0));
            Value *inWindow =
                b_.CreateAnd(b_.CreateICmpUGT(rowEnd, at), b_.CreateICmpULE(rowEnd, sharedBytes));
            rowsOk = b_.CreateAnd(rowsOk, b_.CreateAnd(aligned, inWindow));
          }
          otherwise = BasicBlock::Create(ctx_, "tworowscheck", fn, fast);
        }
      }
      BasicBlock *vector = BasicBlock::Create(ctx_, "vector", fn, fast);
      // Without a two-row form, lanes at consecutive elements are what the access is written for.
      b_.CreateCondBr(b_.CreateAnd(dense, b_.CreateICmpULE(end, sharedBytes)), vector, otherwise,
                      rowsOk ? nullptr : likely_);
      b_.SetInsertPoint(vector);
      contiguous(b_.CreateGEP(i8_, shared, first));
      endFastPath();
      if (rowsOk) {
        b_.SetInsertPoint(otherwise);
        BasicBlock *twoRows = BasicBlock::Create(ctx_, "tworows", fn, fast);
        b_.CreateCondBr(rowsOk, twoRows, sparse, likely_);
        b_.SetInsertPoint(twoRows);
        auto *rowTy = FixedVectorType::get(elemTy, 16);
        auto rowAt = [&](Value *at) -> Value * {
          Value *p = b_.CreateGEP(i8_, shared, at);
          if (rowStride != 0)
            return b_.CreateAlignedLoad(rowTy, p, Align(bytes));
          return b_.CreateVectorSplat(16, b_.CreateAlignedLoad(elemTy, p, Align(bytes)));
        };
        Value *both = b_.CreateShuffleVector(rowAt(row0), rowAt(row1), identity(ptx::kWarpSize));
        fastValues[0] = mergeLoaded(toCells(both), 0);
        endFastPath();
      }
    }
    b_.SetInsertPoint(sparse);
    Value *lo, *hi;
    Value *ok = baseSpan(base, offset, exec, span, lo, hi, sharedFacts);
    ok = b_.CreateAnd(ok, b_.CreateICmpULE(hi, sharedBytes));
    b_.CreateCondBr(ok, fast, slow, likely_);
    b_.SetInsertPoint(fast);
    // In the window, so below 2^31: 32-bit offsets (16 lanes per gather instruction, not 8).
    scattered([&](uint64_t delta) {
      return b_.CreateGEP(i8_, shared, b_.CreateTrunc(b_.CreateAdd(addr, splat64(delta)), v32_));
    });
    endFastPath();
  } else if (space == Space::Local) {
    // Each lane's own stack: lane l's local address a is the host byte local + l * localBytes +
    // a. One range check for the warp (every executing lane's [a, a + span) aligned and below
    // localBytes), then a gather or scatter; anything else runs through the exec function, which
    // reports the first lane out of range as the interpreter does.
    Value *lo, *hi;
    Value *ok = baseSpan(base, offset, exec, span, lo, hi, sharedFacts);
    Value *localBytes = stateLoad(offsetof(State, localBytes), i64_);
    b_.CreateCondBr(b_.CreateAnd(ok, b_.CreateICmpULE(hi, localBytes)), fast, slow, likely_);
    b_.SetInsertPoint(fast);
    Value *local = stateLoad(offsetof(State, local), ptr_);
    Value *lanes = b_.CreateMul(b_.CreateZExt(b_.CreateStepVector(v32_), v64_),
                                b_.CreateVectorSplat(ptx::kWarpSize, localBytes));
    Value *addr = b_.CreateAdd(b_.CreateAdd(base, splat64(offset)), lanes);
    scattered([&](uint64_t delta) {
      return b_.CreateGEP(i8_, local, b_.CreateAdd(addr, splat64(delta)));
    });
    endFastPath();
  } else {
    // Global and generic: the coalesced case only, lane l at first + l * span, inside the
    // allocation this access found last; everything else is the exec function's (which also
    // refreshes the allocation cache for the accesses that follow).
    Value *addr = b_.CreateAdd(base, splat64(offset));
    Value *first, *end;
    Value *dense = likelyUniform ? nullptr : denseFrom(first, end);
    Value *uniform = likelyUniform ? uniformAt(first) : nullptr;
    if (sharedFacts)
      spanFacts(base, exec);
    // What no allocation holds: for a generic access, perhaps each lane's own local memory (a
    // local array's address passed on, cvta.local); else the exec function's.
    BasicBlock *missed =
        space == Space::Generic ? BasicBlock::Create(ctx_, "localcheck", fn, slow) : slow;
    // The site's cached range first; on a miss one lookup (which refreshes it).
    auto inOneAllocation = [&](Value *lo, Value *hi, BasicBlock *yes) {
      const uint32_t site = newAccessSite();
      BasicBlock *cached = BasicBlock::Create(ctx_, "cached", fn, yes);
      BasicBlock *lookup = BasicBlock::Create(ctx_, "lookup", fn, yes);
      b_.CreateBr(cached);
      b_.SetInsertPoint(cached);
      b_.CreateCondBr(inSiteRange(site, lo, hi), yes, lookup, likely_);
      b_.SetInsertPoint(lookup);
      b_.CreateCondBr(lookUpRange(site, lo, hi), yes, missed, likely_);
    };
    BasicBlock *check = BasicBlock::Create(ctx_, "check", fn, fast);
    BasicBlock *sparse = BasicBlock::Create(ctx_, "sparse", fn, fast);
    BasicBlock *sparseCheck = BasicBlock::Create(ctx_, "sparsecheck", fn, fast);
    if (likelyUniform) {
      // One element every lane reads (a value a kernel parameter points to): scalar loads and a
      // broadcast.
      Value *scalarOk = b_.CreateAnd(b_.CreateAnd(any, uniform), alignedScalar(first, span, end));
      b_.CreateCondBr(scalarOk, check, sparseCheck, likely_);
      b_.SetInsertPoint(check);
      inOneAllocation(first, end, fast);
      b_.SetInsertPoint(fast);
      broadcastFrom([&](uint64_t delta) {
        return b_.CreateIntToPtr(b_.CreateAdd(first, b_.getInt64(delta)), ptr_);
      });
    } else {
      b_.CreateCondBr(dense, check, sparseCheck, expectDense(base, span) ? likely_ : nullptr);
      b_.SetInsertPoint(check);
      inOneAllocation(first, end, fast);
      b_.SetInsertPoint(fast);
      contiguous(b_.CreateIntToPtr(first, ptr_));
    }
    endFastPath();
    // Other patterns (rows of a tile, strided columns): one range check by reduction, then a
    // gather or scatter when the lanes' span lies in one allocation.
    b_.SetInsertPoint(sparseCheck);
    Value *lo, *hi;
    Value *spanOk = baseSpan(base, offset, exec, span, lo, hi, sharedFacts);
    BasicBlock *spanCheck = BasicBlock::Create(ctx_, "spancheck", fn, sparse);
    b_.CreateCondBr(spanOk, spanCheck, missed, likely_);
    b_.SetInsertPoint(spanCheck);
    inOneAllocation(lo, hi, sparse);
    b_.SetInsertPoint(sparse);
    scattered([&](uint64_t delta) {
      return b_.CreateIntToPtr(b_.CreateAdd(addr, splat64(delta)), vptr_);
    });
    endFastPath();
    if (space == Space::Generic) {
      // As Warp::access resolves a generic address in the local window: every executing lane's
      // [addr, addr + span) inside its own thread's local memory and aligned; then a gather or
      // scatter at the addresses themselves.
      b_.SetInsertPoint(missed);
      Value *localBytes = stateLoad(offsetof(State, localBytes), i64_);
      Value *local = b_.CreatePtrToInt(stateLoad(offsetof(State, local), ptr_), i64_);
      Value *laneBase =
          b_.CreateAdd(b_.CreateVectorSplat(ptx::kWarpSize, local),
                       b_.CreateMul(b_.CreateZExt(b_.CreateStepVector(v32_), v64_),
                                    b_.CreateVectorSplat(ptx::kWarpSize, localBytes)));
      Value *room = b_.CreateSub(localBytes, b_.getInt64(span)); // the last start that fits
      Value *inside = b_.CreateICmpULE(b_.CreateSub(addr, laneBase),
                                       b_.CreateVectorSplat(ptx::kWarpSize, room));
      Value *aligned = b_.CreateICmpEQ(b_.CreateAnd(addr, splat64(span - 1)), splat64(0));
      Value *bad = b_.CreateAnd(exec, b_.CreateNot(b_.CreateAnd(inside, aligned)));
      Value *ok = b_.CreateAnd(b_.CreateAnd(any, b_.CreateICmpUGE(localBytes, b_.getInt64(span))),
                               b_.CreateNot(b_.CreateOrReduce(bad)));
      BasicBlock *localAccess = BasicBlock::Create(ctx_, "localaccess", fn, slow);
      b_.CreateCondBr(ok, localAccess, slow, likely_);
      b_.SetInsertPoint(localAccess);
      scattered([&](uint64_t delta) {
        return b_.CreateIntToPtr(b_.CreateAdd(addr, splat64(delta)), vptr_);
      });
      endFastPath();
    }
  }

  // The slow path: the exec function, then the written rows as it left them.
  b_.SetInsertPoint(slow);
  storeOperands(index);
  Value *faulted = b_.CreateCall(fallbackFn_, {warp_, instPointer(index), mask});
  BasicBlock *reload = BasicBlock::Create(ctx_, "reload", fn, join);
  b_.CreateCondBr(faulted, faultBlock_, reload, unlikely_);
  b_.SetInsertPoint(reload);
  std::vector<Value *> slowValues(slots.size(), nullptr);
  if (!store)
    for (size_t e = 0; e < slots.size(); ++e) {
      if (slots[e] == ptx::kNoReg)
        continue;
      slowValues[e] = loadRow(slots[e]);
    }
  b_.CreateBr(join);

  b_.SetInsertPoint(join);
  // An unguarded load narrower than a cell joins its paths as the loaded type, so that the
  // instructions using it see the loaded value itself (the extension to cells folds away) rather
  // than a 64-bit row: every executing lane's cell is its value extended, and the other lanes are
  // undefined in the row until it is stored under the mask.
  const bool narrow = bytes < 8 && exec == activeMask_;
  auto incoming = [&](Value *v, BasicBlock *from) -> Value * {
    if (!narrow)
      return v;
    IRBuilderBase::InsertPointGuard keep(b_);
    b_.SetInsertPoint(from->getTerminator());
    return b_.CreateTrunc(v, vecTy);
  };
  if (store)
    return true;
  std::vector<PHINode *> phis(slots.size(), nullptr);
  for (size_t e = 0; e < slots.size(); ++e) {
    if (slots[e] == ptx::kNoReg)
      continue;
    phis[e] = b_.CreatePHI(narrow ? static_cast<llvm::Type *>(vecTy) : v64_,
                           static_cast<unsigned>(fastPaths.size() + 1));
    for (auto &[block, values] : fastPaths)
      phis[e]->addIncoming(incoming(values[e], block), block);
    phis[e]->addIncoming(incoming(slowValues[e], reload), reload);
  }
  // Both incoming values already hold the unexecuted lanes' old cells; dirty, so the run stores
  // the row when it ends.
  for (size_t e = 0; e < slots.size(); ++e)
    if (phis[e])
      rows_[slots[e]] = Row{narrow ? toCells(phis[e]) : phis[e], true, false};
  return true;
}

// What the accesses of a run learn about a base register row once and share (the unrolled loops
// of tiled kernels address one row at many constant offsets): computed where the first access
// needs it, which dominates every later access of the same value until the rows are forgotten.
RunEmitter::BaseFacts &RunEmitter::baseFacts(Value *base) { return baseFacts_[base]; }

// Whether every lane of base holds lane 0's value (for an access at a constant offset: every
// lane reads the same element).
Value *RunEmitter::laneZero(Value *base) {
  BaseFacts &facts = baseFacts(base);
  if (!facts.first)
    facts.first = b_.CreateExtractElement(base, uint64_t{0});
  return facts.first;
}

Value *RunEmitter::uniformBase(Value *base) {
  BaseFacts &facts = baseFacts(base);
  if (facts.uniform)
    return facts.uniform;
  if (auto linear = linearOf(base); linear && linear->stride == 0) {
    facts.first = linear->first;
    return facts.uniform = linear->ok;
  }
  facts.uniform = b_.CreateUnaryIntrinsic(
      Intrinsic::vector_reduce_and,
      b_.CreateICmpEQ(base, b_.CreateVectorSplat(ptx::kWarpSize, laneZero(base))));
  return facts.uniform;
}

// The vector path is the likely one (its checks are weighted so, ColdRematerialization.h) when
// the lanes' addresses are a proven progression of the access's size and no %tid.y term splits
// them: in a block 16 threads wide the lanes of a 2-D index are two rows of a tile, and the
// gather is the rule.
bool RunEmitter::expectDense(Value *base, uint64_t span) {
  auto linear = linearOf(base);
  if (!linear || linear->stride != span)
    return false;
  auto rows = linearOf(base, 0, Shape::TwoRows);
  return !rows || rows->half == 0;
}

Value *RunEmitter::denseSpan(Value *base, uint64_t offset, uint64_t span, Value *&first,
                             Value *&end) {
  BaseFacts &facts = baseFacts(base);
  if (!facts.dense || facts.denseSpan != span) {
    if (auto linear = linearOf(base)) {
      // Known from the row's computation: dense exactly when its stride is the span.
      facts.first = linear->first;
      facts.dense = linear->stride == span ? linear->ok : b_.getFalse();
      facts.denseSpan = span;
    }
  }
  if (!facts.dense || facts.denseSpan != span) {
    laneZero(base);
    Value *stride = b_.CreateMul(b_.CreateZExt(b_.CreateStepVector(v32_), v64_), splat64(span));
    facts.dense = b_.CreateUnaryIntrinsic(
        Intrinsic::vector_reduce_and,
        b_.CreateICmpEQ(base,
                        b_.CreateAdd(b_.CreateVectorSplat(ptx::kWarpSize, facts.first), stride)));
    facts.denseSpan = span;
  }
  // first + l * span for every lane of base + offset too; aligned, and the warp's span does not
  // wrap past 2^64.
  first = b_.CreateAdd(facts.first, b_.getInt64(offset));
  end = b_.CreateAdd(first, b_.getInt64(span * ptx::kWarpSize));
  Value *ok = b_.CreateAnd(
      facts.dense, b_.CreateICmpEQ(b_.CreateAnd(first, b_.getInt64(span - 1)), b_.getInt64(0)));
  return b_.CreateAnd(ok, b_.CreateICmpUGT(end, first));
}

// The executing lanes' lowest and highest base and the OR of their low address bits. Called on
// the straight-line path of the run (before an access branches), so that every later access of
// the same row value may use them.
RunEmitter::BaseFacts &RunEmitter::spanFacts(Value *base, Value *exec) {
  BaseFacts &facts = baseFacts(base);
  if (facts.min && facts.exec == exec)
    return facts;
  return computeSpanFacts(facts, base, exec);
}

RunEmitter::BaseFacts &RunEmitter::computeSpanFacts(BaseFacts &facts, Value *base, Value *exec) {
  facts.exec = exec;
  facts.min = b_.CreateUnaryIntrinsic(Intrinsic::vector_reduce_umin,
                                      b_.CreateSelect(exec, base, splat64(~uint64_t{0})));
  facts.max = b_.CreateUnaryIntrinsic(Intrinsic::vector_reduce_umax,
                                      b_.CreateSelect(exec, base, splat64(0)));
  facts.lowBits =
      b_.CreateUnaryIntrinsic(Intrinsic::vector_reduce_or,
                              b_.CreateSelect(exec, b_.CreateAnd(base, splat64(0xff)), splat64(0)));
  return facts;
}

Value *RunEmitter::baseSpan(Value *base, uint64_t offset, Value *exec, uint64_t span, Value *&lo,
                            Value *&hi, bool shared) {
  if (offset % span != 0)
    return warpSpan(b_.CreateAdd(base, splat64(offset)), exec, span, lo, hi);
  BaseFacts local;
  BaseFacts &facts = shared ? spanFacts(base, exec) : computeSpanFacts(local, base, exec);
  // The offset moves every lane alike as long as no lane wraps: then the executing lanes span
  // [min + offset, max + offset + span), and each is aligned when the base is (offset is a
  // multiple of span).
  Value *delta = b_.getInt64(offset);
  lo = b_.CreateAdd(facts.min, delta);
  Value *hiStart = b_.CreateAdd(facts.max, delta);
  hi = b_.CreateAdd(hiStart, b_.getInt64(span));
  Value *noWrap = static_cast<int64_t>(offset) >= 0 ? b_.CreateICmpUGE(hiStart, facts.max)
                                                    : b_.CreateICmpULE(lo, facts.min);
  Value *aligned =
      b_.CreateICmpEQ(b_.CreateAnd(facts.lowBits, b_.getInt64((span - 1) & 0xff)), b_.getInt64(0));
  Value *any = b_.CreateICmpNE(b_.CreateBitCast(exec, i32_), b_.getInt32(0));
  Value *ok = b_.CreateAnd(b_.CreateAnd(any, aligned), noWrap);
  return b_.CreateAnd(ok, b_.CreateICmpUGT(hi, hiStart));
}

Value *RunEmitter::warpSpan(Value *addr, Value *exec, uint64_t span, Value *&lo, Value *&hi) {
  Value *zeros = splat64(0);
  lo = b_.CreateUnaryIntrinsic(Intrinsic::vector_reduce_umin,
                               b_.CreateSelect(exec, addr, splat64(~uint64_t{0})));
  Value *hiStart =
      b_.CreateUnaryIntrinsic(Intrinsic::vector_reduce_umax, b_.CreateSelect(exec, addr, zeros));
  hi = b_.CreateAdd(hiStart, b_.getInt64(span));
  Value *misaligned =
      b_.CreateUnaryIntrinsic(Intrinsic::vector_reduce_or,
                              b_.CreateSelect(exec, b_.CreateAnd(addr, splat64(span - 1)), zeros));
  Value *any = b_.CreateICmpNE(b_.CreateBitCast(exec, i32_), b_.getInt32(0));
  Value *ok = b_.CreateAnd(any, b_.CreateICmpEQ(misaligned, b_.getInt64(0)));
  return b_.CreateAnd(ok, b_.CreateICmpUGT(hi, hiStart)); // no wrap past 2^64
}

Value *RunEmitter::inSiteRange(uint32_t site, Value *lo, Value *hi) {
  const size_t at = offsetof(State, siteRanges) + site * sizeof(State::siteRanges[0]);
  return b_.CreateAnd(b_.CreateICmpUGE(lo, stateLoad(at, i64_)),
                      b_.CreateICmpULE(hi, stateLoad(at + 8, i64_)));
}

Value *RunEmitter::lookUpRange(uint32_t site, Value *lo, Value *hi) {
  Value *found = b_.CreateCall(rangeFn_, {warp_, lo, hi});
  // The engine's lookup leaves the range it found first in its own cache (or, on a miss, the
  // range it hit last, as good a guess as any): the site keeps it.
  const size_t at = offsetof(State, siteRanges) + site * sizeof(State::siteRanges[0]);
  for (size_t field : {size_t{0}, size_t{8}})
    b_.CreateStore(stateLoad(offsetof(State, cacheBase) + field, i64_),
                   b_.CreateConstInBoundsGEP1_64(i8_, state_, at + field));
  return found;
}

} // namespace qiao::jit
