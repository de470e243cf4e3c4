// Which registers are invariant: count every instruction's possible writes, then follow each
// single definition's sources (memoised, a cycle is not invariant).
#include "InvariantRows.h"

namespace qiao::jit {
namespace {

using ptx::Inst;
using ptx::Opcode;
using ptx::Operand;
using ptx::SpecialReg;

// Families whose only writes are their destination operand(s); any other instruction may write
// every register it names, as far as this analysis knows.
bool writesDestinationOnly(const Inst &inst) {
  if (inst.control != ptx::Control::None)
    return false;
  switch (inst.op) {
  case Opcode::Add:
  case Opcode::Sub:
  case Opcode::Mul:
  case Opcode::Mad:
  case Opcode::Fma:
  case Opcode::Min:
  case Opcode::Max:
  case Opcode::Neg:
  case Opcode::Abs:
  case Opcode::Div:
  case Opcode::Rem:
  case Opcode::Rcp:
  case Opcode::Sqrt:
  case Opcode::Rsqrt:
  case Opcode::And:
  case Opcode::Or:
  case Opcode::Xor:
  case Opcode::Not:
  case Opcode::Shl:
  case Opcode::Shr:
  case Opcode::Selp:
  case Opcode::Cvt:
  case Opcode::Cvta:
  case Opcode::Setp:
  case Opcode::Ld:
  case Opcode::Mov:
  case Opcode::Atom:
    return true;
  default:
    return false;
  }
}

template <typename F> void forEachSlot(const Operand &op, F f) {
  if (op.kind == Operand::Kind::Reg)
    f(op.reg);
  else if (op.kind == Operand::Kind::Vector)
    for (unsigned e = 0; e < op.count && e < 4; ++e)
      f(op.elems[e]);
}

// Every slot the instruction may write.
template <typename F> void forEachWrite(const ptx::Function &function, const Inst &inst, F f) {
  if (inst.op == Opcode::St || inst.op == Opcode::Red || inst.control == ptx::Control::Branch ||
      inst.control == ptx::Control::Exit || inst.control == ptx::Control::Ret)
    return;
  if (writesDestinationOnly(inst)) {
    forEachSlot(inst.ops[0], f);
    if (inst.op == Opcode::Setp)
      forEachSlot(inst.ops[4], f);
    return;
  }
  for (const Operand &op : inst.ops)
    forEachSlot(op, f);
  if (inst.control == ptx::Control::Call && inst.aux < function.calls.size())
    for (const ptx::CallValue &result : function.calls[inst.aux].results)
      if (result.inRegister)
        f(result.callerLocation);
}

bool invariantSpecial(SpecialReg reg) {
  switch (reg) {
  case SpecialReg::TidX:
  case SpecialReg::TidY:
  case SpecialReg::TidZ:
  case SpecialReg::NtidX:
  case SpecialReg::NtidY:
  case SpecialReg::NtidZ:
  case SpecialReg::CtaidX:
  case SpecialReg::CtaidY:
  case SpecialReg::CtaidZ:
  case SpecialReg::NctaidX:
  case SpecialReg::NctaidY:
  case SpecialReg::NctaidZ:
  case SpecialReg::LaneId:
  case SpecialReg::WarpId:
  case SpecialReg::NWarpId:
    return true;
  default:
    return false;
  }
}

bool integerType(ptx::Type type) { return type != ptx::Type::None && !ptx::isFloatType(type); }

// Cheap integer operations that RunEmitter lowers without touching memory, and parameter loads.
bool pureForm(const Inst &inst, bool kernel) {
  switch (inst.op) {
  case Opcode::Add:
  case Opcode::Sub:
  case Opcode::Mul:
  case Opcode::Mad:
  case Opcode::Min:
  case Opcode::Max:
  case Opcode::And:
  case Opcode::Or:
  case Opcode::Xor:
  case Opcode::Not:
  case Opcode::Shl:
  case Opcode::Shr:
  case Opcode::Selp:
  case Opcode::Cvta:
    return integerType(inst.type);
  case Opcode::Setp:
  case Opcode::Cvt:
    return integerType(inst.type) && integerType(inst.type2);
  case Opcode::Mov:
    return inst.ops[0].kind == Operand::Kind::Reg && integerType(inst.type);
  case Opcode::Ld:
    return kernel && inst.space == ptx::Space::KernelParam && inst.vec == 1 &&
           inst.ops[0].kind == Operand::Kind::Reg && inst.ops[1].kind == Operand::Kind::Address &&
           inst.ops[1].reg == ptx::kNoReg;
  default:
    return false;
  }
}

} // namespace

InvariantRows::InvariantRows(const ptx::Function &function, bool kernel) {
  const uint32_t slots = function.numRegs;
  std::vector<uint32_t> writes(slots, 0), writer(slots, kNot);
  for (uint32_t pc = 0; pc < function.code.size(); ++pc) {
    const Inst &inst = function.code[pc];
    forEachWrite(function, inst, [&](uint32_t slot) {
      if (slot >= slots)
        return;
      ++writes[slot];
      writer[slot] = inst.guard == ptx::kNoReg ? pc : kNot;
    });
  }
  std::vector<bool> constant(slots, false);
  for (const auto &[slot, bits] : function.constants)
    if (slot < slots)
      constant[slot] = true;
  enum class State : uint8_t { Unknown, Visiting, Yes, No };
  std::vector<State> state(slots, State::Unknown);
  auto invariant = [&](auto &self, uint32_t slot) -> bool {
    if (slot >= slots)
      return false;
    if (constant[slot])
      return true;
    if (state[slot] != State::Unknown)
      return state[slot] == State::Yes;
    state[slot] = State::Visiting;
    bool yes = writes[slot] == 1 && writer[slot] != kNot;
    if (yes) {
      const Inst &inst = function.code[writer[slot]];
      yes = pureForm(inst, kernel);
      for (unsigned i = 1; yes && i < 6; ++i) {
        const Operand &op = inst.ops[i];
        if (inst.op == Opcode::Setp && i == 4)
          continue; // the second destination
        switch (op.kind) {
        case Operand::Kind::None:
        case Operand::Kind::Imm:
          break;
        case Operand::Kind::Reg:
          yes = !op.negated || inst.op == Opcode::Setp || inst.op == Opcode::Selp;
          yes = yes && self(self, op.reg);
          break;
        case Operand::Kind::Special:
          yes = invariantSpecial(op.special);
          break;
        case Operand::Kind::Address:
          yes = inst.op == Opcode::Ld && !op.frameRelative;
          break;
        default:
          yes = false;
        }
      }
    }
    state[slot] = yes ? State::Yes : State::No;
    return yes;
  };
  definition_.assign(slots, kNot);
  for (uint32_t slot = 0; slot < slots; ++slot)
    if (!constant[slot] && invariant(invariant, slot))
      definition_[slot] = writer[slot];
}

} // namespace qiao::jit
