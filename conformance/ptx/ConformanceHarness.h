// Shared by the PTX conformance tests: load a kernel file's PTX through libqiao, move data to and
// from the device, launch with typed arguments, generate inputs, and measure ULP distance.
#pragma once

#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace qiao::conformance {

// Fails the current test, naming the call and the error, when a Qiao call does not succeed.
#define QIAO_ASSERT_OK(call)                                                                       \
  do {                                                                                             \
    qiaoError_t qiaoCallError = (call);                                                            \
    ASSERT_EQ(qiaoCallError, qiaoSuccess) << #call << ": " << qiaoGetErrorName(qiaoCallError)      \
                                          << " (" << qiaoGetErrorString(qiaoCallError) << ")";     \
  } while (0)

inline std::string readPtx(const std::string &kernelFile) {
  std::string path = std::string(QIAO_CONFORMANCE_PTX_DIR) + "/" + kernelFile + ".ptx";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One kernels/<file>.cu, loaded with qiaoModuleLoadData; unloaded when the test ends.
class PtxModule {
public:
  explicit PtxModule(const std::string &kernelFile) {
    std::string ptx = readPtx(kernelFile);
    loadError_ = qiaoModuleLoadData(&module_, ptx.c_str());
    EXPECT_EQ(loadError_, qiaoSuccess)
        << kernelFile << ".ptx did not load: " << qiaoGetErrorName(loadError_);
  }
  ~PtxModule() {
    if (loadError_ == qiaoSuccess)
      qiaoModuleUnload(module_);
  }
  PtxModule(const PtxModule &) = delete;
  PtxModule &operator=(const PtxModule &) = delete;

  bool loaded() const { return loadError_ == qiaoSuccess; }
  qiaoModule_t handle() const { return module_; }

  qiaoFunction_t function(const char *name) const {
    qiaoFunction_t f = nullptr;
    qiaoError_t error = qiaoModuleGetFunction(&f, module_, name);
    EXPECT_EQ(error, qiaoSuccess) << "kernel " << name << ": " << qiaoGetErrorName(error);
    return f;
  }

  // Launches `name` and waits for it; returns the first error of the launch or the wait.
  template <class... Args>
  qiaoError_t launch(const char *name, dim3 grid, dim3 block, unsigned sharedBytes,
                     Args... args) const {
    qiaoFunction_t f = function(name);
    if (!f)
      return qiaoErrorInvalidDeviceFunction;
    void *params[sizeof...(Args) + 1] = {static_cast<void *>(&args)...};
    qiaoError_t error = qiaoModuleLaunchKernel(f, grid.x, grid.y, grid.z, block.x, block.y, block.z,
                                               sharedBytes, nullptr, params, nullptr);
    if (error != qiaoSuccess)
      return error;
    return qiaoDeviceSynchronize();
  }

private:
  qiaoModule_t module_ = nullptr;
  qiaoError_t loadError_ = qiaoErrorUnknown;
};

// Device memory for `count` elements of T, zero-filled; freed when the test ends.
template <class T> class DeviceArray {
public:
  explicit DeviceArray(size_t count) : count_(count) {
    EXPECT_EQ(qiaoMalloc(&ptr_, bytes() ? bytes() : 1), qiaoSuccess);
    if (ptr_) {
      EXPECT_EQ(qiaoMemset(ptr_, 0, bytes()), qiaoSuccess);
    }
  }
  explicit DeviceArray(const std::vector<T> &values) : DeviceArray(values.size()) {
    if (ptr_ && bytes()) {
      EXPECT_EQ(qiaoMemcpy(ptr_, values.data(), bytes(), qiaoMemcpyHostToDevice), qiaoSuccess);
    }
  }
  ~DeviceArray() { qiaoFree(ptr_); }
  DeviceArray(const DeviceArray &) = delete;
  DeviceArray &operator=(const DeviceArray &) = delete;

  T *get() const { return static_cast<T *>(ptr_); }
  size_t bytes() const { return count_ * sizeof(T); }
  std::vector<T> read() const {
    std::vector<T> out(count_);
    if (ptr_ && bytes()) {
      EXPECT_EQ(qiaoMemcpy(out.data(), ptr_, bytes(), qiaoMemcpyDeviceToHost), qiaoSuccess);
    }
    return out;
  }

private:
  void *ptr_ = nullptr;
  size_t count_;
};

// A small deterministic generator (splitmix64), so inputs are the same on every host and library.
class Inputs {
public:
  explicit Inputs(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int32_t intIn(int32_t lo, int32_t hi) {
    return lo + static_cast<int32_t>(next() % static_cast<uint64_t>(int64_t(hi) - lo + 1));
  }
  float floatIn(float lo, float hi) {
    double unit = static_cast<double>(next() >> 11) * 0x1.0p-53;
    return static_cast<float>(lo + (static_cast<double>(hi) - lo) * unit);
  }
  double doubleIn(double lo, double hi) {
    return lo + (hi - lo) * (static_cast<double>(next() >> 11) * 0x1.0p-53);
  }
  std::vector<int32_t> ints(size_t n, int32_t lo, int32_t hi) {
    std::vector<int32_t> v(n);
    for (auto &x : v)
      x = intIn(lo, hi);
    return v;
  }
  std::vector<float> floats(size_t n, float lo, float hi) {
    std::vector<float> v(n);
    for (auto &x : v)
      x = floatIn(lo, hi);
    return v;
  }

private:
  uint64_t state_;
};

// Distance in representable values between two finite floats of the same sign class; the
// measure CUDA's documented "maximum ulp error" bounds. NaN against NaN is 0.
inline uint64_t ulpDistance(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b) ? 0 : UINT64_MAX;
  auto ordered = [](float f) {
    int32_t bits = std::bit_cast<int32_t>(f);
    return bits < 0 ? int64_t(INT32_MIN) - bits : int64_t(bits);
  };
  int64_t d = ordered(a) - ordered(b);
  return static_cast<uint64_t>(d < 0 ? -d : d);
}
inline uint64_t ulpDistance(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b) ? 0 : UINT64_MAX;
  auto ordered = [](double f) {
    int64_t bits = std::bit_cast<int64_t>(f);
    return bits < 0 ? static_cast<__int128>(INT64_MIN) - bits : static_cast<__int128>(bits);
  };
  __int128 d = ordered(a) - ordered(b);
  return static_cast<uint64_t>(d < 0 ? -d : d);
}

inline bool sameBits(float a, float b) {
  return std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b);
}
inline bool sameBits(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

// A bound of 0 means bit-exact (so -0 and +0 differ); any NaN matches any NaN.
template <class F> bool withinUlp(F got, F expected, uint64_t maxUlp) {
  if (std::isnan(got) || std::isnan(expected))
    return std::isnan(got) && std::isnan(expected);
  return maxUlp == 0 ? sameBits(got, expected) : ulpDistance(got, expected) <= maxUlp;
}

// Blocks of `block` threads covering n elements.
inline unsigned blocksFor(size_t n, unsigned block) {
  return static_cast<unsigned>((n + block - 1) / block);
}

// Element counts every size-dependent kernel runs with: a single element, less than a warp, a
// partial last block, and several blocks.
inline const std::vector<int> &testSizes() {
  static const std::vector<int> sizes = {1, 31, 256, 1000, 4099};
  return sizes;
}

} // namespace qiao::conformance
