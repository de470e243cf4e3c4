// Operand type checking: each known opcode maps to a list of operand roles, and each role to the
// compatibility rule ptxas applies to it. The rules were checked one by one against ptxas 13.
#include "OperandTypes.h"

#include "Ir.h"
#include "support/ErrorCodes.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::ptx {
namespace {

enum class Role : uint8_t {
  Skip,   // not checked (immediate selectors, cache policies, symbols...)
  Same,   // of the instruction type: same size, compatible kind
  Wide,   // twice the instruction type (mul.wide's destination, mad.wide's addend)
  Second, // of the instruction's second type (set's and slct's operands)
  Pred,   // a predicate
  U32,    // a 32-bit integer: shift amounts, bit positions, member masks
  B32,    // any 32-bit value (shfl's lane and clamp operands, which ptxas takes even as .f32)
  Dst,    // ld/cvt destination: may be wider than the type (zero- or sign-extended)
  Src,    // st/cvt source: may be wider than the type (its low bits are used)
  Address,
};

enum class Kind : uint8_t { Bit, Int, Float, Pred, Unknown };

Kind kindOf(Type t) {
  switch (t) {
  case Type::B8:
  case Type::B16:
  case Type::B32:
  case Type::B64:
  case Type::B128:
    return Kind::Bit;
  case Type::U8:
  case Type::U16:
  case Type::U32:
  case Type::U64:
  case Type::S8:
  case Type::S16:
  case Type::S32:
  case Type::S64:
    return Kind::Int;
  case Type::Pred:
    return Kind::Pred;
  case Type::None:
    return Kind::Unknown;
  default:
    return Kind::Float;
  }
}

// Exact compatibility (section 6.4): no conversion happens, so the sizes must agree.
bool compatible(Type reg, Type inst) {
  Kind r = kindOf(reg), i = kindOf(inst);
  if (r == Kind::Pred || i == Kind::Pred)
    return r == i;
  if (typeBytes(reg) != typeBytes(inst))
    return false;
  return r == Kind::Bit || i == Kind::Bit || (r == Kind::Int && i == Kind::Int) || reg == inst;
}

// The relaxed rule of ld, st and cvt (section 6.4.1): a wider register is fine, but integer and
// float never meet except through a bit-size type, and a float register must be the float type.
bool relaxedCompatible(Type reg, Type inst) {
  Kind r = kindOf(reg), i = kindOf(inst);
  if (r == Kind::Pred || i == Kind::Pred)
    return r == i;
  if (typeBytes(reg) < typeBytes(inst))
    return false;
  if (r == Kind::Bit || i == Kind::Bit)
    return true;
  if (i == Kind::Int)
    return r == Kind::Int;
  return reg == inst;
}

Type widened(Type t) {
  switch (t) {
  case Type::U16:
    return Type::U32;
  case Type::U32:
    return Type::U64;
  case Type::S16:
    return Type::S32;
  case Type::S32:
    return Type::S64;
  case Type::B16:
    return Type::B32;
  case Type::B32:
    return Type::B64;
  default:
    return Type::None;
  }
}

// Special registers (ISA section 10); only mov and cvt may read them.
bool isSpecialRegister(std::string_view name) {
  if (name.size() < 2 || name[0] != '%')
    return false;
  name.remove_prefix(1);
  if (name.size() > 2 && name[name.size() - 2] == '.')
    name.remove_suffix(2); // %tid.x
  // Space-separated, so that one find() tests a whole name.
  static constexpr std::string_view kExact =
      " tid ntid ctaid nctaid laneid warpid nwarpid smid nsmid gridid clock clock_hi clock64 "
      "aggr_smem_size dynamic_smem_size total_smem_size current_graph_exec ";
  static constexpr std::array<std::string_view, 8> kPrefixes = {
      "envreg",  "pm",         "lanemask_",     "globaltimer",
      "cluster", "nclusterid", "reserved_smem", "is_explicit_cluster"};
  if (kExact.find(" " + std::string(name) + " ") != std::string_view::npos)
    return true;
  for (std::string_view prefix : kPrefixes)
    if (name.starts_with(prefix))
      return true;
  return false;
}

uint32_t specialRegisterBits(std::string_view name) {
  return name == "%clock64" || name == "%gridid" || name == "%globaltimer" ? 64 : 32;
}

struct Signature {
  std::vector<Role> roles; // by operand position; operands past the end are not checked
  Type type = Type::None;
  Type second = Type::None;
};

// The instruction's type modifiers, in order, and whether every dotted modifier that looks like
// a type is one this check knows (cvt to .e4m3x2, for instance, is left alone).
std::vector<Type> typeModifiers(const ast::Instruction &inst, bool &allKnown) {
  std::vector<Type> types;
  allKnown = true;
  for (const std::string &m : inst.modifiers) {
    Type t = parseType(m);
    if (t != Type::None)
      types.push_back(t);
    else if (m == "tf32" || m.starts_with("e4m3") || m.starts_with("e5m2") ||
             m.starts_with("e2m") || m.starts_with("e3m") || m.starts_with("ue8m0") || m == "s4" ||
             m == "u4" || m == "b1" || m.ends_with("x2") || m.ends_with("x4"))
      allKnown = false;
  }
  return types;
}

bool has(const ast::Instruction &inst, std::string_view modifier) {
  for (const std::string &m : inst.modifiers)
    if (m == modifier)
      return true;
  return false;
}

// Operand roles of the opcodes this check covers; false for any other instruction, or a form
// of a covered one whose types it does not know.
bool signatureOf(const ast::Instruction &inst, Signature &sig) {
  bool allKnown = false;
  std::vector<Type> types = typeModifiers(inst, allKnown);
  if (!allKnown || types.empty())
    return false;
  const std::string &op = inst.opcode;
  using R = Role;
  auto one = [&](std::vector<Role> roles) {
    if (types.size() != 1)
      return false;
    sig.type = types[0];
    sig.roles = std::move(roles);
    return true;
  };
  auto two = [&](std::vector<Role> roles) {
    if (types.size() != 2)
      return false;
    sig.type = types[0];
    sig.second = types[1];
    sig.roles = std::move(roles);
    return true;
  };
  static constexpr std::array<std::string_view, 27> kAllSame = {
      "add", "sub", "addc", "subc", "min", "max",  "neg",      "abs",  "and",
      "or",  "xor", "not",  "cnot", "div", "rem",  "fma",      "sqrt", "rsqrt",
      "rcp", "sin", "cos",  "lg2",  "ex2", "tanh", "copysign", "sad",  "brev"};
  for (std::string_view name : kAllSame)
    if (op == name)
      return one({R::Same, R::Same, R::Same, R::Same});
  if (op == "mul" || op == "mad" || op == "mul24" || op == "mad24" || op == "madc") {
    if (has(inst, "wide"))
      return one({R::Wide, R::Same, R::Same, R::Wide});
    return one({R::Same, R::Same, R::Same, R::Same});
  }
  if (op == "prmt" || op == "lop3")
    return one({R::Same, R::Same, R::Same, R::Same, R::Skip});
  if (op == "shl" || op == "shr")
    return one({R::Same, R::Same, R::U32});
  if (op == "shf")
    return one({R::Same, R::Same, R::Same, R::U32});
  if (op == "bfe")
    return one({R::Same, R::Same, R::U32, R::U32});
  if (op == "bfi")
    return one({R::Same, R::Same, R::Same, R::U32, R::U32});
  if (op == "popc" || op == "clz" || op == "bfind")
    return one({R::U32, R::Same});
  if (op == "setp")
    return one({R::Pred, R::Same, R::Same, R::Pred});
  if (op == "selp")
    return one({R::Same, R::Same, R::Same, R::Pred});
  if (op == "testp")
    return one({R::Pred, R::Same});
  if (op == "set")
    return two({R::Same, R::Second, R::Second, R::Pred});
  if (op == "slct")
    return two({R::Same, R::Same, R::Same, R::Second});
  if (op == "mov" || op == "cvta")
    return one({R::Same, R::Same});
  if (op == "cvt") {
    if (inst.operands.size() != 2 || has(inst, "pack"))
      return false;
    return two({R::Dst, R::Src});
  }
  if (op == "ld" || op == "ldu")
    return one({R::Dst, R::Address});
  if (op == "st")
    return one({R::Address, R::Src});
  if (op == "atom")
    return one({R::Same, R::Address, R::Same, R::Same});
  if (op == "red")
    return one({R::Address, R::Same, R::Same});
  if (op == "shfl")
    return one({R::Same, R::Same, R::B32, R::B32, R::U32});
  if (op == "vote")
    return one({R::Same, R::Pred, R::U32});
  if (op == "match")
    return one({R::U32, R::Same, R::U32});
  if (op == "redux")
    return one({R::Same, R::Same, R::U32});
  if (op == "activemask")
    return one({R::Same});
  if (op == "dp4a" || op == "dp2a") {
    if (types.size() != 2)
      return false;
    sig.type = Type::U32;
    sig.roles = {R::U32, R::U32, R::U32, R::U32};
    return true;
  }
  return false;
}

class Checker {
public:
  Checker(const ast::Instruction &inst, const ScopedNames &names, uint32_t addressSize)
      : inst_(inst), names_(names), addressSize_(addressSize) {}

