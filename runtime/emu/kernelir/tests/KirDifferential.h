// Runs one PTX kernel twice, through the interpreter (the reference) and as Qiao kernel IR
// through the kir test driver (QIAO_DRIVER=kir, which this test program sets), on the same
// inputs, and compares every output word: the lowering must compute what the interpreter does,
// bit for bit.
#pragma once

#include "PtxHarness.h"

#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace qiao::kir::test {

// A kernel whose thread i (of n) loads a[i], b[i], c[i] into %a %b %c (32 bits each), runs
// `body` and stores %d into d[i]. The body may use %h<16> (b16), %r<16> (b32), %rd<16> (b64),
// %f<16> (f32), %fd<8> (f64) and %p<8> (pred).
// `functions` (module-level PTX: functions, variables) precede the kernel.
inline std::string elementwiseKernel(const std::string &body, const std::string &functions = "") {
  return R"(.version 8.0
.target sm_90
.address_size 64
)" + functions +
         R"(
.visible .entry k(.param .u64 pa, .param .u64 pb, .param .u64 pc, .param .u64 pd, .param .u32 n)
{
  .reg .b32 %a, %b, %c, %d, %i, %n, %ntid, %ctaid;
  .reg .b16 %h<16>;
  .reg .b32 %r<16>;
  .reg .b64 %rd<16>;
  .reg .b64 %base, %off;
  .reg .f32 %f<16>;
  .reg .f64 %fd<8>;
  .reg .pred %p<8>, %out;
  mov.u32 %i, %tid.x;
  mov.u32 %ntid, %ntid.x;
  mov.u32 %ctaid, %ctaid.x;
  mad.lo.u32 %i, %ctaid, %ntid, %i;
  ld.param.u32 %n, [n];
  setp.ge.u32 %out, %i, %n;
  @%out bra DONE;
  mul.wide.u32 %off, %i, 4;
  ld.param.u64 %base, [pa];
  add.s64 %base, %base, %off;
  ld.global.b32 %a, [%base];
  ld.param.u64 %base, [pb];
  add.s64 %base, %base, %off;
  ld.global.b32 %b, [%base];
  ld.param.u64 %base, [pc];
  add.s64 %base, %base, %off;
  ld.global.b32 %c, [%base];
  mov.b32 %d, 0;
)" + body +
         R"(
  ld.param.u64 %base, [pd];
  add.s64 %base, %base, %off;
  st.global.b32 [%base], %d;
DONE:
  ret;
}
)";
}

inline constexpr uint32_t kThreadsPerBlock = 128;

// d of the elementwise kernel as the interpreter computes it.
inline std::vector<uint32_t> runInterpreter(const std::string &ptx, const std::vector<uint32_t> &a,
                                            const std::vector<uint32_t> &b,
                                            const std::vector<uint32_t> &c) {
  using namespace qiao::ptx::test;
  PtxRunner r;
  r.interpretOnly = true;
  std::vector<uint32_t> out(a.size(), 0);
  if (!r.load(ptx))
    return out;
  uint32_t *pa = r.memory.array<uint32_t>(a), *pb = r.memory.array<uint32_t>(b),
           *pc = r.memory.array<uint32_t>(c), *pd = r.memory.array<uint32_t>(a.size());
  auto n = static_cast<uint32_t>(a.size());
  auto result = r.run("k", {(n + kThreadsPerBlock - 1) / kThreadsPerBlock}, {kThreadsPerBlock},
                      ParamPack().add(pa).add(pb).add(pc).add(pd).add(n));
  EXPECT_EQ(result.code, 0) << result.report;
  out.assign(pd, pd + a.size());
  return out;
}

