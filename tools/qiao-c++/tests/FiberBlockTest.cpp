// The fiber scheduler of host-compiled kernels (runtime/emu/FiberBlock.h), driven directly with
// kernels written against qiao/device.h.
// The assert test needs assert, whatever the build type says.
#undef NDEBUG

#include "FiberBlock.h"

#include <gtest/gtest.h>

#include <functional>
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

} // namespace
