// mbarrier: the split arrive/wait barrier object in shared memory (PTX ISA 9.0, 9.7.13.15):
// init, inval, arrive and arrive_drop (with a count, .noComplete, .expect_tx), expect_tx,
// complete_tx, test_wait and try_wait (with a state token or a phase parity), pending_count.
// The object's encoding and its phase rules are MbarrierState.h's.
//
// All warps of a block run on one host thread, so an update is a plain read-modify-write of the
// word; lanes update it in lane order. try_wait is test_wait with a time limit of zero, which the
// ISA allows: the waiting loops nvcc writes around it go on spinning, and the block's scheduler
// gives the other warps their turns (a warp spinning on a barrier that a later warp arrives on
// still finishes).
//
// The blocks of a thread block cluster run on one host thread too, so an mbarrier in a peer
// block's shared memory (a .shared::cluster address from mapa) is updated the same way; .cluster
// scope needs nothing more than .cta scope.
#include "FunctionBuilder.h"
#include "InstDecoder.h"
#include "LaneAddress.h"
#include "Lanes.h"
#include "MbarrierState.h"
#include "Warp.h"
#include "support/ErrorCodes.h"

#include <string>

namespace qiao::ptx {
namespace {

enum class MbarrierOp : uint32_t {
  Init,
  Inval,
  Arrive,      // also arrive_drop (kDrop) and arrive.expect_tx (kExpectTx)
  ExpectTx,    // mbarrier.expect_tx
  CompleteTx,  // mbarrier.complete_tx
  TestWait,    // also try_wait; kParity when the operand is a phase parity
  PendingCount // mbarrier.pending_count
};
// Flags in Inst::aux2.
constexpr uint32_t kDrop = 1, kExpectTx = 2, kParity = 4;

// The word of the mbarrier object a lane names; nullptr after a fault.
uint64_t *objectOf(Warp &w, const Inst &inst, const LaneAddress &address, int lane) {
  uint64_t addr = address(lane);
  if (inst.space == Space::Generic && !w.isInSpace(Space::Shared, addr, lane)) {
    w.fault(errc::qiaoErrorIllegalAddress, inst, lane, addr,
            "the mbarrier object is not in shared memory");
    return nullptr;
  }
  return static_cast<uint64_t *>(w.access(inst.space, addr, 8, 8, lane, inst));
}

// Turns an update's outcome into a fault; false when it faulted.
bool checked(Warp &w, const Inst &inst, int lane, uint64_t addr, mbarrier::Outcome outcome) {
  switch (outcome) {
  case mbarrier::Outcome::Ok:
    return true;
  case mbarrier::Outcome::CountOutOfRange:
    w.fault(errc::qiaoErrorIllegalInstruction, inst, lane, addr,
            "mbarrier count outside [1, 2^20 - 1]");
    return false;
  case mbarrier::Outcome::TooManyArrivals:
    w.fault(errc::qiaoErrorIllegalInstruction, inst, lane, addr,
            "mbarrier arrival count exceeds the arrivals pending in the current phase");
    return false;
  case mbarrier::Outcome::TxOutOfRange:
    w.fault(errc::qiaoErrorIllegalInstruction, inst, lane, addr,
            "mbarrier tx-count leaves [-(2^20 - 1), 2^20 - 1]");
    return false;
  }
  return false;
}

// Operands: 0 the address, 1 the count.
void execInit(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress address(w, inst.ops[0]);
  const uint64_t *count = w.row(inst.ops[1].reg);
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint64_t *word = objectOf(w, inst, address, lane);
    if (!word || !checked(w, inst, lane, address(lane),
                          mbarrier::init(*word, static_cast<uint32_t>(count[lane]))))
      return;
  }
}

// The object's memory becomes ordinary shared memory again; nothing else keeps state about it.
void execInval(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress address(w, inst.ops[0]);
  for (LaneMask m = exec; m; m &= m - 1)
    if (!objectOf(w, inst, address, std::countr_zero(m)))
      return;
}

// Operands: 0 the state token (or a sink), 1 the address, 2 the count, 3 the tx bytes of
// arrive.expect_tx (the expect-tx happens before the arrival).
void execArrive(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress address(w, inst.ops[1]);
  const uint64_t *count = w.row(inst.ops[2].reg);
  const uint64_t *tx = (inst.aux2 & kExpectTx) ? w.row(inst.ops[3].reg) : nullptr;
  uint64_t *state = inst.ops[0].kind == Operand::Kind::Reg ? w.row(inst.ops[0].reg) : nullptr;
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint64_t *word = objectOf(w, inst, address, lane);
    if (!word)
      return;
    if (tx && !checked(w, inst, lane, address(lane),
                       mbarrier::addTx(*word, static_cast<uint32_t>(tx[lane]))))
      return;
    uint64_t token = 0;
    if (!checked(w, inst, lane, address(lane),
                 mbarrier::arrive(*word, static_cast<uint32_t>(count[lane]),
                                  (inst.aux2 & kDrop) != 0, token)))
      return;
    if (state)
      state[lane] = token;
  }
}

