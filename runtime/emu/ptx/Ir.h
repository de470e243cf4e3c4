// The executable IR of the PTX engine. The decoder turns each PTX instruction into one Inst whose
// exec function runs the 32 lanes of a warp over lane-contiguous register rows; control flow
// (branches, calls, barriers, exit) is handled by the warp scheduler itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::ptx {

constexpr int kWarpSize = 32;
using LaneMask = uint32_t;
constexpr LaneMask kFullMask = 0xffffffffu;
constexpr uint32_t kNoReg = 0xffffffffu;

enum class Type : uint8_t {
  None,
  Pred,
  B8,
  B16,
  B32,
  B64,
  B128,
  U8,
  U16,
  U32,
  U64,
  S8,
  S16,
  S32,
  S64,
  F16,
  F16x2,
  BF16,
  BF16x2,
  F32,
  F64,
};

// Size in bytes of a value of the type (Pred: 1; None: 0). Inline: the kernel compiler, a library
// of its own, uses these facts too.
constexpr uint32_t typeBytes(Type t) {
  switch (t) {
  case Type::None:
    return 0;
  case Type::Pred:
  case Type::B8:
  case Type::U8:
  case Type::S8:
    return 1;
  case Type::B16:
  case Type::U16:
  case Type::S16:
  case Type::F16:
  case Type::BF16:
    return 2;
  case Type::B32:
  case Type::U32:
  case Type::S32:
  case Type::F32:
  case Type::F16x2:
  case Type::BF16x2:
    return 4;
  case Type::B64:
  case Type::U64:
  case Type::S64:
  case Type::F64:
    return 8;
  case Type::B128:
    return 16;
  }
  return 0;
}

constexpr bool isFloatType(Type t) {
  return t == Type::F16 || t == Type::F16x2 || t == Type::BF16 || t == Type::BF16x2 ||
         t == Type::F32 || t == Type::F64;
}

constexpr bool isSignedType(Type t) {
  return t == Type::S8 || t == Type::S16 || t == Type::S32 || t == Type::S64;
}
// "u32" -> Type::U32; Type::None when the text names no type.
Type parseType(std::string_view text);
std::string_view typeName(Type t);

// Address spaces as the IR sees them. Param space is split by who owns the bytes: a kernel's
// parameters are one buffer for the whole grid, a .func's parameters and the call-site .param
// variables are per lane in the call frame.
enum class Space : uint8_t { Generic, Global, Shared, Local, Const, KernelParam, FrameParam };

enum class SpecialReg : uint8_t {
  TidX,
  TidY,
  TidZ,
  NtidX,
  NtidY,
  NtidZ,
  CtaidX,
  CtaidY,
  CtaidZ,
  NctaidX,
  NctaidY,
  NctaidZ,
  LaneId,
  WarpId,
  NWarpId,
  SmId,
  NSmId,
  GridId,
  LanemaskEq,
  LanemaskLt,
  LanemaskLe,
  LanemaskGt,
  LanemaskGe,
  Clock,
  ClockHi,
  Clock64,
  GlobalTimer,
  GlobalTimerLo,
  GlobalTimerHi,
  DynamicSmemSize,
  TotalSmemSize,
  AggrSmemSize,
  // The block's reserved shared memory (BlockRunner.h): its window offsets and capacity.
  ReservedSmemBegin,
  ReservedSmemEnd,
  ReservedSmemCap,
  ReservedSmemOffset0,
  ReservedSmemOffset1,
  // Thread block clusters (ISA 10.7-10.13): %cluster_ctarank, %cluster_nctarank,
  // %is_explicit_cluster (the kernel's .explicitcluster or a cluster shape given at launch), and
  // per axis %cluster_ctaid, %cluster_nctaid, %clusterid and %nclusterid. A launch without
  // clusters runs every block as a cluster of one.
  CtaRankInCluster,
  ClusterCtaCount,
  IsExplicitCluster,
  ClusterCtaidX,
  ClusterCtaidY,
  ClusterCtaidZ,
  ClusterNctaidX,
  ClusterNctaidY,
  ClusterNctaidZ,
  ClusterIdX,
  ClusterIdY,
  ClusterIdZ,
  NClusterIdX,
  NClusterIdY,
  NClusterIdZ,
  // %envreg0..%envreg31: EnvReg0 + n. Zero except in cooperative grids (see GridContext).
  EnvReg0,
};
inline constexpr unsigned kEnvRegCount = 32;

