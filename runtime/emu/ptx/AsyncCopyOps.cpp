// Asynchronous copies (PTX ISA 9.0, 9.7.9.25): cp.async with its commit and wait groups and its
// mbarrier arrive, and the bulk copies of sm_90 (cp.async.bulk) that complete on an mbarrier's
// tx-count or in bulk groups.
//
// Every copy runs at issue. That is one schedule the asynchronous semantics allow: a copy only has
// to be complete when the thread waits for its group, or when the mbarrier phase that tracks it
// completes, and an earlier completion satisfies both. So the group operations do nothing, a bulk
// copy's complete-tx is applied at once (a tx-count may go below zero until the matching
// expect-tx, as the ISA permits), and cp.async.mbarrier.arrive finds its thread's copies done.
// A multicast bulk copy (.multicast::cluster) writes every block its ctaMask names, each of
// which run on the issuing block's host thread (BlockRunner.h: Cluster), in the same way.
#include "BlockRunner.h"
#include "FunctionBuilder.h"
#include "InstDecoder.h"
#include "LaneAddress.h"
#include "Lanes.h"
#include "MbarrierState.h"
#include "Warp.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

namespace qiao::ptx {
namespace {

bool isShared(std::string_view modifier) { return modifier.starts_with("shared"); }

// The state spaces named by the modifiers, in the order written (destination first).
std::vector<Space> spacesOf(const InstDecoder &d) {
  std::vector<Space> spaces;
  for (const std::string &m : d.modifiers()) {
    if (isShared(m))
      spaces.push_back(Space::Shared);
    else if (m == "global")
      spaces.push_back(Space::Global);
  }
  return spaces;
}

void execNothing(Warp &, const Inst &, LaneMask) {}

// cp.async{.ca,.cg}.shared{::cta}.global [dst], [src], cp-size{, src-size | ignore-src}: bytes
// past src-size are zero-filled; an ignore-src predicate that holds reads nothing.
void execCopyAsync(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress dst(w, inst.ops[0]), src(w, inst.ops[1]);
  uint32_t bytes = inst.aux;
  const Operand &limit = inst.ops[2];
  const uint64_t *limitRow = limit.kind == Operand::Kind::None ? nullptr : w.row(limit.reg);
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint32_t readBytes = bytes;
    if (limitRow)
      readBytes = inst.aux2 ? ((limitRow[lane] & 1) != limit.negated ? 0 : bytes)
                            : static_cast<uint32_t>(std::min<uint64_t>(limitRow[lane], bytes));
    auto *to = static_cast<uint8_t *>(w.access(Space::Shared, dst(lane), bytes, bytes, lane, inst));
    if (!to)
      return;
    if (readBytes) {
      const void *from = w.access(Space::Global, src(lane), readBytes, 1, lane, inst);
      if (!from)
        return;
      std::memcpy(to, from, readBytes);
    }
    std::memset(to + readBytes, 0, bytes - readBytes);
  }
}

Status decodeCopy(InstDecoder &d, Inst &inst) {
  std::vector<Space> spaces = spacesOf(d);
  if (spaces.size() != 2 || spaces[0] != Space::Shared || spaces[1] != Space::Global)
    return d.unsupported("this form of cp.async (sm_80 copies global to shared memory)");
  Space shared = Space::Shared, global = Space::Global;
  if (Status s = d.address(0, shared, inst.ops[0]); !s)
    return s;
  if (Status s = d.address(1, global, inst.ops[1]); !s)
    return s;
  auto size = d.immediate(2);
  if (!size)
    return size.error();
  if (*size != 4 && *size != 8 && *size != 16)
    return d.error("cp.async copies 4, 8 or 16 bytes");
  if (*size != 16 && d.has("cg"))
    return d.error("cp.async.cg copies 16 bytes");
  inst.aux = static_cast<uint32_t>(*size);
  // With .L2::cache_hint the last operand is a cache policy, which changes nothing here.
  const size_t limitOperands = d.operandCount() - (d.has("L2::cache_hint") ? 1 : 0);
  if (limitOperands > 3 && d.ast().operands[3].kind == ast::Operand::Kind::Int) {
    if (Status s = d.source(3, Type::U32, inst.ops[2]); !s) // an immediate src-size
      return s;
  } else if (limitOperands > 3 && d.ast().operands[3].kind == ast::Operand::Kind::Register) {
    uint32_t slot;
    if (!d.function().findRegister(d.ast().operands[3].name, slot))
      return d.error("undeclared register '" + d.ast().operands[3].name + "'");
    // A predicate is ignore-src; any other register is src-size.
    Operand limit;
    if (Status s = d.predicate(3, limit); !s)
      return s;
    inst.ops[2] = limit;
    inst.aux2 = d.function().registerType(slot) == Type::Pred ? 1 : 0;
  }
  inst.numOps = 3;
  inst.exec = execCopyAsync;
  return Status::ok();
}

// cp.async.mbarrier.arrive{.noinc}{.shared{::cta}}.b64 [mbar]: an arrive-on that fires when the
// thread's earlier cp.async copies are complete, which they already are. Without .noinc the
// pending count is raised by one first, so the pair leaves it as it was; with .noinc it is one
// of the phase's expected arrivals.
void execArriveOnCopies(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress address(w, inst.ops[0]);
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint64_t addr = address(lane);
    if (inst.space == Space::Generic && !w.isInSpace(Space::Shared, addr, lane)) {
      w.fault(errc::qiaoErrorIllegalAddress, inst, lane, addr,
              "the mbarrier object is not in shared memory");
      return;
    }
    auto *word = static_cast<uint64_t *>(w.access(inst.space, addr, 8, 8, lane, inst));
    if (!word)
      return;
    uint64_t token;
    if (mbarrier::arrive(*word, 1, false, token) != mbarrier::Outcome::Ok) {
      w.fault(errc::qiaoErrorIllegalInstruction, inst, lane, addr,
              "cp.async.mbarrier.arrive.noinc: no arrival pending in the current phase");
      return;
    }
  }
}

