// The split arrive/wait barrier (mbarrier) and the copies that complete on it: every mbarrier
// operation is a call of a `qiao.mbarrier.*` function on the object's shared-memory address
// (kernel-ir.md, "Arrive/wait barriers"), whose encoding and state token are the backend's.
// cp.async.mbarrier.arrive and the sm_90 bulk copies (cp.async.bulk) follow the dialect's rule for
// asynchronous copies: a copy is complete when the instruction that issues it returns, so
// cp.async's arrive-on is an ordinary arrival (.noinc) or nothing, a bulk copy into shared memory
// performs its complete-tx at once, and the bulk groups' commit and wait do nothing.
#include "FunctionLowering.h"

namespace qiao::kir {

using namespace llvm;
using ptx::Opcode;
using ptx::Space;

namespace {

// The first modifier names the mbarrier operation (init, arrive, try_wait, ...).
std::string operation(const std::vector<std::string> &modifiers) {
  return modifiers.empty() ? std::string() : modifiers.front();
}

} // namespace

// The mbarrier object an instruction names, as a pointer into the shared window: a generic
// address is cast (the object must lie in shared memory; the backend reports one that does not).
Value *FunctionLowering::mbarrierObject(const Operand &address) {
  if (inst_->space == Space::Shared)
    return pointerFor(Space::Shared, address);
  if (inst_->space != Space::Generic)
    unsupported("an mbarrier object outside shared memory");
  return b_.CreateAddrSpaceCast(pointerFor(Space::Generic, address), b_.getPtrTy(kShared));
}

bool FunctionLowering::lowerMbarrier(const Inst &inst) {
  if (inst.op != Opcode::Mbarrier)
    return false;
  std::vector<std::string> modifiers = sourceModifiers();
  std::string op = operation(modifiers);
  auto *object = b_.getPtrTy(kShared);
  auto *voidTy = b_.getVoidTy();
  if (op == "init" || op == "expect_tx" || op == "complete_tx") {
    b_.CreateCall(q("qiao.mbarrier." + op, voidTy, {object, i32_}),
                  {mbarrierObject(inst.ops[0]), readInt(inst.ops[1], 32)});
    return true;
  }
  if (op == "inval") {
    b_.CreateCall(q("qiao.mbarrier.inval", voidTy, {object}), {mbarrierObject(inst.ops[0])});
    return true;
  }
  if (op == "arrive" || op == "arrive_drop") {
    // arrive.expect_tx is an expect-tx followed by the arrival (PTX ISA).
    Value *bar = mbarrierObject(inst.ops[1]);
    if (sourceHas("expect_tx"))
      b_.CreateCall(q("qiao.mbarrier.expect_tx", voidTy, {object, i32_}),
                    {bar, readInt(inst.ops[3], 32)});
    Value *token = b_.CreateCall(q("qiao.mbarrier." + op, i64_, {object, i32_}),
                                 {bar, readInt(inst.ops[2], 32)});
    write(inst.ops[0], token);
    return true;
  }
  if (op == "test_wait" || op == "try_wait") {
    bool parity = sourceHas("parity");
    std::string name = "qiao.mbarrier." + op + (parity ? ".parity" : "");
    Value *phase = parity ? readInt(inst.ops[2], 32) : readInt(inst.ops[2], 64);
    Value *done = b_.CreateCall(q(name, i1_, {object, phase->getType()}),
                                {mbarrierObject(inst.ops[1]), phase});
    write(inst.ops[0], done);
    return true;
  }
  if (op == "pending_count") {
    Value *count = b_.CreateCall(q("qiao.mbarrier.pending_count", i32_, {i64_}, false, true),
                                 {readInt(inst.ops[1], 64)});
    write(inst.ops[0], count);
    return true;
  }
  return false;
}

bool FunctionLowering::lowerAsyncBarrierCopy(const Inst &inst) {
  if (inst.op != Opcode::Cp || (!sourceHas("bulk") && !sourceHas("mbarrier")))
    return false;
  if (!sourceHas("bulk")) {
    // cp.async.mbarrier.arrive: the thread's cp.async copies are complete already. With .noinc
    // the arrive-on is one of the phase's expected arrivals; without, the pending count it
    // raises first is taken back by the arrival itself.
    if (sourceHas("noinc"))
      b_.CreateCall(q("qiao.mbarrier.arrive", i64_, {b_.getPtrTy(kShared), i32_}),
                    {mbarrierObject(inst.ops[0]), b_.getInt32(1)});
    return true;
  }
  if (sourceHas("commit_group") || sourceHas("wait_group") || sourceHas("prefetch"))
    return true;
  // The multicast form writes the shared memory of other blocks of a cluster, which the dialect
  // has no way to name (docs/kernel-ir.md, "Coverage").
  if (sourceHas("multicast::cluster"))
    unsupported("cp.async.bulk .multicast::cluster (a copy into the shared memory of several "
                "blocks of a cluster) is not expressed in Qiao kernel IR");
  Space to = inst.space, from = static_cast<Space>(inst.aux);
  Value *bytes = readInt(inst.ops[2], 32);
  if (to == Space::Shared && sourceHas("mbarrier::complete_tx::bytes")) {
    if (from != Space::Global && from != Space::Shared)
      return false;
    Value *source = from == Space::Shared ? toGeneric(Space::Shared, addressInt(inst.ops[1]))
                                          : addressInt(inst.ops[1]);
    b_.CreateCall(q("qiao.cp.async.bulk.shared", b_.getVoidTy(),
                    {b_.getPtrTy(kShared), ptr_, i32_, b_.getPtrTy(kShared)}),
                  {pointerFor(Space::Shared, inst.ops[0]), b_.CreateIntToPtr(source, ptr_), bytes,
                   pointerFor(Space::Shared, inst.ops[3])});
    return true;
  }
  if (to == Space::Global && from == Space::Shared && sourceHas("bulk_group")) {
    b_.CreateCall(
        q("qiao.cp.async.bulk.global", b_.getVoidTy(),
          {b_.getPtrTy(kGlobal), b_.getPtrTy(kShared), i32_}),
        {pointerFor(Space::Global, inst.ops[0]), pointerFor(Space::Shared, inst.ops[1]), bytes});
    return true;
  }
  return false;
}

} // namespace qiao::kir
