#include "FiberBlock.h"

#include "FiberStacks.h"
#include "FiberSwitch.h"
#include "WarpRendezvous.h"
#include "support/ErrorCodes.h"

#include <signal.h>

#include <bit>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

namespace qiao::emu {
namespace {

constexpr uint32_t kWarpSize = 32;

struct Block;

struct Thread {
  qiaoDrvHostThread view; // handed to the kernel; view.driverData points back here
  Block *block;
  uint32_t index; // linear index in the block
  FiberContext context;
  FiberStack stack;
};

// A warp's lanes: which exist, which exited, which are parked (at a barrier or a collective,
// so not running), which wait in a collective, and what they offered and got there.
struct Warp {
  uint32_t present = 0, exited = 0, parked = 0, waiting = 0;
  LaneOffer offers[kWarpSize];
  LaneResult results[kWarpSize];
};

// Thread states, as sets: a thread below nextToStart has started (its fiber exists once the
// block is in fiber mode); `ready` holds the threads that may run (the running one included,
// and those not started yet); `atBarrier` those waiting at the barrier; a warp's `exited` those
// that returned. The rest wait in a warp collective.
struct Block {
  const HostBlockLaunch *launch = nullptr;
  qiaoDrvHostThread viewTemplate; // the fields every thread of the block shares
  // The view of the threads run by the plain loop, advanced from one to the next; a thread that
  // turns the block into fibers keeps it.
  qiaoDrvHostThread plainView;
  Thread *threads = nullptr;
  Warp *warps = nullptr;
  uint64_t *ready = nullptr, *atBarrier = nullptr;
  uint32_t words = 0; // of each bit set
  uint32_t count = 0;
  uint32_t finished = 0;
  uint32_t nextToStart = 0;
  bool fibers = false; // false while the threads run one after another on the runner fiber
  uint32_t running = 0;
  FiberContext scheduler;           // runHostBlock's side: resumed when the block ends or faults
  FiberStackPool *stacks = nullptr; // the host thread's
  FiberStack runnerStack;
  // The barrier being filled, and the result of the last one released.
  uint32_t arrived = 0;
  uint32_t passed = 0;
  uint32_t lastPassed = 0;
  int faultCode = 0;
  std::string *report = nullptr; // reserved before the block runs: the fault handler fills it
};

// What a block needs besides its threads' stacks, kept per host thread so that a block does not
// allocate (or set up) it again; a block run from inside another (nested) gets its own.
struct BlockStorage {
  Block block; // at a fixed address, so that the threads' pointers to it stay valid
  std::vector<Thread> threads;
  std::vector<Warp> warps;
  std::vector<uint64_t> ready, atBarrier; // one bit per thread
  std::string report;
};

thread_local Block *currentBlock = nullptr;

extern const qiaoDrvHostThreadOps kOps;

Thread &threadOf(qiaoDrvHostThread *self) { return *static_cast<Thread *>(self->driverData); }
uint32_t bit(uint32_t lane) { return 1u << lane; }
void setBit(uint64_t *set, uint32_t i) { set[i / 64] |= uint64_t(1) << (i % 64); }
void clearBit(uint64_t *set, uint32_t i) { set[i / 64] &= ~(uint64_t(1) << (i % 64)); }

// threadIdx of the thread with linear index i.
void threadCoordinates(const HostBlockLaunch &launch, uint32_t i, uint32_t (&out)[3]) {
  out[0] = i % launch.block[0];
  out[1] = (i / launch.block[0]) % launch.block[1];
  out[2] = i / (launch.block[0] * launch.block[1]);
}

// The view of a thread that starts on its own fiber.
void initThread(Block &b, Thread &t) {
  qiaoDrvHostThread &v = t.view;
  v = b.viewTemplate;
  threadCoordinates(*b.launch, t.index, v.threadIndex);
  v.lane = t.index % kWarpSize;
  v.driverData = &t;
}

// " block (x,y,z) thread (x,y,z)" of the thread with linear index i.
void describeThread(const Block &b, uint32_t i, char (&out)[128]) {
  const uint32_t *blockIdx = b.launch->blockIdx;
  uint32_t t[3];
  threadCoordinates(*b.launch, i, t);
  std::snprintf(out, sizeof out, " block (%u,%u,%u) thread (%u,%u,%u)", blockIdx[0], blockIdx[1],
                blockIdx[2], t[0], t[1], t[2]);
}

void setFault(Block &b, const Thread &t, int code, const char *message) {
  if (b.faultCode != 0)
    return;
  b.faultCode = code != 0 ? code : errc::qiaoErrorLaunchFailure;
  char where[128];
  describeThread(b, t.index, where);
  *b.report = std::string("host kernel: ") + (message ? message : "fault") + where;
}

void fiberMain(void *thread);

// The first ready thread after `from` in thread order, wrapping around (`from` itself last);
// -1 when none is ready.
int64_t nextReady(const Block &b, uint32_t from) {
  const uint32_t start = from + 1 == b.count ? 0 : from + 1;
  uint32_t word = start / 64;
  uint64_t bits = b.ready[word] & (~uint64_t(0) << (start % 64));
  for (uint32_t scanned = 0; scanned <= b.words; ++scanned) {
    if (bits)
      return int64_t(word) * 64 + std::countr_zero(bits);
    word = word + 1 == b.words ? 0 : word + 1;
    bits = b.ready[word];
  }
  return -1;
}

// Where a thread that stops running goes: straight to the next ready thread (started on its
// fiber if it has not run yet), else back to runHostBlock, the block having finished or
// deadlocked. `keep` receives the stopping thread's context (null: it is abandoned).
void runNext(Block &b, Thread &from, FiberContext *keep) {
  const int64_t next = nextReady(b, from.index);
  if (next == int64_t(from.index) && keep)
    return; // the only one that may run
  FiberContext *to = &b.scheduler;
  if (next < 0 || next == int64_t(from.index)) {
    if (b.finished < b.count && b.faultCode == 0) {
      b.faultCode = errc::qiaoErrorLaunchFailure;
      *b.report = "host kernel: every unfinished thread of block (" +
                  std::to_string(b.launch->blockIdx[0]) + "," +
                  std::to_string(b.launch->blockIdx[1]) + "," +
                  std::to_string(b.launch->blockIdx[2]) +
                  ") waits at a barrier or warp collective that cannot complete";
    }
  } else {
    Thread &t = b.threads[next];
    if (uint32_t(next) >= b.nextToStart) { // threads start in order: this is nextToStart
      initThread(b, t);
      t.stack = b.stacks->take(b.launch->stackBytes);
      fiberPrepare(t.context, t.stack.base, t.stack.bytes, fiberMain, &t);
      ++b.nextToStart;
    }
    b.running = t.index;
    to = &t.context;
  }
  if (keep)
    fiberSwitch(*keep, *to);
  else
    fiberJump(*to);
}

// The calling thread waits (parked) or lets the others go first (ready); returns when it is
// resumed.
void yield(Thread &t) { runNext(*t.block, t, &t.context); }

// Completes the collectives of warp `w` if none of its lanes runs (WarpRendezvous.h).
void settleWarp(Block &b, uint32_t w) {
  Warp &warp = b.warps[w];
  const uint32_t live = warp.present & ~warp.exited;
  if ((live & ~warp.parked) != 0 || warp.waiting == 0)
    return;
  const uint32_t released = completeCollectives(warp.offers, warp.waiting, live, warp.results);
  warp.waiting &= ~released;
  warp.parked &= ~released;
  b.ready[w / 2] |= uint64_t(released) << (32 * (w % 2));
}

void releaseBarrierIfComplete(Block &b) {
  if (b.arrived == 0 || b.arrived < b.count - b.finished)
    return;
  for (uint32_t word = 0; word < b.words; ++word) {
    const uint64_t released = b.atBarrier[word];
    b.ready[word] |= released;
    b.atBarrier[word] = 0;
    for (uint32_t half = 0; half < 2 && word * 2 + half < (b.count + 31) / kWarpSize; ++half)
      b.warps[word * 2 + half].parked &= ~uint32_t(released >> (32 * half));
  }
  b.lastPassed = b.passed;
  b.arrived = 0;
  b.passed = 0;
}

// The first synchronising call of a block: from now on every thread gets its own fiber. The
// caller keeps the runner fiber's stack as its own; the threads after it are ready to start.
void becomeFibers(Block &b) {
  if (b.fibers)
    return;
  b.fibers = true;
  b.threads[b.running].stack = b.runnerStack;
  b.runnerStack = FiberStack{};
  b.nextToStart = b.running + 1;
  // The plain loop finished the threads before this one without counting them.
  b.finished = b.running;
  for (uint32_t w = 0; w < b.running / kWarpSize; ++w)
    b.warps[w].exited = b.warps[w].present;
  b.warps[b.running / kWarpSize].exited = bit(b.running % kWarpSize) - 1;
  for (uint32_t i = b.running; i < b.count; ++i)
    setBit(b.ready, i);
}

// Bookkeeping of a thread that returned from the kernel.
void finishThread(Block &b, Thread &t) {
  ++b.finished;
  b.warps[t.index / kWarpSize].exited |= bit(t.index % kWarpSize);
}

[[noreturn]] void exitThread(Thread &t) {
  Block &b = *t.block;
  finishThread(b, t);
  clearBit(b.ready, t.index);
  releaseBarrierIfComplete(b);
  settleWarp(b, t.index / kWarpSize);
  runNext(b, t, nullptr);
  __builtin_unreachable();
}

[[noreturn]] void faultThread(Thread &t, int code, const char *message) {
  Block &b = *t.block;
  setFault(b, t, code, message);
  fiberJump(b.scheduler);
}

// The fault of a thread whose kernel let an exception out (the handler has finished).
[[noreturn]] __attribute__((noinline, cold)) void uncaughtException(Thread &t, const char *what) {
  char message[200];
  std::snprintf(message, sizeof message, "uncaught C++ exception%s%s", what[0] ? ": " : "", what);
  faultThread(t, errc::qiaoErrorLaunchFailure, message);
}

// Runs the kernel for one thread. An exception must not unwind past the fiber's first frame
// (FiberSwitch.h), and a handler must not be left by a fiber switch (the exception state is
// the host thread's): the thread ends with a fault after the handler has finished.
void runKernel(Thread &t, qiaoDrvHostThread &view) {
  char what[160];
  try {
    t.block->launch->entry(&view);
    return;
  } catch (const std::exception &e) {
    std::snprintf(what, sizeof what, "%s", e.what());
  } catch (...) {
    what[0] = 0;
  }
  uncaughtException(t, what);
}

void fiberMain(void *thread) {
  Thread &t = *static_cast<Thread *>(thread);
  runKernel(t, t.view);
  exitThread(t);
}

// Plain mode: the threads one after another. Once a thread turned the block into fibers, the
// remaining ones are started by runNext; this fiber only finishes the thread it was running.
void runnerMain(void *block) {
  Block &b = *static_cast<Block *>(block);
  qiaoDrvHostThread &v = b.plainView;
  v = b.viewTemplate;
  const uint32_t *size = b.launch->block;
  for (uint32_t i = 0; i < b.count; ++i) {
    b.running = i;
    Thread &t = b.threads[i];
    v.lane = i % kWarpSize;
    v.driverData = &t;
    runKernel(t, v);
    if (b.fibers)
      exitThread(t);
    if (++v.threadIndex[0] == size[0]) {
      v.threadIndex[0] = 0;
      if (++v.threadIndex[1] == size[1])
        v.threadIndex[1] = 0, ++v.threadIndex[2];
    }
  }
  fiberJump(b.scheduler);
}

int32_t opBarrier(qiaoDrvHostThread *self, int32_t predicate) {
  Thread &t = threadOf(self);
  Block &b = *t.block;
  becomeFibers(b);
  ++b.arrived;
  b.passed += predicate != 0;
  const uint32_t w = t.index / kWarpSize;
  b.warps[w].parked |= bit(t.index % kWarpSize);
  setBit(b.atBarrier, t.index);
  clearBit(b.ready, t.index);
  releaseBarrierIfComplete(b);
  if (b.arrived != 0) { // not released: wait
    settleWarp(b, w);   // the warp's other lanes may wait for quiescence only
    yield(t);
  }
  return static_cast<int32_t>(b.lastPassed);
}

uint64_t opWarpExchange(qiaoDrvHostThread *self, uint32_t mask, uint64_t value, uint32_t srcLane,
                        int32_t predicate, uint32_t *ballot) {
  Thread &t = threadOf(self);
  Block &b = *t.block;
  becomeFibers(b);
  const uint32_t w = t.index / kWarpSize, lane = t.index % kWarpSize;
  Warp &warp = b.warps[w];
  warp.offers[lane] = LaneOffer{mask, value, srcLane, predicate != 0};
  warp.waiting |= bit(lane);
  warp.parked |= bit(lane);
  clearBit(b.ready, t.index);
  settleWarp(b, w);
  // Released lanes continue in lane order, as a converged warp's lanes see each other's stores
  // in program order: a lane that completed the collective lets the lower ones run first.
  const uint32_t running = warp.present & ~warp.exited & ~warp.parked;
  if ((warp.parked & bit(lane)) != 0 || lane != uint32_t(std::countr_zero(running)))
    yield(t);
  if (ballot)
    *ballot = warp.results[lane].ballot;
  return warp.results[lane].value;
}

uint32_t opActiveMask(qiaoDrvHostThread *self) {
  Thread &t = threadOf(self);
  const Block &b = *t.block;
  const Warp &warp = b.warps[t.index / kWarpSize];
  if (!b.fibers) // the plain loop has finished the lanes below the caller, uncounted
    return warp.present & ~(bit(t.index % kWarpSize) - 1);
  return warp.present & ~warp.exited;
}

void opFault(qiaoDrvHostThread *self, int32_t code, const char *message) {
  faultThread(threadOf(self), code, message);
}

// The caller stays ready and the scheduler moves on to the next ready thread in thread order,
// coming back to the caller after the others have had their turn.
void opYield(qiaoDrvHostThread *self) {
  Thread &t = threadOf(self);
  becomeFibers(*t.block);
  yield(t);
}

const qiaoDrvHostThreadOps kOps = {
    sizeof(qiaoDrvHostThreadOps), opBarrier, opWarpExchange, opActiveMask, opFault, opYield};

// Memory faults of host-compiled kernels. A PTX kernel's bad access is caught by the engine's
// range checks; host code touches memory directly, so a bad pointer raises SIGSEGV or SIGBUS on
// the worker thread. While a block runs there, the handler turns the signal into the block's
// fault (qiaoErrorIllegalAddress, a report naming block, thread and address) and resumes the
// block's scheduler, as opFault does; the process lives on with the error sticky, as on
// hardware. Anywhere else the signal goes to whoever handled it before us. The handler runs
// with SA_NODEFER, so leaving it by a fiber switch leaves no signal blocked.
struct sigaction previousSegv, previousBus;

void onMemoryFault(int signal, siginfo_t *info, void *context) {
  Block *b = currentBlock;
  if (b == nullptr || b->faultCode != 0) {
    const struct sigaction &previous = signal == SIGBUS ? previousBus : previousSegv;
    if (previous.sa_flags & SA_SIGINFO) {
      previous.sa_sigaction(signal, info, context);
      return;
    }
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
      previous.sa_handler(signal);
      return;
    }
    // Default action: uninstall ourselves; returning re-runs the faulting instruction.
    sigaction(signal, &previous, nullptr);
    return;
  }
  char where[128], report[256];
  describeThread(*b, b->running, where);
  std::snprintf(report, sizeof report, "host kernel: illegal address %p%s",
                info ? info->si_addr : nullptr, where);
  b->faultCode = errc::qiaoErrorIllegalAddress;
  *b->report = report; // fits the capacity reserved before the block ran: no allocation
  fiberJump(b->scheduler);
}

// A fiber that overflows its stack faults on its guard page; the handler needs a stack of its
// own to run on, one per host thread.
void prepareFaultHandling() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    struct sigaction action {};
    action.sa_sigaction = onMemoryFault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &previousSegv);
    sigaction(SIGBUS, &action, &previousBus);
  });
  thread_local bool altStack = false;
  if (!altStack) {
    constexpr size_t kBytes = 64 << 10;
    stack_t stack{};
    stack.ss_sp = std::malloc(kBytes);
    stack.ss_size = kBytes;
    if (stack.ss_sp && sigaltstack(&stack, nullptr) == 0)
      altStack = true;
  }
}

