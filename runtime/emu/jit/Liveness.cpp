// Backward liveness to a fixed point over the instruction graph.
#include "Liveness.h"

namespace qiao::jit {
namespace {

using ptx::Inst;
using ptx::Opcode;
using ptx::Operand;

// Families whose destinations RunEmitter writes in full for the executing lanes: ops[0] (and
// setp's ops[4]; a vector load's elements) are written, every other operand is read.
bool hasPreciseDestination(const Inst &inst) {
  switch (inst.op) {
  case Opcode::Add:
  case Opcode::Sub:
  case Opcode::Mul:
  case Opcode::Mad:
  case Opcode::Fma:
  case Opcode::Min:
  case Opcode::Max:
  case Opcode::Neg:
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
    return inst.control == ptx::Control::None;
  case Opcode::Mov:
    return inst.ops[0].kind == Operand::Kind::Reg; // not an unpack into a vector
  case Opcode::Activemask:
    return true;
  default:
    return false;
  }
}

class Sets {
public:
  Sets(size_t rows, uint32_t words) : words_(words), bits_(rows * words, 0) {}
  uint64_t *row(size_t r) { return bits_.data() + r * words_; }
  std::vector<uint64_t> &bits() { return bits_; }

private:
  uint32_t words_;
  std::vector<uint64_t> bits_;
};

void set(uint64_t *row, uint32_t slot) { row[slot / 64] |= uint64_t{1} << (slot % 64); }

// Calls f(slot) for each register the operand names.
template <typename F> void forEachSlot(const Operand &op, F f) {
  switch (op.kind) {
  case Operand::Kind::Reg:
  case Operand::Kind::Imm:
  case Operand::Kind::Address:
    f(op.reg);
    break;
  case Operand::Kind::Vector:
    for (unsigned e = 0; e < op.count && e < 4; ++e)
      f(op.elems[e]);
    break;
  default:
    break;
  }
}

void addOperand(uint64_t *uses, const Operand &op, uint32_t regs) {
  forEachSlot(op, [&](uint32_t slot) {
    if (slot < regs)
      set(uses, slot);
  });
}

bool names(const Operand &op, uint32_t slot) {
  bool named = false;
  forEachSlot(op, [&](uint32_t s) { named = named || s == slot; });
  return named;
}

} // namespace

bool mayWrite(const Inst &inst, uint32_t slot) {
  if (inst.control != ptx::Control::None && inst.control != ptx::Control::Branch)
    return true; // a call's results are not among its operands
  if (inst.op == Opcode::St)
    return false;
  if (hasPreciseDestination(inst) || inst.op == Opcode::Atom || inst.op == Opcode::Red)
    return names(inst.ops[0], slot) || (inst.op == Opcode::Setp && names(inst.ops[4], slot));
  for (const Operand &op : inst.ops)
    if (names(op, slot))
      return true;
  return false;
}

Liveness::Liveness(const ptx::Function &function) {
  const std::vector<Inst> &code = function.code;
  const uint32_t regs = function.numRegs;
  slots_ = regs;
  words_ = (regs + 63) / 64;
  if (words_ == 0)
    words_ = 1;
  const size_t n = code.size();
  // uses and kills per instruction.
  Sets uses(n, words_), kills(n, words_);
  for (size_t pc = 0; pc < n; ++pc) {
    const Inst &inst = code[pc];
    uint64_t *u = uses.row(pc), *k = kills.row(pc);
    if (inst.guard != ptx::kNoReg && inst.guard < regs)
      set(u, inst.guard);
    if (hasPreciseDestination(inst)) {
      bool setp = inst.op == Opcode::Setp;
      for (unsigned i = 1; i < 6; ++i)
        if (i != 4 || !setp)
          addOperand(u, inst.ops[i], regs);
      // A guarded write keeps the old value in the lanes whose guard fails: it kills nothing.
      if (inst.guard == ptx::kNoReg) {
        Operand none;
        for (const Operand *op : {&inst.ops[0], setp ? &inst.ops[4] : &none}) {
          if (op->kind == Operand::Kind::Reg && op->reg < regs)
            set(k, op->reg);
          if (op->kind == Operand::Kind::Vector)
            for (unsigned e = 0; e < op->count && e < 4; ++e)
              if (op->elems[e] < regs)
                set(k, op->elems[e]);
        }
      }
      continue;
    }
    for (const Operand &op : inst.ops)
      addOperand(u, op, regs);
    if (inst.control == ptx::Control::Call && inst.aux < function.calls.size()) {
      const ptx::CallSite &site = function.calls[inst.aux];
      if (site.indirect && site.targetSlot < regs)
        set(u, site.targetSlot);
      for (const ptx::CallValue &arg : site.args)
        if (arg.inRegister && arg.callerLocation < regs)
          set(u, arg.callerLocation);
    }
  }
  uses_ = uses.bits();
  in_.assign((n + 1) * words_, 0);
  std::vector<uint64_t> out(words_);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t pc = n; pc-- > 0;) {
      const Inst &inst = code[pc];
      std::fill(out.begin(), out.end(), 0);
      auto merge = [&](size_t successor) {
        if (successor > n)
          return;
        const uint64_t *s = in_.data() + successor * words_;
        for (uint32_t w = 0; w < words_; ++w)
          out[w] |= s[w];
      };
      bool ends = inst.control == ptx::Control::Exit || inst.control == ptx::Control::Ret;
      if (!ends || inst.guard != ptx::kNoReg)
        merge(pc + 1);
      if (inst.control == ptx::Control::Branch)
        merge(inst.target);
      uint64_t *in = in_.data() + pc * words_;
      const uint64_t *u = uses.row(pc), *k = kills.row(pc);
      for (uint32_t w = 0; w < words_; ++w) {
        uint64_t value = u[w] | (out[w] & ~k[w]);
        if (value != in[w]) {
          in[w] = value;
          changed = true;
        }
      }
    }
  }
}

} // namespace qiao::jit
