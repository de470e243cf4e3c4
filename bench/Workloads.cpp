// The six workloads: inputs, launch geometry, the plain loop and the check of each. Kernels are
// in kernels/; each plain loop computes what its kernel computes, in the same order where the
// order changes the rounding.
#include "KernelWorkload.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace qiao::bench {
namespace {

// The first element where |got - want| > rel * |want| + abs, or "".
std::string compareFloats(const Bytes &gotBytes, const std::vector<float> &want, float rel,
                          float abs) {
  std::vector<float> got = valuesOf<float>(gotBytes);
  if (got.size() != want.size())
    return "output has " + std::to_string(got.size()) + " floats, expected " +
           std::to_string(want.size());
  for (size_t i = 0; i < want.size(); ++i)
    if (!(std::fabs(got[i] - want[i]) <= rel * std::fabs(want[i]) + abs))
      return "element " + std::to_string(i) + ": got " + std::to_string(got[i]) + ", expected " +
             std::to_string(want[i]);
  return {};
}

// Integers must match exactly.
std::string compareWords(const Bytes &gotBytes, const std::vector<uint32_t> &want) {
  std::vector<uint32_t> got = valuesOf<uint32_t>(gotBytes);
  if (got.size() != want.size())
    return "output has " + std::to_string(got.size()) + " words, expected " +
           std::to_string(want.size());
  for (size_t i = 0; i < want.size(); ++i)
    if (got[i] != want[i])
      return "element " + std::to_string(i) + ": got " + std::to_string(got[i]) + ", expected " +
             std::to_string(want[i]);
  return {};
}

Workload named(const char *name, const char *file, const char *kernel) {
  Workload w;
  w.name = name;
  w.file = file;
  w.kernel = kernel;
  return w;
}

} // namespace

Workload makeSaxpy() {
  constexpr uint32_t n = 1u << 24;
  constexpr float a = 2.5f;
  struct Data {
    std::vector<float> x, y, want;
  };
  auto d = std::make_shared<Data>();
  Inputs in;
  d->x.resize(n);
  d->y.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    d->x[i] = in.uniform(-1, 1);
    d->y[i] = in.uniform(-1, 1);
  }
  d->want.resize(n);
  Workload w = named("saxpy", "saxpy", "saxpy");
  w.grid = {n / 256, 1, 1};
  w.block = {256, 1, 1};
  w.buffers = {bytesOf(d->x), bytesOf(d->y)};
  w.args = {a, BufferArg{0}, BufferArg{1}, n};
  w.output = 1;
  // Into a separate array, so that every run starts from the same y; the memory traffic is the
  // kernel's (two reads, one write per element).
  w.plain = [d] {
    for (uint32_t i = 0; i < n; ++i)
      d->want[i] = a * d->x[i] + d->y[i];
  };
  // nvcc contracts a * x + y into one fma; g++ -O2 for x86-64 rounds twice.
  w.check = [d](const Bytes &y) { return compareFloats(y, d->want, 1e-6f, 1e-6f); };
  return w;
}

Workload makeNbody() {
  constexpr uint32_t n = 2048;
  constexpr float softening2 = 0.01f;
  struct Data {
    std::vector<float> pos, want; // x, y, z, mass / x, y, z, 0 per body
  };
  auto d = std::make_shared<Data>();
  Inputs in;
  d->pos.resize(4 * n);
  for (uint32_t i = 0; i < n; ++i) {
    for (int c = 0; c < 3; ++c)
      d->pos[4 * i + c] = in.uniform(-1, 1);
    d->pos[4 * i + 3] = in.uniform(0.5f, 1);
  }
  d->want.resize(4 * n);
  Workload w = named("nbody", "nbody", "nbody_accel");
  w.grid = {n / 256, 1, 1};
  w.block = {256, 1, 1};
  w.buffers = {bytesOf(d->pos), Bytes(4 * n * sizeof(float))};
  w.args = {BufferArg{0}, BufferArg{1}, n, softening2};
  w.output = 1;
  w.plain = [d] {
    const float *p = d->pos.data();
    for (uint32_t i = 0; i < n; ++i) {
      float ax = 0, ay = 0, az = 0;
      for (uint32_t j = 0; j < n; ++j) {
        float dx = p[4 * j] - p[4 * i], dy = p[4 * j + 1] - p[4 * i + 1];
        float dz = p[4 * j + 2] - p[4 * i + 2];
        float inv = 1.0f / std::sqrt(dx * dx + dy * dy + dz * dz + softening2);
        float s = p[4 * j + 3] * inv * inv * inv;
        ax += dx * s;
        ay += dy * s;
        az += dz * s;
      }
      d->want[4 * i] = ax;
      d->want[4 * i + 1] = ay;
      d->want[4 * i + 2] = az;
      d->want[4 * i + 3] = 0;
    }
  };
  // rsqrtf is approximate (rsqrt.approx.f32) and sums of 2048 terms cancel: a tolerance
  // relative to the largest acceleration.
  w.check = [d](const Bytes &accel) {
    float largest = 0;
    for (float v : d->want)
      largest = std::max(largest, std::fabs(v));
    return compareFloats(accel, d->want, 1e-3f, 1e-4f * largest);
  };
  return w;
}

