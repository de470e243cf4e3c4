// Warp-level instructions: shfl(.sync) (PTX ISA 9.0, 9.7.9.6), vote(.sync), match.sync,
// activemask, redux.sync and elect.sync (9.7.13). bar.warp.sync is the control family's.
//
// The lanes that execute one of these together are exactly the exec mask: the lanes of the warp
// that run in lockstep at this instruction and whose guard holds. The participants of a .sync
// instruction are those lanes that its membermask names; since the membermask is an operand it
// may differ between lanes, so each lane computes with its own. The exec functions read every
// source row before writing a destination, as a destination may be one of the sources.
#include "InstDecoder.h"
#include "Lanes.h"
#include "Warp.h"
#include "WarpSemantics.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

namespace qiao::ptx {
namespace {

// The lanes a lane computes over: those of exec in its membermask (the whole warp when the
// instruction has none, as the old non-.sync forms).
LaneMask participantsOf(const uint64_t *membermask, LaneMask exec, int lane) {
  return membermask ? exec & static_cast<LaneMask>(membermask[lane]) : exec;
}

const uint64_t *rowOrNull(Warp &w, const Operand &op) {
  return op.kind == Operand::Kind::None || op.kind == Operand::Kind::Sink ? nullptr : w.row(op.reg);
}
uint64_t *destinationOrNull(Warp &w, const Operand &op) {
  return op.kind == Operand::Kind::Reg ? w.row(op.reg) : nullptr;
}

// Fails on a modifier outside `allowed` (types included): an unknown qualifier is an
// instruction this engine would otherwise silently misread.
Status onlyModifiers(InstDecoder &d, std::initializer_list<std::string_view> allowed) {
  for (const std::string &m : d.modifiers())
    if (std::find(allowed.begin(), allowed.end(), m) == allowed.end())
      return d.unsupported("qualifier ." + m + " of " + d.ast().opcode);
  return Status::ok();
}

Status expectOperands(InstDecoder &d, size_t count) {
  if (d.operandCount() != count)
    return d.error("expected " + std::to_string(count) + " operands, found " +
                   std::to_string(d.operandCount()));
  return Status::ok();
}

// The membermask of a .sync form: operand `index` when `sync`, else none.
Status membermask(InstDecoder &d, bool sync, size_t index, Operand &out) {
  out = Operand{};
  return sync ? d.source(index, Type::B32, out) : Status::ok();
}

// --- shfl ---------------------------------------------------------------------------------------

// Operands: 0 d, 1 a, 2 b, 3 c, 4 membermask (unused: the result does not depend on it),
// 5 the predicate destination p (kind None when absent).
template <ShflMode Mode> void execShfl(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t source[kWarpSize];
  std::memcpy(source, w.row(inst.ops[1].reg), sizeof source);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  uint64_t *d = destinationOrNull(w, inst.ops[0]);
  uint64_t *p = destinationOrNull(w, inst.ops[5]);
  forEachLane(exec, [&](int lane) {
    // An inactive source lane's value is undefined by the ISA; its register is what hardware
    // gives in practice.
    ShflSource s =
        shflSource(Mode, lane, static_cast<uint32_t>(b[lane]), static_cast<uint32_t>(c[lane]));
    if (p)
      p[lane] = s.valid ? 1 : 0;
    if (d)
      d[lane] = source[s.lane] & 0xffffffffu;
  });
}

// shfl.sync.mode.b32 d[|p], a, b, c, membermask; and the old shfl.mode.b32 d[|p], a, b, c;
Status decodeShfl(InstDecoder &d, Inst &inst) {
  if (Status s = onlyModifiers(d, {"sync", "up", "down", "bfly", "idx", "b32"}); !s)
    return s;
  if (!d.has("b32"))
    return d.error("shfl needs the type .b32");
  const bool sync = d.has("sync");
  if (d.has("up"))
    inst.exec = execShfl<ShflMode::Up>;
  else if (d.has("down"))
    inst.exec = execShfl<ShflMode::Down>;
  else if (d.has("bfly"))
    inst.exec = execShfl<ShflMode::Bfly>;
  else if (d.has("idx"))
    inst.exec = execShfl<ShflMode::Idx>;
  else
    return d.error("shfl needs a mode: .up, .down, .bfly or .idx");
  if (Status s = expectOperands(d, sync ? 5 : 4); !s)
    return s;
  inst.type = Type::B32;
  inst.numOps = 6;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.partner(0, inst.ops[5]); !s)
    return s;
  for (size_t i = 1; i <= 3; ++i)
    if (Status s = d.source(i, Type::B32, inst.ops[i]); !s)
      return s;
  return membermask(d, sync, 4, inst.ops[4]);
}

// --- vote ---------------------------------------------------------------------------------------

// Operands: 0 d, 1 {!}a, 2 membermask (kind None for the old forms).
template <VoteMode Mode> void execVote(Warp &w, const Inst &inst, LaneMask exec) {
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t negate = inst.ops[1].negated ? 1 : 0;
  LaneMask trueLanes = 0;
  forEachLane(exec, [&](int lane) {
    if ((a[lane] & 1) ^ negate)
      trueLanes |= LaneMask{1} << lane;
  });
  const uint64_t *mask = rowOrNull(w, inst.ops[2]);
  uint64_t *d = w.row(inst.ops[0].reg);
  forEachLane(exec, [&](int lane) {
    d[lane] = voteResult(Mode, participantsOf(mask, exec, lane), trueLanes);
  });
}

// vote.sync.{all,any,uni}.pred d, {!}a, membermask; vote.sync.ballot.b32 d, {!}a, membermask;
// and the old forms without .sync and membermask.
Status decodeVote(InstDecoder &d, Inst &inst) {
  if (Status s = onlyModifiers(d, {"sync", "all", "any", "uni", "ballot", "pred", "b32"}); !s)
    return s;
  const bool sync = d.has("sync");
  const bool ballot = d.has("ballot");
  if (ballot) {
    if (!d.has("b32") || d.has("pred"))
      return d.error("vote.ballot has the type .b32");
    inst.exec = execVote<VoteMode::Ballot>;
    inst.type = Type::B32;
  } else {
    if (!d.has("pred") || d.has("b32"))
      return d.error("vote.all/.any/.uni have the type .pred");
    if (d.has("all"))
      inst.exec = execVote<VoteMode::All>;
    else if (d.has("any"))
      inst.exec = execVote<VoteMode::Any>;
    else if (d.has("uni"))
      inst.exec = execVote<VoteMode::Uni>;
    else
      return d.error("vote needs a mode: .all, .any, .uni or .ballot");
    inst.type = Type::Pred;
  }
  if (Status s = expectOperands(d, sync ? 3 : 2); !s)
    return s;
  inst.numOps = 3;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.predicate(1, inst.ops[1]); !s)
    return s;
  return membermask(d, sync, 2, inst.ops[2]);
}