// expect_tx and complete_tx. Operands: 0 the address, 1 the bytes.
template <bool Complete> void execTx(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress address(w, inst.ops[0]);
  const uint64_t *bytes = w.row(inst.ops[1].reg);
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint64_t *word = objectOf(w, inst, address, lane);
    int64_t delta = static_cast<uint32_t>(bytes[lane]);
    if (!word ||
        !checked(w, inst, lane, address(lane), mbarrier::addTx(*word, Complete ? -delta : delta)))
      return;
  }
}

// test_wait and try_wait. Operands: 0 the predicate, 1 the address, 2 the token or parity.
void execTestWait(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress address(w, inst.ops[1]);
  const uint64_t *phase = w.row(inst.ops[2].reg);
  uint64_t *done = w.row(inst.ops[0].reg);
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    const uint64_t *word = objectOf(w, inst, address, lane);
    if (!word)
      return;
    done[lane] = (inst.aux2 & kParity)
                     ? mbarrier::parityPhaseComplete(*word, static_cast<uint32_t>(phase[lane]))
                     : mbarrier::tokenPhaseComplete(*word, phase[lane]);
  }
}

void execPendingCount(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *count = w.row(inst.ops[0].reg);
  const uint64_t *token = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int lane) { count[lane] = mbarrier::pendingCount(token[lane]); });
}

// The object's address and its space: .shared, .shared::cta and .shared::cluster are the shared
// window, no space a generic address.
Status objectAddress(InstDecoder &d, Inst &inst, size_t index, Operand &out) {
  inst.space = d.space();
  if (inst.space != Space::Shared && inst.space != Space::Generic)
    return d.error("an mbarrier object lives in shared memory");
  if (Status s = d.address(index, inst.space, out); !s)
    return s;
  if (inst.space != Space::Shared && inst.space != Space::Generic)
    return d.error("an mbarrier object lives in shared memory");
  return Status::ok();
}

Status expectOperands(InstDecoder &d, size_t low, size_t high) {
  if (d.operandCount() < low || d.operandCount() > high)
    return d.error("expected " + std::to_string(low) +
                   (low == high ? "" : " to " + std::to_string(high)) + " operands, found " +
                   std::to_string(d.operandCount()));
  return Status::ok();
}

// A constant operand slot holding `value`.
Operand constant(InstDecoder &d, uint64_t value) {
  Operand op;
  op.kind = Operand::Kind::Imm;
  op.imm = value;
  op.reg = d.function().constantSlot(value);
  return op;
}

