// One benchmark workload as every engine sees it: the kernel (bench/kernels/<file>.cu and .cl),
// its launch geometry, its buffers' initial contents, its arguments, the plain C++ loop of the
// same arithmetic and the check of an engine's output against that loop's.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace qiao::bench {

// A kernel argument: a buffer (by index into Workload::buffers) or a scalar.
struct BufferArg {
  size_t index;
};
using KernelArg = std::variant<BufferArg, float, uint32_t>;

using Bytes = std::vector<uint8_t>;

struct Workload {
  std::string name;   // the benchmark's name
  std::string file;   // kernels/<file>.cu (compiled to PTX) and kernels/<file>.cl
  std::string kernel; // the entry point's name in both
  std::array<uint32_t, 3> grid{1, 1, 1};  // blocks (CUDA) = work-groups (OpenCL)
  std::array<uint32_t, 3> block{1, 1, 1}; // threads per block = work-group size
  std::vector<Bytes> buffers;             // initial contents; outputs start zeroed
  std::vector<KernelArg> args;
  size_t output = 0; // the buffer check() reads
  // The same arithmetic as a plain loop on one thread; fills the reference check() compares
  // with and leaves the buffers as they are.
  std::function<void()> plain;
  // The output buffer after one launch from the initial contents: "" when it matches the plain
  // loop's result, else the first difference.
  std::function<std::string(const Bytes &)> check;
};

template <class T> Bytes bytesOf(const std::vector<T> &values) {
  Bytes bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

template <class T> std::vector<T> valuesOf(const Bytes &bytes) {
  std::vector<T> values(bytes.size() / sizeof(T));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(T));
  return values;
}

// Deterministic inputs (xorshift32), the same in every run and for every engine.
class Inputs {
public:
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  float uniform(float lo, float hi) { return lo + (hi - lo) * (next() >> 8) * 0x1p-24f; }

private:
  uint32_t state_ = 0x9e3779b9u;
};

// The workloads (Workloads.cpp).
Workload makeSaxpy();
Workload makeNbody();
Workload makeSgemm();
Workload makeReduction();
Workload makeHistogram();
Workload makeScan();

} // namespace qiao::bench
