// Data movement: ld, ldu, st, mov, cvta, isspacep and the cache hints that do nothing here
// (PTX ISA 9.0, sections 9.7.9 "Data Movement and Conversion Instructions").
#include "FunctionBuilder.h"
#include "InstDecoder.h"
#include "LaneAddress.h"
#include "Lanes.h"
#include "Warp.h"

#include <bit>
#include <cstring>

namespace qiao::ptx {
namespace {

uint64_t signExtend(uint64_t bits, unsigned bytes) {
  unsigned shift = 64 - bytes * 8;
  return static_cast<uint64_t>(static_cast<int64_t>(bits << shift) >> shift);
}

// ld: Bytes per element, Count elements (.v2/.v4), SignExtend for .s8/.s16 (the destination
// register may be wider than the loaded type).
// The fast path of global and generic accesses: when every lane's access is aligned and the
// whole span lies in one allocation, one range check replaces the per-lane ones.
template <unsigned Size>
bool warpSpanInOneAllocation(Warp &w, const Inst &inst, const LaneAddress &address, LaneMask exec) {
  if (inst.space != Space::Global && inst.space != Space::Generic && inst.space != Space::Const)
    return false;
  uint64_t lo = ~uint64_t{0}, hi = 0, misaligned = 0;
  forEachLane(exec, [&](int lane) {
    uint64_t a = address(lane);
    lo = a < lo ? a : lo;
    hi = a > hi ? a : hi;
    misaligned |= a & (Size - 1);
  });
  return misaligned == 0 && hi + Size > hi && w.globalRange(lo, hi + Size);
}

template <unsigned Bytes, unsigned Count, bool SignExtend>
void execLoad(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress address(w, inst.ops[1]);
  const Operand &dst = inst.ops[0];
  if (inst.space == Space::KernelParam && !address.base) {
    // A kernel parameter is the same for every lane: read it once.
    int first = std::countr_zero(exec);
    const uint8_t *p = static_cast<const uint8_t *>(
        w.access(inst.space, address(first), Bytes * Count, Bytes * Count, first, inst));
    if (!p)
      return;
    for (unsigned e = 0; e < Count; ++e) {
      uint32_t slot = Count == 1 ? dst.reg : dst.elems[e];
      if (slot == kNoReg)
        continue;
      uint64_t bits = 0;
      std::memcpy(&bits, p + e * Bytes, Bytes);
      if constexpr (SignExtend)
        bits = signExtend(bits, Bytes);
      uint64_t *d = w.row(slot);
      forEachLane(exec, [&](int lane) { d[lane] = bits; });
    }
    return;
  }
  if (warpSpanInOneAllocation<Bytes * Count>(w, inst, address, exec)) {
    for (unsigned e = 0; e < Count; ++e) {
      uint32_t slot = Count == 1 ? dst.reg : dst.elems[e];
      if (slot == kNoReg)
        continue;
      uint64_t *d = w.row(slot);
      forEachLane(exec, [&](int lane) {
        uint64_t bits = 0;
        std::memcpy(&bits, reinterpret_cast<const uint8_t *>(address(lane)) + e * Bytes, Bytes);
        if constexpr (SignExtend)
          bits = signExtend(bits, Bytes);
        d[lane] = bits;
      });
    }
    return;
  }
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    const uint8_t *p = static_cast<const uint8_t *>(
        w.access(inst.space, address(lane), Bytes * Count, Bytes * Count, lane, inst));
    if (!p)
      return;
    for (unsigned e = 0; e < Count; ++e) {
      uint32_t slot = Count == 1 ? dst.reg : dst.elems[e];
      if (slot == kNoReg)
        continue;
      uint64_t bits = 0;
      std::memcpy(&bits, p + e * Bytes, Bytes);
      if constexpr (SignExtend)
        bits = signExtend(bits, Bytes);
      w.row(slot)[lane] = bits;
    }
  }
}

template <unsigned Bytes, unsigned Count> void execStore(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress address(w, inst.ops[0]);
  const Operand &src = inst.ops[1];
  if (warpSpanInOneAllocation<Bytes * Count>(w, inst, address, exec)) {
    // Lane order is kept so that lanes storing to one address leave the highest lane's value.
    forEachLane(exec, [&](int lane) {
      uint8_t *p = reinterpret_cast<uint8_t *>(address(lane));
      for (unsigned e = 0; e < Count; ++e) {
        uint32_t slot = Count == 1 ? src.reg : src.elems[e];
        uint64_t bits = slot == kNoReg ? 0 : w.row(slot)[lane];
        std::memcpy(p + e * Bytes, &bits, Bytes);
      }
    });
    return;
  }
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint8_t *p = static_cast<uint8_t *>(
        w.access(inst.space, address(lane), Bytes * Count, Bytes * Count, lane, inst));
    if (!p)
      return;
    for (unsigned e = 0; e < Count; ++e) {
      uint32_t slot = Count == 1 ? src.reg : src.elems[e];
      uint64_t bits = slot == kNoReg ? 0 : w.row(slot)[lane];
      std::memcpy(p + e * Bytes, &bits, Bytes);
    }
  }
}