Status decodeArriveOnCopies(InstDecoder &d, Inst &inst) {
  if (d.operandCount() != 1)
    return d.error("cp.async.mbarrier.arrive takes the mbarrier's address");
  inst.space = d.space();
  if (Status s = d.address(0, inst.space, inst.ops[0]); !s)
    return s;
  if (inst.space != Space::Shared && inst.space != Space::Generic)
    return d.error("an mbarrier object lives in shared memory");
  inst.numOps = 1;
  inst.exec = d.has("noinc") ? execArriveOnCopies : execNothing;
  return Status::ok();
}

// cp.async.bulk: Operands 0 the destination, 1 the source, 2 the size, 3 the mbarrier when the
// copy completes on one (inst.aux2 set). Spaces: inst.space the destination's, aux the source's.
// A bulk copy's size must be a multiple of 16 bytes; false after the fault.
bool wholeBulkSize(Warp &w, const Inst &inst, uint32_t bytes, int lane, uint64_t address) {
  if (bytes % 16 == 0)
    return true;
  w.fault(errc::qiaoErrorIllegalInstruction, inst, lane, address,
          "cp.async.bulk size is not a multiple of 16 bytes");
  return false;
}

// The complete-tx of a bulk copy's bytes on its mbarrier; false after the fault.
bool completeTx(Warp &w, const Inst &inst, uint64_t &word, uint32_t bytes, int lane,
                uint64_t address) {
  if (mbarrier::addTx(word, -static_cast<int64_t>(bytes)) == mbarrier::Outcome::Ok)
    return true;
  w.fault(errc::qiaoErrorIllegalInstruction, inst, lane, address,
          "cp.async.bulk: the mbarrier's tx-count leaves [-(2^20 - 1), 2^20 - 1]");
  return false;
}

void execBulkCopy(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress dst(w, inst.ops[0]), src(w, inst.ops[1]);
  const uint64_t *size = w.row(inst.ops[2].reg);
  const bool tracked = inst.aux2 != 0;
  LaneAddress barrier(w, tracked ? inst.ops[3] : inst.ops[0]);
  const Space from = static_cast<Space>(inst.aux);
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint32_t bytes = static_cast<uint32_t>(size[lane]);
    if (!wholeBulkSize(w, inst, bytes, lane, dst(lane)))
      return;
    if (bytes) {
      void *to = w.access(inst.space, dst(lane), bytes, 16, lane, inst);
      if (!to)
        return;
      const void *source = w.access(from, src(lane), bytes, 16, lane, inst);
      if (!source)
        return;
      std::memmove(to, source, bytes);
    }
    if (!tracked)
      continue;
    auto *word = static_cast<uint64_t *>(w.access(Space::Shared, barrier(lane), 8, 8, lane, inst));
    if (!word)
      return;
    if (!completeTx(w, inst, *word, bytes, lane, barrier(lane)))
      return;
  }
}