Block &prepareBlock(BlockStorage &storage, const HostBlockLaunch &launch) {
  Block &b = storage.block;
  b = Block{};
  b.launch = &launch;
  b.count = launch.block[0] * launch.block[1] * launch.block[2];
  b.words = (b.count + 63) / 64;
  const uint32_t warps = (b.count + kWarpSize - 1) / kWarpSize;
  if (storage.threads.size() < b.count) {
    storage.threads.resize(b.count);
    for (uint32_t i = 0; i < storage.threads.size(); ++i)
      storage.threads[i].block = &b, storage.threads[i].index = i;
  }
  if (storage.warps.size() < warps)
    storage.warps.resize(warps);
  storage.ready.assign(b.words, 0);
  storage.atBarrier.assign(b.words, 0);
  b.threads = storage.threads.data();
  b.warps = storage.warps.data();
  b.ready = storage.ready.data();
  b.atBarrier = storage.atBarrier.data();
  for (uint32_t w = 0; w < warps; ++w)
    b.warps[w].present = ~0u, b.warps[w].exited = b.warps[w].parked = b.warps[w].waiting = 0;
  if (b.count % kWarpSize)
    b.warps[warps - 1].present = bit(b.count % kWarpSize) - 1;
  qiaoDrvHostThread &v = b.viewTemplate;
  v = qiaoDrvHostThread{};
  v.structSize = sizeof(qiaoDrvHostThread);
  v.ops = &kOps;
  for (int a = 0; a < 3; ++a) {
    v.blockIndex[a] = launch.blockIdx[a];
    v.blockSize[a] = launch.block[a];
    v.gridSize[a] = launch.grid[a];
  }
  v.dynamicShared = launch.dynamicShared;
  v.dynamicSharedBytes = launch.dynamicSharedBytes;
  v.params = launch.params;
  storage.report.clear();
  storage.report.reserve(256);
  b.report = &storage.report;
  return b;
}

} // namespace

HostBlockOutcome runHostBlock(const HostBlockLaunch &launch) {
  thread_local BlockStorage reused;
  std::unique_ptr<BlockStorage> nested;
  if (currentBlock)
    nested = std::make_unique<BlockStorage>();
  Block &b = prepareBlock(nested ? *nested : reused, launch);
  prepareFaultHandling();
  FiberStackPool &stacks = threadStackPool();
  b.stacks = &stacks;
  Block *outer = currentBlock;
  currentBlock = &b;
  b.runnerStack = stacks.take(launch.stackBytes);
  FiberContext runner;
  fiberPrepare(runner, b.runnerStack.base, b.runnerStack.bytes, runnerMain, &b);
  // Comes back when the block has finished, faulted or deadlocked.
  fiberSwitch(b.scheduler, runner);
  stacks.give(b.runnerStack);
  if (b.fibers)
    for (uint32_t i = 0; i < b.nextToStart; ++i) {
      stacks.give(b.threads[i].stack);
      b.threads[i].stack = FiberStack{};
    }
  currentBlock = outer;
  return HostBlockOutcome{b.faultCode, *b.report};
}

} // namespace qiao::emu
