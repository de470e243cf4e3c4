// The `qiao.*` functions of Qiao kernel IR on the host, for threads that run as host kernels of
// the emulated device. Warp collectives are built from the thread ops' one primitive,
// warpExchange (a lane receives another lane's value once every live lane of the mask arrived):
// shfl is one exchange, vote two (the predicate's ballot and who takes part), match and redux one
// per lane of the mask.
#include "KernelIrHost.h"

#include <atomic>
#include <bit>
#include <cfenv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace qiao::kirdriver {
namespace {

constexpr int32_t kLaunchFailure = 719; // qiaoErrorLaunchFailure
constexpr int32_t kAssert = 710;        // qiaoErrorAssert

thread_local KernelThread *current = nullptr;

// The calling thread, kept across a call that may run other fibers.
struct Resume {
  KernelThread *self = current;
  ~Resume() { current = self; }
};

qiaoDrvHostThread &thread() { return *current->thread; }

uint32_t linearTid() {
  const qiaoDrvHostThread &t = thread();
  return t.threadIndex[0] + t.blockSize[0] * (t.threadIndex[1] + t.blockSize[1] * t.threadIndex[2]);
}

uint64_t exchange(uint32_t mask, uint64_t value, uint32_t srcLane, int32_t predicate,
                  uint32_t *ballot) {
  Resume resume;
  qiaoDrvHostThread *t = resume.self->thread;
  return t->ops->warpExchange(t, mask, value, srcLane, predicate, ballot);
}

// Lanes of mask that take part (have not exited): a ballot of 1s.
uint32_t participants(uint32_t mask) {
  uint32_t ballot = 0;
  exchange(mask, 0, thread().lane, 1, &ballot);
  return ballot & mask;
}

// The value of every participating lane of mask (others 0).
void gather(uint32_t mask, uint64_t value, uint64_t (&values)[32], uint32_t &who) {
  who = participants(mask);
  for (uint32_t lane = 0; lane < 32; ++lane)
    values[lane] = (who >> lane) & 1 ? exchange(mask, value, lane, 0, nullptr) : 0;
}

[[noreturn]] void fault(int32_t code, const std::string &message) {
  qiaoDrvHostThread *t = current->thread;
  t->ops->fault(t, code, message.c_str());
  std::abort(); // fault never returns
}

// {i32, i1} as LLVM returns it on x86-64: the i32 in eax, the i1 in dl.
struct ValueAndPredicate {
  uint64_t value;
  uint64_t predicate;
};

// --- special registers ---
uint32_t tidX() { return thread().threadIndex[0]; }
uint32_t tidY() { return thread().threadIndex[1]; }
uint32_t tidZ() { return thread().threadIndex[2]; }
uint32_t ntidX() { return thread().blockSize[0]; }
uint32_t ntidY() { return thread().blockSize[1]; }
uint32_t ntidZ() { return thread().blockSize[2]; }
// A block of a cooperative grid runs as a one-block host launch: its place is in the header.
const uint32_t *blockIndex() {
  return current->header->cooperative ? current->header->blockIndex : thread().blockIndex;
}
const uint32_t *gridSize() {
  return current->header->cooperative ? current->header->gridSize : thread().gridSize;
}
uint32_t ctaidX() { return blockIndex()[0]; }
uint32_t ctaidY() { return blockIndex()[1]; }
uint32_t ctaidZ() { return blockIndex()[2]; }
uint32_t nctaidX() { return gridSize()[0]; }
uint32_t nctaidY() { return gridSize()[1]; }
uint32_t nctaidZ() { return gridSize()[2]; }
uint32_t laneId() { return thread().lane; }
uint32_t warpId() { return linearTid() / 32; }
uint32_t nWarpId() {
  const qiaoDrvHostThread &t = thread();
  return (t.blockSize[0] * t.blockSize[1] * t.blockSize[2] + 31) / 32;
}
uint32_t zero() { return 0; }
uint32_t one() { return 1; }
uint32_t lanemaskEq() { return 1u << thread().lane; }
uint32_t lanemaskLt() { return (1u << thread().lane) - 1; }
uint32_t lanemaskLe() { return lanemaskLt() | lanemaskEq(); }
uint32_t lanemaskGt() { return ~lanemaskLe(); }
uint32_t lanemaskGe() { return ~lanemaskLt(); }
uint64_t nanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
uint32_t clockLo() { return static_cast<uint32_t>(nanoseconds()); }
uint32_t clockHi() { return static_cast<uint32_t>(nanoseconds() >> 32); }
uint64_t gridId() { return 1; }
// The grid barrier's workspace of a cooperative launch, high half in %envreg1, low in %envreg2.
uint32_t envReg(uint32_t n) {
  uint64_t workspace = current->header->cooperative ? current->header->workspace : 0;
  return n == 1   ? static_cast<uint32_t>(workspace >> 32)
         : n == 2 ? static_cast<uint32_t>(workspace)
                  : 0;
}
uint32_t dynamicSmem() { return current->header->dynamicSharedBytes; }
// The program's shared memory in the 128-byte allocation units of compute capability 8.x;
// %aggr_smem_size adds the reserved shared memory.
uint32_t totalSmem() { return (current->header->windowBytes + 127) / 128 * 128; }
uint32_t aggrSmem() { return totalSmem() + kReservedSharedBytes; }
uint32_t reservedBegin() { return current->header->reservedOffset; }
uint32_t reservedEnd() { return reservedBegin() + kReservedSharedBytes; }
uint32_t reservedCap() { return kReservedSharedBytes; }
// The second half of the region: cooperative groups need 288 bytes from here.
uint32_t reservedSecond() { return reservedBegin() + kReservedSharedBytes / 2; }
void *sharedBase() { return thread().dynamicShared; }

// --- barriers ---
void requireBlockBarrier(uint32_t id, uint32_t count) {
  if (id != 0 || count != 0)
    fault(kLaunchFailure, "kernel-IR test driver: named or counted barriers (bar.sync " +
                              std::to_string(id) + ", " + std::to_string(count) +
                              ") are not supported");
}
int32_t blockBarrier(int32_t predicate) {
  Resume resume;
  qiaoDrvHostThread *t = resume.self->thread;
  return t->ops->barrier(t, predicate);
}
void barrierSync(uint32_t id, uint32_t count) {
  requireBlockBarrier(id, count);
  blockBarrier(0);
}
void barrierArrive(uint32_t, uint32_t) {
  fault(kLaunchFailure, "kernel-IR test driver: bar.arrive is not supported");
}
uint32_t barrierPopc(uint32_t id, uint32_t count, uint32_t p) {
  requireBlockBarrier(id, count);
  return static_cast<uint32_t>(blockBarrier(p & 1));
}
bool barrierAnd(uint32_t id, uint32_t count, uint32_t p) {
  requireBlockBarrier(id, count);
  int32_t passed = blockBarrier(p & 1);
  return passed == blockBarrier(1);
}
bool barrierOr(uint32_t id, uint32_t count, uint32_t p) {
  requireBlockBarrier(id, count);
  return blockBarrier(p & 1) > 0;
}

// --- warp collectives ---
// The lanes that reach this call site together: a convergence point (mask 0) keyed by the
// caller's return address, so the lanes of one side of a divergent branch find each other.
__attribute__((noinline)) uint32_t activeMask() {
  uint32_t ballot = 0;
  auto site = reinterpret_cast<uint64_t>(__builtin_return_address(0));
  exchange(0, site, thread().lane, 1, &ballot);
  return ballot;
}
void warpSync(uint32_t mask) { exchange(mask, 0, thread().lane, 0, nullptr); }

// shfl as the PTX ISA defines it: c holds the clamp lane (bits 0-4) and the segment mask
// (bits 8-12); a lane outside the range reads its own value and its predicate is false.
template <int Mode> ValueAndPredicate shfl(uint32_t mask, uint32_t a, uint32_t b, uint32_t c) {
  int lane = static_cast<int>(thread().lane);
  int bval = static_cast<int>(b & 31), cval = static_cast<int>(c & 31),
      seg = static_cast<int>((c >> 8) & 31);
  int maxLane = (lane & seg) | (cval & ~seg), minLane = lane & seg;
  int j;
  bool inRange;
  switch (Mode) {
  case 0: // up
    j = lane - bval;
    inRange = j >= maxLane;
    break;
  case 1: // down
    j = lane + bval;
    inRange = j <= maxLane;
    break;
  case 2: // bfly
    j = lane ^ bval;
    inRange = j <= maxLane;
    break;
  default: // idx
    j = minLane | (bval & ~seg);
    inRange = j <= maxLane;
    break;
  }
  if (!inRange)
    j = lane;
  uint64_t v = exchange(mask, a, static_cast<uint32_t>(j), 0, nullptr);
  return {static_cast<uint32_t>(v), inRange ? 1u : 0u};
}

uint32_t voteBallot(uint32_t mask, uint32_t p) {
  uint32_t ballot = 0;
  exchange(mask, 0, thread().lane, p & 1, &ballot);
  return ballot & mask;
}
bool voteAll(uint32_t mask, uint32_t p) {
  uint32_t yes = voteBallot(mask, p);
  return yes == participants(mask);
}
bool voteAny(uint32_t mask, uint32_t p) { return voteBallot(mask, p) != 0; }
bool voteUni(uint32_t mask, uint32_t p) {
  uint32_t yes = voteBallot(mask, p);
  return yes == 0 || yes == participants(mask);
}

uint32_t matchAny(uint32_t mask, uint64_t value) {
  uint64_t values[32];
  uint32_t who;
  gather(mask, value, values, who);
  uint32_t same = 0;
  for (uint32_t lane = 0; lane < 32; ++lane)
    if ((who >> lane) & 1 && values[lane] == value)
      same |= 1u << lane;
  return same;
}
uint32_t matchAny32(uint32_t mask, uint32_t value) { return matchAny(mask, value); }
ValueAndPredicate matchAll(uint32_t mask, uint64_t value) {
  uint64_t values[32];
  uint32_t who;
  gather(mask, value, values, who);
  for (uint32_t lane = 0; lane < 32; ++lane)
    if ((who >> lane) & 1 && values[lane] != value)
      return {0, 0};
  return {who, 1};
}
ValueAndPredicate matchAll32(uint32_t mask, uint32_t value) { return matchAll(mask, value); }

template <int Op> uint32_t redux(uint32_t mask, uint32_t value) {
  uint64_t values[32];
  uint32_t who;
  gather(mask, value, values, who);
  bool first = true;
  uint32_t r = 0;
  for (uint32_t lane = 0; lane < 32; ++lane) {
    if (!((who >> lane) & 1))
      continue;
    uint32_t v = static_cast<uint32_t>(values[lane]);
    if (first) {
      r = v;
      first = false;
      continue;
    }
    switch (Op) {
    case 0:
      r += v;
      break;
    case 1:
      r = static_cast<int32_t>(v) < static_cast<int32_t>(r) ? v : r;
      break;
    case 2:
      r = static_cast<int32_t>(v) > static_cast<int32_t>(r) ? v : r;
      break;
    case 3:
      r = v < r ? v : r;
      break;
    case 4:
      r = v > r ? v : r;
      break;
    case 5:
      r &= v;
      break;
    case 6:
      r |= v;
      break;
    default:
      r ^= v;
      break;
    }
  }
  return r;
}

ValueAndPredicate elect(uint32_t mask) {
  uint32_t who = participants(mask);
  uint32_t leader = who ? static_cast<uint32_t>(std::countr_zero(who)) : 32;
  return {leader, thread().lane == leader ? 1u : 0u};
}

// --- printf, assert, trap, exit, malloc ---

// vprintf(format, arguments): arguments packed as nvcc packs them, each aligned to its size.
int32_t devicePrintf(const char *format, const char *args) {
  std::string out;
  size_t offset = 0;
  auto take = [&](size_t bytes) {
    offset = (offset + bytes - 1) / bytes * bytes;
    uint64_t v = 0;
    if (args)
      std::memcpy(&v, args + offset, bytes);
    offset += bytes;
    return v;
  };
  for (const char *p = format; p && *p;) {
    if (*p != '%') {
      out += *p++;
      continue;
    }
    if (p[1] == '%') {
      out += '%';
      p += 2;
      continue;
    }
    const char *start = p++;
    while (*p && std::strchr("-+ #0123456789.", *p))
      ++p;
    int longs = 0;
    while (*p == 'l' || *p == 'h' || *p == 'z') {
      longs += *p == 'l' || *p == 'z';
      ++p;
    }
    char conversion = *p ? *p++ : 0;
    std::string spec(start, p);
    char piece[512];
    switch (conversion) {
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'c': {
      uint64_t v = take(longs ? 8 : 4);
      std::string s = spec;
      if (!longs && conversion != 'c')
        s.insert(s.size() - 1, "l"),
            v = conversion == 'd' || conversion == 'i'
                    ? static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)))
                    : static_cast<uint32_t>(v);
      if (conversion == 'c')
        std::snprintf(piece, sizeof piece, s.c_str(), static_cast<int>(v));
      else
        std::snprintf(piece, sizeof piece, s.c_str(), static_cast<long>(v));
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A': {
      uint64_t bits = take(8);
      double d;
      std::memcpy(&d, &bits, 8);
      std::snprintf(piece, sizeof piece, spec.c_str(), d);
      break;
    }
    case 's': {
      const char *s = reinterpret_cast<const char *>(take(8));
      std::snprintf(piece, sizeof piece, spec.c_str(), s ? s : "(null)");
      break;
    }
    case 'p':
      std::snprintf(piece, sizeof piece, "%p", reinterpret_cast<void *>(take(8)));
      break;
    default:
      std::snprintf(piece, sizeof piece, "%s", spec.c_str());
      break;
    }
    out += piece;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return static_cast<int32_t>(out.size());
}