constexpr uint64_t kOffsetMask = (uint64_t{1} << kClusterRankShift) - 1;

// The CTA-relative offset of a .shared::cluster address (BlockRunner.h): its offset in the block
// it names, whichever block of the cluster that is. False, with a fault, when it names none.
bool ctaRelative(Warp &w, const Inst &inst, uint64_t address, int lane, uint64_t &offset) {
  address &= 0xffffffffu;
  offset = address >= kReservedSharedOffset ? address : address & kOffsetMask;
  if (address >= kReservedSharedOffset ||
      (address >> kClusterRankShift) <= w.block().cluster().size())
    return true;
  w.fault(errc::qiaoErrorIllegalAddress, inst, lane, address,
          "not a shared-memory address of the cluster");
  return false;
}

// The host address of `bytes` at a CTA-relative offset in the shared memory of the cluster's
// block `rank`, checked as any shared access is; nullptr after a fault.
void *atRank(Warp &w, const Inst &inst, uint32_t rank, uint64_t offset, uint32_t bytes,
             uint32_t align, int lane) {
  if (rank == w.block().clusterRank())
    return w.access(Space::Shared, offset, bytes, align, lane, inst);
  if (offset > kOffsetMask) { // another block's reserved area has no .shared::cluster address
    w.fault(errc::qiaoErrorIllegalAddress, inst, lane, offset,
            "shared-memory address out of range");
    return nullptr;
  }
  return w.access(Space::Shared, (uint64_t{rank + 1} << kClusterRankShift) | offset, bytes, align,
                  lane, inst);
}

// cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster [dstMem],
// [srcMem], size, [mbar], ctaMask (PTX ISA 9.0, cp.async.bulk): the source is copied to dstMem's
// CTA-relative offset in every block of the cluster whose rank's bit is set in the 16-bit
// ctaMask, and each of those blocks sees the complete-tx of size bytes on the mbarrier at mbar's
// CTA-relative offset in its own shared memory. Operands as execBulkCopy's, 4 the mask.
void execBulkMulticast(Warp &w, const Inst &inst, LaneMask exec) {
  LaneAddress dst(w, inst.ops[0]), src(w, inst.ops[1]), barrier(w, inst.ops[3]);
  const uint64_t *size = w.row(inst.ops[2].reg);
  const uint64_t *ctaMask = w.row(inst.ops[4].reg);
  const uint32_t blocks = w.block().cluster().size();
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    uint32_t bytes = static_cast<uint32_t>(size[lane]);
    if (!wholeBulkSize(w, inst, bytes, lane, dst(lane)))
      return;
    uint64_t to, bar;
    if (!ctaRelative(w, inst, dst(lane), lane, to) ||
        !ctaRelative(w, inst, barrier(lane), lane, bar))
      return;
    const void *source = w.access(Space::Global, src(lane), bytes, 16, lane, inst);
    if (!source)
      return;
    const uint32_t ranks = static_cast<uint32_t>(ctaMask[lane] & 0xffffu);
    for (uint32_t left = ranks; left; left &= left - 1) {
      uint32_t rank = static_cast<uint32_t>(std::countr_zero(left));
      if (rank >= blocks) { // no such block, so no such shared memory (as mapa to it)
        w.fault(errc::qiaoErrorIllegalAddress, inst, lane, dst(lane),
                "cp.async.bulk .multicast::cluster: ctaMask names rank " + std::to_string(rank) +
                    " of a cluster of " + std::to_string(blocks) + " blocks");
        return;
      }
      void *target = atRank(w, inst, rank, to, bytes, 16, lane);
      if (!target)
        return;
      std::memmove(target, source, bytes);
      auto *word = static_cast<uint64_t *>(atRank(w, inst, rank, bar, 8, 8, lane));
      if (!word)
        return;
      if (!completeTx(w, inst, *word, bytes, lane, bar))
        return;
    }
  }
}

