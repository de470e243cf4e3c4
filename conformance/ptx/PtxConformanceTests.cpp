// Memory, launch geometry, parameters and calls: nvcc's PTX must compute exactly what the host
// reference computes, bit for bit.
#include "ConformanceHarness.h"
#include "ConformanceTypes.h"

#include <algorithm>
#include <climits>

namespace qiao::conformance {
namespace {

TEST(PtxVectorOps, VecAddGridStrideIsBitExact) {
  PtxModule module("vector_ops");
  ASSERT_TRUE(module.loaded());
  Inputs gen(1);
  for (int n : testSizes()) {
    auto a = gen.floats(n, -1e3f, 1e3f), b = gen.floats(n, -1.0f, 1.0f);
    DeviceArray<float> da(a), db(b), dc(n);
    // At most 4 blocks of 128 threads, so large n loops in the grid-stride loop.
    unsigned grid = std::min(blocksFor(n, 128), 4u);
    QIAO_ASSERT_OK(module.launch("vec_add", grid, 128, 0, da.get(), db.get(), dc.get(), n));
    auto c = dc.read();
    for (int i = 0; i < n; ++i)
      ASSERT_TRUE(sameBits(c[i], a[i] + b[i])) << "n=" << n << " i=" << i << " got " << c[i];
  }
}

TEST(PtxVectorOps, SaxpyIsOneFusedMultiplyAdd) {
  PtxModule module("vector_ops");
  ASSERT_TRUE(module.loaded());
  Inputs gen(2);
  for (int n : testSizes()) {
    auto x = gen.floats(n, -10.0f, 10.0f), y = gen.floats(n, -10.0f, 10.0f);
    float a = 1.0f / 3.0f;
    DeviceArray<float> dx(x), dy(y);
    QIAO_ASSERT_OK(
        module.launch("saxpy", std::min(blocksFor(n, 64), 3u), 64, 0, a, dx.get(), dy.get(), n));
    auto out = dy.read();
    for (int i = 0; i < n; ++i)
      ASSERT_TRUE(sameBits(out[i], std::fmaf(a, x[i], y[i]))) << "n=" << n << " i=" << i;
  }
}

TEST(PtxVectorOps, DaxpyWith64BitCountIsBitExact) {
  PtxModule module("vector_ops");
  ASSERT_TRUE(module.loaded());
  Inputs gen(3);
  for (int n : testSizes()) {
    std::vector<double> x(n), y(n);
    for (int i = 0; i < n; ++i)
      x[i] = gen.doubleIn(-5, 5), y[i] = gen.doubleIn(-5, 5);
    double a = -0.7;
    long long count = n;
    DeviceArray<double> dx(x), dy(y);
    QIAO_ASSERT_OK(module.launch("daxpy", 2, 96, 0, a, dx.get(), dy.get(), count));
    auto out = dy.read();
    for (int i = 0; i < n; ++i)
      ASSERT_TRUE(sameBits(out[i], std::fma(a, x[i], y[i]))) << "n=" << n << " i=" << i;
  }
}

TEST(PtxSharedMemory, TiledMatmulMatchesSameOrderFma) {
  PtxModule module("matmul_tiled");
  ASSERT_TRUE(module.loaded());
  Inputs gen(4);
  struct Shape {
    int m, n, k;
  };
  for (Shape s : {Shape{1, 1, 1}, Shape{16, 16, 16}, Shape{17, 33, 5}, Shape{40, 23, 50}}) {
    auto a = gen.floats(size_t(s.m) * s.k, -2, 2), b = gen.floats(size_t(s.k) * s.n, -2, 2);
    DeviceArray<float> da(a), db(b), dc(size_t(s.m) * s.n);
    QIAO_ASSERT_OK(module.launch("matmul_tiled", dim3(blocksFor(s.n, 16), blocksFor(s.m, 16)),
                                 dim3(16, 16), 0, da.get(), db.get(), dc.get(), s.m, s.n, s.k));
    auto c = dc.read();
    for (int row = 0; row < s.m; ++row)
      for (int col = 0; col < s.n; ++col) {
        // The kernel's order: tiles of 16, zero-padded, one fma per step.
        float sum = 0.0f;
        for (int base = 0; base < s.k; base += 16)
          for (int j = 0; j < 16; ++j) {
            int kk = base + j;
            float av = kk < s.k ? a[row * s.k + kk] : 0.0f;
            float bv = kk < s.k ? b[kk * s.n + col] : 0.0f;
            sum = std::fmaf(av, bv, sum);
          }
        ASSERT_TRUE(sameBits(c[row * s.n + col], sum))
            << s.m << "x" << s.n << "x" << s.k << " at (" << row << "," << col << ")";
      }
  }
}

TEST(PtxSharedMemory, StaticAndDynamicSharedMemoryInOneKernel) {
  PtxModule module("shared_memory");
  ASSERT_TRUE(module.loaded());
  Inputs gen(5);
  for (int n : testSizes()) {
    auto in = gen.ints(n, -100000, 100000);
    DeviceArray<int> din(in), drev(n), drot(n);
    const unsigned block = 128;
    QIAO_ASSERT_OK(module.launch("reverse_rotate", blocksFor(n, block), block, block * sizeof(int),
                                 din.get(), drev.get(), drot.get(), n));
    auto rev = drev.read(), rot = drot.read();
    for (int base = 0; base < n; base += block) {
      int count = std::min<int>(block, n - base);
      for (int t = 0; t < count; ++t) {
        ASSERT_EQ(rev[base + t], in[base + count - 1 - t]) << "n=" << n << " i=" << base + t;
        ASSERT_EQ(rot[base + t], in[base + (t + 1) % count]) << "n=" << n << " i=" << base + t;
      }
    }
  }
}

TEST(PtxGrid, ThreeDimensionalGridsSeeTheirCoordinates) {
  PtxModule module("grid_dims");
  ASSERT_TRUE(module.loaded());
  for (auto [grid, block] :
       {std::pair{dim3(3, 2, 2), dim3(8, 4, 2)}, std::pair{dim3(1, 5, 3), dim3(4, 4, 4)},
        std::pair{dim3(7, 1, 1), dim3(33, 1, 1)}, std::pair{dim3(2, 3, 4), dim3(1, 2, 31)}}) {
    size_t threads = size_t(grid.x) * grid.y * grid.z * block.x * block.y * block.z;
    DeviceArray<unsigned> out(std::vector<unsigned>(threads, 0xffffffffu));
    QIAO_ASSERT_OK(module.launch("grid_coordinates", grid, block, 0, out.get()));
    auto got = out.read();
    size_t index = 0;
    for (unsigned bz = 0; bz < grid.z; ++bz)
      for (unsigned by = 0; by < grid.y; ++by)
        for (unsigned bx = 0; bx < grid.x; ++bx)
          for (unsigned tz = 0; tz < block.z; ++tz)
            for (unsigned ty = 0; ty < block.y; ++ty)
              for (unsigned tx = 0; tx < block.x; ++tx, ++index) {
                unsigned expected = bx | by << 5 | bz << 10 | tx << 15 | ty << 21 | tz << 26;
                ASSERT_EQ(got[index], expected)
                    << "block (" << bx << "," << by << "," << bz << ") thread (" << tx << "," << ty
                    << "," << tz << ")";
              }
  }
}

TEST(PtxGrid, TwoDimensionalImageWithPartialBlocks) {
  PtxModule module("grid_dims");
  ASSERT_TRUE(module.loaded());
  Inputs gen(6);
  const int width = 37, height = 19;
  auto in = gen.ints(width * height, -1000, 1000);
  DeviceArray<int> din(in), dout(std::vector<int>(width * height, 7777777));
  QIAO_ASSERT_OK(module.launch("image_2d", dim3(blocksFor(width, 16), blocksFor(height, 8)),
                               dim3(16, 8), 0, din.get(), dout.get(), width, height));
  auto out = dout.read();
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      ASSERT_EQ(out[y * width + x], in[y * width + x] * 2 + y) << "(" << x << "," << y << ")";
}

TEST(PtxParameters, StructPassedByValueKeepsItsLayout) {
  PtxModule module("struct_param");
  ASSERT_TRUE(module.loaded());
  for (int n : testSizes()) {
    LaunchConfig config{};
    config.tag = 7;
    config.offset = 0.25;
    config.n = n;
    config.scale = 1.5f;
    config.step = -3;
    config.weights[0] = 0.5f, config.weights[1] = -1.25f, config.weights[2] = 2.0f;
    config.mask = 0x8000000000000005ull;
    DeviceArray<double> out(n);
    QIAO_ASSERT_OK(module.launch("struct_by_value", blocksFor(n, 64), 64, 0, config, out.get()));
    auto got = out.read();
    for (int i = 0; i < n; ++i) {
      double expected = config.tag + config.offset + config.scale * (i * config.step) +
                        double(config.weights[i % 3]) +
                        static_cast<double>((config.mask >> (i & 63)) & 1);
      ASSERT_TRUE(sameBits(got[i], expected)) << "n=" << n << " i=" << i << " got " << got[i];
    }
  }
}

uint64_t factorial(unsigned k) { return k <= 1 ? 1 : k * factorial(k - 1); }
int fibonacci(int k) { return k < 2 ? k : fibonacci(k - 1) + fibonacci(k - 2); }

TEST(PtxCalls, RecursiveAndAggregateReturningDeviceFunctions) {
  PtxModule module("device_functions");
  ASSERT_TRUE(module.loaded());
  Inputs gen(7);
  for (int n : {1, 31, 300}) { // recursion is slow to interpret: keep the grids small
    auto in = gen.ints(n, 0, 100000);
    DeviceArray<int> din(in), dfib(n), dpairs(2 * n);
    DeviceArray<unsigned long long> dfact(n);
    QIAO_ASSERT_OK(module.launch("call_functions", blocksFor(n, 64), 64, 0, din.get(), dfact.get(),
                                 dfib.get(), dpairs.get(), n));
    auto fact = dfact.read();
    auto fib = dfib.read();
    auto pairs = dpairs.read();
    for (int i = 0; i < n; ++i) {
      int v = in[i];
      ASSERT_EQ(fact[i], factorial(v % 21)) << "i=" << i << " v=" << v;
      ASSERT_EQ(fib[i], fibonacci(v % 12)) << "i=" << i << " v=" << v;
      long long wide = static_cast<long long>(v) * 100003;
      int low = static_cast<int>(wide & 0xffff), high = static_cast<int>(wide >> 16);
      if (v & 1)
        std::swap(low, high);
      ASSERT_EQ(pairs[2 * i], low) << "i=" << i;
      ASSERT_EQ(pairs[2 * i + 1], high) << "i=" << i;
    }
  }
}

TEST(PtxGlobals, ConstantTablesFromHostAndFromInitialisers) {
  PtxModule module("constant_memory");
  ASSERT_TRUE(module.loaded());
  const float coefficients[8] = {1.0f, -0.5f, 0.25f, 3.0f, -1.5f, 0.125f, 2.0f, -0.75f};
  std::vector<int> lookup(256);
  for (int k = 0; k < 256; ++k)
    lookup[k] = k * k - 1000;
  void *ptr = nullptr;
  size_t bytes = 0;
  QIAO_ASSERT_OK(qiaoModuleGetGlobal(&ptr, &bytes, module.handle(), "kCoefficients"));
  ASSERT_EQ(bytes, sizeof coefficients);
  QIAO_ASSERT_OK(qiaoMemcpy(ptr, coefficients, bytes, qiaoMemcpyHostToDevice));
  QIAO_ASSERT_OK(qiaoModuleGetGlobal(&ptr, &bytes, module.handle(), "kLookup"));
  ASSERT_EQ(bytes, lookup.size() * sizeof(int));
  QIAO_ASSERT_OK(qiaoMemcpy(ptr, lookup.data(), bytes, qiaoMemcpyHostToDevice));
  const int primes[8] = {2, 3, 5, 7, 11, 13, 17, 19};
  int readBack[8] = {};
  QIAO_ASSERT_OK(qiaoModuleGetGlobal(&ptr, &bytes, module.handle(), "kPrimes"));
  ASSERT_EQ(bytes, sizeof primes);
  QIAO_ASSERT_OK(qiaoMemcpy(readBack, ptr, bytes, qiaoMemcpyDeviceToHost));
  ASSERT_TRUE(std::equal(primes, primes + 8, readBack)) << "initialiser of kPrimes";
  void *calls = nullptr;
  QIAO_ASSERT_OK(qiaoModuleGetGlobal(&calls, &bytes, module.handle(), "gCalls"));
  ASSERT_EQ(bytes, sizeof(unsigned));

  Inputs gen(8);
  unsigned expectedCalls = 0;
  for (int n : testSizes()) {
    auto x = gen.floats(n, -2, 2);
    DeviceArray<float> dx(x), dpoly(n);
    DeviceArray<int> dlooked(n);
    QIAO_ASSERT_OK(module.launch("use_constants", blocksFor(n, 128), 128, 0, dx.get(), dpoly.get(),
                                 dlooked.get(), n));
    expectedCalls += n;
    auto poly = dpoly.read();
    auto looked = dlooked.read();
    for (int i = 0; i < n; ++i) {
      float acc = coefficients[7];
      for (int k = 6; k >= 0; --k)
        acc = std::fmaf(acc, x[i], coefficients[k]);
      ASSERT_TRUE(sameBits(poly[i], acc)) << "n=" << n << " i=" << i;
      ASSERT_EQ(looked[i], lookup[i & 255] * primes[i & 7]) << "n=" << n << " i=" << i;
    }
    unsigned counted = 0;
    QIAO_ASSERT_OK(qiaoMemcpy(&counted, calls, sizeof counted, qiaoMemcpyDeviceToHost));
    ASSERT_EQ(counted, expectedCalls) << "__device__ counter after n=" << n;
  }
}

void localSortReference(unsigned seed, unsigned &median, unsigned &checksum) {
  unsigned values[24];
  unsigned s = seed;
  for (int k = 0; k < 24; ++k) {
    s = s * 1664525u + 1013904223u;
    values[k] = s >> 20;
  }
  std::sort(values, values + 24);
  unsigned sum = 0;
  for (int k = 0; k < 24; ++k)
    sum = sum * 31 + values[(k * 7 + seed) % 24];
  median = values[12];
  checksum = sum;
}

TEST(PtxLocalMemory, DynamicallyIndexedPerThreadArrays) {
  PtxModule module("local_memory");
  ASSERT_TRUE(module.loaded());
  Inputs gen(9);
  for (int n : testSizes()) {
    std::vector<unsigned> seeds(n);
    for (auto &s : seeds)
      s = static_cast<unsigned>(gen.next());
    DeviceArray<unsigned> dseeds(seeds), dmedian(n), dsum(n);
    QIAO_ASSERT_OK(module.launch("local_sort", blocksFor(n, 128), 128, 0, dseeds.get(),
                                 dmedian.get(), dsum.get(), n));
    auto median = dmedian.read(), sum = dsum.read();
    for (int i = 0; i < n; ++i) {
      unsigned m, c;
      localSortReference(seeds[i], m, c);
      ASSERT_EQ(median[i], m) << "n=" << n << " i=" << i;
      ASSERT_EQ(sum[i], c) << "n=" << n << " i=" << i;
    }
  }
}

} // namespace
} // namespace qiao::conformance
