#include "FiberBlock.h"

#include "support/ErrorCodes.h"

#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <bit>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace qiao::emu {
namespace {

constexpr uint32_t kWarpSize = 32;
constexpr size_t kGuardBytes = 4096;

// Fiber stacks are mapped once per host thread and reused by every block it runs; the lowest
// page is a guard so that an overflow faults instead of corrupting a neighbour.
struct Stack {
  void *base = nullptr; // start of the usable part
  size_t bytes = 0;
};

class StackPool {
public:
  ~StackPool() {
    for (Stack &s : free_)
      munmap(static_cast<char *>(s.base) - kGuardBytes, s.bytes + kGuardBytes);
  }
  Stack take(size_t bytes) {
    while (!free_.empty()) {
      Stack s = free_.back();
      free_.pop_back();
      if (s.bytes == bytes)
        return s;
      munmap(static_cast<char *>(s.base) - kGuardBytes, s.bytes + kGuardBytes);
    }
    void *mapped = mmap(nullptr, bytes + kGuardBytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (mapped == MAP_FAILED)
      throw std::bad_alloc();
    mprotect(mapped, kGuardBytes, PROT_NONE);
    return Stack{static_cast<char *>(mapped) + kGuardBytes, bytes};
  }
  void give(Stack s) {
    if (s.base)
      free_.push_back(s);
  }

private:
  std::vector<Stack> free_;
};

thread_local StackPool stackPool;

enum class State : uint8_t { NotStarted, Ready, AtBarrier, AtWarp, Done };

struct Block;

struct Thread {
  qiaoDrvHostThread view{}; // handed to the kernel; view.driverData points back here
  Block *block = nullptr;
  uint32_t index = 0; // linear index in the block
  State state = State::NotStarted;
  ucontext_t context{};
  Stack stack;
  // The warp collective this thread waits in, and its result.
  uint32_t mask = 0;
  uint64_t value = 0;
  uint32_t srcLane = 0;
  bool predicate = false;
  uint64_t result = 0;
  uint32_t ballot = 0;
};

struct Block {
  const HostBlockLaunch *launch = nullptr;
  std::vector<Thread> threads;
  uint32_t count = 0;
  uint32_t finished = 0;
  bool fibers = false; // false while the threads run one after another on the runner fiber
  uint32_t running = 0;
  ucontext_t scheduler{};
  Stack runnerStack;
  // The barrier being filled, and the result of the last one released.
  uint32_t arrived = 0;
  uint32_t passed = 0;
  uint32_t lastPassed = 0;
  // Per warp: lanes that exist, lanes that exited, lanes waiting in a collective.
  std::vector<uint32_t> present, exited, waiting;
  int faultCode = 0;
  std::string report;
};

thread_local Block *currentBlock = nullptr;

Thread &threadOf(qiaoDrvHostThread *self) { return *static_cast<Thread *>(self->driverData); }

// Back to the scheduler; returns when the scheduler resumes this thread.
void suspend(Thread &t) { swapcontext(&t.context, &t.block->scheduler); }

// Leaves the calling thread for good.
[[noreturn]] void abandon(Block &b) {
  setcontext(&b.scheduler);
  __builtin_unreachable();
}

void releaseBarrierIfComplete(Block &b) {
  if (b.arrived == 0 || b.arrived < b.count - b.finished)
    return;
  for (Thread &t : b.threads)
    if (t.state == State::AtBarrier)
      t.state = State::Ready;
  b.lastPassed = b.passed;
  b.arrived = 0;
  b.passed = 0;
}

// Releases the group of lanes named by the mask of `lane` when all of its live lanes wait.
void releaseWarpIfComplete(Block &b, uint32_t warp, uint32_t lane) {
  Thread *lanes = &b.threads[warp * kWarpSize];
  const uint32_t group = lanes[lane].mask & b.present[warp] & ~b.exited[warp];
  if ((group & ~b.waiting[warp]) != 0)
    return;
  uint32_t ballot = 0;
  for (uint32_t m = group; m; m &= m - 1) {
    uint32_t j = std::countr_zero(m);
    if (lanes[j].predicate)
      ballot |= 1u << j;
  }
  for (uint32_t m = group; m; m &= m - 1) {
    Thread &t = lanes[std::countr_zero(m)];
    const uint32_t src = t.srcLane;
    t.result = (src < kWarpSize && ((group >> src) & 1)) ? lanes[src].value : t.value;
    t.ballot = ballot;
    t.state = State::Ready;
  }
  b.waiting[warp] &= ~group;
}

// The first synchronising call of a block: from now on every thread gets its own fiber. The
// caller keeps the runner fiber's stack as its own.
void becomeFibers(Block &b) {
  if (b.fibers)
    return;
  b.fibers = true;
  b.threads[b.running].stack = b.runnerStack;
  b.runnerStack = Stack{};
}

[[noreturn]] void exitThread(Thread &t) {
  Block &b = *t.block;
  t.state = State::Done;
  ++b.finished;
  const uint32_t warp = t.index / kWarpSize;
  b.exited[warp] |= 1u << (t.index % kWarpSize);
  releaseBarrierIfComplete(b);
  for (uint32_t m = b.waiting[warp]; m; m &= m - 1)
    if (b.waiting[warp] & (1u << std::countr_zero(m)))
      releaseWarpIfComplete(b, warp, std::countr_zero(m));
  abandon(b);
}

void fiberMain() {
  Block &b = *currentBlock;
  Thread &t = b.threads[b.running];
  b.launch->entry(&t.view);
  exitThread(t);
}

// Plain mode: the threads one after another. Once a thread turned the block into fibers, the
// remaining ones are the scheduler's; this fiber only finishes the thread it was running.
void runnerMain() {
  Block &b = *currentBlock;
  for (uint32_t i = 0; i < b.count; ++i) {
    b.running = i;
    Thread &t = b.threads[i];
    t.state = State::Ready;
    b.launch->entry(&t.view);
    if (b.fibers)
      exitThread(t);
    t.state = State::Done;
    ++b.finished;
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
  releaseBarrierIfComplete(b);
  if (t.state != State::Ready)
    suspend(t);
  return static_cast<int32_t>(b.lastPassed);
}

uint64_t opWarpExchange(qiaoDrvHostThread *self, uint32_t mask, uint64_t value, uint32_t srcLane,
                        int32_t predicate, uint32_t *ballot) {
  Thread &t = threadOf(self);
  Block &b = *t.block;
  becomeFibers(b);
  const uint32_t warp = t.index / kWarpSize, lane = t.index % kWarpSize;
  t.mask = mask | (1u << lane);
  t.value = value;
  t.srcLane = srcLane;
  t.predicate = predicate != 0;
  t.state = State::AtWarp;
  b.waiting[warp] |= 1u << lane;
  releaseWarpIfComplete(b, warp, lane);
  if (t.state != State::Ready)
    suspend(t);
  if (ballot)
    *ballot = t.ballot;
  return t.result;
}

uint32_t opActiveMask(qiaoDrvHostThread *self) {
  Thread &t = threadOf(self);
  const uint32_t warp = t.index / kWarpSize;
  return t.block->present[warp] & ~t.block->exited[warp];
}

void opFault(qiaoDrvHostThread *self, int32_t code, const char *message) {
  Thread &t = threadOf(self);
  Block &b = *t.block;
  if (b.faultCode == 0) {
    b.faultCode = code != 0 ? code : errc::qiaoErrorLaunchFailure;
    char where[128];
    std::snprintf(where, sizeof where, " block (%u,%u,%u) thread (%u,%u,%u)", self->blockIndex[0],
                  self->blockIndex[1], self->blockIndex[2], self->threadIndex[0],
                  self->threadIndex[1], self->threadIndex[2]);
    b.report = std::string("host kernel: ") + (message ? message : "fault") + where;
  }
  t.state = State::Done;
  abandon(b);
}

const qiaoDrvHostThreadOps kOps = {sizeof(qiaoDrvHostThreadOps), opBarrier, opWarpExchange,
                                   opActiveMask, opFault};

// Memory faults of host-compiled kernels. A PTX kernel's bad access is caught by the engine's
// range checks; host code touches memory directly, so a bad pointer raises SIGSEGV or SIGBUS on
// the worker thread. While a block runs there, the handler turns the signal into the block's
// fault (qiaoErrorIllegalAddress, a report naming block, thread and address) and resumes the
// block's scheduler, as opFault does; the process lives on with the error sticky, as on
// hardware. Anywhere else the signal goes to whoever handled it before us.
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
  b->report = report; // the string's buffer is reserved before the block runs
  t.state = State::Done;
  setcontext(&b->scheduler);
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
  t.stack = stackPool.take(b.launch->stackBytes);
  getcontext(&t.context);
  t.context.uc_stack.ss_sp = t.stack.base;
  t.context.uc_stack.ss_size = t.stack.bytes;
  t.context.uc_link = nullptr;
  makecontext(&t.context, fiberMain, 0);
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
      swapcontext(&b.scheduler, &t.context);
    }
    if (!progressed && b.finished < b.count && b.faultCode == 0) {
      b.faultCode = errc::qiaoErrorLaunchFailure;
      b.report = "host kernel: every unfinished thread of block (" +
                 std::to_string(b.launch->blockIdx[0]) + "," +
                 std::to_string(b.launch->blockIdx[1]) + "," +
                 std::to_string(b.launch->blockIdx[2]) +
                 ") waits at a barrier or warp collective that cannot complete";
    }
  }
}

} // namespace