// d of the elementwise kernel as the kir driver computes it from Qiao kernel IR.
inline std::vector<uint32_t> runKernelIr(const std::string &ptx, const std::vector<uint32_t> &a,
                                         const std::vector<uint32_t> &b,
                                         const std::vector<uint32_t> &c) {
  std::vector<uint32_t> out(a.size(), 0);
  qiaoModule_t module = nullptr;
  char log[2048] = {0};
  int options[] = {qiaoJitErrorLogBuffer, qiaoJitErrorLogBufferSizeBytes};
  void *values[] = {log, reinterpret_cast<void *>(sizeof log)};
  qiaoError_t loaded = qiaoModuleLoadDataEx(&module, ptx.c_str(), 2, options, values);
  EXPECT_EQ(loaded, qiaoSuccess) << log;
  if (loaded != qiaoSuccess)
    return out;
  qiaoFunction_t k = nullptr;
  EXPECT_EQ(qiaoModuleGetFunction(&k, module, "k"), qiaoSuccess);
  size_t bytes = a.size() * 4;
  uint32_t *buffers[4] = {};
  for (auto *&p : buffers)
    EXPECT_EQ(qiaoMalloc(reinterpret_cast<void **>(&p), bytes), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpy(buffers[0], a.data(), bytes, qiaoMemcpyHostToDevice), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpy(buffers[1], b.data(), bytes, qiaoMemcpyHostToDevice), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpy(buffers[2], c.data(), bytes, qiaoMemcpyHostToDevice), qiaoSuccess);
  EXPECT_EQ(qiaoMemset(buffers[3], 0, bytes), qiaoSuccess);
  auto n = static_cast<uint32_t>(a.size());
  void *args[] = {&buffers[0], &buffers[1], &buffers[2], &buffers[3], &n};
  EXPECT_EQ(qiaoModuleLaunchKernel(k, (n + kThreadsPerBlock - 1) / kThreadsPerBlock, 1, 1,
                                   kThreadsPerBlock, 1, 1, 0, nullptr, args, nullptr),
            qiaoSuccess);
  EXPECT_EQ(qiaoMemcpy(out.data(), buffers[3], bytes, qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (auto *p : buffers)
    EXPECT_EQ(qiaoFree(p), qiaoSuccess);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
  return out;
}

// A module loaded through libqiao, which lowers it to kernel IR for the kir driver.
class KirModule {
public:
  explicit KirModule(const std::string &ptx) {
    char log[2048] = {0};
    int options[] = {qiaoJitErrorLogBuffer, qiaoJitErrorLogBufferSizeBytes};
    void *values[] = {log, reinterpret_cast<void *>(sizeof log)};
    EXPECT_EQ(qiaoModuleLoadDataEx(&module_, ptx.c_str(), 2, options, values), qiaoSuccess) << log;
  }
  ~KirModule() {
    if (module_) {
      EXPECT_EQ(qiaoModuleUnload(module_), qiaoSuccess);
    }
  }
  KirModule(const KirModule &) = delete;
  KirModule &operator=(const KirModule &) = delete;
  bool loaded() const { return module_ != nullptr; }
  qiaoModule_t handle() const { return module_; }

  // Launches kernel `name` and waits for it; the launch's or the synchronisation's error.
  qiaoError_t run(const char *name, uint32_t grid, uint32_t block, void **args,
                  uint32_t sharedBytes = 0, uint32_t blockY = 1) {
    qiaoFunction_t f = nullptr;
    if (qiaoError_t e = qiaoModuleGetFunction(&f, module_, name); e != qiaoSuccess)
      return e;
    if (qiaoError_t e = qiaoModuleLaunchKernel(f, grid, 1, 1, block, blockY, 1, sharedBytes,
                                               nullptr, args, nullptr);
        e != qiaoSuccess)
      return e;
    return qiaoDeviceSynchronize();
  }

private:
  qiaoModule_t module_ = nullptr;
};

// A device copy of host words, freed with the object.
template <class T> class DeviceArray {
public:
  explicit DeviceArray(const std::vector<T> &host) : count_(host.size()) {
    EXPECT_EQ(qiaoMalloc(reinterpret_cast<void **>(&data_), bytes()), qiaoSuccess);
    EXPECT_EQ(qiaoMemcpy(data_, host.data(), bytes(), qiaoMemcpyHostToDevice), qiaoSuccess);
  }
  explicit DeviceArray(size_t count) : DeviceArray(std::vector<T>(count, T{})) {}
  ~DeviceArray() { EXPECT_EQ(qiaoFree(data_), qiaoSuccess); }
  DeviceArray(const DeviceArray &) = delete;
  DeviceArray &operator=(const DeviceArray &) = delete;
  T *&pointer() { return data_; }
  std::vector<T> read() const {
    std::vector<T> host(count_);
    EXPECT_EQ(qiaoMemcpy(host.data(), data_, bytes(), qiaoMemcpyDeviceToHost), qiaoSuccess);
    return host;
  }

private:
  size_t bytes() const { return count_ * sizeof(T); }
  T *data_ = nullptr;
  size_t count_;
};

// Runs `body` both ways and expects the same words; reports the first few differences with
// their inputs. Returns the interpreter's results, for checks of documented values.
inline std::vector<uint32_t> expectSameAsInterpreter(const std::string &body,
                                                     const std::vector<uint32_t> &a,
                                                     const std::vector<uint32_t> &b,
                                                     const std::vector<uint32_t> &c,
                                                     const std::string &functions = "") {
  std::string ptx = elementwiseKernel(body, functions);
  std::vector<uint32_t> reference = runInterpreter(ptx, a, b, c);
  std::vector<uint32_t> lowered = runKernelIr(ptx, a, b, c);
  int reported = 0;
  for (size_t i = 0; i < a.size() && reported < 8; ++i) {
    if (reference[i] == lowered[i])
      continue;
    char line[160];
    std::snprintf(line, sizeof line, "a=%08x b=%08x c=%08x: interpreter %08x, kernel IR %08x", a[i],
                  b[i], c[i], reference[i], lowered[i]);
    ADD_FAILURE() << body << "\n  " << line;
    ++reported;
  }
  return reference;
}

} // namespace qiao::kir::test
