// What exec functions ask of a warp: geometry, special registers, checked memory access, faults.
#include "Warp.h"

#include "BlockRunner.h"
#include "MemoryCheck.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <thread>

namespace qiao::ptx {

Warp::Warp(BlockRunner &block, uint32_t warpIndex, LaneMask liveLanes)
    : block_(block), program_(block.grid().program), warpIndex_(warpIndex), live_(liveLanes) {}

// Everything but the block index is the same for every block of the launch (the block runner
// reuses its warps), so it is filled once.
void Warp::prepareNativeState() {
  NativeWarpState &s = native_;
  const uint32_t *blockIdx = block_.blockIdx();
  s.ctaid[0] = blockIdx[0], s.ctaid[1] = blockIdx[1], s.ctaid[2] = blockIdx[2];
  if (nativeGeometryReady_)
    return;
  nativeGeometryReady_ = true;
  const LaunchParams &launch = block_.grid().launch;
  s.shared = block_.sharedMemory();
  s.sharedBytes = block_.sharedBytes();
  s.params = launch.params;
  s.paramBytes = launch.paramBytes;
  s.local = block_.localMemory(linearThread(0));
  s.localBytes = block_.localBytesPerThread();
  s.warpIndex = warpIndex_;
  s.warpsPerBlock = block_.warpCount();
  for (int d = 0; d < 3; ++d) {
    s.ntid[d] = launch.block[d];
    s.nctaid[d] = launch.grid[d];
  }
  for (int lane = 0; lane < kWarpSize; ++lane)
    for (int d = 0; d < 3; ++d)
      s.tid[d][lane] = threadIdx(lane, d);
  bool oneRow = true, twoRows = true;
  for (uint32_t lane = 0; lane < kWarpSize; ++lane) {
    bool sameZ = s.tid[2][lane] == s.tid[2][0];
    oneRow =
        oneRow && sameZ && s.tid[0][lane] == s.tid[0][0] + lane && s.tid[1][lane] == s.tid[1][0];
    twoRows = twoRows && sameZ && s.tid[0][lane] == s.tid[0][0] + lane % 16 &&
              s.tid[1][lane] == s.tid[1][0] + lane / 16;
  }
  s.laneShape = oneRow ? kLanesOneRow : twoRows ? kLanesTwoRows : 0;
}

uint32_t Warp::blockDim(int dim) const { return block_.grid().launch.block[dim]; }
uint32_t Warp::gridDim(int dim) const { return block_.grid().launch.grid[dim]; }
uint32_t Warp::blockIdx(int dim) const { return block_.blockIdx()[dim]; }
uint32_t Warp::warpsPerBlock() const { return block_.warpCount(); }

uint32_t Warp::threadIdx(int lane, int dim) const {
  uint32_t linear = linearThread(lane);
  uint32_t bx = blockDim(0), by = blockDim(1);
  if (bx == block_.threadsPerBlock()) // a 1-D block, the common case: no divisions
    return dim == 0 ? linear : 0;
  switch (dim) {
  case 0:
    return linear % bx;
  case 1:
    return (linear / bx) % by;
  default:
    return linear / (bx * by);
  }
}

uint64_t Warp::special(SpecialReg reg, int lane) const {
  using namespace std::chrono;
  LaneMask bit = LaneMask{1} << lane;
  switch (reg) {
  case SpecialReg::TidX:
    return threadIdx(lane, 0);
  case SpecialReg::TidY:
    return threadIdx(lane, 1);
  case SpecialReg::TidZ:
    return threadIdx(lane, 2);
  case SpecialReg::NtidX:
    return blockDim(0);
  case SpecialReg::NtidY:
    return blockDim(1);
  case SpecialReg::NtidZ:
    return blockDim(2);
  case SpecialReg::CtaidX:
    return blockIdx(0);
  case SpecialReg::CtaidY:
    return blockIdx(1);
  case SpecialReg::CtaidZ:
    return blockIdx(2);
  case SpecialReg::NctaidX:
    return gridDim(0);
  case SpecialReg::NctaidY:
    return gridDim(1);
  case SpecialReg::NctaidZ:
    return gridDim(2);
  case SpecialReg::LaneId:
    return static_cast<uint64_t>(lane);
  case SpecialReg::WarpId:
    return warpIndex_;
  case SpecialReg::NWarpId:
    return warpsPerBlock();
  case SpecialReg::SmId:
  case SpecialReg::GridId:
    return 0;
  case SpecialReg::CtaRankInCluster:
    return block_.clusterRank();
  case SpecialReg::ClusterCtaCount:
    return block_.cluster().size();
  case SpecialReg::IsExplicitCluster:
    return block_.grid().kernel.explicitCluster || block_.grid().launch.explicitCluster ? 1 : 0;
  case SpecialReg::ClusterCtaidX:
  case SpecialReg::ClusterCtaidY:
  case SpecialReg::ClusterCtaidZ: {
    int dim = int(reg) - int(SpecialReg::ClusterCtaidX);
    return blockIdx(dim) % block_.cluster().dims[dim];
  }
  case SpecialReg::ClusterNctaidX:
  case SpecialReg::ClusterNctaidY:
  case SpecialReg::ClusterNctaidZ:
    return block_.cluster().dims[int(reg) - int(SpecialReg::ClusterNctaidX)];
  case SpecialReg::ClusterIdX:
  case SpecialReg::ClusterIdY:
  case SpecialReg::ClusterIdZ: {
    int dim = int(reg) - int(SpecialReg::ClusterIdX);
    return blockIdx(dim) / block_.cluster().dims[dim];
  }
  case SpecialReg::NClusterIdX:
  case SpecialReg::NClusterIdY:
  case SpecialReg::NClusterIdZ: {
    int dim = int(reg) - int(SpecialReg::NClusterIdX);
    return gridDim(dim) / block_.cluster().dims[dim];
  }
  case SpecialReg::NSmId:
    return std::max(1u, std::thread::hardware_concurrency());
  case SpecialReg::LanemaskEq:
    return bit;
  case SpecialReg::LanemaskLt:
    return bit - 1;
  case SpecialReg::LanemaskLe:
    return (bit - 1) | bit;
  case SpecialReg::LanemaskGt:
    return ~((bit - 1) | bit) & kFullMask;
  case SpecialReg::LanemaskGe:
    return ~(bit - 1) & kFullMask;
  case SpecialReg::Clock:
  case SpecialReg::ClockHi:
  case SpecialReg::Clock64: {
    uint64_t ticks = duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
    return reg == SpecialReg::Clock     ? (ticks & 0xffffffffu)
           : reg == SpecialReg::ClockHi ? (ticks >> 32)
                                        : ticks;
  }
  case SpecialReg::GlobalTimer:
  case SpecialReg::GlobalTimerLo:
  case SpecialReg::GlobalTimerHi: {
    uint64_t ns = duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
    return reg == SpecialReg::GlobalTimer     ? ns
           : reg == SpecialReg::GlobalTimerLo ? (ns & 0xffffffffu)
                                              : (ns >> 32);
  }
  case SpecialReg::DynamicSmemSize:
    return block_.grid().launch.dynamicSharedBytes;
  case SpecialReg::TotalSmemSize:
  case SpecialReg::AggrSmemSize: {
    // The block's static and dynamic shared memory in the 128-byte allocation units of compute
    // capability 8.x; %aggr_smem_size adds the reserved shared memory.
    uint64_t bytes =
        block_.grid().kernel.staticSharedBytes + block_.grid().launch.dynamicSharedBytes;
    bytes = (bytes + 127) / 128 * 128;
    return reg == SpecialReg::AggrSmemSize ? bytes + kReservedSharedBytes : bytes;
  }
  case SpecialReg::ReservedSmemBegin:
  case SpecialReg::ReservedSmemOffset0:
    return kReservedSharedOffset;
  case SpecialReg::ReservedSmemEnd:
    return kReservedSharedOffset + kReservedSharedBytes;
  case SpecialReg::ReservedSmemCap:
    return kReservedSharedBytes;
  case SpecialReg::ReservedSmemOffset1:
    // The second half of the region: cooperative groups need 288 bytes from here.
    return kReservedSharedOffset + kReservedSharedBytes / 2;
  case SpecialReg::EnvReg0:
    break;
  }
  unsigned env = unsigned(reg) - unsigned(SpecialReg::EnvReg0);
  return env < kEnvRegCount ? block_.grid().envRegs[env] : 0;
}

void *Warp::access(Space space, uint64_t addr, uint32_t bytes, uint32_t align, int lane,
                   const Inst &inst) {
  if (align > 1 && (addr & (align - 1)) != 0) {
    fault(errc::qiaoErrorMisalignedAddress, inst, lane, addr, "misaligned address");
    return nullptr;
  }
  // Shared-memory addresses are 32 bits wide: a base below zero plus an offset wraps into the
  // window, as on hardware.
  if (space == Space::Shared)
    addr &= 0xffffffffu;
  uint64_t end = addr + bytes;
  switch (space) {
  case Space::Shared: {
    if (end >= addr && end <= block_.sharedBytes())
      return block_.sharedMemory() + addr;
    if (addr >= kReservedSharedOffset && end <= kReservedSharedOffset + kReservedSharedBytes)
      return block_.reservedSharedMemory() + (addr - kReservedSharedOffset);
    // Another block of the cluster (a .shared::cluster address, BlockRunner.h).
    uint64_t rank = (addr >> kClusterRankShift) - 1;
    uint64_t offset = addr & ((uint64_t{1} << kClusterRankShift) - 1);
    if (rank < block_.cluster().size()) {
      BlockRunner &peer = *block_.cluster().blocks[rank];
      if (offset + bytes <= peer.sharedBytes())
        return peer.sharedMemory() + offset;
    }
    fault(errc::qiaoErrorIllegalAddress, inst, lane, addr, "shared-memory address out of range");
    return nullptr;
  }
  case Space::Local:
    if (end >= addr && end <= block_.localBytesPerThread())
      return block_.localMemory(linearThread(lane)) + addr;
    fault(errc::qiaoErrorIllegalAddress, inst, lane, addr, "local-memory address out of range");
    return nullptr;
  case Space::KernelParam:
    if (end >= addr && end <= block_.grid().launch.paramBytes)
      return const_cast<uint8_t *>(block_.grid().launch.params) + addr;
    fault(errc::qiaoErrorIllegalAddress, inst, lane, addr, "kernel parameter out of range");
    return nullptr;
  case Space::FrameParam: {
    const Function &fn = program().functions[frames_.back().function];
    if (end >= addr && end <= fn.frameParamBytes)
      return paramStorage_.data() + frames_.back().paramBase +
             static_cast<size_t>(lane) * fn.frameParamBytes + addr;
    fault(errc::qiaoErrorIllegalAddress, inst, lane, addr, "parameter out of range");
    return nullptr;
  }
  case Space::Generic:
  case Space::Global:
  case Space::Const:
    break;
  }
  if (end >= addr && inCachedAllocation(addr, end))
    return reinterpret_cast<void *>(addr);
  if (space == Space::Generic) {
    uint64_t shared = reinterpret_cast<uint64_t>(block_.sharedMemory());
    if (addr >= shared && end <= shared + block_.sharedBytes() && end >= addr)
      return reinterpret_cast<void *>(addr);
    uint64_t reserved = reinterpret_cast<uint64_t>(block_.reservedSharedMemory());
    if (addr >= reserved && end <= reserved + kReservedSharedBytes && end >= addr)
      return reinterpret_cast<void *>(addr);
    if (peerShared(addr, bytes) != ~0u)
      return reinterpret_cast<void *>(addr);
    uint64_t local = reinterpret_cast<uint64_t>(block_.localMemory(linearThread(lane)));
    if (addr >= local && end <= local + block_.localBytesPerThread() && end >= addr)
      return reinterpret_cast<void *>(addr);
    // A kernel parameter reached through a generic pointer (cvta.param: __grid_constant__).
    uint64_t params = reinterpret_cast<uint64_t>(block_.grid().launch.params);
    if (addr >= params && end <= params + block_.grid().launch.paramBytes && end >= addr)
      return reinterpret_cast<void *>(addr);
  }
  uint64_t base, size;
  if (end >= addr && findRange(addr, bytes, base, size)) {
    rememberAllocation(base, base + size);
    return reinterpret_cast<void *>(addr);
  }
  const GridContext &grid = block_.grid();
  if (grid.launch.memoryCheck == MemoryCheck::Mapped) {
    fault(errc::qiaoErrorIllegalAddress, inst, lane, addr, "address outside every allocation");
    return nullptr;
  }
  // memcheck: outside its allocation. The report says by how much; warn mode lets an access that
  // stays in mapped memory go on (uncached, so that the next one is checked again).
  std::string report =
      faultReport(inst, lane, addr, "invalid " + describeAccess(space, inst, bytes)) + ": " +
      describeNearest(grid.memory, addr, bytes);
  if (grid.launch.memoryCheck == MemoryCheck::Warn && end >= addr &&
      grid.memory.mapped(addr, bytes, base, size)) {
    warnInvalidAccess(report);
    return reinterpret_cast<void *>(addr);
  }
  block_.recordFault(errc::qiaoErrorIllegalAddress, std::move(report));
  return nullptr;
}

bool Warp::findRange(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const {
  const GridContext &grid = block_.grid();
  if (grid.launch.memoryCheck == MemoryCheck::Mapped)
    return grid.memory.mapped(addr, bytes, base, size);
  return grid.memory.lookup(addr, bytes, base, size);
}

bool Warp::inCachedAllocation(uint64_t lo, uint64_t hi) {
  if (lo >= native_.cacheBase && hi <= native_.cacheEnd)
    return true;
  if (lo >= native_.cacheBase2 && hi <= native_.cacheEnd2) {
    std::swap(native_.cacheBase, native_.cacheBase2);
    std::swap(native_.cacheEnd, native_.cacheEnd2);
    return true;
  }
  return false;
}

void Warp::rememberAllocation(uint64_t base, uint64_t end) {
  native_.cacheBase2 = native_.cacheBase;
  native_.cacheEnd2 = native_.cacheEnd;
  native_.cacheBase = base;
  native_.cacheEnd = end;
}

bool Warp::globalRange(uint64_t lo, uint64_t hi) {
  if (lo <= hi && inCachedAllocation(lo, hi))
    return true;
  uint64_t base, size;
  if (hi < lo || !findRange(lo, hi - lo, base, size))
    return false;
  rememberAllocation(base, base + size);
  return true;
}

uint32_t Warp::peerShared(uint64_t generic, uint64_t bytes) const {
  const Cluster &cluster = block_.cluster();
  for (uint32_t rank = 0; rank < cluster.size() && cluster.size() > 1; ++rank) {
    BlockRunner &peer = *cluster.blocks[rank];
    uint64_t base = reinterpret_cast<uint64_t>(peer.sharedMemory());
    if (generic >= base && generic - base + bytes <= peer.sharedBytes() && &peer != &block_)
      return rank;
  }
  return ~0u;
}

uint64_t Warp::toGeneric(Space space, uint64_t addr, int lane) const {
  switch (space) {
  case Space::Shared: {
    if (addr >= kReservedSharedOffset && addr - kReservedSharedOffset < kReservedSharedBytes)
      return reinterpret_cast<uint64_t>(block_.reservedSharedMemory()) +
             (addr - kReservedSharedOffset);
    uint64_t rank = (addr >> kClusterRankShift) - 1;
    if (rank < block_.cluster().size())
      return reinterpret_cast<uint64_t>(block_.cluster().blocks[rank]->sharedMemory()) +
             (addr & ((uint64_t{1} << kClusterRankShift) - 1));
    return reinterpret_cast<uint64_t>(block_.sharedMemory()) + addr;
  }
  case Space::Local:
    return reinterpret_cast<uint64_t>(block_.localMemory(linearThread(lane))) + addr;
  case Space::KernelParam:
    return reinterpret_cast<uint64_t>(block_.grid().launch.params) + addr;
  default:
    return addr;
  }
}

bool Warp::fromGeneric(Space space, uint64_t generic, int lane, uint64_t &out) const {
  uint64_t base = 0, size = 0;
  switch (space) {
  case Space::Shared: {
    uint64_t reserved = reinterpret_cast<uint64_t>(block_.reservedSharedMemory());
    if (generic >= reserved && generic - reserved < kReservedSharedBytes) {
      out = kReservedSharedOffset + (generic - reserved);
      return true;
    }
    base = reinterpret_cast<uint64_t>(block_.sharedMemory());
    size = block_.sharedBytes();
    if (generic - base > size) {
      if (uint32_t rank = peerShared(generic, 0); rank != ~0u) {
        out = (uint64_t{rank + 1} << kClusterRankShift) +
              (generic - reinterpret_cast<uint64_t>(block_.cluster().blocks[rank]->sharedMemory()));
        return true;
      }
    }
    break;
  }
  case Space::Local:
    base = reinterpret_cast<uint64_t>(block_.localMemory(linearThread(lane)));
    size = block_.localBytesPerThread();
    break;
  case Space::KernelParam:
    base = reinterpret_cast<uint64_t>(block_.grid().launch.params);
    size = block_.grid().launch.paramBytes;
    break;
  default:
    out = generic;
    return true;
  }
  if (generic < base || generic - base > size) {
    out = 0;
    return false;
  }
  out = generic - base;
  return true;
}

bool Warp::isInSpace(Space space, uint64_t generic, int lane) const {
  uint64_t unused;
  switch (space) {
  case Space::Shared:
  case Space::Local:
    return fromGeneric(space, generic, lane, unused);
  case Space::Global:
  case Space::Const: {
    // What hardware answers, whatever QIAO_MEMCHECK says: memcheck must not change the program.
    uint64_t base, size;
    return !isInSpace(Space::Shared, generic, lane) && !isInSpace(Space::Local, generic, lane) &&
           block_.grid().memory.mapped(generic, 1, base, size);
  }
  default:
    return true;
  }
}

std::string Warp::faultReport(const Inst &inst, int lane, uint64_t address,
                              std::string_view what) const {
  const SourceInfo &src = program().sources[inst.source];
  char where[160];
  std::snprintf(where, sizeof where, " block (%u,%u,%u) thread (%u,%u,%u) address 0x%" PRIx64,
                blockIdx(0), blockIdx(1), blockIdx(2), threadIdx(lane, 0), threadIdx(lane, 1),
                threadIdx(lane, 2), address);
  return "kernel '" + block_.grid().kernel.name + "': " + std::string(what) + " at line " +
         std::to_string(src.line) + " '" + src.text + "'" + where;
}

void Warp::fault(int code, const Inst &inst, int lane, uint64_t address, std::string_view what) {
  block_.recordFault(code, faultReport(inst, lane, address, what));
}

bool Warp::faulted() const { return block_.faulted(); }

void Warp::printfOutput(std::string_view text) { block_.printfBuffer().append(text); }

} // namespace qiao::ptx