template <unsigned Bytes, unsigned Count, bool SignExtend> ExecFn loadFor(bool store) {
  if (store)
    return execStore<Bytes, Count>;
  return execLoad<Bytes, Count, SignExtend>;
}

template <unsigned Bytes> ExecFn pickCount(unsigned count, bool store, bool sign) {
  switch (count) {
  case 1:
    return sign ? loadFor<Bytes, 1, true>(store) : loadFor<Bytes, 1, false>(store);
  case 2:
    return sign ? loadFor<Bytes, 2, true>(store) : loadFor<Bytes, 2, false>(store);
  case 4:
    return sign ? loadFor<Bytes, 4, true>(store) : loadFor<Bytes, 4, false>(store);
  default:
    return nullptr;
  }
}

ExecFn memoryExec(unsigned bytes, unsigned count, bool store, bool sign) {
  switch (bytes) {
  case 1:
    return pickCount<1>(count, store, sign);
  case 2:
    return pickCount<2>(count, store, sign);
  case 4: // ld.s32 into a 64-bit register sign-extends (nvcc emits it for int -> long long)
    return pickCount<4>(count, store, sign);
  case 8:
    return pickCount<8>(count, store, false);
  default:
    return nullptr;
  }
}

Status decodeLoadStore(InstDecoder &d, Inst &inst, bool store) {
  std::vector<Type> types = d.types();
  if (types.empty())
    return d.error("missing type");
  Type type = types.back();
  inst.type = type;
  inst.vec = d.vectorWidth();
  inst.space = d.space();
  unsigned bytes = typeBytes(type);
  if (type == Type::B128) {
    // 16-byte accesses as two 8-byte halves of a register pair are not produced for sm_80 code.
    return d.unsupported(".b128 accesses");
  }
  size_t addressIndex = store ? 0 : 1;
  size_t valueIndex = store ? 1 : 0;
  if (Status s = d.address(addressIndex, inst.space, inst.ops[addressIndex]); !s)
    return s;
  if (inst.vec > 1) {
    if (Status s = d.vector(valueIndex, inst.ops[valueIndex]); !s)
      return s;
    if (inst.ops[valueIndex].count != inst.vec)
      return d.error("vector operand does not match ." + std::string("v") +
                     std::to_string(inst.vec));
  } else if (store) {
    if (Status s = d.source(valueIndex, type, inst.ops[valueIndex]); !s)
      return s;
  } else {
    if (Status s = d.reg(valueIndex, inst.ops[valueIndex]); !s)
      return s;
  }
  inst.numOps = 2;
  inst.exec = memoryExec(bytes, inst.vec, store, isSignedType(type));
  if (!inst.exec)
    return d.unsupported("access of " + std::to_string(bytes) + " bytes x " +
                         std::to_string(inst.vec));
  return Status::ok();
}