// --- match.sync ---------------------------------------------------------------------------------

// The values of operand a as the instruction's type compares them.
void readValues(Warp &w, const Inst &inst, uint64_t (&values)[kWarpSize]) {
  std::memcpy(values, w.row(inst.ops[1].reg), sizeof values);
  if (inst.type == Type::B32)
    for (uint64_t &v : values)
      v &= 0xffffffffu;
}

// Operands: 0 d (may be `_`), 1 a, 2 membermask, 3 p (match.all only; kind None when absent).
void execMatchAny(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t values[kWarpSize];
  readValues(w, inst, values);
  const uint64_t *mask = w.row(inst.ops[2].reg);
  uint64_t *d = destinationOrNull(w, inst.ops[0]);
  if (!d)
    return;
  forEachLane(exec, [&](int lane) {
    d[lane] = matchAnyMask(values, participantsOf(mask, exec, lane), lane);
  });
}

void execMatchAll(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t values[kWarpSize];
  readValues(w, inst, values);
  const uint64_t *mask = w.row(inst.ops[2].reg);
  uint64_t *d = destinationOrNull(w, inst.ops[0]);
  uint64_t *p = destinationOrNull(w, inst.ops[3]);
  forEachLane(exec, [&](int lane) {
    LaneMask participants = participantsOf(mask, exec, lane);
    bool equal = matchAllEqual(values, participants);
    if (d)
      d[lane] = equal ? participants : 0;
    if (p)
      p[lane] = equal ? 1 : 0;
  });
}

// match.any.sync.type d, a, membermask; match.all.sync.type d[|p], a, membermask;
Status decodeMatch(InstDecoder &d, Inst &inst) {
  if (Status s = onlyModifiers(d, {"sync", "any", "all", "b32", "b64"}); !s)
    return s;
  if (!d.has("sync"))
    return d.error("match requires .sync");
  const bool all = d.has("all");
  if (all == d.has("any"))
    return d.error("match needs exactly one mode: .any or .all");
  if (d.has("b32") == d.has("b64"))
    return d.error("match needs one type: .b32 or .b64");
  inst.type = d.has("b64") ? Type::B64 : Type::B32;
  inst.exec = all ? execMatchAll : execMatchAny;
  if (Status s = expectOperands(d, 3); !s)
    return s;
  inst.numOps = 4;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.partner(0, inst.ops[3]); !s)
    return s;
  if (!all && inst.ops[3].kind != Operand::Kind::None)
    return d.error("match.any has no predicate destination");
  if (Status s = d.source(1, inst.type, inst.ops[1]); !s)
    return s;
  return d.source(2, Type::B32, inst.ops[2]);
}

// --- redux.sync ---------------------------------------------------------------------------------

// Operands: 0 d, 1 a, 2 membermask. Lanes usually share one membermask: the last result is reused.
template <ReduxOp Op, bool Signed> void execRedux(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t values[kWarpSize];
  std::memcpy(values, w.row(inst.ops[1].reg), sizeof values);
  const uint64_t *mask = w.row(inst.ops[2].reg);
  uint64_t *d = w.row(inst.ops[0].reg);
  LaneMask lastParticipants = 0;
  uint32_t lastResult = 0;
  bool haveLast = false;
  forEachLane(exec, [&](int lane) {
    LaneMask participants = participantsOf(mask, exec, lane);
    if (!haveLast || participants != lastParticipants) {
      lastResult = reduxResult<Op, Signed>(values, participants);
      lastParticipants = participants;
      haveLast = true;
    }
    d[lane] = lastResult;
  });
}