void assertFail(const char *message, const char *file, uint32_t line, const char *function,
                uint64_t) {
  fault(kAssert, std::string(file ? file : "?") + ":" + std::to_string(line) + ": " +
                     (function ? function : "?") + ": Assertion `" + (message ? message : "") +
                     "` failed.");
}
void trap() { fault(kLaunchFailure, "trap"); }
void exitThread() { std::longjmp(current->exit, 1); }
void *deviceMalloc(uint64_t bytes) { return std::malloc(bytes); }
void deviceFree(void *p) { std::free(p); }

template <class F> void *address(F *f) { return reinterpret_cast<void *>(f); }

// Directed rounding: the operation computed in the host's rounding mode `Mode` (FE_TOWARDZERO,
// FE_DOWNWARD, FE_UPWARD). The operands and the result pass through memory the compiler cannot
// see into, so it neither folds the arithmetic nor moves it across fesetround.
template <class T> T opaque(T v) {
  asm volatile("" : "+m"(v));
  return v;
}
template <int Mode> struct Rounded {
  int saved = std::fegetround();
  Rounded() { std::fesetround(Mode); }
  ~Rounded() { std::fesetround(saved); }
};
template <int Mode, class T> T fadd(T a, T b) {
  Rounded<Mode> r;
  return opaque(opaque(a) + opaque(b));
}
template <int Mode, class T> T fsub(T a, T b) {
  Rounded<Mode> r;
  return opaque(opaque(a) - opaque(b));
}
template <int Mode, class T> T fmul(T a, T b) {
  Rounded<Mode> r;
  return opaque(opaque(a) * opaque(b));
}
template <int Mode, class T> T fdiv(T a, T b) {
  Rounded<Mode> r;
  return opaque(opaque(a) / opaque(b));
}
template <int Mode, class T> T ffma(T a, T b, T c) {
  Rounded<Mode> r;
  return opaque(std::fma(opaque(a), opaque(b), opaque(c)));
}
template <int Mode, class T> T fsqrt(T a) {
  Rounded<Mode> r;
  return opaque(std::sqrt(opaque(a)));
}
template <int Mode, class T> T frcp(T a) {
  Rounded<Mode> r;
  return opaque(T(1) / opaque(a));
}
template <int Mode, class To, class From> To convert(From v) {
  Rounded<Mode> r;
  return opaque(static_cast<To>(opaque(v)));
}