HostBlockOutcome runHostBlock(const HostBlockLaunch &launch) {
  Block b;
  b.launch = &launch;
  b.count = launch.block[0] * launch.block[1] * launch.block[2];
  b.threads.resize(b.count);
  const uint32_t warps = (b.count + kWarpSize - 1) / kWarpSize;
  b.present.assign(warps, ~0u);
  b.exited.assign(warps, 0);
  b.waiting.assign(warps, 0);
  if (b.count % kWarpSize)
    b.present.back() = (1u << (b.count % kWarpSize)) - 1;
  for (uint32_t i = 0; i < b.count; ++i) {
    Thread &t = b.threads[i];
    t.block = &b;
    t.index = i;
    qiaoDrvHostThread &v = t.view;
    v.structSize = sizeof(qiaoDrvHostThread);
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
  prepareFaultHandling();
  b.report.reserve(256);
  Block *outer = currentBlock;
  currentBlock = &b;
  b.runnerStack = stackPool.take(launch.stackBytes);
  ucontext_t runner{};
  getcontext(&runner);
  runner.uc_stack.ss_sp = b.runnerStack.base;
  runner.uc_stack.ss_size = b.runnerStack.bytes;
  runner.uc_link = nullptr;
  makecontext(&runner, runnerMain, 0);
  swapcontext(&b.scheduler, &runner);
  if (b.fibers)
    schedule(b);
  stackPool.give(b.runnerStack);
  for (Thread &t : b.threads)
    stackPool.give(t.stack);
  currentBlock = outer;
  return HostBlockOutcome{b.faultCode, std::move(b.report)};
}

} // namespace qiao::emu