Status decodeLoad(InstDecoder &d, Inst &inst) { return decodeLoadStore(d, inst, false); }
Status decodeStore(InstDecoder &d, Inst &inst) { return decodeLoadStore(d, inst, true); }

// --- mov ---------------------------------------------------------------------------------------

void execMovCell(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  uint32_t bytes = typeBytes(inst.type);
  uint64_t keep = bytes >= 8 ? ~uint64_t{0} : ((uint64_t{1} << (bytes * 8)) - 1);
  forEachLane(exec, [&](int lane) { d[lane] = a[lane] & keep; });
}

void execMovSpecial(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  SpecialReg reg = inst.ops[1].special;
  forEachLane(exec, [&](int lane) { d[lane] = w.special(reg, lane); });
}

void execMovLocalAddress(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  uint64_t value = w.frameLocalBase() + static_cast<uint64_t>(inst.ops[1].offset);
  forEachLane(exec, [&](int lane) { d[lane] = value; });
}

// mov.b64 %rd, {%r1, %r2}: element e goes to bits [e*w, (e+1)*w).
void execPack(Warp &w, const Inst &inst, LaneMask exec) {
  const Operand &src = inst.ops[1];
  unsigned width = typeBytes(inst.type) * 8 / src.count;
  uint64_t mask = width >= 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
  uint64_t *d = w.row(inst.ops[0].reg);
  forEachLane(exec, [&](int lane) {
    uint64_t v = 0;
    for (unsigned e = 0; e < src.count; ++e)
      if (src.elems[e] != kNoReg)
        v |= (w.row(src.elems[e])[lane] & mask) << (e * width);
    d[lane] = v;
  });
}

void execUnpack(Warp &w, const Inst &inst, LaneMask exec) {
  const Operand &dst = inst.ops[0];
  unsigned width = typeBytes(inst.type) * 8 / dst.count;
  uint64_t mask = width >= 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int lane) {
    uint64_t v = a[lane];
    for (unsigned e = 0; e < dst.count; ++e)
      if (dst.elems[e] != kNoReg)
        w.row(dst.elems[e])[lane] = (v >> (e * width)) & mask;
  });
}

Status decodeMov(InstDecoder &d, Inst &inst) {
  std::vector<Type> types = d.types();
  if (types.empty())
    return d.error("missing type");
  inst.type = types.back();
  inst.numOps = 2;
  if (d.operandCount() != 2)
    return d.error("mov takes two operands");
  const ast::Operand &dst = d.ast().operands[0];
  const ast::Operand &src = d.ast().operands[1];
  if (dst.kind == ast::Operand::Kind::Vector) {
    if (Status s = d.vector(0, inst.ops[0]); !s)
      return s;
    if (Status s = d.reg(1, inst.ops[1]); !s)
      return s;
    inst.exec = execUnpack;
    return Status::ok();
  }
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (src.kind == ast::Operand::Kind::Vector) {
    if (Status s = d.vector(1, inst.ops[1]); !s)
      return s;
    inst.exec = execPack;
    return Status::ok();
  }
  if (src.kind == ast::Operand::Kind::Register && !src.name.empty() && src.name[0] == '%') {
    uint32_t unused;
    if (!d.function().findRegister(src.name, unused)) {
      if (Status s = d.special(1, inst.ops[1]); !s)
        return s;
      inst.exec = execMovSpecial;
      return Status::ok();
    }
  }
  if (src.kind == ast::Operand::Kind::Symbol ||
      (src.kind == ast::Operand::Kind::Register && src.name[0] != '%')) {
    uint32_t unused;
    if (!d.function().findRegister(src.name, unused)) {
      if (Status s = d.symbolAddress(1, inst.ops[1]); !s)
        return s;
      inst.exec = inst.ops[1].kind == Operand::Kind::Address ? execMovLocalAddress : execMovCell;
      return Status::ok();
    }
  }
  if (Status s = d.source(1, inst.type, inst.ops[1]); !s)
    return s;
  inst.exec = execMovCell;
  return Status::ok();
}

