// The interpreter and the kernel compiler, driven through the engine's own interface as the
// emulated device drives it: Module::load, GridExecutor::run. Blocks run on every core (the
// executor's default).
#include "BenchMemory.h"
#include "KernelEngine.h"

#include "ptx/NativeCode.h"
#include "ptx/Program.h"

#include <chrono>
#include <fstream>
#include <sstream>

namespace qiao::bench {
namespace {

ptx::GridExecutor &executor() {
  static ptx::GridExecutor shared;
  return shared;
}

class PtxEngine : public KernelEngine {
public:
  PtxEngine(bool jit, bool memcheck) : jit_(jit) {
    if (memcheck)
      launch_.memoryCheck = ptx::MemoryCheck::Precise;
  }

  std::string prepare(const Workload &w, double &compileMs) override {
    std::string path = std::string(QIAO_BENCH_PTX_DIR) + "/" + w.file + ".ptx";
    std::ifstream file(path);
    if (!file)
      return "cannot read " + path;
    std::stringstream text;
    text << file.rdbuf();
    auto module = ptx::Module::load(text.str(), memory_);
    if (!module)
      return "PTX did not load: " + module.error().message;
    module_ = std::move(*module);
    kernel_ = module_->kernel(w.kernel);
    if (!kernel_ || kernel_->params.size() != w.args.size())
      return "kernel " + w.kernel + " missing or with unexpected parameters";
    compileMs = 0;
    if (jit_) {
      auto start = std::chrono::steady_clock::now();
      ptx::prepareNative(module_->program(), kernel_->index);
      compileMs =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      if (!module_->program().native(kernel_->index))
        return "the kernel compiler published no code for " + w.kernel;
    }
    initial_ = &w.buffers;
    for (const Bytes &contents : w.buffers)
      buffers_.push_back(static_cast<uint8_t *>(memory_.allocate(contents.size())));
    return packParams(w);
  }

  std::string reset() override {
    for (size_t i = 0; i < buffers_.size(); ++i)
      std::memcpy(buffers_[i], (*initial_)[i].data(), (*initial_)[i].size());
    return {};
  }

  std::string launch() override {
    ptx::LaunchOutcome outcome = executor().run(*module_, *kernel_, launch_, memory_);
    return outcome.code == 0 ? std::string() : "launch failed: " + outcome.report;
  }

  std::string read(size_t buffer, Bytes &out) override {
    out.assign(buffers_[buffer], buffers_[buffer] + (*initial_)[buffer].size());
    return {};
  }

private:
  // The parameter buffer at the offsets the kernel declares.
  std::string packParams(const Workload &w) {
    params_.assign(kernel_->paramBytes, 0);
    for (size_t i = 0; i < w.args.size(); ++i) {
      const ptx::KernelParam &param = kernel_->params[i];
      uint64_t pointer = 0;
      const void *value = nullptr;
      size_t size = 0;
      if (auto *buffer = std::get_if<BufferArg>(&w.args[i])) {
        pointer = reinterpret_cast<uint64_t>(buffers_[buffer->index]);
        value = &pointer;
        size = sizeof pointer;
      } else if (auto *f = std::get_if<float>(&w.args[i])) {
        value = f;
        size = sizeof *f;
      } else {
        value = &std::get<uint32_t>(w.args[i]);
        size = sizeof(uint32_t);
      }
      if (param.size != size)
        return "parameter " + std::to_string(i) + " of " + w.kernel + " has " +
               std::to_string(param.size) + " bytes, the workload passes " + std::to_string(size);
      std::memcpy(params_.data() + param.offset, value, size);
    }
    for (int d = 0; d < 3; ++d) {
      launch_.grid[d] = w.grid[d];
      launch_.block[d] = w.block[d];
    }
    launch_.params = params_.data();
    launch_.paramBytes = params_.size();
    launch_.interpretOnly = !jit_; // the interpreter column stays interpreted under QIAO_EXEC=auto
    return {};
  }

  bool jit_;
  BenchMemory memory_;
  std::unique_ptr<ptx::Module> module_;
  const ptx::KernelInfo *kernel_ = nullptr;
  const std::vector<Bytes> *initial_ = nullptr;
  std::vector<uint8_t *> buffers_;
  std::vector<uint8_t> params_;
  ptx::LaunchParams launch_;
};

} // namespace

std::unique_ptr<KernelEngine> makePtxEngine(bool jit, bool memcheck) {
  return std::make_unique<PtxEngine>(jit, memcheck);
}

} // namespace qiao::bench
