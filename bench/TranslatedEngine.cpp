// The translated columns: the benchmark's kernels as qiao-translate writes them (kernels/*.cu
// translated at build time), built the way qiao-c++ builds a translated program and run through
// libqiao on the emulated device, as a translated program runs: by qiao-c++ itself (the kernels'
// device code compiled to PTX and run by the device's PTX engine), and with host-compiled
// kernels (threads as fibers, FiberBlock.h). Built as libraries of their own that the benchmark
// loads (TranslatedLoader.cpp): libqiao holds its own copy of the PTX engine, which must not meet
// the benchmark's.
#include "KernelEngine.h"

#include <qiao/device.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

// The translated kernels themselves (build/bench/translated/), compiled in this file so that
// each launch below is checked against its kernel's parameter types; a namespace each, since
// they name their constants alike (qiao/device.h is already included: its guard skips it).
namespace translated_histogram {
#include "histogram.cpp"
}
namespace translated_nbody {
#include "nbody.cpp"
}
namespace translated_reduce {
#include "reduce.cpp"
}
namespace translated_saxpy {
#include "saxpy.cpp"
}
namespace translated_scan {
#include "scan.cpp"
}
namespace translated_sgemm {
#include "sgemm.cpp"
}

namespace qiao::bench {
namespace {

// A kernel launched from an argument-pointer array (the translated form of cudaLaunchKernel).
using Launcher = std::function<qiaoError_t(dim3 grid, dim3 block, void **args)>;

template <class... Params> Launcher launcherOf(void (*kernel)(Params...)) {
  return [kernel](dim3 grid, dim3 block, void **args) {
    return qiaoLaunchKernel(kernel, grid, block, args, 0, nullptr);
  };
}

const std::map<std::string, Launcher> &kernels() {
  static const std::map<std::string, Launcher> table = {
      {"saxpy", launcherOf(translated_saxpy::saxpy)},
      {"nbody_accel", launcherOf(translated_nbody::nbody_accel)},
      {"sgemm_tiled", launcherOf(translated_sgemm::sgemm_tiled)},
      {"reduce_shfl", launcherOf(translated_reduce::reduce_shfl)},
      {"histogram256", launcherOf(translated_histogram::histogram256)},
      {"block_scan", launcherOf(translated_scan::block_scan)}};
  return table;
}

std::string failed(const char *what, qiaoError_t error) {
  return std::string(what) + ": " + qiaoGetErrorString(error);
}

class TranslatedEngine : public KernelEngine {
public:
  ~TranslatedEngine() override {
    for (void *buffer : buffers_)
      qiaoFree(buffer);
  }

  std::string prepare(const Workload &w, double &compileMs) override {
    compileMs = 0; // compiled ahead of time, with the benchmark
    auto kernel = kernels().find(w.kernel);
    if (kernel == kernels().end())
      return "no translated kernel " + w.kernel;
    launcher_ = kernel->second;
    grid_ = dim3(w.grid[0], w.grid[1], w.grid[2]);
    block_ = dim3(w.block[0], w.block[1], w.block[2]);
    initial_ = &w.buffers;
    for (const Bytes &contents : w.buffers) {
      void *buffer = nullptr;
      if (qiaoError_t e = qiaoMalloc(&buffer, contents.size()))
        return failed("qiaoMalloc", e);
      buffers_.push_back(buffer);
    }
    // Each argument's value, and the array of their addresses the launch reads.
    values_.assign(w.args.size(), 0);
    for (size_t i = 0; i < w.args.size(); ++i) {
      if (auto *buffer = std::get_if<BufferArg>(&w.args[i]))
        std::memcpy(&values_[i], &buffers_[buffer->index], sizeof(void *));
      else if (auto *f = std::get_if<float>(&w.args[i]))
        std::memcpy(&values_[i], f, sizeof *f);
      else
        std::memcpy(&values_[i], &std::get<uint32_t>(w.args[i]), sizeof(uint32_t));
    }
    for (uint64_t &value : values_)
      pointers_.push_back(&value);
    return {};
  }

  std::string reset() override {
    for (size_t i = 0; i < buffers_.size(); ++i)
      if (qiaoError_t e = qiaoMemcpy(buffers_[i], (*initial_)[i].data(), (*initial_)[i].size(),
                                     qiaoMemcpyHostToDevice))
        return failed("qiaoMemcpy", e);
    return {};
  }

  std::string launch() override {
    if (qiaoError_t e = launcher_(grid_, block_, pointers_.data()))
      return failed("launch", e);
    if (qiaoError_t e = qiaoDeviceSynchronize())
      return failed("kernel", e);
    return {};
  }

  std::string read(size_t buffer, Bytes &out) override {
    out.resize((*initial_)[buffer].size());
    if (qiaoError_t e =
            qiaoMemcpy(out.data(), buffers_[buffer], out.size(), qiaoMemcpyDeviceToHost))
      return failed("qiaoMemcpy", e);
    return {};
  }

private:
  Launcher launcher_;
  dim3 grid_, block_;
  const std::vector<Bytes> *initial_ = nullptr;
  std::vector<void *> buffers_;
  std::vector<uint64_t> values_; // each argument in the low bytes of its own slot
  std::vector<void *> pointers_;
};

} // namespace
} // namespace qiao::bench

extern "C" __attribute__((visibility("default"))) qiao::bench::KernelEngine *
qiaoBenchMakeTranslatedEngine() {
  // The device code's kernels compiled before their first launch, as the jit column's are (the
  // default, auto, interprets a kernel until it has run 2^18 threads); a QIAO_EXEC already set
  // stays. The benchmark's own engines choose their mode per launch, not by QIAO_EXEC.
  setenv("QIAO_EXEC", "jit", 0);
  return new qiao::bench::TranslatedEngine();
}
