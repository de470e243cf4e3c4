// Control flow: bra, call, ret, exit, barriers, trap (PTX ISA 9.0, section 9.7.13). The
// scheduler executes these itself (Inst::control); decoding resolves labels, callees and the
// argument moves of each call site.
#include "BlockRunner.h"
#include "FunctionBuilder.h"
#include "InstDecoder.h"
#include "Lanes.h"
#include "Warp.h"
#include "support/ErrorCodes.h"

#include <bit>

namespace qiao::ptx {
namespace {

Status decodeBranch(InstDecoder &d, Inst &inst) {
  if (d.operandCount() != 1)
    return d.error("bra takes one label");
  const ast::Operand &target = d.ast().operands[0];
  uint32_t index;
  if (!d.function().findLabel(target.name, index))
    return d.error("unknown label '" + target.name + "'");
  inst.control = Control::Branch;
  inst.target = index;
  return Status::ok();
}

Status decodeExit(InstDecoder &, Inst &inst) {
  inst.control = Control::Exit;
  return Status::ok();
}

Status decodeRet(InstDecoder &d, Inst &inst) {
  inst.control = d.function().function().isEntry ? Control::Exit : Control::Ret;
  return Status::ok();
}

// One argument or result of a call: a .param variable of the caller, or a register.
Status callValue(InstDecoder &d, const ast::Operand &op, CallValue &out) {
  FunctionBuilder &fn = d.function();
  uint32_t slot;
  if (op.kind == ast::Operand::Kind::Int) {
    out.inRegister = true;
    out.callerLocation = fn.constantSlot(op.intValue);
    out.size = 8;
    return Status::ok();
  }
  if (fn.findRegister(op.name, slot)) {
    out.inRegister = true;
    out.callerLocation = slot;
    out.size = 8;
    return Status::ok();
  }
  SymbolRef sym;
  if (!fn.findSymbol(op.name, sym) || sym.space != Space::FrameParam)
    return d.error("call argument '" + op.name + "' is neither a register nor a .param variable");
  out.callerLocation = static_cast<uint32_t>(sym.address);
  out.size = static_cast<uint32_t>(sym.size);
  return Status::ok();
}

Status decodeCall(InstDecoder &d, Inst &inst) {
  const std::vector<ast::Operand> &ops = d.ast().operands;
  size_t next = 0;
  CallSite site;
  if (d.ast().callHasReturn) {
    if (ops.empty() || ops[0].kind != ast::Operand::Kind::Vector)
      return d.error("malformed return list");
    for (const ast::Operand &r : ops[0].elements) {
      CallValue value;
      if (Status s = callValue(d, r, value); !s)
        return s;
      site.results.push_back(value);
    }
    next = 1;
  }
  if (next >= ops.size())
    return d.error("call without a callee");
  const ast::Operand &callee = ops[next++];
  FunctionBuilder &fn = d.function();
  uint32_t slot;
  if (fn.findRegister(callee.name, slot)) {
    site.indirect = true;
    site.targetSlot = slot;
  } else {
    auto it = fn.program().functionIndex.find(callee.name);
    if (it == fn.program().functionIndex.end())
      return d.error("call of unknown function '" + callee.name + "'");
    site.callee = it->second;
    const Function &target = fn.program().functions[site.callee];
    if (!target.hasBody && target.builtin == Builtin::None && callee.name.starts_with("__cudaCDP2"))
      return d.unsupported("the device runtime's cuda" + callee.name.substr(10) +
                           " (dynamic parallelism) is not supported yet");
    if (!target.hasBody && target.builtin == Builtin::None)
      return d.unsupported("call of extern function '" + callee.name +
                           "' (not defined in this module and not a builtin)");
  }
  if (next < ops.size() && ops[next].kind == ast::Operand::Kind::Vector) {
    for (const ast::Operand &a : ops[next].elements) {
      CallValue value;
      if (Status s = callValue(d, a, value); !s)
        return s;
      site.args.push_back(value);
    }
  }
  if (!site.indirect) {
    const Function &target = fn.program().functions[site.callee];
    if (site.args.size() != target.paramOffsets.size())
      return d.error("call of '" + target.name + "' with " + std::to_string(site.args.size()) +
                     " arguments, expected " + std::to_string(target.paramOffsets.size()));
  }
  inst.control = Control::Call;
  Function &caller = fn.function();
  inst.aux = static_cast<uint32_t>(caller.calls.size());
  caller.calls.push_back(std::move(site));
  return Status::ok();
}

// bar{.cta}.sync a{, b}; barrier{.cta}.sync{.aligned} a{, b}; bar.arrive a, b;
// bar.red.{popc.u32,and.pred,or.pred} d, a{, b}, {!}c; bar.warp.sync m (the scheduler's: the
// lanes of m meet there, Interpreter::warpSync).
Status decodeBarrier(InstDecoder &d, Inst &inst) {
  if (d.has("cluster")) {
    // barrier.cluster.arrive{.release,.relaxed}{.aligned} / barrier.cluster.wait{.acquire}
    // {.aligned} (ISA 9.7.13.2): the arrive counts the thread in the cluster's current phase
    // (BlockRunner::arriveAtCluster); the wait holds it until that phase completed, which the
    // scheduler of the cluster's blocks decides (Cluster::releaseWaiters). Every block runs on
    // one host thread with its cluster, so memory needs no further ordering.
    if (d.operandCount() != 0)
      return d.error("barrier.cluster takes no operands");
    if (d.has("arrive")) {
      inst.exec = [](Warp &w, const Inst &, LaneMask exec) {
        forEachLane(exec, [&](int lane) { w.block().arriveAtCluster(w.linearThread(lane)); });
      };
      return Status::ok();
    }
    if (!d.has("wait"))
      return d.error("barrier.cluster needs .arrive or .wait");
    inst.control = Control::Barrier;
    inst.ops[0].kind = Operand::Kind::Imm;
    inst.ops[0].reg = d.function().constantSlot(0);
    inst.aux2 = kClusterBarrier;
    return Status::ok();
  }
  if (d.has("warp")) {
    inst.control = Control::WarpSync;
    inst.numOps = 1;
    return d.source(0, Type::U32, inst.ops[0]);
  }
  bool red = d.has("red");
  inst.control = d.has("arrive") ? Control::BarrierArrive : Control::Barrier;
  size_t first = red ? 1 : 0;
  size_t count = d.operandCount();
  if (count < first + 1)
    return d.error("missing barrier id");
  if (Status s = d.source(first, Type::U32, inst.ops[0]); !s)
    return s;
  size_t expectedIndex = first + 1;
  bool hasExpected = red ? count == 4 : count >= 2;
  if (hasExpected) {
    if (Status s = d.source(expectedIndex, Type::U32, inst.ops[1]); !s)
      return s;
  }
  if (red) {
    if (Status s = d.reg(0, inst.ops[2]); !s)
      return s;
    if (Status s = d.predicate(count - 1, inst.ops[3]); !s)
      return s;
    inst.aux = d.has("popc") ? 1 : d.has("and") ? 2 : d.has("or") ? 3 : 0;
    if (inst.aux == 0)
      return d.error("bar.red needs .popc, .and or .or");
  }
  return Status::ok();
}

void execTrap(Warp &w, const Inst &inst, LaneMask exec) {
  w.fault(errc::qiaoErrorLaunchFailure, inst, std::countr_zero(exec), 0, "trap");
}

Status decodeTrap(InstDecoder &, Inst &inst) {
  inst.exec = execTrap;
  return Status::ok();
}

// nanosleep and pmevent have no visible effect on the emulated device.
Status decodeNoEffect(InstDecoder &, Inst &inst) {
  inst.exec = [](Warp &, const Inst &, LaneMask) {};
  return Status::ok();
}

} // namespace

void addControlOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"bra", decodeBranch});
  table.push_back({"call", decodeCall});
  table.push_back({"ret", decodeRet});
  table.push_back({"exit", decodeExit});
  table.push_back({"bar", decodeBarrier});
  table.push_back({"barrier", decodeBarrier});
  table.push_back({"trap", decodeTrap});
  table.push_back({"brkpt", decodeTrap});
  table.push_back({"nanosleep", decodeNoEffect});
  table.push_back({"pmevent", decodeNoEffect});
}

} // namespace qiao::ptx
