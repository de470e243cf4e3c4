// Forward propagation of "varies across lanes" to a fixed point, without control flow.
#include "UniformityHints.h"

namespace qiao::jit {
namespace {

using ptx::Inst;
using ptx::Opcode;
using ptx::Operand;
using ptx::SpecialReg;

bool specialVaries(SpecialReg reg) {
  switch (reg) {
  case SpecialReg::NtidX:
  case SpecialReg::NtidY:
  case SpecialReg::NtidZ:
  case SpecialReg::CtaidX:
  case SpecialReg::CtaidY:
  case SpecialReg::CtaidZ:
  case SpecialReg::NctaidX:
  case SpecialReg::NctaidY:
  case SpecialReg::NctaidZ:
  case SpecialReg::GridId:
  case SpecialReg::CtaRankInCluster:
  case SpecialReg::ClusterCtaCount:
  case SpecialReg::IsExplicitCluster:
  case SpecialReg::DynamicSmemSize:
    return false;
  default:
    return true; // thread and lane indices, lane masks, clocks, and what is not listed
  }
}

// Results that differ per lane whatever the operands are.
bool resultVaries(const Inst &inst) {
  switch (inst.op) {
  case Opcode::Atom:
  case Opcode::Shfl:
  case Opcode::Match:
    return true;
  case Opcode::Ld:
    return inst.space == ptx::Space::Local || inst.ops[1].frameRelative;
  default:
    return false;
  }
}

template <class F> void forEachRegister(const Operand &op, F &&f) {
  switch (op.kind) {
  case Operand::Kind::Reg:
  case Operand::Kind::Address:
    if (op.reg != ptx::kNoReg)
      f(op.reg);
    break;
  case Operand::Kind::Vector:
    for (unsigned e = 0; e < op.count && e < 4; ++e)
      if (op.elems[e] != ptx::kNoReg)
        f(op.elems[e]);
    break;
  default:
    break;
  }
}

} // namespace

UniformityHints::UniformityHints(const ptx::Function &function)
    : varying_(function.numRegs, false) {
  auto varies = [&](uint32_t slot) { return slot < varying_.size() && varying_[slot]; };
  for (bool changed = true; changed;) {
    changed = false;
    for (const Inst &inst : function.code) {
      if (inst.control != ptx::Control::None || inst.op == Opcode::St || inst.numOps == 0)
        continue;
      // ops[0] is the destination of nearly every family (a vector of them for ld.v); setp
      // writes ops[4] too. Everything else is read.
      const Operand &dst = inst.ops[0];
      bool result = resultVaries(inst) || varies(inst.guard);
      for (unsigned i = 1; i < inst.numOps && !result; ++i) {
        const Operand &op = inst.ops[i];
        if (op.kind == Operand::Kind::Special && specialVaries(op.special))
          result = true;
        if (!(inst.op == Opcode::Setp && i == 4))
          forEachRegister(op, [&](uint32_t slot) { result = result || varies(slot); });
      }
      if (!result)
        continue;
      auto mark = [&](uint32_t slot) {
        if (slot < varying_.size() && !varying_[slot]) {
          varying_[slot] = true;
          changed = true;
        }
      };
      if (dst.kind == Operand::Kind::Reg || dst.kind == Operand::Kind::Vector)
        forEachRegister(dst, mark);
      if (inst.op == Opcode::Setp && inst.numOps > 4)
        forEachRegister(inst.ops[4], mark);
    }
  }
}

} // namespace qiao::jit