Status decodeArrive(InstDecoder &d, Inst &inst) {
  bool expectTx = d.has("expect_tx");
  inst.aux = static_cast<uint32_t>(MbarrierOp::Arrive);
  inst.aux2 = (d.has("arrive_drop") ? kDrop : 0) | (expectTx ? kExpectTx : 0);
  // state, [addr]{, count} or, with .expect_tx, state, [addr], txCount.
  if (Status s = expectOperands(d, expectTx ? 3 : 2, 3); !s)
    return s;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = objectAddress(d, inst, 1, inst.ops[1]); !s)
    return s;
  inst.ops[2] = constant(d, 1);
  if (expectTx) {
    if (Status s = d.source(2, Type::U32, inst.ops[3]); !s)
      return s;
  } else if (d.operandCount() == 3) {
    if (Status s = d.source(2, Type::U32, inst.ops[2]); !s)
      return s;
  }
  inst.numOps = 4;
  inst.exec = execArrive;
  return Status::ok();
}

Status decodeWait(InstDecoder &d, Inst &inst) {
  bool parity = d.has("parity");
  inst.aux = static_cast<uint32_t>(MbarrierOp::TestWait);
  inst.aux2 = parity ? kParity : 0;
  // waitComplete, [addr], state|phaseParity{, suspendTimeHint} (try_wait only).
  if (Status s = expectOperands(d, 3, d.has("try_wait") ? 4 : 3); !s)
    return s;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (inst.ops[0].kind != Operand::Kind::Reg ||
      d.function().registerType(inst.ops[0].reg) != Type::Pred)
    return d.error("the first operand of mbarrier test_wait/try_wait is a predicate");
  if (Status s = objectAddress(d, inst, 1, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, parity ? Type::U32 : Type::B64, inst.ops[2]); !s)
    return s;
  inst.numOps = 3; // the suspend-time hint does not change what the instruction returns
  inst.exec = execTestWait;
  return Status::ok();
}

Status decodeMbarrier(InstDecoder &d, Inst &inst) {
  if (d.modifiers().empty())
    return d.error("mbarrier needs an operation (.init, .arrive, .try_wait...)");
  const std::string &op = d.modifiers().front();
  if (op == "arrive" || op == "arrive_drop")
    return decodeArrive(d, inst);
  if (op == "test_wait" || op == "try_wait")
    return decodeWait(d, inst);
  if (op == "init" || op == "expect_tx" || op == "complete_tx") {
    // [addr], count|txCount
    if (Status s = expectOperands(d, 2, 2); !s)
      return s;
    if (Status s = objectAddress(d, inst, 0, inst.ops[0]); !s)
      return s;
    if (Status s = d.source(1, Type::U32, inst.ops[1]); !s)
      return s;
    inst.numOps = 2;
    if (op == "init") {
      inst.aux = static_cast<uint32_t>(MbarrierOp::Init);
      inst.exec = execInit;
    } else if (op == "expect_tx") {
      inst.aux = static_cast<uint32_t>(MbarrierOp::ExpectTx);
      inst.exec = execTx<false>;
    } else {
      inst.aux = static_cast<uint32_t>(MbarrierOp::CompleteTx);
      inst.exec = execTx<true>;
    }
    return Status::ok();
  }
  if (op == "inval") {
    if (Status s = expectOperands(d, 1, 1); !s)
      return s;
    if (Status s = objectAddress(d, inst, 0, inst.ops[0]); !s)
      return s;
    inst.aux = static_cast<uint32_t>(MbarrierOp::Inval);
    inst.numOps = 1;
    inst.exec = execInval;
    return Status::ok();
  }
  if (op == "pending_count") {
    if (Status s = expectOperands(d, 2, 2); !s)
      return s;
    if (Status s = d.reg(0, inst.ops[0]); !s)
      return s;
    if (Status s = d.source(1, Type::B64, inst.ops[1]); !s)
      return s;
    inst.aux = static_cast<uint32_t>(MbarrierOp::PendingCount);
    inst.numOps = 2;
    inst.exec = execPendingCount;
    return Status::ok();
  }
  return d.unsupported("mbarrier." + op);
}

} // namespace

void addMbarrierOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"mbarrier", decodeMbarrier});
}

} // namespace qiao::ptx