template <int Mode>
void addRounded(std::vector<std::pair<std::string, void *>> &out, const std::string &mode) {
  auto both = [&](const char *op, void *f32, void *f64) {
    out.push_back({std::string("qiao.") + op + "." + mode + ".f32", f32});
    out.push_back({std::string("qiao.") + op + "." + mode + ".f64", f64});
  };
  both("fadd", address(fadd<Mode, float>), address(fadd<Mode, double>));
  both("fsub", address(fsub<Mode, float>), address(fsub<Mode, double>));
  both("fmul", address(fmul<Mode, float>), address(fmul<Mode, double>));
  both("fdiv", address(fdiv<Mode, float>), address(fdiv<Mode, double>));
  both("fma", address(ffma<Mode, float>), address(ffma<Mode, double>));
  both("sqrt", address(fsqrt<Mode, float>), address(fsqrt<Mode, double>));
  both("rcp", address(frcp<Mode, float>), address(frcp<Mode, double>));
  std::string cvt = "qiao.cvt." + mode;
  out.push_back({cvt + ".f32.s32", address(convert<Mode, float, int32_t>)});
  out.push_back({cvt + ".f32.u32", address(convert<Mode, float, uint32_t>)});
  out.push_back({cvt + ".f32.s64", address(convert<Mode, float, int64_t>)});
  out.push_back({cvt + ".f32.u64", address(convert<Mode, float, uint64_t>)});
  out.push_back({cvt + ".f64.s32", address(convert<Mode, double, int32_t>)});
  out.push_back({cvt + ".f64.u32", address(convert<Mode, double, uint32_t>)});
  out.push_back({cvt + ".f64.s64", address(convert<Mode, double, int64_t>)});
  out.push_back({cvt + ".f64.u64", address(convert<Mode, double, uint64_t>)});
  out.push_back({cvt + ".f32.f64", address(convert<Mode, float, double>)});
}

} // namespace

