// Atomics on shared and global memory. Orders differ from run to run; the results checked here
// do not depend on order, so they are exact.
#include "ConformanceHarness.h"

#include <algorithm>
#include <climits>
#include <map>

namespace qiao::conformance {
namespace {

TEST(PtxAtomics, HistogramThroughSharedThenGlobalAtomics) {
  PtxModule module("histogram");
  ASSERT_TRUE(module.loaded());
  Inputs gen(40);
  for (const char *kernel : {"histogram_shared", "histogram_global"}) {
    for (int n : {1, 31, 1000, 20000}) {
      std::vector<unsigned char> data(n);
      for (auto &b : data)
        b = static_cast<unsigned char>(gen.next() % 7 == 0 ? 42 : gen.next()); // one hot bin
      DeviceArray<unsigned char> ddata(data);
      DeviceArray<unsigned> dbins(256);
      QIAO_ASSERT_OK(module.launch(kernel, 4, 128, 0, ddata.get(), dbins.get(), n));
      std::vector<unsigned> expected(256);
      for (unsigned char b : data)
        ++expected[b];
      auto bins = dbins.read();
      for (int b = 0; b < 256; ++b)
        ASSERT_EQ(bins[b], expected[b]) << kernel << " n=" << n << " bin " << b;
    }
  }
}

TEST(PtxAtomics, CompareAndSwapLoopAddsFloats) {
  PtxModule module("atomics");
  ASSERT_TRUE(module.loaded());
  Inputs gen(41);
  for (int n : testSizes()) {
    // Small integers: every partial sum is exact, so the order of the additions does not matter.
    std::vector<float> in(n);
    float expected = 0;
    for (auto &v : in)
      expected += v = static_cast<float>(gen.intIn(-50, 50));
    DeviceArray<float> din(in), dtotal(1);
    QIAO_ASSERT_OK(
        module.launch("atomic_cas_add", blocksFor(n, 128), 128, 0, din.get(), dtotal.get(), n));
    ASSERT_EQ(dtotal.read()[0], expected) << "n=" << n;
  }
}

TEST(PtxAtomics, MinMaxAndBitwiseAtomics) {
  PtxModule module("atomics");
  ASSERT_TRUE(module.loaded());
  Inputs gen(42);
  for (int n : testSizes()) {
    auto in = gen.ints(n, INT_MIN + 1, INT_MAX);
    std::vector<int> init = {INT_MIN, INT_MAX, 0, -1, -1, 0, 0, 0};
    DeviceArray<int> din(in), dresults(init);
    QIAO_ASSERT_OK(module.launch("atomic_minmax_bits", blocksFor(n, 128), 128, 0, din.get(),
                                 dresults.get(), n));
    std::vector<int> e = init;
    for (int i = 0; i < n; ++i) {
      int v = in[i];
      e[0] = std::max(e[0], v);
      e[1] = std::min(e[1], v);
      e[2] = static_cast<int>(std::max(static_cast<unsigned>(e[2]), static_cast<unsigned>(v)));
      e[3] = static_cast<int>(std::min(static_cast<unsigned>(e[3]), static_cast<unsigned>(v)));
      e[4] &= v | static_cast<int>(1u << (i & 31));
      e[5] |= v;
      e[6] ^= v;
      e[7] = static_cast<int>(static_cast<unsigned>(e[7]) - static_cast<unsigned>(v));
    }
    auto got = dresults.read();
    const char *names[] = {"max", "min", "umax", "umin", "and", "or", "xor", "sub"};
    for (int k = 0; k < 8; ++k)
      ASSERT_EQ(got[k], e[k]) << "atomic " << names[k] << " n=" << n;
  }
}

TEST(PtxAtomics, ExchangeHandsBackEveryValueOnce) {
  PtxModule module("atomics");
  ASSERT_TRUE(module.loaded());
  for (int n : testSizes()) {
    DeviceArray<int> dslot(std::vector<int>{-1}), dprevious(n);
    QIAO_ASSERT_OK(module.launch("atomic_exch_chain", blocksFor(n, 128), 128, 0, dslot.get(),
                                 dprevious.get(), n));
    auto seen = dprevious.read();
    seen.push_back(dslot.read()[0]);
    std::sort(seen.begin(), seen.end());
    for (int k = -1; k < n; ++k)
      ASSERT_EQ(seen[k + 1], k) << "n=" << n;
  }
}

TEST(PtxAtomics, IncrementWrapsAtLimitInSharedAndGlobal) {
  PtxModule module("atomics");
  ASSERT_TRUE(module.loaded());
  const unsigned limit = 37, block = 128;
  for (int n : testSizes()) {
    unsigned blocks = blocksFor(n, block);
    DeviceArray<unsigned> dcounter(1), dreturned(n), dshared(blocks);
    QIAO_ASSERT_OK(module.launch("atomic_inc_wrap", blocks, block, 0, dcounter.get(),
                                 dreturned.get(), dshared.get(), limit, n));
    ASSERT_EQ(dcounter.read()[0], unsigned(n) % (limit + 1)) << "n=" << n;
    // The k-th increment hands back k mod (limit + 1), whichever thread performs it.
    std::map<unsigned, int> expected, got;
    for (int k = 0; k < n; ++k)
      ++expected[k % (limit + 1)];
    for (unsigned v : dreturned.read())
      ++got[v];
    ASSERT_EQ(got, expected) << "n=" << n;
    auto shared = dshared.read();
    for (unsigned b = 0; b < blocks; ++b) {
      unsigned inBlock = std::min<unsigned>(block, n - b * block);
      ASSERT_EQ(shared[b], inBlock % (limit + 1)) << "n=" << n << " block " << b;
    }
  }
}

TEST(PtxAtomics, SixtyFourBitAddAndMax) {
  PtxModule module("atomics");
  ASSERT_TRUE(module.loaded());
  Inputs gen(43);
  for (int n : testSizes()) {
    std::vector<unsigned long long> in(n);
    unsigned long long sum = 0, mx = 0;
    for (auto &v : in) {
      v = gen.next() >> 3;
      sum += v; // wraps modulo 2^64, as the device's does
      mx = std::max(mx, v);
    }
    DeviceArray<unsigned long long> din(in), dresults(2);
    QIAO_ASSERT_OK(
        module.launch("atomic_u64", blocksFor(n, 128), 128, 0, din.get(), dresults.get(), n));
    auto got = dresults.read();
    ASSERT_EQ(got[0], sum) << "n=" << n;
    ASSERT_EQ(got[1], mx) << "n=" << n;
  }
}

} // namespace
} // namespace qiao::conformance
