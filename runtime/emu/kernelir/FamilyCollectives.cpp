// What one thread cannot compute alone: special registers, barriers and warp collectives, each a
// call to a `qiao.*` function of the dialect (docs/kernel-ir.md, "Intrinsics"). Barriers and
// warp collectives are convergent; special registers read nothing a thread can change.
#include "FunctionLowering.h"

namespace qiao::kir {

using namespace llvm;
using ptx::Control;
using ptx::Mod;
using ptx::Opcode;
using ptx::SpecialReg;

namespace {

// The name of a 32-bit special register's qiao.sreg.* function; null for the others.
const char *sregName(SpecialReg r) {
  switch (r) {
  case SpecialReg::TidX:
    return "tid.x";
  case SpecialReg::TidY:
    return "tid.y";
  case SpecialReg::TidZ:
    return "tid.z";
  case SpecialReg::NtidX:
    return "ntid.x";
  case SpecialReg::NtidY:
    return "ntid.y";
  case SpecialReg::NtidZ:
    return "ntid.z";
  case SpecialReg::CtaidX:
    return "ctaid.x";
  case SpecialReg::CtaidY:
    return "ctaid.y";
  case SpecialReg::CtaidZ:
    return "ctaid.z";
  case SpecialReg::NctaidX:
    return "nctaid.x";
  case SpecialReg::NctaidY:
    return "nctaid.y";
  case SpecialReg::NctaidZ:
    return "nctaid.z";
  case SpecialReg::LaneId:
    return "laneid";
  case SpecialReg::WarpId:
    return "warpid";
  case SpecialReg::NWarpId:
    return "nwarpid";
  case SpecialReg::SmId:
    return "smid";
  case SpecialReg::NSmId:
    return "nsmid";
  case SpecialReg::LanemaskEq:
    return "lanemask.eq";
  case SpecialReg::LanemaskLt:
    return "lanemask.lt";
  case SpecialReg::LanemaskLe:
    return "lanemask.le";
  case SpecialReg::LanemaskGt:
    return "lanemask.gt";
  case SpecialReg::LanemaskGe:
    return "lanemask.ge";
  case SpecialReg::Clock:
    return "clock";
  case SpecialReg::ClockHi:
    return "clock.hi";
  case SpecialReg::GlobalTimerLo:
    return "globaltimer.lo";
  case SpecialReg::GlobalTimerHi:
    return "globaltimer.hi";
  case SpecialReg::DynamicSmemSize:
    return "dynamic_smem_size";
  case SpecialReg::TotalSmemSize:
    return "total_smem_size";
  case SpecialReg::AggrSmemSize:
    return "aggr_smem_size";
  case SpecialReg::ReservedSmemBegin:
    return "reserved_smem_offset_begin";
  case SpecialReg::ReservedSmemEnd:
    return "reserved_smem_offset_end";
  case SpecialReg::ReservedSmemCap:
    return "reserved_smem_offset_cap";
  case SpecialReg::ReservedSmemOffset0:
    return "reserved_smem_offset_0";
  case SpecialReg::ReservedSmemOffset1:
    return "reserved_smem_offset_1";
  case SpecialReg::ClusterIdX:
    return "clusterid.x";
  case SpecialReg::ClusterIdY:
    return "clusterid.y";
  case SpecialReg::ClusterIdZ:
    return "clusterid.z";
  case SpecialReg::NClusterIdX:
    return "nclusterid.x";
  case SpecialReg::NClusterIdY:
    return "nclusterid.y";
  case SpecialReg::NClusterIdZ:
    return "nclusterid.z";
  case SpecialReg::ClusterCtaidX:
    return "cluster_ctaid.x";
  case SpecialReg::ClusterCtaidY:
    return "cluster_ctaid.y";
  case SpecialReg::ClusterCtaidZ:
    return "cluster_ctaid.z";
  case SpecialReg::ClusterNctaidX:
    return "cluster_nctaid.x";
  case SpecialReg::ClusterNctaidY:
    return "cluster_nctaid.y";
  case SpecialReg::ClusterNctaidZ:
    return "cluster_nctaid.z";
  case SpecialReg::CtaRankInCluster:
    return "cluster_ctarank";
  case SpecialReg::ClusterCtaCount:
    return "cluster_nctarank";
  case SpecialReg::IsExplicitCluster:
    return "is_explicit_cluster"; // 0 or 1: %is_explicit_cluster is a predicate
  default:
    return nullptr;
  }
}

} // namespace

Value *FunctionLowering::specialRegister(SpecialReg reg) {
  if (reg == SpecialReg::Clock64 || reg == SpecialReg::GlobalTimer || reg == SpecialReg::GridId) {
    const char *name = reg == SpecialReg::Clock64       ? "qiao.sreg.clock64"
                       : reg == SpecialReg::GlobalTimer ? "qiao.sreg.globaltimer"
                                                        : "qiao.sreg.gridid";
    // Clocks change between reads: not pure.
    return b_.CreateCall(q(name, i64_, {}, false, reg == SpecialReg::GridId));
  }
  if (reg >= SpecialReg::EnvReg0) {
    unsigned n = static_cast<unsigned>(reg) - static_cast<unsigned>(SpecialReg::EnvReg0);
    return b_.CreateCall(q("qiao.sreg.envreg", i32_, {i32_}, false, true), {b_.getInt32(n)});
  }
  const char *name = sregName(reg);
  if (!name)
    unsupported("a special register the dialect does not name");
  bool clock = reg == SpecialReg::Clock || reg == SpecialReg::ClockHi ||
               reg == SpecialReg::GlobalTimerLo || reg == SpecialReg::GlobalTimerHi;
  return b_.CreateCall(q(std::string("qiao.sreg.") + name, i32_, {}, false, !clock));
}

Value *FunctionLowering::memberMask(const Operand &op) {
  if (op.kind == Operand::Kind::None)
    return b_.CreateCall(q("qiao.activemask", i32_, {}, true));
  return readInt(op, 32);
}

bool FunctionLowering::lowerCollective(const Inst &inst) {
  llvm::Type *voidTy = b_.getVoidTy();
  if (inst.control == Control::WarpSync) {
    // bar.warp.sync m: the lanes of m meet there.
    b_.CreateCall(q("qiao.warp.sync", voidTy, {i32_}, true), {readInt(inst.ops[0], 32)});
    return true;
  }
  if (inst.control == Control::Barrier || inst.control == Control::BarrierArrive) {
    // bar.sync a{, b} / bar.arrive a, b / bar.red.op d, a{, b}, p: b (the thread count) is 0
    // when absent, meaning every thread of the block.
    Value *id = readInt(inst.ops[0], 32);
    Value *count =
        inst.ops[1].kind == Operand::Kind::None ? b_.getInt32(0) : readInt(inst.ops[1], 32);
    if (inst.control == Control::BarrierArrive) {
      b_.CreateCall(q("qiao.barrier.arrive", voidTy, {i32_, i32_}, true), {id, count});
      return true;
    }
    if (inst.aux == 0) {
      b_.CreateCall(q("qiao.barrier.sync", voidTy, {i32_, i32_}, true), {id, count});
      return true;
    }
    Value *p = readPred(inst.ops[3]);
    if (inst.aux == 1) {
      write(inst.ops[2], b_.CreateCall(q("qiao.barrier.red.popc", i32_, {i32_, i32_, i1_}, true),
                                       {id, count, p}));
    } else {
      const char *name = inst.aux == 2 ? "qiao.barrier.red.and" : "qiao.barrier.red.or";
      write(inst.ops[2], b_.CreateCall(q(name, i1_, {i32_, i32_, i1_}, true), {id, count, p}));
    }
    return true;
  }
  switch (inst.op) {
  case Opcode::Activemask:
    write(inst.ops[0], b_.CreateCall(q("qiao.activemask", i32_, {}, true)));
    return true;
  case Opcode::Shfl: {
    const char *mode = inst.has(Mod::Up)     ? "qiao.shfl.up"
                       : inst.has(Mod::Down) ? "qiao.shfl.down"
                       : inst.has(Mod::Bfly) ? "qiao.shfl.bfly"
                                             : "qiao.shfl.idx";
    auto *ret = StructType::get(m_.context, {i32_, i1_});
    Value *r = b_.CreateCall(q(mode, ret, {i32_, i32_, i32_, i32_}, true),
                             {memberMask(inst.ops[4]), readInt(inst.ops[1], 32),
                              readInt(inst.ops[2], 32), readInt(inst.ops[3], 32)});
    write(inst.ops[0], b_.CreateExtractValue(r, 0));
    write(inst.ops[5], b_.CreateExtractValue(r, 1));
    return true;
  }
  case Opcode::Vote: {
    Value *mask = memberMask(inst.ops[2]), *p = readPred(inst.ops[1]);
    if (inst.has(Mod::Ballot)) {
      write(inst.ops[0], b_.CreateCall(q("qiao.vote.ballot", i32_, {i32_, i1_}, true), {mask, p}));
      return true;
    }
    const char *name = inst.has(Mod::All)   ? "qiao.vote.all"
                       : inst.has(Mod::Any) ? "qiao.vote.any"
                                            : "qiao.vote.uni";
    write(inst.ops[0], b_.CreateCall(q(name, i1_, {i32_, i1_}, true), {mask, p}));
    return true;
  }
  case Opcode::Match: {
    unsigned bits = ptx::typeBytes(inst.type) * 8;
    if (bits != 32 && bits != 64)
      return false;
    llvm::Type *vt = b_.getIntNTy(bits);
    std::string suffix = bits == 32 ? ".i32" : ".i64";
    Value *v = readInt(inst.ops[1], bits), *mask = readInt(inst.ops[2], 32);
    if (inst.has(Mod::All)) {
      auto *ret = StructType::get(m_.context, {i32_, i1_});
      Value *r = b_.CreateCall(q("qiao.match.all" + suffix, ret, {i32_, vt}, true), {mask, v});
      write(inst.ops[0], b_.CreateExtractValue(r, 0));
      write(inst.ops[3], b_.CreateExtractValue(r, 1));
    } else {
      write(inst.ops[0],
            b_.CreateCall(q("qiao.match.any" + suffix, i32_, {i32_, vt}, true), {mask, v}));
    }
    return true;
  }
  case Opcode::Redux: {
    bool sign = inst.type == Type::S32;
    const char *name = sourceHas("add")   ? "qiao.redux.add"
                       : sourceHas("min") ? (sign ? "qiao.redux.min" : "qiao.redux.umin")
                       : sourceHas("max") ? (sign ? "qiao.redux.max" : "qiao.redux.umax")
                       : sourceHas("and") ? "qiao.redux.and"
                       : sourceHas("or")  ? "qiao.redux.or"
                       : sourceHas("xor") ? "qiao.redux.xor"
                                          : nullptr;
    if (!name)
      return false;
    write(inst.ops[0], b_.CreateCall(q(name, i32_, {i32_, i32_}, true),
                                     {readInt(inst.ops[2], 32), readInt(inst.ops[1], 32)}));
    return true;
  }
  case Opcode::Elect: {
    auto *ret = StructType::get(m_.context, {i32_, i1_});
    Value *r = b_.CreateCall(q("qiao.elect", ret, {i32_}, true), {readInt(inst.ops[1], 32)});
    write(inst.ops[0], b_.CreateExtractValue(r, 0));
    write(inst.ops[2], b_.CreateExtractValue(r, 1));
    return true;
  }
  default:
    return false;
  }
}

} // namespace qiao::kir