// Rounding and comparison modifiers, decoded once.
enum class Rounding : uint8_t { None, Rn, Rz, Rm, Rp, Rni, Rzi, Rmi, Rpi, Rna, Rs };
enum class CmpOp : uint8_t {
  None,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  Lo,
  Ls,
  Hi,
  Hs, // integer and ordered float
  Equ,
  Neu,
  Ltu,
  Leu,
  Gtu,
  Geu,
  Num,
  Nan, // unordered float
};
enum class BoolOp : uint8_t { None, And, Or, Xor };

// An operand after decoding. Registers are slots of the current call frame; an immediate is a
// register slot too (the frame's constant rows, filled when the frame is created), so exec
// functions read every source operand the same way, while imm still holds the value for those
// that want it as a scalar (shift counts, shuffle lanes...).
struct Operand {
  enum class Kind : uint8_t { None, Reg, Imm, Special, Vector, Address, Sink } kind = Kind::None;
  bool negated = false; // predicate source written !%p
  // Address of a .local variable of the function (its depot): relative to the frame, which the
  // interpreter adds at run time, since recursion gives every frame its own depot.
  bool frameRelative = false;
  uint8_t count = 0; // Vector: number of elements (2 or 4, or 8 for some mma forms)
  SpecialReg special = SpecialReg::TidX;
  uint32_t reg = kNoReg; // Reg/Imm: slot; Address: base register slot or kNoReg
  int64_t offset = 0;    // Address: displacement, symbol already resolved into it
  uint64_t imm = 0;      // Imm: the bits in the instruction type's representation
  uint32_t elems[4] = {kNoReg, kNoReg, kNoReg, kNoReg}; // Vector: slots (kNoReg for `_`)
};

struct Inst;
class Warp;
// Runs one instruction for the lanes in exec (the active lanes whose guard holds).
using ExecFn = void (*)(Warp &warp, const Inst &inst, LaneMask exec);

// The instruction's opcode, decoded once (Opcodes.def lists them).
enum class Opcode : uint8_t {
  Unknown,
#define QIAO_PTX_OPCODE(spelling, name) name,
#include "Opcodes.def"
#undef QIAO_PTX_OPCODE
};
Opcode opcodeFromName(std::string_view spelling);

// Modifiers recorded as bits of Inst::mods (Modifiers.def).
enum class Mod : uint32_t {
#define QIAO_PTX_MODIFIER(spelling, name) name,
#include "Modifiers.def"
#undef QIAO_PTX_MODIFIER
};
uint32_t modifierBits(const std::vector<std::string> &modifiers);

// Instructions the scheduler handles itself rather than through exec.
// WarpSync: bar.warp.sync, where the lanes of its membermask meet.
enum class Control : uint8_t { None, Branch, Call, Ret, Exit, Barrier, BarrierArrive, WarpSync };

struct Inst {
  ExecFn exec = nullptr;
  Control control = Control::None;
  Opcode op = Opcode::Unknown;
  uint32_t mods = 0; // bit (1 << Mod::X) for each modifier X of Modifiers.def that is present
  bool has(Mod m) const { return (mods >> static_cast<uint32_t>(m)) & 1; }
  Type type = Type::None;  // the instruction's (destination) type
  Type type2 = Type::None; // second type: cvt's source, setp's comparison type...
  Rounding rounding = Rounding::None;
  CmpOp cmp = CmpOp::None;
  BoolOp boolOp = BoolOp::None;
  Space space = Space::Generic;
  uint8_t vec = 1; // .v2/.v4 on ld/st
  uint8_t numOps = 0;
  bool sat = false, ftz = false, approx = false;
  bool guardNegated = false;
  uint32_t guard = kNoReg; // predicate slot of @%p / @!%p, kNoReg when unguarded
  // Branch: target instruction index. Call: callee function index. Barrier: barrier id slot or
  // immediate (see barrierIdIsImm).
  uint32_t target = 0;
  uint32_t aux = 0;    // family-specific: the atom op, the shfl mode, the vote mode, bfe flavour...
  uint32_t aux2 = 0;   // family-specific second field
  uint32_t source = 0; // index into Program::sources, for fault reports
  Operand ops[6];
};

// Where an instruction came from, for diagnostics and fault reports.
struct SourceInfo {
  uint32_t line = 0;
  std::string text;
};

} // namespace qiao::ptx