  Status run() {
    if (!inst_.guard.empty()) {
      const ast::Variable *v = names_.find(inst_.guard);
      if (v && v->vectorWidth == 0 && parseType(v->type) != Type::Pred)
        return error("the guard '" + inst_.guard + "' is ." + v->type + ", not a predicate");
    }
    for (size_t i = 0; i < inst_.operands.size(); ++i) {
      const ast::Operand &op = inst_.operands[i];
      Type t = op.negated ? registerType(op.name) : Type::None;
      if (t != Type::None && t != Type::Pred)
        return error("operand " + std::to_string(i + 1) + " negates '" + op.name + "', a ." +
                     std::string(typeName(t)) + " register: only a predicate can be negated");
    }
    Signature sig;
    if (!signatureOf(inst_, sig))
      return Status::ok();
    for (size_t i = 0; i < inst_.operands.size() && i < sig.roles.size(); ++i)
      if (Status s = checkOperand(i, sig.roles[i], sig); !s)
        return s;
    return Status::ok();
  }

private:
  Error error(const std::string &message) const {
    return Error{errc::qiaoErrorInvalidPtx, "line " + std::to_string(inst_.loc.line) + ":" +
                                                std::to_string(inst_.loc.column) + ": " + message +
                                                " in '" + inst_.text + "'"};
  }

