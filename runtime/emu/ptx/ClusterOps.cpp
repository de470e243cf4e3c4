// Distributed shared memory: mapa and getctarank (PTX ISA 9.0, sections 9.7.9.23 and 9.7.9.24).
// A .shared::cluster address of another block of the cluster carries its rank above the block's
// own window (BlockRunner.h: kClusterRankShift); a generic one is the host address of that
// block's shared memory, as for the executing block's own.
#include "BlockRunner.h"
#include "InstDecoder.h"
#include "Lanes.h"
#include "Warp.h"
#include "support/ErrorCodes.h"

#include <string>

namespace qiao::ptx {
namespace {

constexpr uint64_t kOffsetMask = (uint64_t{1} << kClusterRankShift) - 1;

// Where a shared address lies: the rank of its block in the cluster and its offset there; false
// when it names no block's shared memory.
bool locate(Warp &w, const Inst &inst, uint64_t address, int lane, uint32_t &rank,
            uint64_t &offset) {
  Cluster &cluster = w.block().cluster();
  if (inst.space == Space::Generic) {
    uint64_t own = reinterpret_cast<uint64_t>(w.block().sharedMemory());
    if (address >= own && address - own <= w.block().sharedBytes()) {
      rank = w.block().clusterRank();
      offset = address - own;
      return true;
    }
    rank = w.peerShared(address, 0);
    if (rank == ~0u) {
      w.fault(errc::qiaoErrorIllegalAddress, inst, lane, address,
              "not a shared-memory address of the cluster");
      return false;
    }
    offset = address - reinterpret_cast<uint64_t>(cluster.blocks[rank]->sharedMemory());
    return true;
  }
  address &= 0xffffffffu;
  uint64_t region = address >> kClusterRankShift;
  rank = region == 0 ? w.block().clusterRank() : static_cast<uint32_t>(region - 1);
  offset = address & kOffsetMask;
  if (rank >= cluster.size()) {
    w.fault(errc::qiaoErrorIllegalAddress, inst, lane, address,
            "not a shared-memory address of the cluster");
    return false;
  }
  return true;
}

// mapa{.shared::cluster}.{u32,u64} d, a, b: the address in block b of the cluster that
// corresponds to a.
void execMapa(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  Cluster &cluster = w.block().cluster();
  uint64_t keep = inst.type == Type::U64 ? ~uint64_t{0} : 0xffffffffu;
  forEachLane(exec, [&](int lane) {
    if (w.faulted())
      return;
    uint32_t rank;
    uint64_t offset;
    if (!locate(w, inst, a[lane], lane, rank, offset))
      return;
    uint32_t target = static_cast<uint32_t>(b[lane]);
    if (target >= cluster.size()) {
      w.fault(errc::qiaoErrorIllegalAddress, inst, lane, a[lane],
              "mapa to rank " + std::to_string(target) + " of a cluster of " +
                  std::to_string(cluster.size()) + " blocks");
      return;
    }
    uint64_t mapped;
    if (inst.space == Space::Generic)
      mapped = reinterpret_cast<uint64_t>(cluster.blocks[target]->sharedMemory()) + offset;
    else if (target == w.block().clusterRank())
      mapped = offset; // the executing block's .shared::cta address is its .shared::cluster one
    else
      mapped = (uint64_t{target + 1} << kClusterRankShift) | offset;
    d[lane] = mapped & keep;
  });
}

// getctarank{.shared::cluster}.{u32,u64} d, a: the rank of the block whose shared memory holds a.
void execGetCtaRank(Warp &w, const Inst &inst, LaneMask exec) {
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  forEachLane(exec, [&](int lane) {
    if (w.faulted())
      return;
    uint32_t rank;
    uint64_t offset;
    if (locate(w, inst, a[lane], lane, rank, offset))
      d[lane] = rank;
  });
}

// The address operand: a register, or with .shared::cluster a shared variable.
Status addressOperand(InstDecoder &d, Inst &inst, size_t index) {
  if (index >= d.operandCount())
    return d.error("missing operand " + std::to_string(index + 1));
  const ast::Operand &src = d.ast().operands[index];
  uint32_t bare;
  if (src.kind == ast::Operand::Kind::Symbol && !d.isBareRegister(src, bare)) {
    if (inst.space == Space::Generic)
      return d.error("a generic mapa or getctarank takes an address in a register");
    return d.symbolAddress(index, inst.ops[1]);
  }
  return d.source(index, inst.type, inst.ops[1]);
}

Status decodeSpaceAndType(InstDecoder &d, Inst &inst) {
  inst.space = d.has("shared::cluster") ? Space::Shared : Space::Generic;
  if (inst.space == Space::Generic && d.space() != Space::Generic)
    return d.error("the only state space here is .shared::cluster");
  std::vector<Type> types = d.types();
  if (types.size() != 1 || (types[0] != Type::U32 && types[0] != Type::U64))
    return d.error("expected the type .u32 or .u64");
  inst.type = types[0];
  return Status::ok();
}

Status decodeMapa(InstDecoder &d, Inst &inst) {
  if (d.operandCount() != 3)
    return d.error("mapa takes d, a, b");
  if (Status s = decodeSpaceAndType(d, inst); !s)
    return s;
  inst.numOps = 3;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = addressOperand(d, inst, 1); !s)
    return s;
  if (Status s = d.source(2, Type::U32, inst.ops[2]); !s)
    return s;
  inst.exec = execMapa;
  return Status::ok();
}

Status decodeGetCtaRank(InstDecoder &d, Inst &inst) {
  if (d.operandCount() != 2)
    return d.error("getctarank takes d, a");
  if (Status s = decodeSpaceAndType(d, inst); !s)
    return s;
  inst.numOps = 2;
  if (Status s = d.reg(0, inst.ops[0]); !s)
    return s;
  if (Status s = addressOperand(d, inst, 1); !s)
    return s;
  inst.exec = execGetCtaRank;
  return Status::ok();
}

} // namespace

void addClusterOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"mapa", decodeMapa});
  table.push_back({"getctarank", decodeGetCtaRank});
}

} // namespace qiao::ptx
