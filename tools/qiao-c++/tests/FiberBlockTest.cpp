// The fiber scheduler of host-compiled kernels (runtime/emu/FiberBlock.h), driven directly with
// kernels written against qiao/device.h.
// The assert test needs assert, whatever the build type says.
#undef NDEBUG

#include "FiberBlock.h"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <vector>

// Last: <assert.h>, included again by a later header, would put the host's assert back.
#include <qiao/device.h>

namespace {

using qiao::emu::HostBlockLaunch;
using qiao::emu::HostBlockOutcome;
using qiao::emu::runHostBlock;

std::function<void()> body;

void entry(qiaoDrvHostThread *thread) {
  qiao_detail::enterThread(thread);
  body();
}

HostBlockOutcome runBlock(unsigned threads, std::function<void()> kernel) {
  body = std::move(kernel);
  HostBlockLaunch launch;
  launch.entry = entry;
  launch.block[0] = threads;
  launch.stackBytes = 64 << 10;
  return runHostBlock(launch);
}

TEST(FiberBlock, PlainLoopRunsThreadsInOrder) {
  std::vector<unsigned> order;
  EXPECT_EQ(runBlock(100, [&] { order.push_back(threadIdx.x); }).code, 0);
  ASSERT_EQ(order.size(), 100u);
  for (unsigned i = 0; i < 100; ++i)
    EXPECT_EQ(order[i], i);
}

// Every thread writes before the barrier and reads a neighbour's slot after it, over several
// rounds: a thread passing a barrier early would read a stale value.
TEST(FiberBlock, BarrierOrdersAllOf1024Threads) {
  std::vector<int> slots(1024, -1);
  int wrong = 0;
  HostBlockOutcome out = runBlock(1024, [&] {
    unsigned t = threadIdx.x;
    for (int round = 0; round < 3; ++round) {
      slots[t] = round * 10000 + int(t);
      __syncthreads();
      unsigned other = (t + 1 + round * 37) % 1024;
      wrong += slots[other] != round * 10000 + int(other);
      __syncthreads();
    }
  });
  EXPECT_EQ(out.code, 0);
  EXPECT_EQ(wrong, 0);
}

TEST(FiberBlock, BarrierCountsAndExitedThreads) {
  std::vector<int> counts(64);
  HostBlockOutcome out = runBlock(64, [&] {
    if (threadIdx.x >= 48)
      return; // exited threads no longer hold a barrier back
    counts[threadIdx.x] = __syncthreads_count(threadIdx.x < 10);
    counts[threadIdx.x] += 100 * __syncthreads_and(threadIdx.x < 48);
    counts[threadIdx.x] += 1000 * __syncthreads_or(threadIdx.x == 47);
  });
  EXPECT_EQ(out.code, 0);
  for (int t = 0; t < 48; ++t)
    EXPECT_EQ(counts[t], 1110) << t;
}

// Shuffles under a partial mask in divergent branches: each half of the warp reduces on its own.
TEST(FiberBlock, ShufflesInDivergentCode) {
  std::vector<int> result(64, -1);
  HostBlockOutcome out = runBlock(64, [&] {
    unsigned lane = threadIdx.x % 32;
    int v = int(threadIdx.x);
    if (lane < 16) {
      for (int offset = 8; offset > 0; offset /= 2)
        v += __shfl_down_sync(0x0000ffffu, v, offset, 16);
    } else {
      v = __shfl_up_sync(0xffff0000u, v, 1);
      v = __shfl_xor_sync(0xffff0000u, v, 1);
    }
    result[threadIdx.x] = v;
  });
  EXPECT_EQ(out.code, 0);
  EXPECT_EQ(result[0], 120);  // 0 + ... + 15
  EXPECT_EQ(result[32], 632); // 32 + ... + 47
  EXPECT_EQ(result[16], 16);  // lane 16 keeps its own for up, then reads lane 17's (16)
  EXPECT_EQ(result[17], 16);  // reads lane 16's value: lane 16 kept 16
  EXPECT_EQ(result[18], 18);  // lane 19 received 18
  EXPECT_EQ(result[63], 61);  // lane 62 received 61
}

TEST(FiberBlock, BallotOfAPartialWarp) {
  unsigned ballot = 0, active = 0;
  HostBlockOutcome out = runBlock(40, [&] {
    unsigned a = __activemask();
    unsigned b = __ballot_sync(a, threadIdx.x % 2 == 0);
    if (threadIdx.x == 33)
      ballot = b, active = a;
  });
  EXPECT_EQ(out.code, 0);
  EXPECT_EQ(ballot, 0x55u); // lanes 32..39 of the second warp: 0, 2, 4, 6
  EXPECT_EQ(active, 0xffu);
}

TEST(FiberBlock, AssertFaultsTheBlock) {
  int after = 0;
  HostBlockOutcome out = runBlock(64, [&] {
    __syncthreads();
    assert(threadIdx.x != 40);
    __syncthreads();
    ++after;
  });
  EXPECT_EQ(out.code, 710);
  EXPECT_NE(out.report.find("thread (40,0,0)"), std::string::npos) << out.report;
  EXPECT_EQ(after, 0);
}

TEST(FiberBlock, DeadlockIsALaunchFailure) {
  HostBlockOutcome out = runBlock(64, [&] {
    if (threadIdx.x < 32)
      __syncwarp(0xffffffffu);
    else
      __syncthreads(); // waits for the first warp, which waits in __syncwarp... then exits
    __syncthreads();
  });
  // The first warp passes __syncwarp and arrives at the second barrier while the second warp
  // waits at its first: a barrier counts arrivals, not sites, as hardware does.
  EXPECT_EQ(out.code, 0);
  out = runBlock(2, [&] {
    __shfl_sync(0x3u, 1, 0);
    if (threadIdx.x == 0)
      __syncthreads();
  });
  EXPECT_EQ(out.code, 0);
  out = runBlock(64, [&] {
    if (threadIdx.x == 0)
      __shfl_sync(0x3u, 1, 1); // lane 1 never joins: it waits at the barrier
    else
      __syncthreads();
  });
  EXPECT_EQ(out.code, 719);
}

// A kernel thread that throws: the exception ends at the thread's fiber and fails the block with
// a report; in plain mode (no synchronisation yet) and in fiber mode alike.
TEST(FiberBlock, UncaughtExceptionFailsTheBlock) {
  for (bool synchronised : {false, true}) {
    int after = 0;
    HostBlockOutcome out = runBlock(64, [&] {
      if (synchronised)
        __syncthreads();
      if (threadIdx.x == 5)
        throw std::runtime_error("boom");
      if (synchronised)
        __syncthreads();
      ++after;
    });
    EXPECT_EQ(out.code, 719) << synchronised;
    EXPECT_NE(out.report.find("uncaught C++ exception: boom"), std::string::npos) << out.report;
    EXPECT_NE(out.report.find("thread (5,0,0)"), std::string::npos) << out.report;
    EXPECT_EQ(after, synchronised ? 0 : 5);
  }
  // The host thread's exception state is clean again: the next block runs.
  EXPECT_EQ(runBlock(32, [] { __syncthreads(); }).code, 0);
}

int recurse(int depth) {
  volatile char frame[512];
  frame[0] = char(depth);
  return depth == 0 ? frame[0] : recurse(depth - 1) + frame[0];
}

// A thread that overflows its fiber's stack hits the guard page: the block fails with
// qiaoErrorIllegalAddress instead of corrupting the next stack.
TEST(FiberBlock, StackOverflowHitsTheGuardPage) {
  int result = 0;
  HostBlockOutcome out = runBlock(2, [&] {
    __syncthreads();
    result += recurse(threadIdx.x == 1 ? 1000000 : 10);
  });
  EXPECT_EQ(out.code, 700);
  EXPECT_NE(out.report.find("thread (1,0,0)"), std::string::npos) << out.report;
  EXPECT_EQ(runBlock(32, [] { __syncthreads(); }).code, 0);
}

// Lanes whose mask excludes them take part without holding the members back (CUDA leaves the
// result undefined; hardware's converged lanes read the members' ballot).
TEST(FiberBlock, MaskExcludingTheCaller) {
  std::vector<unsigned> ballot(32), shuffled(32), all(32);
  HostBlockOutcome out = runBlock(32, [&] {
    unsigned lane = threadIdx.x;
    ballot[lane] = __ballot_sync(0x0000000fu, lane % 2 == 0);
    shuffled[lane] = __shfl_sync(0x0000000fu, lane + 100, 2);
    all[lane] = __all_sync(0xf0000000u, lane >= 28);
  });
  EXPECT_EQ(out.code, 0) << out.report;
  for (unsigned lane = 0; lane < 32; ++lane) {
    EXPECT_EQ(ballot[lane], 0x5u) << lane;
    EXPECT_EQ(shuffled[lane], 102u) << lane;
    EXPECT_EQ(all[lane], 1u) << lane;
  }
}

// A partial mask completes as soon as its live lanes are all there, while the warp's other
// lanes wait at a barrier; then the whole warp meets again.
TEST(FiberBlock, PartialMaskWhileOthersWaitAtABarrier) {
  std::vector<int> sums(64, -1);
  HostBlockOutcome out = runBlock(64, [&] {
    unsigned lane = threadIdx.x % 32;
    int v = int(lane);
    if (lane < 8)
      for (int offset = 4; offset > 0; offset /= 2)
        v += __shfl_xor_sync(0x000000ffu, v, offset, 8);
    __syncthreads();
    sums[threadIdx.x] = __shfl_sync(0xffffffffu, v, 3);
  });
  EXPECT_EQ(out.code, 0) << out.report;
  for (int t = 0; t < 64; ++t)
    EXPECT_EQ(sums[t], 28) << t;
}

// __activemask names the lanes that reach it together: those of a divergent branch.
TEST(FiberBlock, ActiveMaskOfADivergentBranch) {
  std::vector<unsigned> masks(64, 0);
  HostBlockOutcome out = runBlock(64, [&] {
    unsigned lane = threadIdx.x % 32;
    if (lane % 4 == 1)
      masks[threadIdx.x] = __activemask();
    else if (lane >= 16)
      masks[threadIdx.x] = __activemask();
    __syncthreads();
  });
  EXPECT_EQ(out.code, 0) << out.report;
  EXPECT_EQ(masks[1], 0x22222222u);
  EXPECT_EQ(masks[33], 0x22222222u);
  EXPECT_EQ(masks[16], 0xddddu << 16);
  EXPECT_EQ(masks[0], 0u);
}

// Types wider than 8 bytes shuffle whole.
TEST(FiberBlock, WideShuffles) {
  struct Wide {
    double a, b;
    int c;
  };
  std::vector<Wide> got(32);
  HostBlockOutcome out = runBlock(32, [&] {
    unsigned lane = threadIdx.x;
    Wide w{lane * 1.0, lane * 2.0, int(lane) * 3};
    got[lane] = __shfl_down_sync(0xffffffffu, w, 3);
  });
  EXPECT_EQ(out.code, 0) << out.report;
  for (unsigned lane = 0; lane < 32; ++lane) {
    unsigned src = lane + 3 < 32 ? lane + 3 : lane;
    EXPECT_EQ(got[lane].a, src * 1.0);
    EXPECT_EQ(got[lane].b, src * 2.0);
    EXPECT_EQ(got[lane].c, int(src) * 3);
  }
}

// Threads the plain loop finished before the first synchronising one count as exited: barriers
// and full-mask collectives go on without them.
TEST(FiberBlock, ThreadsFinishedByThePlainLoopCountAsExited) {
  std::vector<int> counts(64, -1);
  std::vector<unsigned> ballots(64, 0);
  HostBlockOutcome out = runBlock(64, [&] {
    if (threadIdx.x < 40)
      return;
    ballots[threadIdx.x] = __ballot_sync(0xffffffffu, 1);
    counts[threadIdx.x] = __syncthreads_count(1);
  });
  EXPECT_EQ(out.code, 0) << out.report;
  EXPECT_EQ(counts[40], 24);
  EXPECT_EQ(counts[63], 24);
  EXPECT_EQ(ballots[40], 0xffffff00u);
  EXPECT_EQ(ballots[39], 0u);
}

} // namespace