Workload makeSgemm() {
  constexpr uint32_t n = 512;
  struct Data {
    std::vector<float> a, b, want;
  };
  auto d = std::make_shared<Data>();
  Inputs in;
  d->a.resize(n * n);
  d->b.resize(n * n);
  for (float &v : d->a)
    v = in.uniform(-1, 1);
  for (float &v : d->b)
    v = in.uniform(-1, 1);
  d->want.resize(n * n);
  Workload w = named("sgemm", "sgemm", "sgemm_tiled");
  w.grid = {n / 16, n / 16, 1};
  w.block = {16, 16, 1};
  w.buffers = {bytesOf(d->a), bytesOf(d->b), Bytes(n * n * sizeof(float))};
  w.args = {BufferArg{0}, BufferArg{1}, BufferArg{2}, n};
  w.output = 2;
  // i-k-j: the row of C accumulates over k in the kernel's order, and the inner loop vectorises.
  w.plain = [d] {
    for (uint32_t i = 0; i < n; ++i) {
      float *c = &d->want[i * n];
      std::fill(c, c + n, 0.0f);
      for (uint32_t k = 0; k < n; ++k) {
        float aik = d->a[i * n + k];
        const float *b = &d->b[k * n];
        for (uint32_t j = 0; j < n; ++j)
          c[j] += aik * b[j];
      }
    }
  };
  // 512 terms of magnitude <= 1, each step fused (fma) on the device and rounded twice here.
  w.check = [d](const Bytes &c) { return compareFloats(c, d->want, 1e-4f, 1e-3f); };
  return w;
}

Workload makeReduction() {
  constexpr uint32_t n = 1u << 22;
  struct Data {
    std::vector<float> in;
    float want = 0;
  };
  auto d = std::make_shared<Data>();
  Inputs in;
  d->in.resize(n);
  // Small whole numbers: every partial sum is exact below 2^24, so any order of additions (the
  // atomics' order changes from run to run) gives the same bits.
  for (float &v : d->in)
    v = static_cast<float>(in.next() >> 30);
  Workload w = named("reduction", "reduce", "reduce_shfl");
  w.grid = {n / 256, 1, 1};
  w.block = {256, 1, 1};
  w.buffers = {bytesOf(d->in), Bytes(sizeof(float))};
  w.args = {BufferArg{0}, BufferArg{1}, n};
  w.output = 1;
  w.plain = [d] {
    float sum = 0;
    for (float v : d->in)
      sum += v;
    d->want = sum;
  };
  w.check = [d](const Bytes &total) {
    return compareFloats(total, std::vector<float>{d->want}, 0.0f, 0.0f);
  };
  return w;
}

Workload makeHistogram() {
  constexpr uint32_t n = 1u << 24, bins = 256;
  struct Data {
    std::vector<uint8_t> data;
    std::vector<uint32_t> want;
  };
  auto d = std::make_shared<Data>();
  Inputs in;
  d->data.resize(n);
  for (uint8_t &v : d->data)
    v = static_cast<uint8_t>(in.next() >> 24);
  d->want.resize(bins);
  Workload w = named("histogram", "histogram", "histogram256");
  w.grid = {64, 1, 1}; // each thread counts n / 16384 bytes
  w.block = {bins, 1, 1};
  w.buffers = {d->data, Bytes(bins * sizeof(uint32_t))};
  w.args = {BufferArg{0}, n, BufferArg{1}};
  w.output = 1;
  w.plain = [d] {
    std::fill(d->want.begin(), d->want.end(), 0u);
    for (uint8_t v : d->data)
      ++d->want[v];
  };
  w.check = [d](const Bytes &counts) { return compareWords(counts, d->want); };
  return w;
}

Workload makeScan() {
  constexpr uint32_t n = 1u << 22, block = 256;
  struct Data {
    std::vector<uint32_t> in, want;
  };
  auto d = std::make_shared<Data>();
  Inputs in;
  d->in.resize(n);
  for (uint32_t &v : d->in)
    v = in.next() >> 16;
  d->want.resize(n);
  Workload w = named("scan", "scan", "block_scan");
  w.grid = {n / block, 1, 1};
  w.block = {block, 1, 1};
  w.buffers = {bytesOf(d->in), Bytes(n * sizeof(uint32_t))};
  w.args = {BufferArg{0}, BufferArg{1}, n};
  w.output = 1;
  w.plain = [d] {
    for (uint32_t b = 0; b < n; b += block) {
      uint32_t sum = 0;
      for (uint32_t t = b; t < b + block; ++t)
        d->want[t] = sum += d->in[t];
    }
  };
  w.check = [d](const Bytes &out) { return compareWords(out, d->want); };
  return w;
}

} // namespace qiao::bench