// redux.sync.{add,min,max}.{u32,s32} d, a, membermask; redux.sync.{and,or,xor}.b32 d, a,
// membermask;
Status decodeRedux(InstDecoder &d, Inst &inst) {
  if (Status s =
          onlyModifiers(d, {"sync", "add", "min", "max", "and", "or", "xor", "u32", "s32", "b32"});
      !s)
    return s;
  if (!d.has("sync"))
    return d.error("redux requires .sync");
  std::vector<Type> types = d.types();
  if (types.size() != 1)
    return d.error("expected one type modifier");
  inst.type = types[0];
  const bool arithmetic = d.has("add") || d.has("min") || d.has("max");
  const bool bitwise = d.has("and") || d.has("or") || d.has("xor");
  if (arithmetic + bitwise != 1 ||
      (d.has("add") + d.has("min") + d.has("max") + d.has("and") + d.has("or") + d.has("xor")) != 1)
    return d.error("redux needs one operation");
  if (arithmetic && inst.type == Type::B32)
    return d.error("redux.add/.min/.max take .u32 or .s32");
  if (bitwise && inst.type != Type::B32)
    return d.error("redux.and/.or/.xor take .b32");
  const bool sign = inst.type == Type::S32;
  if (d.has("add"))
    inst.exec = execRedux<ReduxOp::Add, false>;
  else if (d.has("min"))
    inst.exec = sign ? execRedux<ReduxOp::Min, true> : execRedux<ReduxOp::Min, false>;
  else if (d.has("max"))
    inst.exec = sign ? execRedux<ReduxOp::Max, true> : execRedux<ReduxOp::Max, false>;
  else if (d.has("and"))
    inst.exec = execRedux<ReduxOp::And, false>;
  else if (d.has("or"))
    inst.exec = execRedux<ReduxOp::Or, false>;
  else
    inst.exec = execRedux<ReduxOp::Xor, false>;
  if (Status s = expectOperands(d, 3); !s)
    return s;
  inst.numOps = 3;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.source(1, inst.type, inst.ops[1]); !s)
    return s;
  return d.source(2, Type::B32, inst.ops[2]);
}

// --- activemask, elect.sync -------------------------------------------------------------------

void execActivemask(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  forEachLane(exec, [&](int lane) { d[lane] = exec; });
}

// activemask.b32 d;
Status decodeActivemask(InstDecoder &d, Inst &inst) {
  if (Status s = onlyModifiers(d, {"b32"}); !s)
    return s;
  if (!d.has("b32"))
    return d.error("activemask needs the type .b32");
  if (Status s = expectOperands(d, 1); !s)
    return s;
  inst.type = Type::B32;
  inst.exec = execActivemask;
  inst.numOps = 1;
  return d.reg(0, inst.ops[0]);
}

// Operands: 0 d (may be `_`), 1 membermask, 2 p.
void execElect(Warp &w, const Inst &inst, LaneMask exec) {
  const uint64_t *mask = w.row(inst.ops[1].reg);
  uint64_t *d = destinationOrNull(w, inst.ops[0]);
  uint64_t *p = destinationOrNull(w, inst.ops[2]);
  LaneMask leaders = 0; // the leader of each lane, gathered before any destination is written
  int leaderOf[kWarpSize];
  forEachLane(exec, [&](int lane) {
    leaderOf[lane] = electLeader(participantsOf(mask, exec, lane));
    leaders |= leaderOf[lane] == lane ? LaneMask{1} << lane : 0;
  });
  forEachLane(exec, [&](int lane) {
    if (d)
      d[lane] = static_cast<uint32_t>(leaderOf[lane]);
    if (p)
      p[lane] = (leaders >> lane) & 1;
  });
}

// elect.sync d|p, membermask;
Status decodeElect(InstDecoder &d, Inst &inst) {
  if (Status s = onlyModifiers(d, {"sync"}); !s)
    return s;
  if (!d.has("sync"))
    return d.error("elect requires .sync");
  if (Status s = expectOperands(d, 2); !s)
    return s;
  inst.type = Type::B32;
  inst.exec = execElect;
  inst.numOps = 3;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = d.partner(0, inst.ops[2]); !s)
    return s;
  if (inst.ops[2].kind == Operand::Kind::None)
    return d.error("elect.sync needs the predicate destination d|p");
  return d.source(1, Type::B32, inst.ops[1]);
}

} // namespace

void addWarpOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"shfl", decodeShfl});
  table.push_back({"vote", decodeVote});
  table.push_back({"match", decodeMatch});
  table.push_back({"redux", decodeRedux});
  table.push_back({"activemask", decodeActivemask});
  table.push_back({"elect", decodeElect});
}

} // namespace qiao::ptx