namespace {

// yield: two threads, each the only live lane of its warp, take turns: one polls a flag, the other
// sets it only once the first has polled five times. Without the switch between them (a warp
// convergence point returns at once to a lane alone in its warp) neither would see the other.
TEST(FiberBlock, YieldLetsAnotherWarpRun) {
  int polls = 0, flag = 0, seen = -1;
  HostBlockOutcome out = runBlock(64, [&] {
    __syncthreads();
    if (threadIdx.x == 0) {
      while (flag == 0 && polls < 1000) {
        ++polls;
        ::qiao_device::yieldToBlock();
      }
      seen = flag;
    } else if (threadIdx.x == 63) {
      for (int tries = 0; polls < 5 && tries < 1000; ++tries)
        ::qiao_device::yieldToBlock();
      flag = polls >= 5;
    }
  });
  EXPECT_EQ(out.code, 0) << out.report;
  EXPECT_EQ(seen, 1);
  EXPECT_LT(polls, 1000);
}

// A thread alone in its block: yield returns at once.
TEST(FiberBlock, YieldAloneReturns) {
  int yields = 0;
  EXPECT_EQ(runBlock(1,
                     [&] {
                       for (int i = 0; i < 3; ++i, ++yields)
                         ::qiao_device::yieldToBlock();
                     })
                .code,
            0);
  EXPECT_EQ(yields, 3);
}

} // namespace
