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
#include <mutex>
#include <new>
#include <vector>

namespace qiao::emu {
namespace {

constexpr uint32_t kWarpSize = 32;

enum class State : uint8_t { NotStarted, Ready, AtBarrier, AtWarp, Done };

struct Block;

struct Thread {
  qiaoDrvHostThread view; // handed to the kernel; view.driverData points back here
  Block *block;
  uint32_t index; // linear index in the block
  State state;
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

// What a block needs besides its threads' stacks, kept per host thread so that a block does not
// allocate (or clear) it again; a block run from inside another (nested) gets its own.
struct BlockStorage {
  std::vector<Thread> threads;
  std::vector<Warp> warps;
  std::string report;
};

struct Block {
  const HostBlockLaunch *launch = nullptr;
  Thread *threads = nullptr;
  Warp *warps = nullptr;
  uint32_t count = 0;
  uint32_t finished = 0;
  bool fibers = false; // false while the threads run one after another on the runner fiber
  uint32_t running = 0;
  FiberContext scheduler;
  FiberStack runnerStack;
  // The barrier being filled, and the result of the last one released.
  uint32_t arrived = 0;
  uint32_t passed = 0;
  uint32_t lastPassed = 0;
  int faultCode = 0;
  std::string *report = nullptr; // reserved before the block runs: the fault handler fills it
};

thread_local Block *currentBlock = nullptr;

extern const qiaoDrvHostThreadOps kOps;

Thread &threadOf(qiaoDrvHostThread *self) { return *static_cast<Thread *>(self->driverData); }
uint32_t bit(uint32_t lane) { return 1u << lane; }

void initThread(Block &b, Thread &t) {
  const HostBlockLaunch &launch = *b.launch;
  const uint32_t i = t.index;
  qiaoDrvHostThread &v = t.view;
  v.ops = &kOps;
  v.threadIndex[0] = i % launch.block[0];
  v.threadIndex[1] = (i / launch.block[0]) % launch.block[1];
  v.threadIndex[2] = i / (launch.block[0] * launch.block[1]);
  for (int a = 0; a < 3; ++a) {
    v.blockIndex[a] = launch.blockIdx[a];
    v.blockSize[a] = launch.block[a];
    v.gridSize[a] = launch.grid[a];
  }
  v.lane = i % kWarpSize;
  v.dynamicShared = launch.dynamicShared;
  v.dynamicSharedBytes = launch.dynamicSharedBytes;
  v.params = launch.params;
  v.driverData = &t;
}

// Back to the scheduler; returns when the scheduler resumes this thread.
void suspend(Thread &t) { fiberSwitch(t.context, t.block->scheduler); }

// Leaves the calling thread for good.
[[noreturn]] void abandon(Block &b) { fiberJump(b.scheduler); }

void setFault(Block &b, const Thread &t, int code, const char *message) {
  if (b.faultCode != 0)
    return;
  b.faultCode = code != 0 ? code : errc::qiaoErrorLaunchFailure;
  const qiaoDrvHostThread &v = t.view;
  char where[128];
  std::snprintf(where, sizeof where, " block (%u,%u,%u) thread (%u,%u,%u)", v.blockIndex[0],
                v.blockIndex[1], v.blockIndex[2], v.threadIndex[0], v.threadIndex[1],
                v.threadIndex[2]);
  *b.report = std::string("host kernel: ") + (message ? message : "fault") + where;
}

[[noreturn]] void faultThread(Thread &t, int code, const char *message) {
  Block &b = *t.block;
  setFault(b, t, code, message);
  t.state = State::Done;
  abandon(b);
}

// Completes the collectives of warp `w` if none of its lanes runs (WarpRendezvous.h).
void settleWarp(Block &b, uint32_t w) {
  Warp &warp = b.warps[w];
  const uint32_t live = warp.present & ~warp.exited;
  if ((live & ~warp.parked) != 0 || warp.waiting == 0)
    return;
  const uint32_t released = completeCollectives(warp.offers, warp.waiting, live, warp.results);
  warp.waiting &= ~released;
  warp.parked &= ~released;
  for (uint32_t m = released; m; m &= m - 1)
    b.threads[w * kWarpSize + std::countr_zero(m)].state = State::Ready;
}

void releaseBarrierIfComplete(Block &b) {
  if (b.arrived == 0 || b.arrived < b.count - b.finished)
    return;
  for (uint32_t i = 0; i < b.count; ++i)
    if (b.threads[i].state == State::AtBarrier) {
      b.threads[i].state = State::Ready;
      b.warps[i / kWarpSize].parked &= ~bit(i % kWarpSize);
    }
  b.lastPassed = b.passed;
  b.arrived = 0;
  b.passed = 0;
}

// The first synchronising call of a block: from now on every thread gets its own fiber. The
// caller keeps the runner fiber's stack as its own.
void becomeFibers(Block &b) {
  if (b.fibers)
    return;
  b.fibers = true;
  b.threads[b.running].stack = b.runnerStack;
  b.runnerStack = FiberStack{};
}

// Bookkeeping of a thread that returned from the kernel.
void finishThread(Block &b, Thread &t) {
  t.state = State::Done;
  ++b.finished;
  b.warps[t.index / kWarpSize].exited |= bit(t.index % kWarpSize);
}

[[noreturn]] void exitThread(Thread &t) {
  Block &b = *t.block;
  finishThread(b, t);
  releaseBarrierIfComplete(b);
  settleWarp(b, t.index / kWarpSize);
  abandon(b);
}

// Runs the kernel for one thread. An exception must not unwind past the fiber's first frame
// (FiberSwitch.h), and a handler must not be left by a fiber switch (the exception state is
// the host thread's): the thread ends with a fault after the handler has finished.
void runKernel(Thread &t) {
  char what[160] = "";
  bool threw = false;
  try {
    t.block->launch->entry(&t.view);
  } catch (const std::exception &e) {
    threw = true;
    std::snprintf(what, sizeof what, ": %s", e.what());
  } catch (...) {
    threw = true;
  }
  if (threw) {
    char message[200];
    std::snprintf(message, sizeof message, "uncaught C++ exception%s", what);
    faultThread(t, errc::qiaoErrorLaunchFailure, message);
  }
}

void fiberMain(void *thread) {
  Thread &t = *static_cast<Thread *>(thread);
  runKernel(t);
  exitThread(t);
}

// Plain mode: the threads one after another. Once a thread turned the block into fibers, the
// remaining ones are the scheduler's; this fiber only finishes the thread it was running.
void runnerMain(void *block) {
  Block &b = *static_cast<Block *>(block);
  for (uint32_t i = 0; i < b.count; ++i) {
    b.running = i;
    Thread &t = b.threads[i];
    initThread(b, t);
    t.state = State::Ready;
    runKernel(t);
    if (b.fibers)
      exitThread(t);
    finishThread(b, t);
  }
  abandon(b);
}

int32_t opBarrier(qiaoDrvHostThread *self, int32_t predicate) {
  Thread &t = threadOf(self);
  Block &b = *t.block;
  becomeFibers(b);
  ++b.arrived;
  b.passed += predicate != 0;
  t.state = State::AtBarrier;
  const uint32_t w = t.index / kWarpSize;
  b.warps[w].parked |= bit(t.index % kWarpSize);
  releaseBarrierIfComplete(b);
  if (t.state != State::Ready) {
    settleWarp(b, w); // the warp's other lanes may wait for quiescence only
    suspend(t);
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
  t.state = State::AtWarp;
  settleWarp(b, w);
  // Released lanes continue in lane order, as a converged warp's lanes see each other's stores
  // in program order: a lane that completed the collective lets the lower ones run first.
  const uint32_t running = warp.present & ~warp.exited & ~warp.parked;
  if (t.state != State::Ready || lane != uint32_t(std::countr_zero(running)))
    suspend(t);
  if (ballot)
    *ballot = warp.results[lane].ballot;
  return warp.results[lane].value;
}

uint32_t opActiveMask(qiaoDrvHostThread *self) {
  Thread &t = threadOf(self);
  const Warp &warp = t.block->warps[t.index / kWarpSize];
  return warp.present & ~warp.exited;
}

void opFault(qiaoDrvHostThread *self, int32_t code, const char *message) {
  faultThread(threadOf(self), code, message);
}

const qiaoDrvHostThreadOps kOps = {opBarrier, opWarpExchange, opActiveMask, opFault};

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
  Thread &t = b->threads[b->running];
  const qiaoDrvHostThread &v = t.view;
  char report[256];
  std::snprintf(report, sizeof report,
                "host kernel: illegal address %p block (%u,%u,%u) thread (%u,%u,%u)",
                info ? info->si_addr : nullptr, v.blockIndex[0], v.blockIndex[1], v.blockIndex[2],
                v.threadIndex[0], v.threadIndex[1], v.threadIndex[2]);
  b->faultCode = errc::qiaoErrorIllegalAddress;
  *b->report = report; // fits the capacity reserved before the block ran: no allocation
  t.state = State::Done;
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

void startFiber(Block &b, Thread &t) {
  initThread(b, t);
  t.stack = threadStackPool().take(b.launch->stackBytes);
  fiberPrepare(t.context, t.stack.base, t.stack.bytes, fiberMain, &t);
  t.state = State::Ready;
}

void schedule(Block &b) {
  while (b.finished < b.count && b.faultCode == 0) {
    bool progressed = false;
    for (uint32_t i = 0; i < b.count && b.faultCode == 0; ++i) {
      Thread &t = b.threads[i];
      if (t.state == State::NotStarted)
        startFiber(b, t);
      if (t.state != State::Ready)
        continue;
      b.running = i;
      progressed = true;
      fiberSwitch(b.scheduler, t.context);
    }
    if (!progressed && b.finished < b.count && b.faultCode == 0) {
      b.faultCode = errc::qiaoErrorLaunchFailure;
      *b.report = "host kernel: every unfinished thread of block (" +
                  std::to_string(b.launch->blockIdx[0]) + "," +
                  std::to_string(b.launch->blockIdx[1]) + "," +
                  std::to_string(b.launch->blockIdx[2]) +
                  ") waits at a barrier or warp collective that cannot complete";
    }
  }
}

void prepareBlock(Block &b, BlockStorage &storage, const HostBlockLaunch &launch) {
  b.launch = &launch;
  b.count = launch.block[0] * launch.block[1] * launch.block[2];
  if (storage.threads.size() < b.count)
    storage.threads.resize(b.count);
  const uint32_t warps = (b.count + kWarpSize - 1) / kWarpSize;
  if (storage.warps.size() < warps)
    storage.warps.resize(warps);
  b.threads = storage.threads.data();
  b.warps = storage.warps.data();
  for (uint32_t i = 0; i < b.count; ++i) {
    Thread &t = b.threads[i];
    t.block = &b;
    t.index = i;
    t.state = State::NotStarted;
    t.stack = FiberStack{};
  }
  for (uint32_t w = 0; w < warps; ++w)
    b.warps[w].present = ~0u, b.warps[w].exited = b.warps[w].parked = b.warps[w].waiting = 0;
  if (b.count % kWarpSize)
    b.warps[warps - 1].present = bit(b.count % kWarpSize) - 1;
  storage.report.clear();
  storage.report.reserve(256);
  b.report = &storage.report;
}

} // namespace

HostBlockOutcome runHostBlock(const HostBlockLaunch &launch) {
  thread_local BlockStorage reused;
  BlockStorage nested;
  Block b;
  prepareBlock(b, currentBlock ? nested : reused, launch);
  prepareFaultHandling();
  FiberStackPool &stacks = threadStackPool();
  Block *outer = currentBlock;
  currentBlock = &b;
  b.runnerStack = stacks.take(launch.stackBytes);
  FiberContext runner;
  fiberPrepare(runner, b.runnerStack.base, b.runnerStack.bytes, runnerMain, &b);
  fiberSwitch(b.scheduler, runner);
  if (b.fibers)
    schedule(b);
  stacks.give(b.runnerStack);
  for (uint32_t i = 0; i < b.count; ++i)
    stacks.give(b.threads[i].stack);
  currentBlock = outer;
  return HostBlockOutcome{b.faultCode, *b.report};
}

} // namespace qiao::emu
