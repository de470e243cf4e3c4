// Modifier and operand resolution shared by every instruction family.
#include "InstDecoder.h"

#include "FunctionBuilder.h"
#include "support/ErrorCodes.h"

#include <array>
#include <bit>
#include <cmath>
#include <utility>

namespace qiao::ptx {
namespace {

constexpr std::array<std::pair<std::string_view, Rounding>, 10> kRoundings = {{
    {"rn", Rounding::Rn},
    {"rz", Rounding::Rz},
    {"rm", Rounding::Rm},
    {"rp", Rounding::Rp},
    {"rni", Rounding::Rni},
    {"rzi", Rounding::Rzi},
    {"rmi", Rounding::Rmi},
    {"rpi", Rounding::Rpi},
    {"rna", Rounding::Rna},
    {"rs", Rounding::Rs},
}};

constexpr std::array<std::pair<std::string_view, SpecialReg>, 56> kSpecials = {{
    {"%tid.x", SpecialReg::TidX},
    {"%tid.y", SpecialReg::TidY},
    {"%tid.z", SpecialReg::TidZ},
    {"%ntid.x", SpecialReg::NtidX},
    {"%ntid.y", SpecialReg::NtidY},
    {"%ntid.z", SpecialReg::NtidZ},
    {"%ctaid.x", SpecialReg::CtaidX},
    {"%ctaid.y", SpecialReg::CtaidY},
    {"%ctaid.z", SpecialReg::CtaidZ},
    {"%nctaid.x", SpecialReg::NctaidX},
    {"%nctaid.y", SpecialReg::NctaidY},
    {"%nctaid.z", SpecialReg::NctaidZ},
    {"%laneid", SpecialReg::LaneId},
    {"%warpid", SpecialReg::WarpId},
    {"%nwarpid", SpecialReg::NWarpId},
    {"%smid", SpecialReg::SmId},
    {"%nsmid", SpecialReg::NSmId},
    {"%gridid", SpecialReg::GridId},
    {"%lanemask_eq", SpecialReg::LanemaskEq},
    {"%lanemask_lt", SpecialReg::LanemaskLt},
    {"%lanemask_le", SpecialReg::LanemaskLe},
    {"%lanemask_gt", SpecialReg::LanemaskGt},
    {"%lanemask_ge", SpecialReg::LanemaskGe},
    {"%clock", SpecialReg::Clock},
    {"%clock_hi", SpecialReg::ClockHi},
    {"%clock64", SpecialReg::Clock64},
    {"%globaltimer", SpecialReg::GlobalTimer},
    {"%globaltimer_lo", SpecialReg::GlobalTimerLo},
    {"%globaltimer_hi", SpecialReg::GlobalTimerHi},
    {"%dynamic_smem_size", SpecialReg::DynamicSmemSize},
    {"%total_smem_size", SpecialReg::TotalSmemSize},
    {"%aggr_smem_size", SpecialReg::AggrSmemSize},
    {"%reserved_smem_offset_begin", SpecialReg::ReservedSmemBegin},
    {"%reserved_smem_offset_end", SpecialReg::ReservedSmemEnd},
    {"%reserved_smem_offset_cap", SpecialReg::ReservedSmemCap},
    {"%reserved_smem_offset_0", SpecialReg::ReservedSmemOffset0},
    {"%reserved_smem_offset_1", SpecialReg::ReservedSmemOffset1},
    // Single-component forms some tools write.
    {"%tid", SpecialReg::TidX},
    {"%ntid", SpecialReg::NtidX},
    {"%ctaid", SpecialReg::CtaidX},
    {"%nctaid", SpecialReg::NctaidX},
    // Clusters (ISA sections 10.7-10.13).
    {"%clusterid.x", SpecialReg::ClusterIdX},
    {"%clusterid.y", SpecialReg::ClusterIdY},
    {"%clusterid.z", SpecialReg::ClusterIdZ},
    {"%nclusterid.x", SpecialReg::NClusterIdX},
    {"%nclusterid.y", SpecialReg::NClusterIdY},
    {"%nclusterid.z", SpecialReg::NClusterIdZ},
    {"%cluster_ctaid.x", SpecialReg::ClusterCtaidX},
    {"%cluster_ctaid.y", SpecialReg::ClusterCtaidY},
    {"%cluster_ctaid.z", SpecialReg::ClusterCtaidZ},
    {"%cluster_ctarank", SpecialReg::CtaRankInCluster},
    {"%cluster_nctaid.x", SpecialReg::ClusterNctaidX},
    {"%cluster_nctaid.y", SpecialReg::ClusterNctaidY},
    {"%cluster_nctaid.z", SpecialReg::ClusterNctaidZ},
    {"%cluster_nctarank", SpecialReg::ClusterCtaCount},
    {"%is_explicit_cluster", SpecialReg::IsExplicitCluster},
}};

std::string operandName(const ast::Operand &op) {
  switch (op.kind) {
  case ast::Operand::Kind::Register:
  case ast::Operand::Kind::Symbol:
    return op.name;
  case ast::Operand::Kind::Address:
    return "[" + op.name + "]";
  case ast::Operand::Kind::Vector:
    return "{...}";
  case ast::Operand::Kind::Sink:
    return "_";
  default:
    return "immediate";
  }
}

} // namespace

// Bits of an immediate in the representation of type t.
// PTX's predefined identifiers that are constants (ISA 9.0 section 5.4): WARP_SZ, the warp size,
// which nvcc writes for CUDA's `warpSize`.
static bool predefinedConstant(const ast::Operand &op, uint64_t &bits) {
  using K = ast::Operand::Kind;
  if ((op.kind == K::Symbol || op.kind == K::Register) && op.name == "WARP_SZ" && op.offset == 0) {
    bits = 32;
    return true;
  }
  return false;
}

static bool immediateBits(const ast::Operand &op, Type t, uint64_t &bits) {
  using K = ast::Operand::Kind;
  if (predefinedConstant(op, bits)) {
    if (t == Type::F32)
      bits = std::bit_cast<uint32_t>(static_cast<float>(bits));
    else if (t == Type::F64)
      bits = std::bit_cast<uint64_t>(static_cast<double>(bits));
    return true;
  }
  if (op.kind != K::Int && op.kind != K::Float)
    return false;
  if (t == Type::F32 || t == Type::F64) {
    double value;
    if (op.kind == K::Int) {
      value = static_cast<double>(static_cast<int64_t>(op.intValue));
    } else if (op.floatBits == 32) {
      value = std::bit_cast<float>(static_cast<uint32_t>(op.intValue));
    } else if (op.floatBits == 64) {
      value = std::bit_cast<double>(op.intValue);
    } else {
      value = op.floatValue;
    }
    if (t == Type::F32) {
      // A 0f literal keeps its exact bits (NaN payloads included).
      if (op.kind == K::Float && op.floatBits == 32)
        bits = static_cast<uint32_t>(op.intValue);
      else
        bits = std::bit_cast<uint32_t>(static_cast<float>(value));
    } else {
      bits = (op.kind == K::Float && op.floatBits == 64) ? op.intValue
                                                         : std::bit_cast<uint64_t>(value);
    }
    return true;
  }
  uint64_t raw = op.kind == K::Int ? op.intValue
                 : op.floatBits    ? op.intValue
                                   : std::bit_cast<uint64_t>(op.floatValue);
  if (t == Type::Pred) {
    bits = raw != 0;
    return true;
  }
  uint32_t bytes = typeBytes(t);
  bits = (bytes == 0 || bytes >= 8) ? raw : (raw & ((uint64_t{1} << (bytes * 8)) - 1));
  return true;
}

bool InstDecoder::isBareRegister(const ast::Operand &op, uint32_t &slot) const {
  return op.kind == ast::Operand::Kind::Symbol && op.offset == 0 && fn_.findRegister(op.name, slot);
}

bool InstDecoder::has(std::string_view modifier) const {
  for (const std::string &m : inst_.modifiers)
    if (m == modifier)
      return true;
  return false;
}

std::vector<Type> InstDecoder::types() const {
  std::vector<Type> out;
  for (const std::string &m : inst_.modifiers) {
    Type t = parseType(m);
    if (t != Type::None)
      out.push_back(t);
  }
  return out;
}

Rounding InstDecoder::rounding() const {
  for (const std::string &m : inst_.modifiers)
    for (const auto &[name, r] : kRoundings)
      if (m == name)
        return r;
  return Rounding::None;
}

Space InstDecoder::space() const {
  for (const std::string &m : inst_.modifiers) {
    std::string_view v = m;
    if (v == "global")
      return Space::Global;
    if (v.starts_with("shared"))
      return Space::Shared;
    if (v == "local")
      return Space::Local;
    if (v == "const")
      return Space::Const;
    if (v == "param")
      return Space::FrameParam;
  }
  return Space::Generic;
}

uint8_t InstDecoder::vectorWidth() const {
  for (const std::string &m : inst_.modifiers) {
    if (m == "v2")
      return 2;
    if (m == "v4")
      return 4;
    if (m == "v8")
      return 8;
  }
  return 1;
}

Error InstDecoder::error(std::string_view message) const {
  return Error{errc::qiaoErrorInvalidPtx, "line " + std::to_string(inst_.loc.line) + ":" +
                                              std::to_string(inst_.loc.column) + ": " +
                                              std::string(message) + " in '" + inst_.text + "'"};
}

Error InstDecoder::unsupported(std::string_view what) const {
  return error("unsupported PTX: " + std::string(what));
}

Status InstDecoder::reg(size_t index, Operand &out) const {
  if (index >= inst_.operands.size())
    return error("missing operand " + std::to_string(index + 1));
  const ast::Operand &op = inst_.operands[index];
  if (op.kind == ast::Operand::Kind::Sink) {
    out = Operand{};
    out.kind = Operand::Kind::Sink;
    return Status::ok();
  }
  uint32_t slot;
  // Registers declared without a leading % (inline asm's `{.reg .f16 low; ...}` in cuda_fp16.h)
  // reach here as plain names.
  if (isBareRegister(op, slot)) {
    out = Operand{};
    out.kind = Operand::Kind::Reg;
    out.reg = slot;
    return Status::ok();
  }
  if (op.kind != ast::Operand::Kind::Register)
    return error("operand " + std::to_string(index + 1) + " must be a register, found " +
                 operandName(op));
  if (!fn_.findRegister(op.name, slot))
    return error("undeclared register '" + op.name + "'");
  out = Operand{};
  out.kind = Operand::Kind::Reg;
  out.reg = slot;
  out.negated = op.negated;
  return Status::ok();
}

Status InstDecoder::partner(size_t index, Operand &out) const {
  out = Operand{};
  if (index >= inst_.operands.size() || inst_.operands[index].partnerName.empty())
    return Status::ok();
  uint32_t slot;
  if (!fn_.findRegister(inst_.operands[index].partnerName, slot))
    return error("undeclared register '" + inst_.operands[index].partnerName + "'");
  out.kind = Operand::Kind::Reg;
  out.reg = slot;
  return Status::ok();
}

Status InstDecoder::source(size_t index, Type t, Operand &out) const {
  if (index >= inst_.operands.size())
    return error("missing operand " + std::to_string(index + 1));
  const ast::Operand &op = inst_.operands[index];
  uint64_t bits;
  if (immediateBits(op, t, bits)) {
    out = Operand{};
    out.kind = Operand::Kind::Imm;
    out.imm = bits;
    out.reg = fn_.constantSlot(bits);
    return Status::ok();
  }
  uint32_t bare;
  if (isBareRegister(op, bare))
    return reg(index, out);
  if (op.kind == ast::Operand::Kind::Symbol) {
    Status s = symbolAddress(index, out);
    if (!s)
      return s;
    if (out.kind != Operand::Kind::Imm)
      return unsupported("address of a local variable as an arithmetic operand");
    return Status::ok();
  }
  uint32_t slot;
  if (op.kind == ast::Operand::Kind::Register && !fn_.findRegister(op.name, slot)) {
    SymbolRef sym;
    if (fn_.findSymbol(op.name, sym)) { // a bare name the parser could not classify
      Status s = symbolAddress(index, out);
      if (s && out.kind != Operand::Kind::Imm)
        return unsupported("address of a local variable as an arithmetic operand");
      return s;
    }
  }
  return reg(index, out);
}

Status InstDecoder::predicate(size_t index, Operand &out) const {
  if (index < inst_.operands.size()) {
    const ast::Operand &op = inst_.operands[index];
    if (op.kind == ast::Operand::Kind::Int) {
      uint64_t bits = op.intValue != 0;
      out = Operand{};
      out.kind = Operand::Kind::Imm;
      out.imm = bits;
      out.reg = fn_.constantSlot(bits);
      return Status::ok();
    }
  }
  return reg(index, out);
}

Status InstDecoder::address(size_t index, Space &space, Operand &out) const {
  if (index >= inst_.operands.size())
    return error("missing operand " + std::to_string(index + 1));
  const ast::Operand &op = inst_.operands[index];
  if (op.kind != ast::Operand::Kind::Address)
    return error("operand " + std::to_string(index + 1) + " must be an address [..], found " +
                 operandName(op));
  out = Operand{};
  out.kind = Operand::Kind::Address;
  out.offset = op.offset;
  if (op.name.empty()) {
    if (space == Space::FrameParam)
      return unsupported("param-space access through an absolute address");
    return Status::ok();
  }
  uint32_t slot;
  if (fn_.findRegister(op.name, slot)) {
    // In a kernel, a register holds a kernel parameter's address (`mov.b64 %rd, param;`, as nvcc
    // writes for a large struct argument indexed at run time).
    if (space == Space::FrameParam) {
      if (!fn_.function().isEntry)
        return unsupported("param-space access through a register in a device function");
      space = Space::KernelParam;
    }
    out.reg = slot;
    return Status::ok();
  }
  SymbolRef sym;
  if (!fn_.findSymbol(op.name, sym))
    return error("unknown symbol '" + op.name + "'");
  if (sym.isFunction)
    return error("'" + op.name + "' is a function, not a variable");
  out.offset += sym.address;
  // Param variables are found through the frame's param area, not the local stack.
  out.frameRelative = sym.frameRelative && sym.space == Space::Local;
  if (sym.space == Space::KernelParam || sym.space == Space::FrameParam) {
    if (space != Space::FrameParam && space != Space::Generic)
      return error("parameter '" + op.name + "' accessed in the wrong state space");
    space = sym.space;
  } else if (space == Space::Generic) {
    space = sym.space == Space::Const ? Space::Global : sym.space;
  } else if (space == Space::FrameParam) {
    return error("'" + op.name + "' is not a parameter");
  } else if (sym.space == Space::Shared || sym.space == Space::Local) {
    if (space != sym.space)
      return error("'" + op.name + "' accessed in the wrong state space");
  }
  return Status::ok();
}

Status InstDecoder::vector(size_t index, Operand &out) const {
  if (index >= inst_.operands.size())
    return error("missing operand " + std::to_string(index + 1));
  const ast::Operand &op = inst_.operands[index];
  if (op.kind != ast::Operand::Kind::Vector)
    return error("operand " + std::to_string(index + 1) + " must be a vector {..}");
  if (op.elements.empty() || op.elements.size() > 4)
    return unsupported("vector of " + std::to_string(op.elements.size()) + " elements");
  out = Operand{};
  out.kind = Operand::Kind::Vector;
  out.count = static_cast<uint8_t>(op.elements.size());
  for (size_t i = 0; i < op.elements.size(); ++i) {
    const ast::Operand &e = op.elements[i];
    if (e.kind == ast::Operand::Kind::Sink) {
      out.elems[i] = kNoReg;
    } else if (e.kind == ast::Operand::Kind::Int || e.kind == ast::Operand::Kind::Float) {
      // An immediate element (st.v2 [a], {%r1, 0}), in the instruction's element type.
      std::vector<Type> t = types();
      uint64_t bits = 0;
      immediateBits(e, t.empty() ? Type::B64 : t.back(), bits);
      out.elems[i] = fn_.constantSlot(bits);
    } else if (isBareRegister(e, out.elems[i])) {
      continue;
    } else if (e.kind == ast::Operand::Kind::Register) {
      uint32_t slot;
      if (!fn_.findRegister(e.name, slot))
        return error("undeclared register '" + e.name + "'");
      out.elems[i] = slot;
    } else {
      return error("vector elements must be registers");
    }
  }
  return Status::ok();
}

Status InstDecoder::registerList(size_t index, std::vector<uint32_t> &slots) const {
  if (index >= inst_.operands.size())
    return error("missing operand " + std::to_string(index + 1));
  const ast::Operand &op = inst_.operands[index];
  if (op.kind != ast::Operand::Kind::Vector)
    return error("operand " + std::to_string(index + 1) + " must be a vector {..}");
  slots.clear();
  for (const ast::Operand &e : op.elements) {
    uint32_t slot = kNoReg;
    if (isBareRegister(e, slot)) {
      slots.push_back(slot);
      continue;
    }
    if (e.kind != ast::Operand::Kind::Register)
      return error("operand " + std::to_string(index + 1) + " must list registers only");
    if (!fn_.findRegister(e.name, slot))
      return error("undeclared register '" + e.name + "'");
    slots.push_back(slot);
  }
  return Status::ok();
}

Status InstDecoder::regOrVector(size_t index, Operand &out) const {
  if (index < inst_.operands.size() && inst_.operands[index].kind == ast::Operand::Kind::Vector)
    return vector(index, out);
  return reg(index, out);
}

Status InstDecoder::symbolAddress(size_t index, Operand &out) const {
  const ast::Operand &op = inst_.operands[index];
  uint64_t constant = 0;
  if (predefinedConstant(op, constant)) {
    out = Operand{};
    out.kind = Operand::Kind::Imm;
    out.imm = constant;
    out.reg = fn_.constantSlot(constant);
    return Status::ok();
  }
  SymbolRef sym;
  if (!fn_.findSymbol(op.name, sym))
    return error("unknown symbol '" + op.name + "'");
  out = Operand{};
  if (sym.frameRelative) {
    if (sym.space != Space::Local)
      return unsupported("taking the address of a parameter");
    out.kind = Operand::Kind::Address;
    out.offset = sym.address + op.offset;
    out.frameRelative = true;
    return Status::ok();
  }
  uint64_t bits = static_cast<uint64_t>(sym.address + op.offset);
  out.kind = Operand::Kind::Imm;
  out.imm = bits;
  out.reg = fn_.constantSlot(bits);
  return Status::ok();
}

Status InstDecoder::special(size_t index, Operand &out) const {
  const ast::Operand &op = inst_.operands[index];
  for (const auto &[name, reg] : kSpecials) {
    if (op.name == name) {
      out = Operand{};
      out.kind = Operand::Kind::Special;
      out.special = reg;
      return Status::ok();
    }
  }
  // %envreg0..%envreg31, the registers the driver sets for a launch.
  std::string_view name = op.name;
  constexpr std::string_view envreg = "%envreg";
  if (name.substr(0, envreg.size()) == envreg && name.size() > envreg.size() &&
      name.size() <= envreg.size() + 2) {
    unsigned n = 0;
    bool digits = true;
    for (char c : name.substr(envreg.size())) {
      digits = digits && c >= '0' && c <= '9';
      n = n * 10 + unsigned(c - '0');
    }
    if (digits && n < kEnvRegCount) {
      out = Operand{};
      out.kind = Operand::Kind::Special;
      out.special = static_cast<SpecialReg>(unsigned(SpecialReg::EnvReg0) + n);
      return Status::ok();
    }
  }
  return unsupported("special register '" + op.name + "'");
}

Expected<int64_t> InstDecoder::immediate(size_t index) const {
  if (index >= inst_.operands.size() || inst_.operands[index].kind != ast::Operand::Kind::Int)
    return error("operand " + std::to_string(index + 1) + " must be an integer constant");
  return static_cast<int64_t>(inst_.operands[index].intValue);
}

} // namespace qiao::ptx