// --- cvta / isspacep ---------------------------------------------------------------------------

template <bool ToGeneric> void execCvta(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const Operand &a = inst.ops[1];
  const uint64_t *src = a.kind == Operand::Kind::Address ? nullptr : w.row(a.reg);
  if (src && inst.space == Space::Global && typeBytes(inst.type) == 8) {
    // Global addresses are generic addresses on this device.
    forEachLane(exec, [&](int lane) { d[lane] = src[lane]; });
    return;
  }
  uint64_t localBase = a.kind == Operand::Kind::Address ? w.frameLocalBase() + a.offset : 0;
  uint64_t keep = typeBytes(inst.type) >= 8 ? ~uint64_t{0} : 0xffffffffull;
  forEachLane(exec, [&](int lane) {
    uint64_t v = src ? src[lane] : localBase;
    uint64_t out;
    if constexpr (ToGeneric) {
      out = w.toGeneric(inst.space, v, lane);
    } else {
      w.fromGeneric(inst.space, v, lane, out);
    }
    d[lane] = out & keep;
  });
}

Status decodeCvta(InstDecoder &d, Inst &inst) {
  std::vector<Type> types = d.types();
  inst.type = types.empty() ? Type::U64 : types.back();
  inst.space = d.space();
  // In a kernel the param space is its parameters' (a __grid_constant__ argument's address).
  if (inst.space == Space::FrameParam) {
    if (!d.function().function().isEntry)
      return d.unsupported("cvta of a device function's param space");
    inst.space = Space::KernelParam;
  }
  if (inst.space == Space::Const)
    inst.space = Space::Global;
  inst.numOps = 2;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  const ast::Operand &src = d.ast().operands.size() > 1 ? d.ast().operands[1] : ast::Operand{};
  // A register declared without % in an inline-asm block (cooperative groups' `extended`) parses
  // as a symbol too.
  uint32_t bare;
  if (src.kind == ast::Operand::Kind::Symbol && !d.isBareRegister(src, bare)) {
    if (Status s = d.symbolAddress(1, inst.ops[1]); !s)
      return s;
  } else if (Status s = d.source(1, inst.type, inst.ops[1]); !s) {
    return s;
  }
  inst.exec = d.has("to") ? execCvta<false> : execCvta<true>;
  return Status::ok();
}

void execIsSpace(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int lane) { d[lane] = w.isInSpace(inst.space, a[lane], lane) ? 1 : 0; });
}

Status decodeIsSpace(InstDecoder &d, Inst &inst) {
  inst.space = d.space();
  if (inst.space == Space::FrameParam)
    inst.space = Space::KernelParam;
  inst.numOps = 2;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, Type::U64, inst.ops[1]); !s)
    return s;
  inst.exec = execIsSpace;
  return Status::ok();
}

// Hints with no effect on an emulated memory system.
void execNothing(Warp &, const Inst &, LaneMask) {}

Status decodeHint(InstDecoder &, Inst &inst) {
  inst.exec = execNothing;
  return Status::ok();
}

// createpolicy yields an opaque cache policy that only other hints consume.
Status decodeCreatePolicy(InstDecoder &d, Inst &inst) {
  inst.type = Type::B64;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  inst.ops[1].kind = Operand::Kind::Imm;
  inst.ops[1].reg = d.function().constantSlot(0);
  inst.exec = execMovCell;
  return Status::ok();
}

} // namespace

void addMemoryOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"ld", decodeLoad});
  table.push_back({"ldu", decodeLoad});
  table.push_back({"st", decodeStore});
  table.push_back({"mov", decodeMov});
  table.push_back({"cvta", decodeCvta});
  table.push_back({"isspacep", decodeIsSpace});
  table.push_back({"prefetch", decodeHint});
  table.push_back({"prefetchu", decodeHint});
  table.push_back({"applypriority", decodeHint});
  table.push_back({"discard", decodeHint});
  table.push_back({"createpolicy", decodeCreatePolicy});
}

} // namespace qiao::ptx