  Error mismatch(size_t index, const ast::Operand &op, const std::string &declared, Type wanted,
                 bool relaxed) const {
    std::string what = relaxed ? "is not usable as ." : "does not match .";
    return error("operand " + std::to_string(index + 1) + " '" + op.name + "' (" + declared + ") " +
                 what + std::string(typeName(wanted)));
  }

  // The declared type of a register operand; None when the name is not a plain register this
  // check can judge (undeclared names are the decoder's to report).
  Type registerType(const std::string &name) const {
    const ast::Variable *v = names_.find(name);
    if (!v || v->space != ast::StateSpace::Reg || v->vectorWidth != 0)
      return Type::None;
    return parseType(v->type);
  }

  Status checkOperand(size_t index, Role role, const Signature &sig) {
    const ast::Operand &op = inst_.operands[index];
    switch (role) {
    case Role::Skip:
      return Status::ok();
    case Role::Same:
      return checkStrict(index, op, sig.type);
    case Role::Wide:
      return checkStrict(index, op, widened(sig.type));
    case Role::Second:
      return checkStrict(index, op, sig.second);
    case Role::Pred:
      return checkStrict(index, op, Type::Pred);
    case Role::U32:
      return checkStrict(index, op, Type::U32);
    case Role::B32:
      return checkStrict(index, op, Type::B32);
    case Role::Dst:
      return checkRelaxed(index, op, sig.type);
    case Role::Src:
      return checkRelaxed(index, op, inst_.opcode == "cvt" ? sig.second : sig.type);
    case Role::Address:
      return checkAddress(index, op);
    }
    return Status::ok();
  }

  bool isRegisterOperand(const ast::Operand &op) const {
    return op.kind == ast::Operand::Kind::Register ||
           (op.kind == ast::Operand::Kind::Symbol && op.offset == 0);
  }

