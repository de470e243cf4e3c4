// Reductions, scans, shuffles, votes and divergent control flow: all integer, so exact.
#include "ConformanceHarness.h"

#include <algorithm>
#include <climits>

namespace qiao::conformance {
namespace {

TEST(PtxReductions, SharedMemoryTreePerBlock) {
  PtxModule module("reductions");
  ASSERT_TRUE(module.loaded());
  Inputs gen(20);
  const unsigned block = 256;
  for (int n : testSizes()) {
    auto in = gen.ints(n, -1000, 1000);
    unsigned blocks = blocksFor(n, block);
    DeviceArray<int> din(in), dsums(blocks);
    QIAO_ASSERT_OK(module.launch("reduce_tree", blocks, block, block * sizeof(int), din.get(),
                                 dsums.get(), n));
    auto sums = dsums.read();
    for (unsigned b = 0; b < blocks; ++b) {
      int expected = 0;
      for (int i = b * block; i < std::min<int>(n, (b + 1) * block); ++i)
        expected += in[i];
      ASSERT_EQ(sums[b], expected) << "n=" << n << " block " << b;
    }
  }
}

TEST(PtxReductions, ShuffleDownWarpSums) {
  PtxModule module("reductions");
  ASSERT_TRUE(module.loaded());
  Inputs gen(21);
  for (int n : testSizes()) {
    auto in = gen.ints(n, -1000, 1000);
    DeviceArray<int> din(in), dtotal(1);
    QIAO_ASSERT_OK(
        module.launch("reduce_shfl_down", blocksFor(n, 128), 128, 0, din.get(), dtotal.get(), n));
    long long expected = 0;
    for (int v : in)
      expected += v;
    ASSERT_EQ(dtotal.read()[0], expected) << "n=" << n;
  }
}

TEST(PtxReductions, XorButterflyGivesEveryLaneTheWarpResult) {
  PtxModule module("reductions");
  ASSERT_TRUE(module.loaded());
  Inputs gen(22);
  for (int n : testSizes()) {
    auto in = gen.ints(n, -100000, 100000);
    unsigned blocks = blocksFor(n, 64);
    size_t threads = blocks * 64;
    DeviceArray<int> din(in), dmax(threads), dsum(threads);
    QIAO_ASSERT_OK(
        module.launch("allreduce_xor", blocks, 64, 0, din.get(), dmax.get(), dsum.get(), n));
    auto mx = dmax.read(), sum = dsum.read();
    for (size_t warp = 0; warp < threads / 32; ++warp) {
      int expectedMax = INT_MIN, expectedSum = 0;
      for (size_t i = warp * 32; i < warp * 32 + 32; ++i)
        if (i < size_t(n))
          expectedMax = std::max(expectedMax, in[i]), expectedSum += in[i];
      for (size_t i = warp * 32; i < warp * 32 + 32; ++i) {
        ASSERT_EQ(mx[i], expectedMax) << "n=" << n << " thread " << i;
        ASSERT_EQ(sum[i], expectedSum) << "n=" << n << " thread " << i;
      }
    }
  }
}

TEST(PtxShuffles, BroadcastUpAndWidthLimitedRotate) {
  PtxModule module("reductions");
  ASSERT_TRUE(module.loaded());
  Inputs gen(23);
  const size_t threads = 4 * 96; // partial-warp-free blocks of 3 warps
  auto in = gen.ints(threads, -1000, 1000);
  DeviceArray<int> din(in), dbroad(threads), dup(threads), drot(threads);
  QIAO_ASSERT_OK(
      module.launch("shuffle_patterns", 4, 96, 0, din.get(), dbroad.get(), dup.get(), drot.get()));
  auto broad = dbroad.read(), up = dup.read(), rot = drot.read();
  for (size_t i = 0; i < threads; ++i) {
    size_t warpBase = i / 32 * 32, lane = i % 32;
    int source = in[warpBase] & 31;
    ASSERT_EQ(broad[i], in[warpBase + source]) << "thread " << i;
    ASSERT_EQ(up[i], lane >= 3 ? in[i - 3] : in[i]) << "thread " << i;
    size_t groupBase = i / 8 * 8;
    ASSERT_EQ(rot[i], in[groupBase + (i % 8 + 1) % 8]) << "thread " << i;
  }
}

std::vector<int> blockInclusiveScan(const std::vector<int> &in, unsigned block) {
  std::vector<int> out(in.size());
  for (size_t i = 0; i < in.size(); ++i)
    out[i] = (i % block == 0 ? 0 : out[i - 1]) + in[i];
  return out;
}

TEST(PtxScan, HillisSteeleInSharedMemory) {
  PtxModule module("scan");
  ASSERT_TRUE(module.loaded());
  Inputs gen(24);
  for (unsigned block : {64u, 256u}) {
    for (int n : testSizes()) {
      auto in = gen.ints(n, -1000, 1000);
      DeviceArray<int> din(in), dout(n);
      QIAO_ASSERT_OK(module.launch("scan_shared", blocksFor(n, block), block,
                                   2 * block * sizeof(int), din.get(), dout.get(), n));
      auto out = dout.read();
      auto expected = blockInclusiveScan(in, block);
      for (int i = 0; i < n; ++i)
        ASSERT_EQ(out[i], expected[i]) << "block " << block << " n=" << n << " i=" << i;
    }
  }
}

TEST(PtxScan, WarpShuffleScanCombinedAcrossWarps) {
  PtxModule module("scan");
  ASSERT_TRUE(module.loaded());
  Inputs gen(25);
  for (unsigned block : {96u, 256u}) {
    for (int n : testSizes()) {
      auto in = gen.ints(n, -1000, 1000);
      DeviceArray<int> din(in), dout(n);
      QIAO_ASSERT_OK(
          module.launch("scan_warp", blocksFor(n, block), block, 0, din.get(), dout.get(), n));
      auto out = dout.read();
      auto expected = blockInclusiveScan(in, block);
      for (int i = 0; i < n; ++i)
        ASSERT_EQ(out[i], expected[i]) << "block " << block << " n=" << n << " i=" << i;
    }
  }
}

TEST(PtxVotes, BallotAnyAllAndActiveMaskInDivergentBranch) {
  PtxModule module("vote");
  ASSERT_TRUE(module.loaded());
  Inputs gen(26);
  const size_t threads = 8 * 64;
  std::vector<int> in(threads);
  for (size_t i = 0; i < threads; ++i)
    in[i] = gen.intIn(0, 999);
  // Make any() and all() differ between warps: some warps get one negative, some one large value.
  for (size_t warp = 0; warp < threads / 32; ++warp) {
    if (warp % 4 == 1)
      in[warp * 32 + warp % 32] = -7;
    if (warp % 4 == 2)
      in[warp * 32 + 31 - warp % 32] = 1005;
  }
  DeviceArray<int> din(in);
  DeviceArray<unsigned> dout(threads * 6);
  QIAO_ASSERT_OK(module.launch("vote_ops", 8, 64, 0, din.get(), dout.get()));
  auto out = dout.read();
  for (size_t warp = 0; warp < threads / 32; ++warp) {
    unsigned odd = 0, divisible = 0, positive = 0;
    bool anyNegative = false, allSmall = true;
    for (unsigned lane = 0; lane < 32; ++lane) {
      int v = in[warp * 32 + lane];
      odd |= unsigned(v & 1) << lane;
      divisible |= unsigned(v % 3 == 0) << lane;
      positive |= unsigned(v > 0) << lane;
      anyNegative |= v < 0;
      allSmall &= v < 1000;
    }
    for (unsigned lane = 0; lane < 32; ++lane) {
      size_t i = warp * 32 + lane;
      bool inBranch = (divisible >> lane) & 1;
      ASSERT_EQ(out[i * 6 + 0], odd) << "ballot, thread " << i;
      ASSERT_EQ(out[i * 6 + 1], unsigned(__builtin_popcount(odd))) << "popc, thread " << i;
      ASSERT_EQ(out[i * 6 + 2], unsigned(anyNegative)) << "any, thread " << i;
      ASSERT_EQ(out[i * 6 + 3], unsigned(allSmall)) << "all, thread " << i;
      // Inside `if`, the converged lanes are exactly those that took the branch.
      ASSERT_EQ(out[i * 6 + 4], inBranch ? divisible : 0u) << "activemask, thread " << i;
      ASSERT_EQ(out[i * 6 + 5], inBranch ? (divisible & positive) : 0u)
          << "ballot in branch, thread " << i;
    }
  }
}

TEST(PtxVotes, SyncthreadsCountAndOr) {
  PtxModule module("vote");
  ASSERT_TRUE(module.loaded());
  Inputs gen(27);
  const unsigned block = 128;
  for (int n : testSizes()) {
    auto in = gen.ints(n, -600, 1000);
    unsigned blocks = blocksFor(n, block);
    DeviceArray<int> din(in), dout(blocks * 3);
    QIAO_ASSERT_OK(module.launch("block_votes", blocks, block, 0, din.get(), dout.get(), n));
    auto out = dout.read();
    for (unsigned b = 0; b < blocks; ++b) {
      int count = 0, all = 1, any = 0;
      for (unsigned t = 0; t < block; ++t) {
        size_t i = b * block + t;
        int v = i < size_t(n) ? in[i] : 0;
        count += v > 0;
        all &= v > -500;
        any |= v > 990;
      }
      ASSERT_EQ(out[b * 3 + 0], count) << "n=" << n << " block " << b;
      ASSERT_EQ(out[b * 3 + 1] != 0, all != 0) << "n=" << n << " block " << b;
      ASSERT_EQ(out[b * 3 + 2] != 0, any != 0) << "n=" << n << " block " << b;
    }
  }
}

int collatzSteps(unsigned long long x, int cap) {
  int count = 0;
  while (x > 1) {
    if (count == cap)
      return -1;
    x = (x & 1) ? 3 * x + 1 : x / 2;
    ++count;
  }
  return count;
}

TEST(PtxDivergence, DataDependentLoopsWithBreak) {
  PtxModule module("divergence");
  ASSERT_TRUE(module.loaded());
  Inputs gen(28);
  const int cap = 120;
  for (int n : testSizes()) {
    std::vector<unsigned> in(n);
    for (auto &v : in)
      v = static_cast<unsigned>(gen.intIn(0, 100000));
    DeviceArray<unsigned> din(in);
    DeviceArray<int> dsteps(n);
    QIAO_ASSERT_OK(
        module.launch("collatz_steps", blocksFor(n, 64), 64, 0, din.get(), dsteps.get(), n, cap));
    auto steps = dsteps.read();
    for (int i = 0; i < n; ++i)
      ASSERT_EQ(steps[i], collatzSteps(in[i], cap)) << "n=" << n << " i=" << i << " x=" << in[i];
  }
}

int branchyReference(int v) {
  int acc = 0;
  for (int k = 0; k < (v & 15); ++k) {
    if ((k + v) % 5 == 0)
      continue;
    switch ((v >> k) & 3) {
    case 0:
      acc += k;
      break;
    case 1:
      acc ^= v << (k & 7);
      break;
    case 2:
      acc -= 3 * k;
      break;
    default:
      if (acc > 1000)
        return -acc;
      acc = (acc & 0xfffff) * 2;
    }
  }
  return acc;
}

TEST(PtxDivergence, SwitchContinueAndEarlyReturnInLoop) {
  PtxModule module("divergence");
  ASSERT_TRUE(module.loaded());
  Inputs gen(29);
  for (int n : testSizes()) {
    auto in = gen.ints(n, -100000, 100000);
    DeviceArray<int> din(in), dout(n);
    QIAO_ASSERT_OK(module.launch("branchy", blocksFor(n, 128), 128, 0, din.get(), dout.get(), n));
    auto out = dout.read();
    for (int i = 0; i < n; ++i)
      ASSERT_EQ(out[i], branchyReference(in[i])) << "n=" << n << " i=" << i << " v=" << in[i];
  }
}

} // namespace
} // namespace qiao::conformance
