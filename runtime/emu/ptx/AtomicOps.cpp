// Atomics and fences: atom, red (PTX ISA 9.0, 9.7.13.5-6), membar and fence (9.7.13.4).
//
// Blocks of a grid run on several host threads, so every atomic is a host atomic on the address
// Warp::access returns: std::atomic_ref with a native fetch-op where the host has one, else a
// compare-and-swap loop around the scalar rule of AtomicSemantics.h. Shared memory is only ever
// touched by its block's one host thread, but a generic address may point either way, and the
// uniform treatment costs little. Every access is sequentially consistent, which is at least as
// strong as any .sem/.scope the instruction names. Lanes update memory in lane order, one after
// the other, as some serialisation of the hardware's would.
#include "AtomicSemantics.h"
#include "InstDecoder.h"
#include "LaneAddress.h"
#include "Lanes.h"
#include "Warp.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <string>
#include <type_traits>
#include <vector>

namespace qiao::ptx {
namespace {

static_assert(std::endian::native == std::endian::little,
              "16-bit atomics locate their half of the containing 32-bit word by address");

constexpr std::memory_order kOrder = std::memory_order_seq_cst;

// Replaces *p by next(*p) atomically; returns the value replaced.
template <class Bits, class F> Bits updateWithCas(Bits *p, F &&next) {
  std::atomic_ref<Bits> ref(*p);
  Bits old = ref.load(std::memory_order_relaxed);
  while (!ref.compare_exchange_weak(old, next(old), kOrder, std::memory_order_relaxed)) {
  }
  return old;
}

// The same for a 16-bit location: the host has no 16-bit compare-and-swap that every other
// 16-bit atomic here would respect, so all of them go through the containing aligned 32-bit word.
template <class F> uint16_t updateHalfWithCas(uint16_t *p, F &&next) {
  auto address = reinterpret_cast<uintptr_t>(p);
  auto *word = reinterpret_cast<uint32_t *>(address & ~uintptr_t{3});
  const unsigned shift = static_cast<unsigned>(address & 2) * 8;
  const uint32_t keep = ~(uint32_t{0xffff} << shift);
  uint32_t old = updateWithCas(word, [&](uint32_t w) {
    uint16_t half = static_cast<uint16_t>(w >> shift);
    return (w & keep) | (uint32_t{next(half)} << shift);
  });
  return static_cast<uint16_t>(old >> shift);
}

// --- the updates: one per operation and memory type -------------------------------------------
// Each has Bits (the memory operand), kSpaceDependent (whether the result depends on the space
// the location is in) and run(p, b, c, flush) -> the old bits.

template <AtomicOp Op, class T> struct IntegerUpdate {
  using Bits = std::make_unsigned_t<T>;
  static constexpr bool kSpaceDependent = false;
  static Bits run(Bits *p, Bits b, Bits, bool) {
    std::atomic_ref<Bits> ref(*p);
    if constexpr (Op == AtomicOp::Add)
      return ref.fetch_add(b, kOrder);
    else if constexpr (Op == AtomicOp::And)
      return ref.fetch_and(b, kOrder);
    else if constexpr (Op == AtomicOp::Or)
      return ref.fetch_or(b, kOrder);
    else if constexpr (Op == AtomicOp::Xor)
      return ref.fetch_xor(b, kOrder);
    else if constexpr (Op == AtomicOp::Exch)
      return ref.exchange(b, kOrder);
    else
      return updateWithCas(p, [b](Bits old) {
        return static_cast<Bits>(
            atomicIntegerResult<Op, T>(static_cast<T>(old), static_cast<T>(b)));
      });
  }
};

template <class B> struct CasUpdate {
  using Bits = B;
  static constexpr bool kSpaceDependent = false;
  static Bits run(Bits *p, Bits compare, Bits swap, bool) {
    if constexpr (sizeof(Bits) == 2) {
      return updateHalfWithCas(p,
                               [&](uint16_t old) { return atomicCasResult(old, compare, swap); });
    } else {
      std::atomic_ref<Bits> ref(*p);
      Bits expected = compare;
      ref.compare_exchange_strong(expected, swap, kOrder, kOrder);
      return expected; // the value found, whether or not it matched
    }
  }
};

struct AddF32Update {
  using Bits = uint32_t;
  static constexpr bool kSpaceDependent = true;
  static Bits run(Bits *p, Bits b, Bits, bool flush) {
    return updateWithCas(p, [&](uint32_t old) { return atomicAddF32Bits(old, b, flush); });
  }
};

struct AddF64Update {
  using Bits = uint64_t;
  static constexpr bool kSpaceDependent = false;
  static Bits run(Bits *p, Bits b, Bits, bool) {
    return updateWithCas(p, [&](uint64_t old) { return atomicAddF64Bits(old, b); });
  }
};

template <bool Bf16> struct AddHalfUpdate {
  using Bits = uint16_t;
  static constexpr bool kSpaceDependent = false;
  static Bits run(Bits *p, Bits b, Bits, bool) {
    return updateHalfWithCas(p, [&](uint16_t old) {
      return atomicAddHalfBits(old, b, Bf16 ? kFormatBF16 : kFormatF16);
    });
  }
};

template <bool Bf16> struct AddHalf2Update {
  using Bits = uint32_t;
  static constexpr bool kSpaceDependent = false;
  static Bits run(Bits *p, Bits b, Bits, bool) {
    return updateWithCas(p, [&](uint32_t old) {
      return atomicAddHalf2Bits(old, b, Bf16 ? kFormatBF16 : kFormatF16);
    });
  }
};

// inst.aux2 for atom.add.f32 without .noftz: subnormals flush when the location is global.
constexpr uint32_t kFlushOnGlobal = 1;

bool flushesAt(Warp &w, const Inst &inst, uint64_t address, int lane) {
  if (inst.aux2 != kFlushOnGlobal)
    return false;
  if (inst.space == Space::Generic)
    return !w.isInSpace(Space::Shared, address, lane);
  return inst.space == Space::Global;
}

// Operands: 0 the destination (Sink for red and `_`), 1 the address, 2 b, 3 c (cas).
template <class Update> void execAtomic(Warp &w, const Inst &inst, LaneMask exec) {
  using Bits = typename Update::Bits;
  const Operand &dst = inst.ops[0];
  uint64_t *d = dst.kind == Operand::Kind::Reg ? w.row(dst.reg) : nullptr;
  LaneAddress address(w, inst.ops[1]);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = inst.numOps > 3 ? w.row(inst.ops[3].reg) : nullptr;
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint64_t at = address(lane);
    auto *p = static_cast<Bits *>(w.access(inst.space, at, sizeof(Bits), sizeof(Bits), lane, inst));
    if (!p)
      return;
    bool flush = Update::kSpaceDependent && flushesAt(w, inst, at, lane);
    Bits old =
        Update::run(p, static_cast<Bits>(b[lane]), c ? static_cast<Bits>(c[lane]) : Bits{0}, flush);
    if (d)
      d[lane] = old;
  }
}

// --- decoding ---------------------------------------------------------------------------------

struct OpName {
  std::string_view name;
  AtomicOp op;
};
constexpr OpName kOpNames[] = {
    {"add", AtomicOp::Add}, {"min", AtomicOp::Min}, {"max", AtomicOp::Max},
    {"inc", AtomicOp::Inc}, {"dec", AtomicOp::Dec}, {"and", AtomicOp::And},
    {"or", AtomicOp::Or},   {"xor", AtomicOp::Xor}, {"exch", AtomicOp::Exch},
    {"cas", AtomicOp::Cas},
};

// Qualifiers that change nothing here: the memory order (every access is sequentially
// consistent), the scope (one device, one host memory) and the cache hint.
bool isOrderingQualifier(std::string_view m) {
  return m == "relaxed" || m == "acquire" || m == "release" || m == "acq_rel" || m == "cta" ||
         m == "cluster" || m == "gpu" || m == "sys" || m == "L2::cache_hint";
}

// The exec function of an operation on a type, per the ISA's table of valid combinations
// ("Atom Scalar Type Operations"); nullptr when the combination is not valid.
ExecFn atomicExecFor(AtomicOp op, Type t) {
  switch (op) {
  case AtomicOp::Add:
    switch (t) {
    case Type::U32:
    case Type::S32:
      return execAtomic<IntegerUpdate<AtomicOp::Add, uint32_t>>;
    case Type::U64:
      return execAtomic<IntegerUpdate<AtomicOp::Add, uint64_t>>;
    case Type::F32:
      return execAtomic<AddF32Update>;
    case Type::F64:
      return execAtomic<AddF64Update>;
    case Type::F16:
      return execAtomic<AddHalfUpdate<false>>;
    case Type::BF16:
      return execAtomic<AddHalfUpdate<true>>;
    case Type::F16x2:
      return execAtomic<AddHalf2Update<false>>;
    case Type::BF16x2:
      return execAtomic<AddHalf2Update<true>>;
    default:
      return nullptr;
    }
  case AtomicOp::Min:
  case AtomicOp::Max: {
    const bool min = op == AtomicOp::Min;
    switch (t) {
    case Type::U32:
      return min ? execAtomic<IntegerUpdate<AtomicOp::Min, uint32_t>>
                 : execAtomic<IntegerUpdate<AtomicOp::Max, uint32_t>>;
    case Type::S32:
      return min ? execAtomic<IntegerUpdate<AtomicOp::Min, int32_t>>
                 : execAtomic<IntegerUpdate<AtomicOp::Max, int32_t>>;
    case Type::U64:
      return min ? execAtomic<IntegerUpdate<AtomicOp::Min, uint64_t>>
                 : execAtomic<IntegerUpdate<AtomicOp::Max, uint64_t>>;
    case Type::S64:
      return min ? execAtomic<IntegerUpdate<AtomicOp::Min, int64_t>>
                 : execAtomic<IntegerUpdate<AtomicOp::Max, int64_t>>;
    default:
      return nullptr;
    }
  }
  case AtomicOp::Inc:
    return t == Type::U32 ? execAtomic<IntegerUpdate<AtomicOp::Inc, uint32_t>> : nullptr;
  case AtomicOp::Dec:
    return t == Type::U32 ? execAtomic<IntegerUpdate<AtomicOp::Dec, uint32_t>> : nullptr;
  case AtomicOp::And:
  case AtomicOp::Or:
  case AtomicOp::Xor:
  case AtomicOp::Exch: {
    if (t != Type::B32 && t != Type::B64)
      return nullptr;
    const bool wide = t == Type::B64;
    switch (op) {
    case AtomicOp::And:
      return wide ? execAtomic<IntegerUpdate<AtomicOp::And, uint64_t>>
                  : execAtomic<IntegerUpdate<AtomicOp::And, uint32_t>>;
    case AtomicOp::Or:
      return wide ? execAtomic<IntegerUpdate<AtomicOp::Or, uint64_t>>
                  : execAtomic<IntegerUpdate<AtomicOp::Or, uint32_t>>;
    case AtomicOp::Xor:
      return wide ? execAtomic<IntegerUpdate<AtomicOp::Xor, uint64_t>>
                  : execAtomic<IntegerUpdate<AtomicOp::Xor, uint32_t>>;
    default:
      return wide ? execAtomic<IntegerUpdate<AtomicOp::Exch, uint64_t>>
                  : execAtomic<IntegerUpdate<AtomicOp::Exch, uint32_t>>;
    }
  }
  case AtomicOp::Cas:
    switch (t) {
    case Type::B16:
      return execAtomic<CasUpdate<uint16_t>>;
    case Type::B32:
      return execAtomic<CasUpdate<uint32_t>>;
    case Type::B64:
      return execAtomic<CasUpdate<uint64_t>>;
    default:
      return nullptr;
    }
  }
  return nullptr;
}

bool isHalfType(Type t) {
  return t == Type::F16 || t == Type::BF16 || t == Type::F16x2 || t == Type::BF16x2;
}

// atom{.sem}{.scope}{.space}.op{.noftz}{.L2::cache_hint}.type d, [a], b{, c}{, cache_policy};
// red has the same form without d.
Status decodeAtomicForm(InstDecoder &d, Inst &inst, bool hasResult) {
  const std::string_view opcode = hasResult ? "atom" : "red";
  bool haveOp = false, noftz = false, cacheHint = false;
  AtomicOp op = AtomicOp::Add;
  std::vector<Type> types;
  for (const std::string &m : d.modifiers()) {
    if (Type t = parseType(m); t != Type::None) {
      types.push_back(t);
      continue;
    }
    auto named = std::find_if(std::begin(kOpNames), std::end(kOpNames),
                              [&](const OpName &o) { return o.name == m; });
    if (named != std::end(kOpNames)) {
      if (haveOp)
        return d.error("more than one operation");
      haveOp = true;
      op = named->op;
    } else if (m == "noftz") {
      noftz = true;
    } else if (m == "global" || m == "shared" || m == "shared::cta" || m == "shared::cluster") {
      // the space, read by d.space()
    } else if (isOrderingQualifier(m)) {
      cacheHint = cacheHint || m == "L2::cache_hint";
    } else if (m == "v2" || m == "v4" || m == "v8") {
      return d.unsupported(std::string(opcode) + " with a vector type");
    } else {
      return d.unsupported("qualifier ." + m + " of " + std::string(opcode));
    }
  }
  if (!haveOp)
    return d.error("missing the operation (.add, .min, .cas...)");
  if (types.size() != 1)
    return d.error("expected one type modifier");
  inst.type = types[0];
  if (!hasResult && op == AtomicOp::Cas)
    return d.error("red has no .cas");
  if (!hasResult && op == AtomicOp::Exch)
    return d.error("red has no .exch");
  inst.exec = atomicExecFor(op, inst.type);
  if (!inst.exec)
    return d.error("." + std::string(typeName(inst.type)) + " is not a valid type for " +
                   std::string(opcode) + "." + std::string(kOpNames[static_cast<int>(op)].name));
  if (noftz && !(op == AtomicOp::Add && (inst.type == Type::F32 || isHalfType(inst.type))))
    return d.error(".noftz applies to .add of .f32, .f16, .f16x2, .bf16 and .bf16x2 only");
  if (isHalfType(inst.type) && !noftz)
    return d.error("add of ." + std::string(typeName(inst.type)) + " requires .noftz");
  inst.aux = static_cast<uint32_t>(op);
  inst.aux2 = inst.type == Type::F32 && !noftz ? kFlushOnGlobal : 0;

  const size_t first = hasResult ? 1 : 0; // the address operand
  const size_t sources = op == AtomicOp::Cas ? 2 : 1;
  const size_t expected = first + 1 + sources + (cacheHint ? 1 : 0);
  if (d.operandCount() != expected)
    return d.error("expected " + std::to_string(expected) + " operands, found " +
                   std::to_string(d.operandCount()));
  inst.numOps = static_cast<uint8_t>(2 + sources);
  if (hasResult) {
    if (Status s = d.reg(0, inst.ops[0]); !s)
      return s;
  } else {
    inst.ops[0] = Operand{};
    inst.ops[0].kind = Operand::Kind::Sink;
  }
  inst.space = d.space();
  if (Status s = d.address(first, inst.space, inst.ops[1]); !s)
    return s;
  if (inst.space != Space::Global && inst.space != Space::Shared && inst.space != Space::Generic)
    return d.error(std::string(opcode) + " applies to .global and .shared memory only");
  for (size_t i = 0; i < sources; ++i)
    if (Status s = d.source(first + 1 + i, inst.type, inst.ops[2 + i]); !s)
      return s;
  return Status::ok();
}

Status decodeAtom(InstDecoder &d, Inst &inst) { return decodeAtomicForm(d, inst, true); }
Status decodeRed(InstDecoder &d, Inst &inst) { return decodeAtomicForm(d, inst, false); }

// --- fences -----------------------------------------------------------------------------------

// Every fence is a full host fence: stronger than any the ISA's memory model asks for.
void execFence(Warp &, const Inst &, LaneMask) {
  std::atomic_thread_fence(std::memory_order_seq_cst);
}

// membar.{cta,gl,sys}; membar.proxy.alias.
Status decodeMembar(InstDecoder &d, Inst &inst) {
  if (d.operandCount() != 0)
    return d.error("membar takes no operands");
  if (!d.has("cta") && !d.has("gl") && !d.has("sys") && !d.has("proxy"))
    return d.error("membar needs a level: .cta, .gl or .sys");
  inst.exec = execFence;
  return Status::ok();
}

// fence{.sem}.scope, fence.proxy.*, fence.mbarrier_init...: the forms with an address operand
// (fence.proxy.tensormap::generic.acquire) order accesses to that address, which a full fence does.
Status decodeFence(InstDecoder &d, Inst &inst) {
  if (d.modifiers().empty())
    return d.error("fence needs a qualifier (.sc, .acq_rel, .proxy...)");
  inst.exec = execFence;
  return Status::ok();
}

} // namespace

void addAtomicOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"atom", decodeAtom});
  table.push_back({"red", decodeRed});
  table.push_back({"membar", decodeMembar});
  table.push_back({"fence", decodeFence});
}

} // namespace qiao::ptx