  Status checkStrict(size_t index, const ast::Operand &op, Type wanted) {
    if (wanted == Type::None)
      return Status::ok();
    if (op.kind == ast::Operand::Kind::Int) {
      // ptxas takes no integer literal where a float is due (`add.f32 %f1, %f2, 1`).
      if (wanted == Type::F32 || wanted == Type::F64)
        return error("operand " + std::to_string(index + 1) + " is an integer constant where ." +
                     std::string(typeName(wanted)) + " is needed (write 0f/0d or 1.0)");
      return Status::ok();
    }
    if (op.kind == ast::Operand::Kind::Float) {
      Kind k = kindOf(wanted);
      if (k == Kind::Int || (k == Kind::Bit && op.floatBits == 0))
        return error("operand " + std::to_string(index + 1) +
                     " is a floating-point constant where ." + std::string(typeName(wanted)) +
                     " is needed");
      return Status::ok();
    }
    if (!isRegisterOperand(op))
      return Status::ok();
    if (Status s = checkSpecial(index, op, wanted); !s)
      return s;
    Type declared = registerType(op.name);
    if (declared != Type::None && !compatible(declared, wanted))
      return mismatch(index, op, "." + std::string(typeName(declared)), wanted, false);
    // A second destination (`%p1|%p2`, shfl's `%r|%p`) is always a predicate.
    if (!op.partnerName.empty()) {
      Type partner = registerType(op.partnerName);
      if (partner != Type::None && partner != Type::Pred)
        return error("'" + op.partnerName + "' after '|' is ." + std::string(typeName(partner)) +
                     ", not a predicate");
    }
    return Status::ok();
  }

  Status checkRelaxed(size_t index, const ast::Operand &op, Type wanted) {
    if (op.kind == ast::Operand::Kind::Vector) {
      uint32_t elementBytes = 0;
      for (const ast::Operand &e : op.elements) {
        if (Status s = checkRelaxed(index, e, wanted); !s)
          return s;
        Type t = isRegisterOperand(e) ? registerType(e.name) : Type::None;
        if (t == Type::None)
          continue;
        if (elementBytes != 0 && typeBytes(t) != elementBytes)
          return error("operand " + std::to_string(index + 1) +
                       " mixes registers of different sizes");
        elementBytes = typeBytes(t);
      }
      return Status::ok();
    }
    if (!isRegisterOperand(op))
      return Status::ok();
    if (Status s = checkSpecial(index, op, wanted); !s)
      return s;
    Type declared = registerType(op.name);
    if (declared != Type::None && !relaxedCompatible(declared, wanted))
      return mismatch(index, op, "." + std::string(typeName(declared)), wanted, true);
    return Status::ok();
  }

  // Only mov and cvt read special registers, and mov reads them at their own size.
  Status checkSpecial(size_t index, const ast::Operand &op, Type wanted) {
    if (op.kind != ast::Operand::Kind::Register || names_.find(op.name) ||
        !isSpecialRegister(op.name))
      return Status::ok();
    if (inst_.opcode == "cvt")
      return Status::ok();
    if (inst_.opcode != "mov" || index == 0)
      return error("special register " + op.name + " is not allowed as operand " +
                   std::to_string(index + 1) + " of " + inst_.opcode);
    uint32_t bits = specialRegisterBits(op.name);
    if ((bits == 64) != (typeBytes(wanted) == 8))
      return error(op.name + " is a " + std::to_string(bits) + "-bit register, not ." +
                   std::string(typeName(wanted)));
    return Status::ok();
  }

  // An address register holds an integer; in 64-bit code a generic or global address is 64-bit
  // (ptxas: "Program uses 32-bit address ... conflicting with .address_size 64").
  Status checkAddress(size_t index, const ast::Operand &op) {
    if (op.kind != ast::Operand::Kind::Address || op.name.empty())
      return Status::ok();
    Type declared = registerType(op.name);
    if (declared == Type::None)
      return Status::ok();
    Kind k = kindOf(declared);
    if (k != Kind::Int && k != Kind::Bit)
      return error("operand " + std::to_string(index + 1) + ": '" + op.name + "' is ." +
                   std::string(typeName(declared)) + "; an address register is an integer");
    bool windowed = false;
    for (const std::string &m : inst_.modifiers)
      windowed |= m.starts_with("shared") || m == "local" || m == "param" || m == "const";
    if (!windowed && addressSize_ == 64 && typeBytes(declared) == 4)
      return error("operand " + std::to_string(index + 1) + ": '" + op.name +
                   "' is a 32-bit address in a module with .address_size 64");
    return Status::ok();
  }

  const ast::Instruction &inst_;
  const ScopedNames &names_;
  uint32_t addressSize_;
};

} // namespace

Status checkOperandTypes(const ast::Instruction &inst, const ScopedNames &names,
                         uint32_t addressSize) {
  return Checker(inst, names, addressSize).run();
}

} // namespace qiao::ptx