// The multicast form: global memory to shared::cluster, on an mbarrier, with a ctaMask operand
// after it (and a cache policy after that with .L2::cache_hint).
Status decodeBulkMulticast(InstDecoder &d, Inst &inst) {
  std::vector<Space> spaces = spacesOf(d);
  if (spaces.size() != 2 || !d.has("shared::cluster") || spaces[1] != Space::Global ||
      !d.has("mbarrier::complete_tx::bytes"))
    return d.error(
        ".multicast::cluster copies global memory to .shared::cluster, completing on "
        "an mbarrier (cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes)");
  if (d.operandCount() != (d.has("L2::cache_hint") ? 6u : 5u))
    return d.error("cp.async.bulk .multicast::cluster takes [dstMem], [srcMem], size, [mbar], "
                   "ctaMask");
  Space to = Space::Shared, from = Space::Global, shared = Space::Shared;
  if (Status s = d.address(0, to, inst.ops[0]); !s)
    return s;
  if (Status s = d.address(1, from, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, Type::U32, inst.ops[2]); !s)
    return s;
  if (Status s = d.address(3, shared, inst.ops[3]); !s)
    return s;
  if (Status s = d.source(4, Type::U16, inst.ops[4]); !s)
    return s;
  if (to != Space::Shared || from != Space::Global || shared != Space::Shared)
    return d.error(".multicast::cluster names shared-memory destinations and a global source");
  inst.space = Space::Shared;
  inst.aux = static_cast<uint32_t>(Space::Global);
  inst.aux2 = 1;
  inst.numOps = 5;
  inst.exec = execBulkMulticast;
  return Status::ok();
}

Status decodeBulk(InstDecoder &d, Inst &inst) {
  if (d.has("commit_group") || d.has("wait_group") || d.has("prefetch")) {
    inst.exec = execNothing;
    return Status::ok();
  }
  if (d.has("tensor"))
    return d.unsupported("cp.async.bulk.tensor (tensor-map copies)");
  if (d.has("multicast::cluster"))
    return decodeBulkMulticast(d, inst);
  std::vector<Space> spaces = spacesOf(d);
  if (spaces.size() != 2)
    return d.error("cp.async.bulk names a destination and a source space");
  const bool toShared = spaces[0] == Space::Shared;
  const bool tracked = d.has("mbarrier::complete_tx::bytes");
  if (toShared != tracked || (!toShared && !d.has("bulk_group")))
    return d.unsupported("this form of cp.async.bulk (copies into shared memory complete on an "
                         "mbarrier, copies to global memory in bulk groups)");
  Space to = spaces[0], from = spaces[1];
  if (Status s = d.address(0, to, inst.ops[0]); !s)
    return s;
  if (Status s = d.address(1, from, inst.ops[1]); !s)
    return s;
  if (Status s = d.source(2, Type::U32, inst.ops[2]); !s)
    return s;
  if (tracked) {
    Space shared = Space::Shared;
    if (Status s = d.address(3, shared, inst.ops[3]); !s)
      return s;
  }
  inst.space = to;
  inst.aux = static_cast<uint32_t>(from);
  inst.aux2 = tracked ? 1 : 0;
  inst.numOps = tracked ? 4 : 3; // a trailing cache policy changes nothing here
  inst.exec = execBulkCopy;
  return Status::ok();
}

Status decodeCp(InstDecoder &d, Inst &inst) {
  if (d.has("reduce"))
    return d.unsupported("cp.reduce.async.bulk (bulk reductions)");
  if (!d.has("async"))
    return d.unsupported("cp without .async");
  if (d.has("bulk"))
    return decodeBulk(d, inst);
  if (d.has("commit_group") || d.has("wait_group") || d.has("wait_all")) {
    inst.exec = execNothing;
    return Status::ok();
  }
  if (d.has("mbarrier"))
    return decodeArriveOnCopies(d, inst);
  return decodeCopy(d, inst);
}

} // namespace

void addAsyncCopyOpcodes(std::vector<OpcodeEntry> &table) { table.push_back({"cp", decodeCp}); }

} // namespace qiao::ptx
