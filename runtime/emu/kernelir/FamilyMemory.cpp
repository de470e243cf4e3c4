// ld/st/ldu, cvta and atom/red. A PTX address is an integer whose meaning depends on its state
// space; the dialect turns it into a pointer of the space's LLVM address space (kernel-ir.md,
// "Address spaces"): global and generic addresses are the pointer's bits, shared addresses are
// offsets from qiao.shared.base(), local ones the bits of an addrspace(5) pointer into the
// frame's depot, parameters offsets into the kernel's buffer or the frame's param area.
#include "FunctionLowering.h"

#include <llvm/IR/Intrinsics.h>

namespace qiao::kir {

using namespace llvm;
using ptx::Mod;
using ptx::Opcode;
using ptx::Space;

Value *FunctionLowering::addressInt(const Operand &op) {
  if (op.frameRelative) {
    // A .local variable: the depot of this frame, as a local-space address.
    Value *p = b_.CreateConstInBoundsGEP1_64(i8_, localDepot_, op.offset);
    Value *local = b_.CreateAddrSpaceCast(p, b_.getPtrTy(kLocal));
    Value *bits = b_.CreatePtrToInt(local, i64_);
    return op.reg == ptx::kNoReg ? bits : b_.CreateAdd(bits, cell(op.reg));
  }
  if (op.reg == ptx::kNoReg) {
    if (Constant *g = m_.globalAddress(static_cast<uint64_t>(op.offset)))
      return g;
    return b_.getInt64(static_cast<uint64_t>(op.offset));
  }
  Value *base = cell(op.reg);
  return op.offset ? b_.CreateAdd(base, b_.getInt64(static_cast<uint64_t>(op.offset))) : base;
}

Value *FunctionLowering::pointerFor(Space space, const Operand &addr) {
  // A module variable named directly: a pointer derived from its global, cast if the access is
  // generic (or .global of a .const variable).
  if (addr.reg == ptx::kNoReg && !addr.frameRelative &&
      (space == Space::Global || space == Space::Const || space == Space::Generic))
    if (Constant *g = m_.globalPointer(static_cast<uint64_t>(addr.offset))) {
      unsigned want = space == Space::Global  ? kGlobal
                      : space == Space::Const ? kConstant
                                              : kGeneric;
      return g->getType()->getPointerAddressSpace() == want
                 ? g
                 : b_.CreateAddrSpaceCast(g, b_.getPtrTy(want));
    }
  switch (space) {
  case Space::Shared: {
    // Shared addresses are 32 bits wide: offsets into the block's window.
    Value *offset = b_.CreateZExt(b_.CreateTrunc(addressInt(addr), i32_), i64_);
    return b_.CreateInBoundsGEP(i8_, sharedBase_, offset);
  }
  case Space::KernelParam:
    if (!kernelParams_)
      unsupported("a kernel parameter access outside a kernel");
    return b_.CreateInBoundsGEP(i8_, kernelParams_, addressInt(addr));
  case Space::FrameParam:
    return b_.CreateInBoundsGEP(i8_, paramArea_, addressInt(addr));
  case Space::Local:
    if (addr.frameRelative && addr.reg == ptx::kNoReg)
      return b_.CreateAddrSpaceCast(b_.CreateConstInBoundsGEP1_64(i8_, localDepot_, addr.offset),
                                    b_.getPtrTy(kLocal));
    return b_.CreateIntToPtr(addressInt(addr), b_.getPtrTy(kLocal));
  case Space::Global:
    return b_.CreateIntToPtr(addressInt(addr), b_.getPtrTy(kGlobal));
  case Space::Const:
    return b_.CreateIntToPtr(addressInt(addr), b_.getPtrTy(kConstant));
  case Space::Generic:
    return b_.CreateIntToPtr(addressInt(addr), ptr_);
  }
  unsupported("an unknown state space");
}

Value *FunctionLowering::toGeneric(Space space, Value *addr) {
  Value *p;
  switch (space) {
  case Space::Shared:
    p = b_.CreateInBoundsGEP(i8_, sharedBase_, b_.CreateZExt(b_.CreateTrunc(addr, i32_), i64_));
    break;
  case Space::KernelParam:
    if (!kernelParams_)
      unsupported("cvta of the param space outside a kernel");
    p = b_.CreateInBoundsGEP(i8_, kernelParams_, addr);
    break;
  case Space::Local:
    p = b_.CreateIntToPtr(addr, b_.getPtrTy(kLocal));
    break;
  case Space::Global:
    p = b_.CreateIntToPtr(addr, b_.getPtrTy(kGlobal));
    break;
  case Space::Const:
    p = b_.CreateIntToPtr(addr, b_.getPtrTy(kConstant));
    break;
  default:
    return addr;
  }
  return b_.CreatePtrToInt(b_.CreateAddrSpaceCast(p, ptr_), i64_);
}

Value *FunctionLowering::fromGeneric(Space space, Value *generic) {
  Value *p = b_.CreateIntToPtr(generic, ptr_);
  switch (space) {
  case Space::Shared: {
    Value *s = b_.CreateAddrSpaceCast(p, b_.getPtrTy(kShared));
    return b_.CreateSub(b_.CreatePtrToInt(s, i64_), b_.CreatePtrToInt(sharedBase_, i64_));
  }
  case Space::KernelParam: {
    if (!kernelParams_)
      unsupported("cvta.to of the param space outside a kernel");
    Value *s = b_.CreateAddrSpaceCast(p, b_.getPtrTy(kConstant));
    return b_.CreateSub(b_.CreatePtrToInt(s, i64_), b_.CreatePtrToInt(kernelParams_, i64_));
  }
  case Space::Local:
    return b_.CreatePtrToInt(b_.CreateAddrSpaceCast(p, b_.getPtrTy(kLocal)), i64_);
  case Space::Global:
    return b_.CreatePtrToInt(b_.CreateAddrSpaceCast(p, b_.getPtrTy(kGlobal)), i64_);
  case Space::Const:
    return b_.CreatePtrToInt(b_.CreateAddrSpaceCast(p, b_.getPtrTy(kConstant)), i64_);
  default:
    return generic;
  }
}

// .cta -> "block", .gpu (PTX's default) -> "device", .sys -> the system scope.
SyncScope::ID FunctionLowering::syncScope() {
  if (sourceHas("cta"))
    return m_.context.getOrInsertSyncScopeID("block");
  if (sourceHas("sys"))
    return SyncScope::System;
  return m_.context.getOrInsertSyncScopeID("device");
}

// isspacep.SPACE: whether a generic address lies in the space, a question only the backend, which
// places the spaces, can answer: qiao.isspacep.SPACE(ptr).
bool FunctionLowering::lowerIsspacep(const Inst &inst) {
  if (inst.op != Opcode::Isspacep)
    return false;
  const char *space = nullptr;
  switch (inst.space) {
  case Space::Global:
    space = "global";
    break;
  case Space::Shared:
    space = "shared";
    break;
  case Space::Local:
    space = "local";
    break;
  case Space::Const:
    space = "const";
    break;
  case Space::KernelParam:
    space = "param";
    break;
  default:
    return false;
  }
  Value *p = b_.CreateIntToPtr(readInt(inst.ops[1], 64), ptr_);
  write(inst.ops[0], b_.CreateCall(q(std::string("qiao.isspacep.") + space, i1_, {ptr_}), {p}));
  return true;
}

bool FunctionLowering::lowerCvta(const Inst &inst) {
  if (inst.op != Opcode::Cvta)
    return false;
  const Operand &src = inst.ops[1];
  Value *a = src.kind == Operand::Kind::Address ? addressInt(src) : readInt(src, 64);
  if (inst.space == Space::Local && src.kind == Operand::Kind::Address && src.frameRelative)
    a = addressInt(src);
  Value *r =
      inst.has(Mod::To) || sourceHas("to") ? fromGeneric(inst.space, a) : toGeneric(inst.space, a);
  unsigned bits = ptx::typeBytes(inst.type) * 8;
  write(inst.ops[0], b_.CreateTrunc(r, b_.getIntNTy(bits ? bits : 64)));
  return true;
}

bool FunctionLowering::lowerMemory(const Inst &inst) {
  bool store = inst.op == Opcode::St;
  if (inst.op != Opcode::Ld && inst.op != Opcode::Ldu && !store)
    return false;
  Type t = inst.type;
  unsigned bytes = ptx::typeBytes(t);
  if (bytes == 0 || bytes > 8)
    return false;
  const Operand &addr = inst.ops[store ? 0 : 1];
  const Operand &value = inst.ops[store ? 1 : 0];
  Value *base = pointerFor(inst.space, addr);
  auto *type = b_.getIntNTy(bytes * 8);
  bool isVolatile = inst.has(Mod::Volatile);
  // .relaxed/.acquire/.release with a scope: atomic accesses of that ordering.
  AtomicOrdering ordering = inst.has(Mod::Acquire)   ? AtomicOrdering::Acquire
                            : inst.has(Mod::Release) ? AtomicOrdering::Release
                            : inst.has(Mod::Relaxed) ? AtomicOrdering::Monotonic
                                                     : AtomicOrdering::NotAtomic;
  for (unsigned e = 0; e < inst.vec; ++e) {
    Value *p = e == 0 ? base : b_.CreateConstInBoundsGEP1_64(i8_, base, e * bytes);
    if (store) {
      Value *v;
      if (inst.vec > 1) {
        v = value.elems[e] == ptx::kNoReg ? ConstantInt::get(type, 0)
                                          : b_.CreateTrunc(cell(value.elems[e]), type);
      } else {
        v = t == Type::Pred ? b_.CreateZExt(readPred(value), type) : readInt(value, bytes * 8);
      }
      StoreInst *s = b_.CreateAlignedStore(v, p, Align(bytes), isVolatile);
      if (ordering != AtomicOrdering::NotAtomic)
        s->setAtomic(ordering == AtomicOrdering::Acquire ? AtomicOrdering::Monotonic : ordering);
    } else {
      LoadInst *l = b_.CreateAlignedLoad(type, p, Align(bytes), isVolatile);
      if (ordering != AtomicOrdering::NotAtomic)
        l->setAtomic(ordering == AtomicOrdering::Release ? AtomicOrdering::Monotonic : ordering);
      uint32_t slot = inst.vec > 1 ? value.elems[e] : value.reg;
      if (slot == ptx::kNoReg || value.kind == Operand::Kind::Sink)
        continue;
      // ld of a signed type sign-extends into a wider register.
      setCell(slot, ptx::isSignedType(t) ? b_.CreateSExt(l, i64_) : b_.CreateZExtOrTrunc(l, i64_));
    }
  }
  return true;
}

bool FunctionLowering::lowerAtomic(const Inst &inst) {
  if (inst.op != Opcode::Atom && inst.op != Opcode::Red)
    return false;
  Type t = inst.type;
  unsigned bytes = ptx::typeBytes(t);
  if (bytes == 2 || t == Type::F16x2 || t == Type::BF16x2)
    return lowerHalfAtomic(inst);
  if (bytes != 4 && bytes != 8)
    return false;
  Value *p = pointerFor(inst.space, inst.ops[1]);
  SyncScope::ID scope = syncScope();
  AtomicOrdering ordering = sourceHas("acq_rel")     ? AtomicOrdering::AcquireRelease
                            : inst.has(Mod::Acquire) ? AtomicOrdering::Acquire
                            : inst.has(Mod::Release) ? AtomicOrdering::Release
                                                     : AtomicOrdering::Monotonic;
  bool isFloat = t == Type::F32 || t == Type::F64;
  auto operand = [&](int i) { return readTyped(inst.ops[i], t); };
  Value *old = nullptr;
  auto op = static_cast<int>(inst.aux); // ptx::AtomicOp: Add Min Max Inc Dec And Or Xor Exch Cas
  enum { Add, Min, Max, Inc, Dec, And, Or, Xor, Exch, Cas };
  if (op == Cas) {
    AtomicOrdering failure = ordering == AtomicOrdering::AcquireRelease ? AtomicOrdering::Acquire
                             : ordering == AtomicOrdering::Release      ? AtomicOrdering::Monotonic
                                                                        : ordering;
    Value *cmp = readInt(inst.ops[2], bytes * 8), *nv = readInt(inst.ops[3], bytes * 8);
    auto *x = b_.CreateAtomicCmpXchg(p, cmp, nv, MaybeAlign(bytes), ordering, failure, scope);
    old = b_.CreateExtractValue(x, 0);
  } else {
    AtomicRMWInst::BinOp kind;
    bool sign = ptx::isSignedType(t);
    switch (op) {
    case Add:
      kind = isFloat ? AtomicRMWInst::FAdd : AtomicRMWInst::Add;
      break;
    case Min:
      if (isFloat)
        return false;
      kind = sign ? AtomicRMWInst::Min : AtomicRMWInst::UMin;
      break;
    case Max:
      if (isFloat)
        return false;
      kind = sign ? AtomicRMWInst::Max : AtomicRMWInst::UMax;
      break;
    case Inc:
      kind = AtomicRMWInst::UIncWrap;
      break;
    case Dec:
      kind = AtomicRMWInst::UDecWrap;
      break;
    case And:
      kind = AtomicRMWInst::And;
      break;
    case Or:
      kind = AtomicRMWInst::Or;
      break;
    case Xor:
      kind = AtomicRMWInst::Xor;
      break;
    case Exch:
      kind = AtomicRMWInst::Xchg;
      break;
    default:
      return false;
    }
    Value *v = isFloat ? operand(2) : readInt(inst.ops[2], bytes * 8);
    if (kind == AtomicRMWInst::Xchg && isFloat)
      v = b_.CreateBitCast(v, b_.getIntNTy(bytes * 8));
    old = b_.CreateAtomicRMW(kind, p, v, MaybeAlign(bytes), ordering, scope);
  }
  write(inst.ops[0], old);
  return true;
}

// cp.async{.ca,.cg}.shared.global [dst], [src], cp-size{, src-size | ignore-src}: the copy is
// done at issue (bytes past src-size, or all of them when ignore-src holds, zero-filled), which
// is a schedule the asynchronous semantics allow: a copy need only be complete when its group is
// waited for. So cp.async.commit_group, .wait_group and .wait_all have nothing left to do.
bool FunctionLowering::lowerAsyncCopy(const Inst &inst) {
  if (inst.op != Opcode::Cp || sourceHas("bulk") || sourceHas("mbarrier"))
    return false;
  if (sourceHas("commit_group") || sourceHas("wait_group") || sourceHas("wait_all"))
    return true;
  uint32_t bytes = inst.aux;
  if (bytes != 4 && bytes != 8 && bytes != 16)
    return false;
  Value *dst = pointerFor(ptx::Space::Shared, inst.ops[0]);
  Value *src = pointerFor(ptx::Space::Global, inst.ops[1]);
  const Operand &limit = inst.ops[2];
  Value *readBytes = b_.getInt32(bytes);
  if (limit.kind != Operand::Kind::None) {
    if (inst.aux2) // ignore-src
      readBytes = b_.CreateSelect(readPred(limit), b_.getInt32(0), readBytes);
    else
      readBytes = b_.CreateBinaryIntrinsic(Intrinsic::umin, readInt(limit, 32), readBytes);
  }
  b_.CreateMemCpy(dst, MaybeAlign(1), src, MaybeAlign(1), b_.CreateZExt(readBytes, i64_));
  Value *rest = b_.CreateZExt(b_.CreateSub(b_.getInt32(bytes), readBytes), i64_);
  b_.CreateMemSet(b_.CreateInBoundsGEP(i8_, dst, b_.CreateZExt(readBytes, i64_)), b_.getInt8(0),
                  rest, MaybeAlign(1));
  return true;
}

} // namespace qiao::kir