void kernelFault(int32_t code, const std::string &message) { fault(code, message); }

uint64_t linearBlock() {
  const uint32_t *index = blockIndex(), *size = gridSize();
  return index[0] + uint64_t{size[0]} * (index[1] + uint64_t{size[1]} * index[2]);
}

uint32_t linearThread() { return linearTid(); }

KernelThread &currentThread() { return *current; }

void yieldToBlock() {
  Resume resume;
  qiaoDrvHostThread *t = resume.self->thread;
  if (QIAO_DRV_HAS_FIELD(t->ops, qiaoDrvHostThreadOps, yield) && t->ops->yield)
    t->ops->yield(t);
}

void runKernelThread(qiaoDrvHostThread *t) {
  KernelThread self{
      t, static_cast<const LaunchHeader *>(t->params), {}, __builtin_frame_address(0)};
  KernelThread *outer = current;
  current = &self;
  if (setjmp(self.exit) == 0)
    self.header->kernel(static_cast<const uint8_t *>(t->params) + sizeof(LaunchHeader));
  current = outer;
}

std::vector<std::pair<std::string, void *>> hostIntrinsics() {
  std::vector<std::pair<std::string, void *>> all = {
      {"qiao.sreg.tid.x", address(tidX)},
      {"qiao.sreg.tid.y", address(tidY)},
      {"qiao.sreg.tid.z", address(tidZ)},
      {"qiao.sreg.ntid.x", address(ntidX)},
      {"qiao.sreg.ntid.y", address(ntidY)},
      {"qiao.sreg.ntid.z", address(ntidZ)},
      {"qiao.sreg.ctaid.x", address(ctaidX)},
      {"qiao.sreg.ctaid.y", address(ctaidY)},
      {"qiao.sreg.ctaid.z", address(ctaidZ)},
      {"qiao.sreg.nctaid.x", address(nctaidX)},
      {"qiao.sreg.nctaid.y", address(nctaidY)},
      {"qiao.sreg.nctaid.z", address(nctaidZ)},
      {"qiao.sreg.laneid", address(laneId)},
      {"qiao.sreg.warpid", address(warpId)},
      {"qiao.sreg.nwarpid", address(nWarpId)},
      {"qiao.sreg.smid", address(zero)},
      {"qiao.sreg.nsmid", address(one)},
      {"qiao.sreg.lanemask.eq", address(lanemaskEq)},
      {"qiao.sreg.lanemask.lt", address(lanemaskLt)},
      {"qiao.sreg.lanemask.le", address(lanemaskLe)},
      {"qiao.sreg.lanemask.gt", address(lanemaskGt)},
      {"qiao.sreg.lanemask.ge", address(lanemaskGe)},
      {"qiao.sreg.clock", address(clockLo)},
      {"qiao.sreg.clock.hi", address(clockHi)},
      {"qiao.sreg.clock64", address(nanoseconds)},
      {"qiao.sreg.globaltimer", address(nanoseconds)},
      {"qiao.sreg.globaltimer.lo", address(clockLo)},
      {"qiao.sreg.globaltimer.hi", address(clockHi)},
      {"qiao.sreg.gridid", address(gridId)},
      {"qiao.sreg.envreg", address(envReg)},
      {"qiao.sreg.dynamic_smem_size", address(dynamicSmem)},
      {"qiao.sreg.total_smem_size", address(totalSmem)},
      {"qiao.sreg.aggr_smem_size", address(aggrSmem)},
      {"qiao.sreg.reserved_smem_offset_begin", address(reservedBegin)},
      {"qiao.sreg.reserved_smem_offset_end", address(reservedEnd)},
      {"qiao.sreg.reserved_smem_offset_cap", address(reservedCap)},
      {"qiao.sreg.reserved_smem_offset_0", address(reservedBegin)},
      {"qiao.sreg.reserved_smem_offset_1", address(reservedSecond)},
      // Every block is a cluster of one (the driver does not offer cluster launches): its
      // cluster's place is the block's, it is rank 0 of 1, and no launch names a cluster shape.
      {"qiao.sreg.clusterid.x", address(ctaidX)},
      {"qiao.sreg.clusterid.y", address(ctaidY)},
      {"qiao.sreg.clusterid.z", address(ctaidZ)},
      {"qiao.sreg.nclusterid.x", address(nctaidX)},
      {"qiao.sreg.nclusterid.y", address(nctaidY)},
      {"qiao.sreg.nclusterid.z", address(nctaidZ)},
      {"qiao.sreg.cluster_ctaid.x", address(zero)},
      {"qiao.sreg.cluster_ctaid.y", address(zero)},
      {"qiao.sreg.cluster_ctaid.z", address(zero)},
      {"qiao.sreg.cluster_nctaid.x", address(one)},
      {"qiao.sreg.cluster_nctaid.y", address(one)},
      {"qiao.sreg.cluster_nctaid.z", address(one)},
      {"qiao.sreg.cluster_ctarank", address(zero)},
      {"qiao.sreg.cluster_nctarank", address(one)},
      {"qiao.sreg.is_explicit_cluster", address(zero)},
      {"qiao.shared.base", address(sharedBase)},
      {"qiao.barrier.sync", address(barrierSync)},
      {"qiao.barrier.arrive", address(barrierArrive)},
      {"qiao.barrier.red.popc", address(barrierPopc)},
      {"qiao.barrier.red.and", address(barrierAnd)},
      {"qiao.barrier.red.or", address(barrierOr)},
      {"qiao.warp.sync", address(warpSync)},
      {"qiao.activemask", address(activeMask)},
      {"qiao.shfl.up", address(shfl<0>)},
      {"qiao.shfl.down", address(shfl<1>)},
      {"qiao.shfl.bfly", address(shfl<2>)},
      {"qiao.shfl.idx", address(shfl<3>)},
      {"qiao.vote.ballot", address(voteBallot)},
      {"qiao.vote.all", address(voteAll)},
      {"qiao.vote.any", address(voteAny)},
      {"qiao.vote.uni", address(voteUni)},
      {"qiao.match.any.i32", address(matchAny32)},
      {"qiao.match.any.i64", address(matchAny)},
      {"qiao.match.all.i32", address(matchAll32)},
      {"qiao.match.all.i64", address(matchAll)},
      {"qiao.redux.add", address(redux<0>)},
      {"qiao.redux.min", address(redux<1>)},
      {"qiao.redux.max", address(redux<2>)},
      {"qiao.redux.umin", address(redux<3>)},
      {"qiao.redux.umax", address(redux<4>)},
      {"qiao.redux.and", address(redux<5>)},
      {"qiao.redux.or", address(redux<6>)},
      {"qiao.redux.xor", address(redux<7>)},
      {"qiao.elect", address(elect)},
      {"qiao.printf", address(devicePrintf)},
      {"qiao.assertfail", address(assertFail)},
      {"qiao.trap", address(trap)},
      {"qiao.exit", address(exitThread)},
      {"qiao.malloc", address(deviceMalloc)},
      {"qiao.free", address(deviceFree)},
  };
  addRounded<FE_TOWARDZERO>(all, "rz");
  addRounded<FE_DOWNWARD>(all, "rm");
  addRounded<FE_UPWARD>(all, "rp");
  addTextureIntrinsics(all);
  addAsyncBarrierIntrinsics(all);
  addSpaceIntrinsics(all);
  addDeviceRuntimeIntrinsics(all);
  return all;
}

} // namespace qiao::kirdriver
